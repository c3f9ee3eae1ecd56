#!/usr/bin/env bash
# `grondslag diff` between two git revisions of the policies (docs/ci.md):
#   scripts/diff-revisions.sh [--bin GRONDSLAG] [--dir DIR]... OLD_REV [NEW_REV] [-- DIFF OPTIONS...]
# OLD_REV and NEW_REV are anything `git archive` takes (a branch, a tag, a commit, origin/main);
# without NEW_REV the working tree is compared. --dir names the policy directories (default:
# policies); the first is the set, the others are modules of it. The exit code is diff's.
set -euo pipefail
bin=${GRONDSLAG:-build/engine/grondslag}
dirs=()
while [ $# -gt 0 ]; do
  case $1 in
    --bin) bin=$2; shift 2 ;;
    --dir) dirs+=("$2"); shift 2 ;;
    *) break ;;
  esac
done
[ ${#dirs[@]} -gt 0 ] || dirs=(policies)
[ $# -ge 1 ] || { echo "usage: $0 [--bin GRONDSLAG] [--dir DIR]... OLD_REV [NEW_REV] [-- DIFF OPTIONS...]" >&2; exit 2; }
old_rev=$1; shift
new_rev=
if [ $# -gt 0 ] && [ "$1" != "--" ]; then new_rev=$1; shift; fi
[ "${1:-}" = "--" ] && shift
top=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Extracts the policy directories of a revision under $work/$2.
extract() {
  mkdir -p "$work/$2"
  git -C "$top" archive "$1" -- "${dirs[@]}" | tar -x -C "$work/$2" \
    || { echo "diff-revisions: cannot read ${dirs[*]} at revision '$1'" >&2; exit 2; }
}
extract "$old_rev" old
old_args=("$work/old/${dirs[0]}")
for d in "${dirs[@]:1}"; do old_args+=(--old-module "$work/old/$d"); done
if [ -n "$new_rev" ]; then
  extract "$new_rev" new
  new_root="$work/new"
  new_label=$new_rev
else
  new_root=$top
  new_label="working tree"
fi
new_args=("$new_root/${dirs[0]}")
for d in "${dirs[@]:1}"; do new_args+=(--new-module "$new_root/$d"); done
set +e
"$bin" diff "${old_args[0]}" "${new_args[0]}" "${old_args[@]:1}" "${new_args[@]:1}" \
  --old-label "$old_rev" --new-label "$new_label" --sarif-root "$new_root" "$@"
exit $?
