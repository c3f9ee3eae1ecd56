#pragma once
// The decide command's line reader: lines from a descriptor through a fixed buffer, with a limit
// on the bytes kept per line. Its own unit so that a unit test and a fuzz target (fuzz_lines) can
// drive it with small limits and buffers.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace grondslag::cli {

// Only spaces, tabs, carriage returns and newlines.
bool is_blank(std::string_view s);

// Reads lines from a descriptor through a fixed buffer. A line longer than the limit is never
// held: it is read through to its newline keeping only its length, whether it is blank, and
// (when asked) its sha256. Nothing here grows with the length of the stream.
class LineReader {
public:
    enum class Status { line, too_long, end, error };
    static constexpr std::size_t default_chunk = std::size_t{1} << 16;  // bytes per read(2)

    LineReader(int fd, std::size_t limit, bool hash_long, std::size_t chunk = default_chunk);

    // The next line, without its newline; `text()` is valid until the next call.
    Status next();

    std::string_view text() const { return text_; }
    std::size_t length() const { return length_; }           // bytes of the last line, also when too long
    bool blank() const { return blank_; }                    // for a too long line: only whitespace
    const std::string& long_hash() const { return long_hash_; }
    std::size_t number() const { return number_; }           // 1-based number of the last line
    int error() const { return error_; }

    // True when the next line can be read without waiting for the producer of the input.
    bool ready() const;

private:
    bool fill();

    int fd_;
    std::size_t limit_;
    bool hash_long_;
    std::vector<char> buf_;
    std::size_t begin_ = 0, end_ = 0;
    bool eof_ = false;
    int error_ = 0;
    std::string line_;
    std::string_view text_;
    std::size_t length_ = 0;
    bool too_long_ = false, blank_ = true;
    std::string long_hash_;
    std::size_t number_ = 0;
};

}  // namespace grondslag::cli
