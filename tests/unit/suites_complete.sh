#!/usr/bin/env bash
# Every test case of unit_tests lies in one of the suites ctest runs one by one (tests/CMakeLists.txt
# reads them from the sources): a case at the top level, or in a suite the pattern missed, would
# never run. Usage: suites_complete.sh UNIT_TESTS SUITE...
set -euo pipefail
bin=$1; shift
listed=$("$bin" --list_content 2>&1 | grep -v '^ ' | sed 's/\*$//' | sort -u)
[ -n "$listed" ] || { echo "unit_tests --list_content listed nothing"; exit 1; }
registered=$(printf '%s\n' "$@" | sort -u)
missing=$(comm -23 <(echo "$listed") <(echo "$registered"))
if [ -n "$missing" ]; then
  echo "top-level entries of unit_tests that no ctest runs: $missing"
  exit 1
fi
echo "$(echo "$listed" | wc -l) suites, each a ctest"
