#!/usr/bin/env bash
# `marquee import csv` on a large, fictional catalogue export whose titles are hard to tell
# apart (case and punctuation twins of one year, several scripts, emoji, films sharing title
# and year): see examples/gen_export.rs. RUNS rounds, each of
#  - an import by title and year into a new site, then a check of that site (every film one
#    folder with its exact title and its own reviews, readable names) and a second import of
#    the same export, which must write nothing;
#  - the same by id (`--id-column id`);
#  - `cp -r` of the imported content: what merely writing those files costs on this disk now.
# It prints each round and the medians, and the first imports as ratios of the copy.
#
#   benches/import.sh [FILMS=20000] [REVIEWS=5] [RUNS=3]      (from the project root)
set -euo pipefail
films=${1:-20000}; reviews=${2:-5}; runs=${3:-3}
work=${BENCH_WORK:-/tmp/marquee-bench}/import-${films}x${reviews}
cargo build --profile dist -q --bin marquee --example gen_export
mkdir -p "$work"
[ -f "$work/export.csv" ] || target/dist/examples/gen_export write --films "$films" --reviews "$reviews" --out "$work/export.csv"
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
timed() { /usr/bin/time -f '%e %M' -o "$work/t" "$@" >/dev/null 2>"$work/err" || { echo "failed: $*"; tail -3 "$work/err"; exit 1; }; cat "$work/t"; }
rm -rf "$work"/site-* "$work"/copy-*
titles=(); ids=(); agains=(); copies=(); mems=()
for i in $(seq "$runs"); do
  for mode in title id; do
    site="$work/site-$mode-$i"; mkdir -p "$site"; echo 'title = "Imported"' > "$site/config.toml"
    args=(--film-column title --year-column year --scale 100); verify=()
    if [ "$mode" = id ]; then args+=(--id-column id); verify=(--by-id); fi
    sync
    read -r first kib < <(timed target/dist/marquee import csv "$work/export.csv" --root "$site" "${args[@]}")
    target/dist/examples/gen_export verify --films "$films" --reviews "$reviews" --site "$site" "${verify[@]}" | sed "s/^/  by $mode: /"
    before=$(find "$site" -printf '%p %s %T@\n' | sort | md5sum)
    read -r again _ < <(timed target/dist/marquee import csv "$work/export.csv" --root "$site" "${args[@]}")
    grep -q "wrote 0 new files, updated 0" "$work/err" || { echo "the second import wrote files"; exit 1; }
    [ "$before" = "$(find "$site" -printf '%p %s %T@\n' | sort | md5sum)" ] || { echo "the second import changed the site"; exit 1; }
    if [ "$mode" = title ]; then titles+=("$first"); else ids+=("$first"); fi
    agains+=("$again"); mems+=("$((kib / 1024))")
  done
  sync
  read -r copy _ < <(timed cp -r "$work/site-id-$i/content" "$work/copy-$i")
  copies+=("$copy")
  echo "run $i: by title ${titles[-1]}s, by id ${ids[-1]}s, again ${agains[-1]}s, cp -r ${copy}s"
done
echo "median: by title $(median "${titles[@]}")s, by id $(median "${ids[@]}")s, second import $(median "${agains[@]}")s, peak $(median "${mems[@]}") MiB; cp -r of the content $(median "${copies[@]}")s"
python3 -c "print('import by id / cp -r: %.1fx' % ($(median "${ids[@]}") / max($(median "${copies[@]}"), 0.001)))"
rm -rf "$work"/site-* "$work"/copy-*
