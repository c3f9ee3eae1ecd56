#include "grondslag/input_limits.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>

namespace grondslag {

namespace {

// A file that must be regular is opened without waiting (O_NONBLOCK: opening a FIFO with no writer
// would block) and checked (fstat) on the descriptor that is read, not on a path that could change in
// between. Other input (explain's request) may be a pipe and is opened as usual.
std::FILE* open_for_reading(const std::string& path, bool regular_only, std::string& error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | (regular_only ? O_NONBLOCK : 0));
    if (fd < 0) {
        error = "cannot read " + path + ": " + std::strerror(errno);
        return nullptr;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || (regular_only && !S_ISREG(st.st_mode))) {
        error = "cannot read " + path + ": " + (S_ISDIR(st.st_mode) ? "it is a directory" : "it is not a regular file");
        ::close(fd);
        return nullptr;
    }
    if (regular_only) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    std::FILE* f = ::fdopen(fd, "rb");
    if (!f) {
        error = "cannot read " + path + ": " + std::strerror(errno);
        ::close(fd);
    }
    return f;
}

bool read_within(const std::string& path, std::size_t limit, const char* what, std::string& text, std::string& error,
                 bool regular_only) {
    text.clear();
    const bool stdin_input = path == "-" && !regular_only;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> owned(stdin_input ? nullptr : open_for_reading(path, regular_only, error),
                                                           [](std::FILE* f) { return f ? std::fclose(f) : 0; });
    std::FILE* in = stdin_input ? stdin : owned.get();
    if (!in) return false;
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

}  // namespace

bool read_file_within(const std::string& path, std::size_t limit, const char* what, std::string& text,
                      std::string& error) {
    return read_within(path, limit, what, text, error, false);
}

bool read_regular_file_within(const std::string& path, std::size_t limit, const char* what, std::string& text,
                              std::string& error) {
    return read_within(path, limit, what, text, error, true);
}

}  // namespace grondslag
