#!/usr/bin/env bash
# Builds the injection fixture, serves it with `marquee serve` and checks every page in
# Debian's Chromium (see injection.mjs). Needs chromium (apt-get install chromium) and node.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here" && npm ci --no-audit --no-fund --silent
cd "$root" && cargo build -q --bin marquee
port=$((20000 + RANDOM % 10000))
out=$(mktemp -d)/site
target/debug/marquee serve --root tests/hostile/injection --port "$port" --output "$out" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
pages=$(cd "$out" && find . -name index.html | sed 's|index.html$||' | sort)
node "$here/injection.mjs" "http://127.0.0.1:$port/" $pages
