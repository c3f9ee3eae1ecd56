#!/usr/bin/env bash
# The installed library is usable without the source tree: `cmake --install` into a fresh prefix, then
# examples/embed built against it twice (find_package(grondslag) and pkg-config), each run on the
# shipped policies with the expected decisions; the installed grondslag reports its version.
# Usage: install.sh BUILD_DIR SOURCE_DIR [CXXFLAGS]   (the flags the library was built with)
set -u
build=$1; root=$2; cxxflags=${3:-}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

cmake --install "$build" --prefix "$dir/prefix" > "$dir/install.log" 2>&1 || { cat "$dir/install.log"; exit 1; }
for f in bin/grondslag bin/grondslag-prove include/grondslag/grondslag.hpp include/grondslag/version.hpp \
         lib/libgrondslag.a lib/cmake/grondslag/grondslagConfig.cmake lib/pkgconfig/grondslag.pc; do
  [ -e "$dir/prefix/$f" ] || bad "not installed: $f"
done
# No internal header is installed: the public API is all an application gets.
[ -z "$(ls "$dir/prefix/include/grondslag" | grep -v -E '^[a-z_0-9]+\.hpp$')" ] || bad "unexpected files in include/grondslag"
[ -e "$dir/prefix/include/grondslag/ir.hpp" ] && bad "an internal header was installed"

version=$("$dir/prefix/bin/grondslag" --version) || bad "--version exit $?"
echo "$version" | grep -qE '^grondslag [0-9]+\.[0-9]+\.[0-9]+$' || bad "--version: no release line: $version"
echo "$version" | grep -qx 'decision contract 1' || bad "--version: no contract line: $version"
echo "$version" | grep -qE '^build gsl-image/3:sha256:[0-9a-f]{64}$' || bad "--version: no build line: $version"

# find_package(grondslag)
if cmake -S "$root/examples/embed" -B "$dir/embed" -DCMAKE_PREFIX_PATH="$dir/prefix" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$cxxflags" \
     > "$dir/configure.log" 2>&1 && cmake --build "$dir/embed" > "$dir/build.log" 2>&1; then
  "$dir/embed/typed_decide" "$root/policies" > "$dir/cmake.out" 2>&1
  cmp -s "$dir/cmake.out" "$root/examples/embed/expected.txt" || bad "find_package build decides otherwise: $(head -c 300 "$dir/cmake.out")"
else
  bad "examples/embed does not build against the installed package: $(tail -n 20 "$dir/configure.log" "$dir/build.log")"
fi

# pkg-config
export PKG_CONFIG_PATH="$dir/prefix/lib/pkgconfig"
if flags=$(pkg-config --cflags --libs grondslag) &&
   c++ -O1 $cxxflags -o "$dir/pc_typed_decide" "$root/examples/embed/typed_decide.cpp" $flags > "$dir/pc.log" 2>&1; then
  "$dir/pc_typed_decide" "$root/policies" > "$dir/pc.out" 2>&1
  cmp -s "$dir/pc.out" "$root/examples/embed/expected.txt" || bad "pkg-config build decides otherwise: $(head -c 300 "$dir/pc.out")"
else
  bad "examples/embed does not build with pkg-config: $(tail -n 20 "$dir/pc.log")"
fi

[ $fail = 0 ] && echo "install: the package installs, reports its version and builds examples/embed two ways"
exit $fail
