#!/usr/bin/env bash
# Builds the injection fixture exactly as it would be published (`marquee build`, not the
# preview server, which adds its own live-reload script) and checks every page in Debian's
# Chromium (see injection.mjs). Needs chromium (apt-get install chromium) and node.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here" && npm ci --no-audit --no-fund --silent
cd "$root" && cargo build -q --bin marquee
out=$(mktemp -d)/site
target/debug/marquee build -q --root tests/hostile/injection --output "$out"
pages=$(cd "$out" && find . -name index.html | sort)
node "$here/injection.mjs" "file://$out/" $pages
