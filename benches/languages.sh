#!/usr/bin/env bash
# What a site's language costs a full build: the same generated fictional corpus built in
# English and in French (and, with a third argument, any other language), alternately, RUNS
# times each after one untimed build of each, into tmpfs so that the disk plays no part.
# Prints each run's CPU (user + system) and wall time, the medians, and the median of the
# per-pair ratios of CPU time against English.
#
#   benches/languages.sh [FILMS=20000] [REVIEWS=20] [RUNS=5] [LANGS="fr ar"]   (from the project root)
#
# Target: each language's build within 5% of English's CPU time.
set -euo pipefail
films=${1:-20000}; reviews=${2:-20}; runs=${3:-5}; langs=${4:-fr}
source "$(dirname "$0")/corpus.sh"
mem=${MEMORY_DIR:-/dev/shm}/marquee-bench-languages
rm -rf "$mem"; mkdir -p "$mem"
# One site folder a language: the corpus' content (linked, read-only) and its config with
# `language` set.
for lang in en $langs; do
  rm -rf "$work/lang-$lang"; mkdir -p "$work/lang-$lang"
  ln -s "$work/site/content" "$work/lang-$lang/content"
  grep -v '^language' "$work/site/config.toml" > "$work/lang-$lang/config.toml"
  sed -i "1i language = \"$lang\"" "$work/lang-$lang/config.toml"
  target/dist/marquee build -q --root "$work/lang-$lang" --output "$mem/$lang" 2>/dev/null
  rm -rf "$mem/$lang"
done
declare -A cpus walls ratios
for i in $(seq "$runs"); do
  line="run $i:"
  for lang in en $langs; do
    /usr/bin/time -f '%e %U %S' -o "$work/time" \
      target/dist/marquee build -q --root "$work/lang-$lang" --output "$mem/$lang" 2>/dev/null
    read -r wall user sys < "$work/time"
    cpu=$(python3 -c "print(round($user + $sys, 2))")
    cpus[$lang]+="$cpu "; walls[$lang]+="$wall "
    line+=" $lang cpu ${cpu}s wall ${wall}s |"
    [ "$lang" = en ] && en_cpu=$cpu
    [ "$lang" = en ] || ratios[$lang]+="$(python3 -c "print(round($cpu / $en_cpu, 3))") "
    rm -rf "$mem/$lang"; sleep 2
  done
  echo "$line"
done
for lang in en $langs; do
  # shellcheck disable=SC2086
  summary="median $lang: cpu $(median ${cpus[$lang]})s, wall $(median ${walls[$lang]})s"
  # shellcheck disable=SC2086
  [ "$lang" = en ] || summary+=", cpu against English $(median ${ratios[$lang]})x (median of the per-run ratios)"
  echo "$summary"
done
rm -rf "$mem"
