# Sourced by the build scripts: compile through ccache when it is installed. The cache lives outside
# the clone (ccache's default, ~/.cache/ccache), so a fresh clone of the same commits on the same
# machine reuses it; paths are hashed relative to the clone, so its location does not matter. A cold
# cache builds as without it.
cmake_launcher=()
if command -v ccache > /dev/null; then
  cmake_launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
  export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
  # The commands' precompiled header (CLI11, nlohmann/json) is cacheable only with these.
  export CCACHE_SLOPPINESS=${CCACHE_SLOPPINESS:-pch_defines,time_macros}
fi
