#include "grondslag/input_limits.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>

namespace grondslag {

bool read_file_within(const std::string& path, std::size_t limit, const char* what, std::string& text,
                      std::string& error) {
    text.clear();
    const bool stdin_input = path == "-";
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> owned(stdin_input ? nullptr : std::fopen(path.c_str(), "rb"),
                                                           [](std::FILE* f) { return f ? std::fclose(f) : 0; });
    std::FILE* in = stdin_input ? stdin : owned.get();
    if (!in) {
        error = "cannot read " + path + ": " + std::strerror(errno);
        return false;
    }
    const auto too_large = [&] {
        error = (stdin_input ? std::string("standard input") : path) + " has more than " + std::to_string(limit) +
                " bytes (the limit for " + what + ")";
        text.clear();
        text.shrink_to_fit();
        return false;
    };
    // A regular file says its size: one over the limit is refused unread, one within it is read
    // into a buffer of its size.
    struct stat st {};
    if (::fstat(::fileno(in), &st) == 0 && S_ISREG(st.st_mode)) {
        if (static_cast<std::uint64_t>(st.st_size) > limit) return too_large();
        text.reserve(static_cast<std::size_t>(st.st_size));
    }
    // Otherwise (a pipe, or a file that grows) read in chunks up to one byte past the limit.
    char chunk[65536];
    for (;;) {
        const std::size_t want = std::min(sizeof chunk, limit + 1 - text.size());
        const std::size_t n = std::fread(chunk, 1, want, in);
        text.append(chunk, n);
        if (text.size() > limit) return too_large();
        if (n < want) break;
    }
    if (std::ferror(in)) {
        error = "cannot read " + path + ": " + std::strerror(errno);
        text.clear();
        return false;
    }
    return true;
}

}  // namespace grondslag
