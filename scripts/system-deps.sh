#!/usr/bin/env bash
# Installs the Debian packages the service needs, only when some are missing.
# Works as root and, through sudo, for an ordinary user. Idempotent.
set -euo pipefail

packages=(
    postgresql-15 postgresql-15-postgis-3 postgresql-15-postgis-3-scripts postgresql-contrib
    gdal-bin libgdal32 libgeos-c1v5 libproj25 binutils gettext
    # The browser tests (tests/browser/) drive Debian's chromium through Playwright.
    chromium
    # Finnish base forms of inflected names ("Kalliossa" -> kallio): geo_osallisuus/finnish.py.
    libvoikko1 voikko-fi
)
# Browser libraries that PyPI does not ship come from the npm registry (scripts/npm-assets.sh).
if ! command -v npm >/dev/null 2>&1; then
    packages+=(npm)
fi
# A fresh Debian has python3 without venv/ensurepip: add them only when missing.
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    packages+=(python3-venv)
fi
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "==> Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null; then
    sudo=(sudo)
else
    echo "error: packages missing (${missing[*]}) and neither root nor sudo is available" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
