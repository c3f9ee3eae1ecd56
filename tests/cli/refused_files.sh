#!/usr/bin/env bash
# Where a regular file is expected, nothing else is used, and nothing is written through a link
# planted in the way (docs/reliability.md, "Nothing silently lost"):
# - fmt writes through a temporary file of a random name created with O_EXCL (a link planted under
#   the name it once used, FILE.fmt-PID.tmp, is left alone), and leaves read-only files and links as
#   they are (exit 2);
# - doc --out refuses a link planted under one of its file names (exit 2) and writes nothing through it;
# - a FIFO as --bundle, --decision-log or a policy file is refused at once (exit 2), never waited on.
# Usage: refused_files.sh BINARY GOLDEN_DIR
set -u
bin=$1; golden=$2
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
pols=$golden/policies
unformatted=$golden/fmt/unformatted/bad_layout.gsl
# Anything that waits for a FIFO is stopped after 20 s (and then fails): the command must not wait.
limit() { timeout 20 "$@"; }

# fmt and a link planted under its old temporary name: fmt is exec'd by the shell that planted the
# link, so the PID in the name is fmt's own.
cp "$unformatted" "$dir/f.gsl"; echo "precious" > "$dir/victim"
bash -c 'ln -s "$2" "$1.fmt-$$.tmp"; exec "$0" fmt "$1"' "$bin" "$dir/f.gsl" "$dir/victim" > /dev/null 2> "$dir/err" ||
  bad "fmt with a planted link failed: $(cat "$dir/err")"
[ "$(cat "$dir/victim")" = precious ] || bad "fmt wrote through a planted link"
"$bin" fmt --check "$dir/f.gsl" > /dev/null || bad "fmt did not format the file"
[ -z "$(find "$dir" -name '*.tmp' ! -name '*.fmt-*')" ] || bad "fmt left a temporary file"

# A read-only file is left as it is.
cp "$unformatted" "$dir/ro.gsl"; chmod 444 "$dir/ro.gsl"
"$bin" fmt "$dir/ro.gsl" > /dev/null 2> "$dir/err"; code=$?
[ $code = 2 ] || bad "fmt of a read-only file: exit $code, expected 2"
grep -qF "grondslag: cannot write $dir/ro.gsl: it is read-only; fmt leaves it as it is" "$dir/err" || bad "fmt read-only: $(cat "$dir/err")"
cmp -s "$unformatted" "$dir/ro.gsl" || bad "fmt rewrote a read-only file"
# A link given to fmt is not replaced by a file.
cp "$unformatted" "$dir/target.gsl"; ln -s "$dir/target.gsl" "$dir/link.gsl"
"$bin" fmt "$dir/link.gsl" > /dev/null 2> "$dir/err"; code=$?
[ $code = 2 ] || bad "fmt of a link: exit $code, expected 2"
grep -qF "grondslag: cannot write $dir/link.gsl: it is a symbolic link; fmt rewrites only regular files" "$dir/err" || bad "fmt link: $(cat "$dir/err")"
[ -L "$dir/link.gsl" ] || bad "fmt replaced a link"
# A link in a folder given to fmt is an error, as for policies.
mkdir "$dir/set"; cp "$unformatted" "$dir/set/"; ln -s "$dir/target.gsl" "$dir/set/l.gsl"
"$bin" fmt --check "$dir/set" > /dev/null 2> "$dir/err"; code=$?
[ $code = 2 ] || bad "fmt --check of a folder with a link: exit $code, expected 2"
grep -qF "the policy folder holds a symbolic link, '$dir/set/l.gsl'" "$dir/err" || bad "fmt folder link: $(cat "$dir/err")"

# doc --out with a link planted under the name of a file it writes.
mkdir "$dir/doc"; ln -s "$dir/victim" "$dir/doc/register.md"
"$bin" doc --as-of 2022-01-01 --out "$dir/doc" --policies "$pols" > /dev/null 2> "$dir/err"; code=$?
[ $code = 2 ] || bad "doc with a planted link: exit $code, expected 2"
grep -qF "grondslag: cannot write $dir/doc/register.md: it is a symbolic link, which is not followed or replaced" "$dir/err" ||
  bad "doc link: $(cat "$dir/err")"
[ "$(cat "$dir/victim")" = precious ] || bad "doc wrote through a planted link"
rm "$dir/doc/register.md"
"$bin" doc --as-of 2022-01-01 --out "$dir/doc" --policies "$pols" > /dev/null 2>&1 || bad "doc into a clean folder failed"
[ -f "$dir/doc/index.html" ] && [ ! -L "$dir/doc/index.html" ] || bad "doc did not write index.html"
[ -z "$(find "$dir/doc" -name '*.tmp*')" ] || bad "doc left a temporary file"

# FIFOs where a regular file is expected: refused at once.
mkfifo "$dir/fifo"
request='{"id":1,"date":"2022-01-01","sender":"dji","recipient":"gemeente","purpose":"dr_plan","data":["onderdak"]}'
echo "$request" | limit "$bin" decide --bundle "$dir/fifo" > "$dir/out" 2> "$dir/err"; code=$?
[ $code = 2 ] || bad "decide --bundle FIFO: exit $code, expected 2 (124: it waited)"
grep -qF "grondslag: cannot read $dir/fifo: it is not a regular file" "$dir/err" || bad "--bundle FIFO: $(cat "$dir/err")"
echo "$request" | limit "$bin" explain --bundle "$dir/fifo" - > /dev/null 2> "$dir/err"; code=$?
[ $code = 2 ] || bad "explain --bundle FIFO: exit $code, expected 2"
echo "$request" | limit "$bin" decide --unverified --policies "$pols" --decision-log "$dir/fifo" > "$dir/out" 2> "$dir/err"; code=$?
[ $code = 2 ] || bad "decide --decision-log FIFO: exit $code, expected 2 (124: it waited)"
grep -qF "grondslag: cannot open the decision log: $dir/fifo is not a regular file" "$dir/err" || bad "--decision-log FIFO: $(cat "$dir/err")"
[ -s "$dir/out" ] && bad "decide answered without its decision log"
# With a reader on the FIFO, still refused: a log must be a file.
( exec 7<>"$dir/fifo"; echo "$request" | limit "$bin" decide --unverified --policies "$pols" --decision-log "$dir/fifo" > /dev/null 2> "$dir/err"; echo $? > "$dir/code" )
[ "$(cat "$dir/code")" = 2 ] || bad "decide --decision-log FIFO with a reader: exit $(cat "$dir/code"), expected 2"
echo "$request" | limit "$bin" decide --bundle "$dir/doc" > /dev/null 2> "$dir/err"; code=$?
[ $code = 2 ] || bad "decide --bundle DIR: exit $code, expected 2"
grep -qF "grondslag: cannot read $dir/doc: it is a directory" "$dir/err" || bad "--bundle DIR: $(cat "$dir/err")"
limit "$bin" check "$dir/fifo" > /dev/null 2> "$dir/err"; code=$?
[ $code = 2 ] || bad "check of a FIFO: exit $code, expected 2"
grep -qF "cannot read policy path '$dir/fifo'" "$dir/err" || bad "check FIFO: $(cat "$dir/err")"

[ $fail = 0 ] && echo "refused_files: all passed"
exit $fail
