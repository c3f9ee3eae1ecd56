#!/usr/bin/env bash
# Render test: `grondslag doc` for the shipped policies, then every page opened in
# headless Chromium: the DOM is not empty and holds the expected elements, no
# error page, no console error, and a screenshot that is not blank.
# Usage: doc_render.sh GRONDSLAG SOURCE_DIR. Exit 77 (skipped) when Chromium is not installed.
set -uo pipefail
bin=$1
src=$2
here=$(cd "$(dirname "$0")" && pwd)
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
  echo "SKIP: chromium is not installed (scripts/install-deps.sh installs it)"
  exit 77
fi
command -v dot > /dev/null || { echo "FAIL: Graphviz dot is not installed (scripts/install-deps.sh installs it)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok    $*"; }
bad() { failed=$((failed + 1)); echo "FAIL  $*"; }

start=$(date +%s%N)
"$bin" doc --as-of 2026-01-01 --lang nl --out "$work/doc" --policies "$src/policies" || { echo "FAIL: grondslag doc"; exit 1; }
echo "generated in $(( ($(date +%s%N) - start) / 1000000 )) ms"
for f in index.html register.md register.html flows.dot flows.svg flows-full.dot flows-full.svg timeline.svg; do
  [ -s "$work/doc/$f" ] && ok "$f written ($(stat -c %s "$work/doc/$f") bytes)" || bad "$f missing"
done

# Without Graphviz: a note, no flows.svg, and the index does not link it.
PATH=/nonexistent "$bin" doc --as-of 2026-01-01 --lang en --out "$work/nodot" --policies "$src/policies" 2> "$work/nodot.err" > /dev/null
if grep -q 'dot) is not installed' "$work/nodot.err" && [ ! -e "$work/nodot/flows.svg" ] && [ -s "$work/nodot/flows.dot" ] \
   && ! grep -q 'href="flows.svg"' "$work/nodot/index.html" && grep -q 'flows.svg was not made' "$work/nodot/index.html"; then
  ok "without dot: a note, flows.dot only, the index says so"
else
  bad "without dot"; cat "$work/nodot.err"
fi

chromium_run() {  # chromium_run LOG ARGS...: headless, a profile of its own, console to LOG
  local log=$1
  shift
  timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$log.profile" --enable-logging=stderr --v=0 "$@" 2> "$log"
}

# check_page FILE PATTERN MIN: the DOM holds at least MIN matches of PATTERN; console; screenshot.
# Its results go to FILE's .result, so that the pages can be checked side by side.
check_page() {
  local file=$1 pattern=$2 min=$3 name
  name=$(basename "$file")
  exec > "$work/$name.result"
  local dom="$work/$name.dom" log="$work/$name.log" png="$work/$name.png"
  chromium_run "$log" --dump-dom "file://$file" > "$dom"
  local count
  count=$(grep -o -- "$pattern" "$dom" | wc -l)
  if [ ! -s "$dom" ]; then bad "$name: empty DOM"
  elif grep -q -e 'chrome-error://' -e 'ERR_FILE_NOT_FOUND' -e 'This page contains the following errors' "$dom"; then
    bad "$name: error page"
  elif [ "$count" -lt "$min" ]; then bad "$name: $count of '$pattern', expected at least $min"
  else ok "$name: DOM $(stat -c %s "$dom") bytes, $count × '$pattern'"
  fi
  # An SVG is shot scaled to the window, whole: a large diagram's top-left corner can be empty margin,
  # which a shot at its own size would take for a blank render.
  local shot="file://$file"
  if [ "${file%.svg}" != "$file" ]; then
    printf '<!doctype html><html><body style="margin:0"><img src="file://%s" style="max-width:100vw;max-height:100vh"></body></html>' \
      "$file" > "$work/$name.fit.html"
    shot="file://$work/$name.fit.html"
  fi
  chromium_run "$log.shot" --hide-scrollbars --window-size=1024,700 --screenshot="$png" "$shot" > /dev/null
  cat "$log.shot" >> "$log"
  if grep -E 'CONSOLE|Uncaught|Failed to load resource' "$log" | grep -q -E 'Uncaught|rror|Failed to load'; then
    bad "$name: console errors:"; grep -E 'CONSOLE|Uncaught|Failed to load' "$log" | head -5
  else ok "$name: no console error"
  fi
  if [ ! -s "$png" ]; then bad "$name: no screenshot"
  else
    local colours
    colours=$(python3 "$here/png_colours.py" "$png")
    [ "$colours" -gt 1 ] && ok "$name: screenshot has $colours colours" || bad "$name: blank screenshot ($colours colour)"
  fi
}

