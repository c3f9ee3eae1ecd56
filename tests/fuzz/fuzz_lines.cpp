// The decide command's line reader (engine/cli/line_reader.cpp) on any byte stream: its lines must
// be those of a plain split at the newlines, whatever the read size and the limit per line. The first
// two bytes choose the limit (0-255, or 1 MiB when the first is 255) and the read size (1-256); the
// third whether long lines are hashed; the rest is the stream. No crash, no leak, no difference.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "line_reference.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) return 0;
    const std::size_t limit = data[0] == 255 ? std::size_t{1} << 20 : data[0];
    const std::size_t chunk = std::size_t{data[1]} + 1;
    const bool hash_long = data[2] & 1;
    const std::string_view stream(reinterpret_cast<const char*>(data + 3), size - 3);
    const std::string difference = grondslag::testing::compare_reader(stream, limit, chunk, hash_long);
    if (!difference.empty() && difference != "no in-memory file") {
        std::fprintf(stderr, "fuzz_lines: limit %zu, read size %zu: %s\n", limit, chunk, difference.c_str());
        std::abort();
    }
    return 0;
}
