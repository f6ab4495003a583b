#!/usr/bin/env bash
# Builds the same generated, fictional film-review site with Marquee and with Eleventy, in
# one run, and prints both timings and the ratio (medians of RUNS runs).
#
#   benches/compare-eleventy.sh [FILMS=5000] [REVIEWS=20] [RUNS=3]     (from the project root)
#
# The corpus comes from examples/gen_corpus.rs (see benches/corpus.sh); examples/peer_site.rs
# writes its films and reviews to the Eleventy site in benches/eleventy/site/ as one JSON data
# file, from which that site's code computes the Metascores and makes the same pages as the
# Hugo comparison (all films by Metascore, a page per film and per critic, the critics A-Z).
# Eleventy reads one JSON file where Marquee reads every review file: a head start for it.
# Eleventy is the npm package @11ty/eleventy at the version benches/eleventy/package.json
# pins, installed on first use.
set -euo pipefail
films=${1:-5000}; reviews=${2:-20}; runs=${3:-3}
source "$(dirname "$0")/corpus.sh"
eleventy_dir=$(pwd)/benches/eleventy
[ -x "$eleventy_dir/node_modules/.bin/eleventy" ] || (cd "$eleventy_dir" && npm install --no-audit --no-fund --silent)
cargo build --release -q --example peer_site
[ -d "$work/eleventy" ] || target/release/examples/peer_site --tool eleventy --from "$work/site" --out "$work/eleventy"
marquee=$(pwd)/target/release/marquee
t() { /usr/bin/time -f '%e %M' -o "$work/t" "$@" >/dev/null 2>"$work/err" || { echo "failed: $*"; tail -3 "$work/err"; exit 1; }; cat "$work/t"; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ratios=(); mws=(); ews=()
for i in $(seq "$runs"); do
  rm -rf "$work/out-m" "$work/out-e"; sync
  read -r mw mk < <(t "$marquee" build -q --root "$work/site" --output "$work/out-m")
  read -r ew ek < <(cd "$work/eleventy" && t "$eleventy_dir/node_modules/.bin/eleventy" --quiet --input=. --output="$work/out-e")
  ratio=$(python3 -c "print(round($ew/max($mw,0.001),1))")
  ratios+=("$ratio"); mws+=("$mw"); ews+=("$ew")
  echo "run $i: marquee ${mw}s $((mk / 1024))MiB | eleventy ${ew}s $((ek / 1024))MiB | eleventy/marquee ${ratio}x"
done
echo "median: marquee $(median "${mws[@]}")s | eleventy $(median "${ews[@]}")s | eleventy/marquee $(median "${ratios[@]}")x (median of the per-run ratios)"
