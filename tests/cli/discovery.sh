#!/usr/bin/env bash
# Policy discovery (docs/language.md, "Policy files"): under a policy folder, every regular file
# named *.gsl is a policy file, and nothing else there is skipped without a word. A symbolic link
# (to a folder, to a file, or dangling), a FIFO, a folder that cannot be read, or a file named
# *.GSL is an error naming its path: `check` exits 2, `decide` and `verify` refuse with exit 2.
# Usage: discovery.sh BINARY GOLDEN_DIR
set -u
bin=$1; golden=$2
dir=$(mktemp -d); chmod 755 "$dir"; trap 'chmod -R u+rwx "$dir"; rm -rf "$dir"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# A set with its files in two folders, which checks cleanly as it is.
fresh() {
  rm -rf "$dir/p"; mkdir -p "$dir/p/a" "$dir/p/z"
  cp "$golden/policies/golden.gsl" "$dir/p/a/"
  printf 'module extra\n' > "$dir/p/z/extra.gsl"
}
fresh
"$bin" check "$dir/p" > /dev/null 2>&1 || bad "the clean set does not check"

# expect NAME EXPECTED_MESSAGE: check, decide and verify refuse the set, naming the path.
expect() {
  local name=$1 message=$2
  "$bin" check "$dir/p" > /dev/null 2> "$dir/err"; code=$?
  [ $code = 2 ] || bad "$name: check exit $code, expected 2: $(cat "$dir/err")"
  grep -qF -- "$message" "$dir/err" || bad "$name: check did not say '$message': $(cat "$dir/err")"
  echo '{"id":1,"date":"2022-01-01","sender":"dji","recipient":"gemeente","purpose":"dr_plan","data":["onderdak"]}' |
    "$bin" decide --unverified --policies "$dir/p" > "$dir/out" 2> "$dir/err"; code=$?
  [ $code = 2 ] || bad "$name: decide exit $code, expected 2"
  [ -s "$dir/out" ] && bad "$name: decide answered: $(cat "$dir/out")"
  grep -qF -- "$message" "$dir/err" || bad "$name: decide did not say '$message'"
}

fresh; ln -s "$dir/p/z" "$dir/p/linked"
expect "a symbolic link to a folder" "error[E004]: the policy folder holds a symbolic link, '$dir/p/linked': links are not followed"

fresh; ln -s "$dir/nowhere.gsl" "$dir/p/a/dangling.gsl"
expect "a dangling symbolic link" "error[E004]: the policy folder holds a symbolic link, '$dir/p/a/dangling.gsl'"

fresh; ln -s "$dir/p/z/extra.gsl" "$dir/p/a/copy.gsl"
expect "a symbolic link to a policy file" "the policy folder holds a symbolic link, '$dir/p/a/copy.gsl'"

fresh; mkfifo "$dir/p/a/pipe.gsl"
expect "a FIFO" "error[E004]: the policy folder holds '$dir/p/a/pipe.gsl', which is not a regular file or folder (a FIFO, socket or device)"

fresh; printf 'module upper\n' > "$dir/p/z/UPPER.GSL"
expect "a file named *.GSL" "error[E004]: '$dir/p/z/UPPER.GSL' is named like a policy file but its name does not end in \".gsl\" in lower case"

# A folder that cannot be read ends nothing but itself: its error is reported, and the folders after
# it are still read (their errors too). Root reads every folder, so this runs as nobody when root.
fresh; mkdir "$dir/p/m"; printf 'module m\n' > "$dir/p/m/m.gsl"; chmod 000 "$dir/p/m"
printf 'module broken\nactor\n' > "$dir/p/z/broken.gsl"
as_user=()
[ "$(id -u)" = 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
chmod -R o+rX "$dir/p/a" "$dir/p/z"
if "${as_user[@]}" test -r "$dir/p/m"; then
  echo "skipped: the unreadable folder (this user reads every folder)"
else
  "${as_user[@]}" "$bin" check "$dir/p" > /dev/null 2> "$dir/err"; code=$?
  [ $code = 2 ] || bad "an unreadable folder: check exit $code, expected 2: $(cat "$dir/err")"
  grep -qF "error[E004]: cannot read the policy folder '$dir/p/m': Permission denied" "$dir/err" ||
    bad "an unreadable folder is not named: $(cat "$dir/err")"
  grep -qF "$dir/p/z/broken.gsl" "$dir/err" || bad "the files after an unreadable folder were not read: $(cat "$dir/err")"
fi
chmod 755 "$dir/p/m"

# verify refuses such a set too (exit 2), naming the path.
fresh; ln -s "$dir/p/z" "$dir/p/linked"
"$bin" verify --policies "$dir/p" > /dev/null 2> "$dir/err"; code=$?
[ $code = 2 ] || bad "verify of a set with a link: exit $code, expected 2"
grep -qF "'$dir/p/linked'" "$dir/err" || bad "verify did not name the link: $(cat "$dir/err")"

# What is not a policy file is no error: other names, *.gsl~ backups, a README.
fresh; printf 'notes\n' > "$dir/p/README.md"; printf 'module old\n' > "$dir/p/a/golden.gsl~"
"$bin" check "$dir/p" > /dev/null 2>&1 || bad "files that are not policy files made check fail"

[ $fail = 0 ] && echo "discovery: all passed"
exit $fail
