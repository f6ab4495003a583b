#!/usr/bin/env bash
# Full builds on disk, against the disk itself: generates a fictional corpus with the
# example generator and runs RUNS rounds, each of
#  - a first build, into an output folder that does not exist yet;
#  - `cp -r` of that output to a new folder: what merely writing those files costs on this
#    disk at this moment;
#  - a rebuild over the first build's output, content unchanged (the common case of
#    running `marquee build` again: the build's stamp shows nothing changed, and the output
#    is kept as it is);
#  - the same rebuild with --force, which reads and renders everything again (what a
#    rebuild after an edit costs; unchanged files are linked, not written).
# It prints each round and the medians: wall times, peak memory, and the first build and the
# rebuild as ratios of the copy made in the same round. Then it checks every film's numbers
# against the generator's expected aggregates.
#
#   benches/build.sh [FILMS=20000] [REVIEWS=20] [RUNS=3]      (from the project root)
#
# Targets at 20,000 x 20: the first build within 1.1x of the copy, the rebuild within 0.4x.
# Disk times swing from one minute to the next on a shared machine; a ratio measured side
# by side is what compares. The outputs go beside the corpus ($BENCH_WORK, see corpus.sh),
# which is where the disk under test is.
#
# No output is deleted until the end: on filesystems without a journal (like the benchmark
# machine's), ext4 avoids reusing inodes freed in the last minute or so, and creating files
# right after deleting a large tree is then two to three times slower. Removing a previous
# output inside the timed loop would measure that, not the build.
# The comparison with a real peer in the same run is benches/compare-hugo.sh.
set -euo pipefail
films=${1:-20000}; reviews=${2:-20}; runs=${3:-3}
source "$(dirname "$0")/corpus.sh"
if compgen -G "$work/first-*" >/dev/null || compgen -G "$work/copy-*" >/dev/null || [ -e "$work/out" ]; then
  rm -rf "$work"/first-* "$work"/copy-* "$work/out"; sync; sleep 70   # past the filesystem's window (above)
fi
firsts=(); copies=(); rebuilds=(); forced=(); mems=(); first_ratios=(); rebuild_ratios=(); forced_ratios=()
for i in $(seq "$runs"); do
  sync; sleep 2
  read -r first kib < <(timed target/dist/marquee build -q --root "$work/site" --output "$work/first-$i")
  sync; sleep 2
  read -r copy _ < <(timed cp -r "$work/first-$i" "$work/copy-$i")
  sync; sleep 2
  read -r rebuild _ < <(timed target/dist/marquee build -q --root "$work/site" --output "$work/first-$i")
  sync; sleep 2
  read -r force _ < <(timed target/dist/marquee build -q --force --root "$work/site" --output "$work/first-$i")
  fr=$(python3 -c "print(round($first / $copy, 2))"); rr=$(python3 -c "print(round($rebuild / $copy, 2))")
  ff=$(python3 -c "print(round($force / $copy, 2))")
  echo "round $i: first build ${first}s (peak $((kib / 1024)) MiB), cp -r ${copy}s, rebuild ${rebuild}s, rebuild --force ${force}s: first/copy ${fr}x, rebuild/copy ${rr}x, forced/copy ${ff}x"
  firsts+=("$first"); copies+=("$copy"); rebuilds+=("$rebuild"); forced+=("$force"); mems+=("$kib")
  first_ratios+=("$fr"); rebuild_ratios+=("$rr"); forced_ratios+=("$ff")
done
echo "median: first build $(median "${firsts[@]}")s, cp -r $(median "${copies[@]}")s, rebuild $(median "${rebuilds[@]}")s, rebuild --force $(median "${forced[@]}")s, peak $(( $(median "${mems[@]}" | cut -d. -f1) / 1024 )) MiB"
echo "median of the per-round ratios: first build / cp -r $(median "${first_ratios[@]}")x (target 1.1x), rebuild / cp -r $(median "${rebuild_ratios[@]}")x (target 0.4x), rebuild --force / cp -r $(median "${forced_ratios[@]}")x"
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
rm -rf "$work"/first-* "$work"/copy-*
