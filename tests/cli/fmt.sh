#!/usr/bin/env bash
# `grondslag fmt` rewriting in place: the files in a folder are replaced (write to a temporary
# file, then rename) by their canonical layout, keeping their permissions and leaving no
# temporary file behind; afterwards `fmt --check` passes and a second `fmt` changes nothing.
# Usage: fmt.sh BINARY GOLDEN_DIR
set -u
bin=$1; golden=$2
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

mkdir -p "$dir/set/sub"
cp "$golden/fmt/unformatted/bad_layout.gsl" "$dir/set/sub/"
cp "$golden/fmt/formatted/ok.gsl" "$dir/set/"
chmod 0640 "$dir/set/sub/bad_layout.gsl"
"$bin" fmt --stdout "$golden/fmt/unformatted/bad_layout.gsl" > "$dir/expected" || bad "fmt --stdout"

"$bin" fmt "$dir/set" > "$dir/out" 2> "$dir/err"; code=$?
[ $code = 0 ] || bad "fmt exit $code: $(cat "$dir/err")"
grep -qx "formatted $dir/set/sub/bad_layout.gsl" "$dir/out" || bad "fmt did not report the rewritten file: $(cat "$dir/out")"
grep -q "ok.gsl" "$dir/out" && bad "fmt reported a file that was already formatted"
cmp -s "$dir/expected" "$dir/set/sub/bad_layout.gsl" || bad "the rewritten file differs from fmt --stdout"
cmp -s "$golden/fmt/formatted/ok.gsl" "$dir/set/ok.gsl" || bad "a formatted file was changed"
[ "$(stat -c %a "$dir/set/sub/bad_layout.gsl")" = 640 ] || bad "permissions not kept"
[ -z "$(find "$dir/set" -name '*.tmp')" ] || bad "a temporary file was left behind"
"$bin" fmt --check "$dir/set" > /dev/null 2>&1 || bad "fmt --check fails after fmt"
"$bin" fmt "$dir/set" > "$dir/out2" 2>&1 || bad "second fmt failed"
[ -s "$dir/out2" ] && bad "second fmt changed something: $(cat "$dir/out2")"

# A file that does not parse is left untouched, exit 2.
cp "$golden/fmt/syntax_error.gsl" "$dir/set/"
"$bin" fmt "$dir/set" > /dev/null 2>&1; code=$?
[ $code = 2 ] || bad "fmt of a set with a syntax error exited $code, expected 2"
cmp -s "$golden/fmt/syntax_error.gsl" "$dir/set/syntax_error.gsl" || bad "a file with a syntax error was changed"

[ $fail = 0 ] && echo "fmt: all passed"
exit $fail