provisions=$(grep -c 'class="bar"' "$work/doc/timeline.svg")
# Each Chromium start takes seconds of waiting, little CPU: the pages are checked side by side.
check_page "$work/doc/index.html" '<li><a href=' 5 &
check_page "$work/doc/register.html" '<section class="provision"' 15 &
check_page "$work/doc/flows.svg" 'class="edge' 40 &
check_page "$work/doc/flows-full.svg" 'class="edge' 60 &
check_page "$work/doc/timeline.svg" 'class="bar"' "$provisions" &
check_page "$work/doc/flows-dr_plan.svg" 'class="edge' 2 &
check_page "$work/doc/flows-wmo.svg" 'class="edge' 3 &
wait
for page in index.html register.html flows.svg flows-full.svg timeline.svg flows-dr_plan.svg flows-wmo.svg; do
  cat "$work/$page.result"
  passed=$((passed + $(grep -c '^ok' "$work/$page.result")))
  failed=$((failed + $(grep -c '^FAIL' "$work/$page.result")))
done
[ "$provisions" -ge 20 ] && ok "timeline: $provisions bars" || bad "timeline: only $provisions bars"
# A diagram per purpose, and per phase of a purpose with phases, each linked from the index. Each fits the
# width of an A4 page in landscape (842 points), drawn top down or left to right, whichever is narrower;
# tall ones run over pages, up to 2,000 points (the ZVH's seventeen parties with the table of its twelve
# bundles take 1,560). The one exception is the PARTA purpose as a whole (fifteen parties in six phases,
# 1,135 points wide): each of its phases fits.
linked=$(grep -o 'href="flows-[a-z_0-9-]*\.svg"' "$work/doc/index.html" | grep -vc 'flows-full.svg')
[ "$linked" -ge 30 ] && ok "index: $linked diagrams per purpose and phase linked" || bad "index: $linked diagrams per purpose and phase linked"
phases=$(grep -o 'href="flows-zvh-[a-z_]*\.svg"' "$work/doc/index.html" | wc -l)
[ "$phases" -eq 6 ] && ok "index: the six phases of the ZVH purpose linked" || bad "index: $phases ZVH phases linked"
for f in $(grep -o 'href="flows-[a-z_0-9-]*\.svg"' "$work/doc/index.html" | sed 's/href="//; s/"//' | grep -v flows-full.svg); do
  [ -s "$work/doc/$f" ] || { bad "$f linked but missing"; continue; }
done
large=$(for f in "$work"/doc/flows-*.svg; do [ "$(basename "$f")" = flows-full.svg ] && continue
  grep -o '<svg width="[0-9.]*pt" height="[0-9.]*pt"' "$f" | tr -dc '0-9. \n' | awk -v f="$(basename "$f")" '$1 > 842 || $2 > 2000 {print f}'; done)
[ -z "$large" ] && ok "every purpose and phase diagram within an A4 width" || bad "diagrams too large: $large"

# The timeline at an as-of date past its last provision: laid out in Chromium, the axis reaches that year
# and the as-of label and every year label lie inside the picture (measured with getBBox, not guessed).
"$bin" doc --as-of 2031-06-15 --lang en --out "$work/later" --policies "$src/policies" > /dev/null 2>&1
{
  echo '<!DOCTYPE html><html><body>'
  cat "$work/later/timeline.svg"
  cat <<'JS'
<script>
const svg = document.querySelector('svg'), width = svg.viewBox.baseVal.width;
const inside = (e) => { const b = e.getBBox(); return b.x >= 0 && b.x + b.width <= width; };
const label = document.querySelector('.as-of text');
const years = [...document.querySelectorAll('text.year')];
const p = document.createElement('p');
p.id = 'result';
p.textContent = 'as-of ' + (inside(label) ? 'inside' : 'outside') + '; years ' + years.length + ', last ' +
  years[years.length - 1].textContent + ', ' + (years.every(inside) ? 'all inside' : 'some outside');
document.body.appendChild(p);
</script></body></html>
JS
} > "$work/later/timeline.html"
chromium_run "$work/later.log" --dump-dom "file://$work/later/timeline.html" > "$work/later.dom"
result=$(grep -o '<p id="result">[^<]*' "$work/later.dom" | sed 's/.*>//')
[ "$result" = "as-of inside; years 14, last 2031, all inside" ] && ok "timeline as of 2031: $result" || bad "timeline as of 2031: '$result'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
