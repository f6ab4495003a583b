#!/usr/bin/env bash
# Full-build benchmark: generates a fictional corpus with the example generator and builds it
#  - RUNS times as a first build: into an output folder that does not exist yet;
#  - RUNS times as a rebuild: over the previous output, content unchanged (the common case
#    of running `marquee build` again; unchanged files are linked, not written);
# printing each run and the medians (wall time, peak memory), then checks every film's
# numbers against the generator's expected aggregates.
#
#   benches/build.sh [FILMS=20000] [REVIEWS=20] [RUNS=3]      (from the project root)
#
# No output is deleted until the end: on filesystems without a journal (like the benchmark
# machine's), ext4 avoids reusing inodes freed in the last minute or so, and creating files
# right after deleting a large tree is then two to three times slower. Removing a previous
# output inside the timed loop would measure that, not the build.
# The comparison with a real peer in the same run is benches/compare-hugo.sh.
set -euo pipefail
films=${1:-20000}; reviews=${2:-20}; runs=${3:-3}
source "$(dirname "$0")/corpus.sh"
if compgen -G "$work/first-*" >/dev/null || [ -e "$work/out" ]; then
  rm -rf "$work"/first-* "$work/out"; sync; sleep 70   # past the filesystem's window (above)
fi
for kind in first rebuild; do
  walls=(); mems=()
  for i in $(seq "$runs"); do
    out="$work/first-$i"; [ "$kind" = rebuild ] && out="$work/first-1"
    /usr/bin/time -f '%e %M' -o "$work/time" target/release/marquee build -q --root "$work/site" --output "$out" 2>/dev/null
    read -r wall kib < "$work/time"
    echo "$kind $i: ${wall}s, peak $((kib / 1024)) MiB"
    walls+=("$wall"); mems+=("$kib")
    sleep 2
  done
  echo "$kind median: $(median "${walls[@]}")s, peak $(( $(median "${mems[@]}" | cut -d. -f1) / 1024 )) MiB"
done
mv "$work/first-1" "$work/out"
echo "output: $films films x $reviews reviews, $(find "$work/out" -type f | wc -l) files, $(du -sh --apparent-size "$work/out" | cut -f1)"
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
rm -rf "$work"/first-*
