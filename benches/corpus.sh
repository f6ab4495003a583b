# Sourced by the benchmarks: builds Marquee and the corpus generator in release mode and
# makes sure the generated corpus of $films films x $reviews reviews exists in $work/site
# (made once and reused; $BENCH_WORK moves it, default /tmp/marquee-bench).
work=${BENCH_WORK:-/tmp/marquee-bench}/${films}x${reviews}
cargo build --release -q --bin marquee --example gen_corpus
[ -f "$work/site/expected_aggregates.tsv" ] || {
  rm -rf "$work/site"; mkdir -p "$work"
  target/release/examples/gen_corpus --films "$films" --reviews "$reviews" --out "$work/site"
}
