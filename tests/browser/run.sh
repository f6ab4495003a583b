#!/usr/bin/env bash
# Checks built sites as a browser and a validator see them. Needs chromium (apt-get install
# chromium), node and java; the npm packages (playwright-core, vnu-jar) are pinned in
# package-lock.json.
#  1. The injection fixture, built exactly as it would be published (`marquee build`, not the
#     preview server, which adds its own live-reload script): every page opened in Debian's
#     Chromium, no script of the content's may run (injection.mjs).
#  2. The example site: the search page finds a film by a word of its title (with its poster's
#     thumbnail), and by its title and year (search.mjs); a film page's reviews filter by
#     verdict without JavaScript and sort with it (filter.mjs).
#  3. The example in French and in Arabic: the filter works in the page's language.
#  4. The Nu HTML Checker (vnu) on every page of the example site (in English, French and
#     Arabic), the injection fixture and a generated 300-film site: zero errors and zero
#     warnings.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here" && npm ci --no-audit --no-fund --silent
cd "$root" && cargo build -q --bin marquee --example gen_corpus
bin="${CARGO_TARGET_DIR:-target}/debug"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin/marquee" build -q --root tests/hostile/injection --output "$work/injection"
pages=$(cd "$work/injection" && find . -name index.html | sort)
node "$here/injection.mjs" "file://$work/injection/" $pages

"$bin/marquee" build -q --output "$work/example"
node "$here/search.mjs" "$work/example" causeway "The Salt Causeway" poster
node "$here/search.mjs" "$work/example" "pusher 1996" "Pusher"
node "$here/search.mjs" "$work/example" pennyworth "Pim Pennyworth"
node "$here/filter.mjs" "$work/example" /films/pusher-1996/
node "$here/filter.mjs" "$work/example" /films/brittle-ferryman-2021/

# The example in French and in Arabic (right to left): the same checks of the markup, and
# the filter in the language of the page.
for lang in fr ar; do
  mkdir -p "$work/site-$lang"
  cp -r content "$work/site-$lang/"
  sed "s/^language = \"en\"/language = \"$lang\"/" config.toml > "$work/site-$lang/config.toml"
  "$bin/marquee" build -q --root "$work/site-$lang" --output "$work/example-$lang" --base-url https://example.org/
  node "$here/filter.mjs" "$work/example-$lang" /films/brittle-ferryman-2021/
done

"$bin/examples/gen_corpus" --films 300 --reviews 8 --seed 7 --out "$work/corpus" >/dev/null
"$bin/marquee" build -q --root "$work/corpus" --output "$work/generated"
for site in example example-fr example-ar injection generated; do
  count=$(find "$work/$site" -name '*.html' | wc -l)
  java -jar "$here/node_modules/vnu-jar/build/dist/vnu.jar" --Werror --skip-non-html "$work/$site"
  echo "vnu: $site: $count pages, no errors or warnings"
done
