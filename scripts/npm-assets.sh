#!/usr/bin/env bash
# Browser libraries that no PyPI package ships, fetched from the npm registry at
# install time into var/npm/<name>/ (ignored; nothing is copied into the repo).
# `npm pack` checks each tarball against the registry's integrity hash. Only the
# published files are used, no npm dependencies: the *.bundled.js builds hold theirs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/var/npm"

packages=(
    # Vector tiles (/tiles/) on the Leaflet map: map_ui/static/map_ui/map.js.
    "leaflet.vectorgrid@1.3.0"
    # The city's look (Helsinki Design System): base.css and components/all.css
    # from lib/, linked in map_ui/templates/map_ui/base.html. Its fonts.css loads
    # the typeface from the city's CDN, so it is not served; HDS's fallback stack is.
    "hds-core@5.2.2"
    # Drawing resident areas on the map: resident_areas/static/resident_areas/draw.js.
    # Its dist bundles its own dependencies (turf, lodash, polyclip).
    "@geoman-io/leaflet-geoman-free@2.20.2"
    # Accessibility checks in the browser tests (tests/browser/axe.py, test_look.py); never served.
    "axe-core@4.10.3"
)

mkdir -p "$dest"
for spec in "${packages[@]}"; do
    name="${spec%@*}"
    version="${spec##*@}"
    [ -f "$dest/$name/.version-$version" ] && continue
    echo "==> Fetching $spec from the npm registry"
    work="$(mktemp -d)"
    (cd "$work" && npm pack "$spec" --silent >/dev/null)
    rm -rf "$dest/$name"
    mkdir -p "$dest/$name"
    tar -xzf "$work"/*.tgz -C "$dest/$name" --strip-components=1
    rm -rf "$work"
    touch "$dest/$name/.version-$version"
done
