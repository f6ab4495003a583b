#!/usr/bin/env bash
# Full-build benchmark: generates a fictional corpus with the example generator, builds it
# RUNS times into a cold output folder, prints each run and the medians (wall time, peak
# memory), then checks every film's numbers against the generator's expected aggregates.
#
#   benches/build.sh [FILMS=20000] [REVIEWS=20] [RUNS=3]      (from the project root)
#
# The comparison with a real peer in the same run is ../shared/bench/compare-hugo.sh.
set -euo pipefail
films=${1:-20000}; reviews=${2:-20}; runs=${3:-3}
source "$(dirname "$0")/corpus.sh"
walls=(); mems=()
for i in $(seq "$runs"); do
  rm -rf "$work/out"; sync; sleep 2
  /usr/bin/time -f '%e %M' -o "$work/time" target/release/marquee build -q --root "$work/site" --output "$work/out" 2>/dev/null
  read -r wall kib < "$work/time"
  echo "run $i: ${wall}s, peak $((kib / 1024)) MiB"
  walls+=("$wall"); mems+=("$kib")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "median: $(median "${walls[@]}")s, peak $(( $(median "${mems[@]}" | cut -d. -f1) / 1024 )) MiB ($films films x $reviews reviews, $(find "$work/out" -type f | wc -l) files, $(du -sh --apparent-size "$work/out" | cut -f1))"
python3 - "$work" <<'PY'
import csv, json, sys
work = sys.argv[1]
expected = {r["slug"]: r for r in csv.DictReader(open(f"{work}/site/expected_aggregates.tsv"), delimiter="\t")}
built = {f["slug"]: f for f in json.load(open(f"{work}/out/api/films.json"))["films"]}
assert set(expected) == set(built), "the built site has different films"
bad = 0
for slug, e in expected.items():
    f, c = built[slug], built[slug]["counts"]
    want = int(e["metascore"]) if int(e["reviews"]) >= 4 else None
    got = (f["metascore"], c["scored"], c["positive"], c["mixed"], c["negative"])
    if got != (want, int(e["reviews"]), int(e["positive"]), int(e["mixed"]), int(e["negative"])) or (want is not None and f["label"] != e["label"]):
        bad += 1
print(f"aggregates: {len(expected)} films checked, {bad} mismatches")
sys.exit(1 if bad else 0)
PY
