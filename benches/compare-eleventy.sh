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
cargo build --profile dist -q --example peer_site
[ -d "$work/eleventy" ] || target/dist/examples/peer_site --tool eleventy --from "$work/site" --out "$work/eleventy"
compare eleventy "$work/eleventy" "$eleventy_dir/node_modules/.bin/eleventy" --quiet --input=. --output="$work/out-peer"
