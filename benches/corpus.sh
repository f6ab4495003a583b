# Sourced by the benchmarks: builds Marquee and the corpus generator with the dist profile
# (what is distributed) and makes sure the generated corpus of $films films x $reviews reviews exists in $work/site
# (made once and reused; $BENCH_WORK moves it, default /tmp/marquee-bench).
work=${BENCH_WORK:-/tmp/marquee-bench}/${films}x${reviews}
cargo build --profile dist -q --bin marquee --example gen_corpus
[ -f "$work/site/expected_aggregates.tsv" ] || {
  rm -rf "$work/site"; mkdir -p "$work"
  target/dist/examples/gen_corpus --films "$films" --reviews "$reviews" --out "$work/site"
}
# Median of the numbers given.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# Runs a command, printing its wall time (s) and peak memory (KiB); stops the benchmark if it fails.
timed() { /usr/bin/time -f '%e %M' -o "$work/t" "$@" >/dev/null 2>"$work/err" || { echo "failed: $*"; tail -3 "$work/err"; exit 1; }; cat "$work/t"; }
# compare NAME DIR COMMAND...: builds the corpus with Marquee and, in DIR, with the peer's
# COMMAND (which writes to $work/out-peer), $runs times after one untimed build of each, and
# prints each run and the medians.
compare() {
  local name=$1 dir=$2; shift 2
  local ratios=() mws=() pws=() mw mk pw pk ratio
  if compgen -G "$work/old-out-*" >/dev/null || [ -e "$work/out-m" ] || [ -e "$work/out-peer" ]; then
    rm -rf "$work"/old-out-* "$work/out-m" "$work/out-peer"; sync; sleep 70   # past ext4's window (below)
  fi
  # One untimed build of each first, so that every timed run finds its input in the page
  # cache: otherwise the first run of each measures reading the disk.
  timed "$(pwd)/target/dist/marquee" build -q --root "$work/site" --output "$work/out-m" >/dev/null
  (cd "$dir" && timed "$@" >/dev/null)
  for i in $(seq "$runs"); do
    # The previous outputs are moved aside, not deleted, until the end: ext4 avoids reusing
    # inodes freed in the last minute or so, and writing right after deleting a large tree is
    # two to three times slower (see build.sh), which would weigh on whichever tool is faster.
    for out in out-m out-peer; do
      if [ -e "$work/$out" ]; then mv "$work/$out" "$work/old-$out-$i"; fi
    done
    sync
    read -r mw mk < <(timed "$(pwd)/target/dist/marquee" build -q --root "$work/site" --output "$work/out-m")
    read -r pw pk < <(cd "$dir" && timed "$@")
    ratio=$(python3 -c "print(round($pw/max($mw,0.001),1))")
    ratios+=("$ratio"); mws+=("$mw"); pws+=("$pw")
    echo "run $i: marquee ${mw}s $((mk / 1024))MiB | $name ${pw}s $((pk / 1024))MiB | $name/marquee ${ratio}x"
  done
  echo "median: marquee $(median "${mws[@]}")s | $name $(median "${pws[@]}")s | $name/marquee $(median "${ratios[@]}")x (median of the per-run ratios)"
  rm -rf "$work"/old-out-*
}
