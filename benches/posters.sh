#!/usr/bin/env bash
# Posters at catalogue scale: a copy of the generated corpus of FILMS films x REVIEWS reviews
# with an abstract 1000 x 1500 JPEG poster per film (drawn by examples/draw_posters.rs), then
# RUNS rounds of
#  - a build with an empty poster cache (every poster decoded, resized and encoded);
#  - a rebuild with --force, which reads and renders everything again (the cache has every
#    poster: nothing is encoded; without --force, the build would see nothing changed);
#  - a build of the same corpus without posters, side by side, for what posters cost a
#    rebuild.
# It prints each round, the medians, and what the build said it encoded. Then the weight of
# the first film page with 20 reviews: its HTML and CSS, and the poster files a browser
# picks on a 1x and a 2x screen.
#
#   benches/posters.sh [FILMS=1000] [REVIEWS=20] [RUNS=3]      (from the project root)
#
# Targets: a rebuild encodes no image; a 20-review film page with a poster is at most 40 KB
# of HTML and CSS, plus the poster variant the browser picks. Outputs go to /dev/shm (the
# figures are CPU, not disk).
set -euo pipefail
films=${1:-1000}; reviews=${2:-20}; runs=${3:-3}
source "$(dirname "$0")/corpus.sh"
cargo build --profile dist -q --example draw_posters
site="$work/site-posters"
if [ ! -f "$site/.posters-drawn" ]; then
  rm -rf "$site"; cp -r "$work/site" "$site"
  target/dist/examples/draw_posters --size 1000x1500 "$site/content/films" >/dev/null
  for index in "$site"/content/films/*/index.md; do
    # The poster line goes at the end of the front matter, before its closing +++.
    awk 'BEGIN {n = 0} /^\+\+\+$/ {n++; if (n == 2) print "poster = \"poster.jpg\""} {print}' \
      "$index" > "$index.new" && mv "$index.new" "$index"
  done
  touch "$site/.posters-drawn"
fi
out=/dev/shm/marquee-posters-out
bin="$(pwd)/target/dist/marquee"
colds=(); warms=(); plains=(); encoded_cold=(); encoded_warm=()
# A timed build whose summary line is kept in the file given first.
summarised() { local file=$1; shift; timed bash -c '"$@" > "$0"' "$file" "$@"; }
for i in $(seq "$runs"); do
  rm -rf "$site/.marquee-cache" "$out" "$out-plain"
  read -r cold _ < <(summarised "$work/cold" "$bin" build --root "$site" --output "$out")
  read -r warm _ < <(summarised "$work/warm" "$bin" build --force --root "$site" --output "$out")
  read -r plain _ < <(timed "$bin" build -q --root "$work/site" --output "$out-plain")
  colds+=("$cold"); warms+=("$warm"); plains+=("$plain")
  said() { grep -o 'poster images: [0-9]* encoded, [0-9]* from the cache' "$1"; }
  echo "round $i: empty cache ${cold}s ($(said "$work/cold")) | rebuild ${warm}s ($(said "$work/warm")) | same corpus without posters ${plain}s"
done
echo "median: empty cache $(median "${colds[@]}")s | rebuild $(median "${warms[@]}")s | without posters $(median "${plains[@]}")s | rebuild/without $(python3 -c "print(round($(median "${warms[@]}") / $(median "${plains[@]}"), 2))")x"
find "$out" -name 'poster-*' -printf '%s\n' | awk '{n++; b+=$1} END {print "poster files in the output: " n " (" b " bytes)"}'

# The weight of a film page with 20 reviews and a poster.
page=$(for f in "$out"/films/*/index.html; do
  [ "$(grep -o '<li class="review' "$f" | wc -l)" -eq 20 ] && grep -q '<picture class="poster"' "$f" && { echo "$f"; break; }
done)
css=$(ls "$out"/style.*.css)
dir=$(dirname "$page")
small=$(ls "$dir"/poster-192.*.webp); large=$(ls "$dir"/poster-384.*.webp)
html_b=$(stat -c %s "$page"); css_b=$(stat -c %s "$css")
echo "film page with 20 reviews: ${page#"$out"/}: HTML $html_b + CSS $css_b = $(( (html_b + css_b) / 1024 )) KiB ($((html_b + css_b)) bytes; target at most 40 KB)"
echo "  plus the poster: $(stat -c %s "$small") bytes on a 1x screen (192w WebP), $(stat -c %s "$large") bytes on a 2x screen (384w WebP)"
