#pragma once
// What LineReader must return for a whole input, computed the plain way (split at every newline),
// and a check that drives a reader over a descriptor and compares. Shared by the unit test and
// fuzz_lines.
#include <sys/mman.h>
#include <unistd.h>

#include <string>
#include <string_view>
#include <vector>

#include "line_reader.hpp"
#include "grondslag/sha256.hpp"

namespace grondslag::testing {

struct ExpectedLine {
    bool too_long = false;
    std::string text;  // for a line within the limit
    std::size_t length = 0;
    bool blank = false;
    std::string hash;  // for a line over the limit, when hashed
};

// Lines are the pieces between newlines; a last piece without a newline is a line too, an empty
// one after the last newline is not.
inline std::vector<ExpectedLine> split_lines(std::string_view input, std::size_t limit, bool hash_long) {
    std::vector<ExpectedLine> lines;
    std::size_t pos = 0;
    while (pos < input.size()) {
        const std::size_t nl = input.find('\n', pos);
        const std::string_view piece = input.substr(pos, (nl == std::string_view::npos ? input.size() : nl) - pos);
        ExpectedLine e;
        e.length = piece.size();
        e.too_long = piece.size() > limit;
        if (e.too_long) {
            e.blank = cli::is_blank(piece);
            if (hash_long) e.hash = sha256_hex(piece);
        } else {
            e.text = std::string(piece);
        }
        lines.push_back(std::move(e));
        pos = nl == std::string_view::npos ? input.size() : nl + 1;
    }
    return lines;
}

// An in-memory file holding `input`, read from its start; -1 when none can be made.
inline int memory_file(std::string_view input) {
    const int fd = ::memfd_create("lines", 0);
    if (fd < 0) return -1;
    for (std::size_t done = 0; done < input.size();) {
        const ssize_t n = ::write(fd, input.data() + done, input.size() - done);
        if (n <= 0) {
            ::close(fd);
            return -1;
        }
        done += static_cast<std::size_t>(n);
    }
    ::lseek(fd, 0, SEEK_SET);
    return fd;
}

// Empty when a LineReader with this limit and chunk size returns exactly split_lines(input), else
// the first difference in words.
inline std::string compare_reader(std::string_view input, std::size_t limit, std::size_t chunk, bool hash_long) {
    const int fd = memory_file(input);
    if (fd < 0) return "no in-memory file";
    cli::LineReader reader(fd, limit, hash_long, chunk);
    const auto expected = split_lines(input, limit, hash_long);
    std::string difference;
    std::size_t i = 0;
    for (;; ++i) {
        const auto status = reader.next();
        if (status == cli::LineReader::Status::end) {
            if (i != expected.size()) difference = "end after " + std::to_string(i) + " lines, not " + std::to_string(expected.size());
            break;
        }
        const std::string at = "line " + std::to_string(i + 1) + ": ";
        if (status == cli::LineReader::Status::error) difference = at + "a read error";
        else if (i >= expected.size()) difference = at + "a line after the last";
        else if (reader.number() != i + 1) difference = at + "numbered " + std::to_string(reader.number());
        else if ((status == cli::LineReader::Status::too_long) != expected[i].too_long) difference = at + "the limit misjudged";
        else if (reader.length() != expected[i].length) difference = at + "length " + std::to_string(reader.length());
        else if (!expected[i].too_long && reader.text() != expected[i].text) difference = at + "other text";
        else if (expected[i].too_long && reader.blank() != expected[i].blank) difference = at + "blankness misjudged";
        else if (expected[i].too_long && hash_long && reader.long_hash() != expected[i].hash) difference = at + "another hash";
        if (!difference.empty()) break;
    }
    ::close(fd);
    return difference;
}

}  // namespace grondslag::testing
