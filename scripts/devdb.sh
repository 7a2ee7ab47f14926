#!/usr/bin/env bash
# The project's own PostgreSQL + PostGIS cluster for this checkout.
#
#   scripts/devdb.sh start    initialise (first time) and start it; reuse it when already running
#   scripts/devdb.sh stop     stop it
#   scripts/devdb.sh status   say whether it runs
#   scripts/devdb.sh where    print the cluster's data folder
#
# PostgreSQL refuses to run as root, so when this runs as root the server runs as
# the unprivileged system user "postgres" (created by Debian's postgresql-common).
# That user cannot enter a checkout in a private home folder (Debian makes root's
# 0700), so as root the data lives in a system folder named after the checkout:
# /var/lib/geo-osallisuus/<checkout folder name>-<hash of its path>, owned by
# postgres. Otherwise (the server runs as the user who owns the checkout) it lives
# in var/pgdata, as does a cluster a checkout already has there.
# The connection URL, with a password generated at initialisation, is written to
# var/database_url (mode 600) in the checkout, where the Django settings find it
# when DATABASE_URL is not set. Port: GEO_PGPORT, default 54329 (not 5432, to
# stay out of the way of a system cluster).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd -P)"
var="$root/var"
port="${GEO_PGPORT:-54329}"
dbname="${GEO_PGDATABASE:-geo_osallisuus}"
dbuser=geo
urlfile="$var/database_url"
system_data=/var/lib/geo-osallisuus

bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$bindir" ]; then
    echo "error: PostgreSQL server binaries not found under /usr/lib/postgresql (run scripts/system-deps.sh)" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    runas=(runuser -u postgres --)
    owner=postgres
else
    runas=()
    owner="$(id -un)"
fi

# From /: the server user may not enter the folder this runs in (every path given is absolute).
pg() { (cd / && "${runas[@]}" "$bindir/$1" "${@:2}"); }

# The data folder: see the top of this file.
if [ -f "$var/pgdata/PG_VERSION" ] || [ "$owner" != postgres ]; then
    pgdata="$var/pgdata"
else
    name="$(basename "$root")"
    name="${name//[^A-Za-z0-9._-]/_}"
    pgdata="$system_data/${name:0:40}-$(printf '%s' "$root" | sha256sum | cut -c1-12)"
fi
logfile="$pgdata/server.log"  # inside the data folder: writable by the server user

running() { [ -d "$pgdata" ] && pg pg_ctl status -D "$pgdata" >/dev/null 2>&1; }

init_cluster() {
    mkdir -p "$var"
    chmod 755 "$var"
    if [ "$pgdata" != "$var/pgdata" ]; then
        mkdir -p "$system_data"
        chmod 755 "$system_data"
    fi
    echo "==> Initialising a PostgreSQL cluster in $pgdata"
    local password pwfile
    password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
    mkdir -p "$pgdata"
    chown "$owner" "$pgdata"
    chmod 700 "$pgdata"
    pwfile="$(mktemp)"
    printf '%s\n' "$password" >"$pwfile"
    chown "$owner" "$pwfile"
    pg initdb -D "$pgdata" -U "$dbuser" --pwfile="$pwfile" --auth-local=peer \
        --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    cat >>"$pgdata/postgresql.conf" <<CONF
# geo-osallisuus: loopback only, socket inside the data folder
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pgdata'
CONF
    (umask 077 && printf '%s\n' "$password" >"$var/db_password")
    if [ "$pgdata" != "$var/pgdata" ]; then
        # Which checkout a system data folder belongs to, for whoever finds it there.
        printf '%s\n' "$root" >"$pgdata/geo-osallisuus-checkout"
    fi
}

# A cluster whose password file is gone: a fresh clone at the path of an earlier
# checkout finds that checkout's system data folder (CI machines keep
# /var/lib between runs), or someone removed var/. The data stays; the role
# gets a new password, set in single-user mode, which needs no password and
# no running server.
reset_password() {
    local password
    echo "==> $var/db_password is gone: giving the cluster in $pgdata a new password (its data stays)"
    if running; then
        pg pg_ctl -D "$pgdata" -m fast -w stop >/dev/null
    fi
    rm -f "$pgdata/postmaster.pid"  # left by a server that no longer runs (checked just above)
    password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
    local log
    log="$(mktemp)"
    if ! printf "ALTER ROLE %s PASSWORD '%s';\n" "$dbuser" "$password" \
        | pg postgres --single -D "$pgdata" postgres >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        rm -f "$log"
        echo "error: could not set a new password on the cluster in $pgdata;" >&2
        echo "       stop it and remove that folder to start afresh (its data goes with it)." >&2
        exit 1
    fi
    rm -f "$log"
    mkdir -p "$var"
    chmod 755 "$var"
    (umask 077 && printf '%s\n' "$password" >"$var/db_password")
}

write_url() {
    local password
    password="$(cat "$var/db_password")"
    (umask 077 && printf 'postgis://%s:%s@127.0.0.1:%s/%s\n' "$dbuser" "$password" "$1" "$dbname" >"$urlfile")
}

start() {
    [ -f "$pgdata/PG_VERSION" ] || init_cluster
    if [ "$owner" = postgres ] && ! runuser -u postgres -- test -x "$pgdata"; then
        echo "error: the system user 'postgres' cannot reach $pgdata;" >&2
        echo "       make its parent folders traversable (chmod o+x), move it away to let a new cluster" >&2
        echo "       be made in $system_data, or set DATABASE_URL." >&2
        exit 1
    fi
    [ -f "$var/db_password" ] || reset_password
    if running; then
        local actual
        actual="$(sed -n 4p "$pgdata/postmaster.pid")"
        echo "==> PostgreSQL already running on 127.0.0.1:$actual (reused)"
        write_url "$actual"
        return
    fi
    echo "==> Starting PostgreSQL on 127.0.0.1:$port"
    if ! pg pg_ctl -D "$pgdata" -l "$logfile" -o "-p $port" -w -t 60 start >/dev/null; then
        echo "error: PostgreSQL did not start; its log:" >&2
        tail -n 20 "$logfile" >&2 || true
        exit 1
    fi
    write_url "$port"
    export PGPASSWORD
    PGPASSWORD="$(cat "$var/db_password")"
    if ! psql -h 127.0.0.1 -p "$port" -U "$dbuser" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$dbname'" | grep -q 1; then
        psql -h 127.0.0.1 -p "$port" -U "$dbuser" -d postgres -qc "CREATE DATABASE $dbname"
    fi
    psql -h 127.0.0.1 -p "$port" -U "$dbuser" -d "$dbname" -qc "CREATE EXTENSION IF NOT EXISTS postgis" 2>&1 \
        | grep -v 'already exists' || true
}

stop() {
    if running; then
        pg pg_ctl -D "$pgdata" -m fast -w stop >/dev/null
        echo "==> PostgreSQL stopped"
    else
        echo "==> PostgreSQL is not running"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) if running; then echo "running"; else echo "stopped"; exit 3; fi ;;
    where) echo "$pgdata" ;;
    *) echo "usage: $0 start|stop|status|where" >&2; exit 2 ;;
esac
