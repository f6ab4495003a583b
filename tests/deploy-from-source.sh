#!/usr/bin/env bash
# The deployment guides' from-source path, end to end as far as a machine without the
# guides' hosts allows: examples/deploy/build.sh in a fresh site, with no `marquee` on the
# PATH, compiles this repository's committed branch through a file:// git URL (MARQUEE_GIT,
# MARQUEE_VERSION = the branch) with `cargo install --profile dist`, builds the site, and a
# second run reuses the compiled binary. It compiles Marquee from nothing (about four minutes
# on two cores), so it is not part of `cargo test`; run it after changing build.sh.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
branch=$(git -C "$repo" rev-parse --abbrev-ref HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run -q --manifest-path "$repo/Cargo.toml" -- init "$work/site" >/dev/null
cp "$repo/examples/deploy/build.sh" "$work/site/"
cd "$work/site"
# The machine's tools and cargo, but no marquee.
path="$(dirname "$(command -v cargo)"):/usr/bin:/bin"
run() {
  env PATH="$path" MARQUEE_GIT="file://$repo" MARQUEE_VERSION="$branch" sh build.sh 2>"$work/log"
}
start=$(date +%s)
run
echo "first build (compiling Marquee): $(($(date +%s) - start)) s"
grep -q "compiling Marquee" "$work/log"
test -f public/index.html
start=$(date +%s)
run
echo "second build (reusing it): $(($(date +%s) - start)) s"
if grep -q "compiling Marquee" "$work/log"; then
  echo "error: the second build compiled Marquee again" >&2
  exit 1
fi
echo "from-source: passed"
