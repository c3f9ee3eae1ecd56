#include "line_reader.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "grondslag/sha256.hpp"

namespace grondslag::cli {

bool is_blank(std::string_view s) {
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
    return true;
}

LineReader::LineReader(int fd, std::size_t limit, bool hash_long, std::size_t chunk)
    : fd_(fd), limit_(limit), hash_long_(hash_long), buf_(chunk > 0 ? chunk : 1) {}

LineReader::Status LineReader::next() {
    line_.clear();
    if (line_.capacity() > 2 * default_chunk) line_.shrink_to_fit();  // after a long line
    length_ = 0;
    too_long_ = false;
    blank_ = true;
    bool started = false;
    std::optional<Sha256> hash;  // made only for a line over the limit: a context per line cost more than the line
    for (;;) {
        if (begin_ == end_) {
            if (!fill()) {
                if (error_ != 0) return Status::error;
                if (!started) return Status::end;
                break;  // the last line has no newline
            }
        }
        started = true;
        const char* from = buf_.data() + begin_;
        const auto* nl = static_cast<const char*>(std::memchr(from, '\n', end_ - begin_));
        const std::size_t n = (nl ? nl : buf_.data() + end_) - from;
        const std::string_view chunk(from, n);
        if (!too_long_ && length_ + n > limit_) {
            too_long_ = true;
            blank_ = is_blank(line_);
            if (hash_long_) hash.emplace().update(line_);
            line_.clear();
        }
        if (too_long_) {
            if (blank_) blank_ = is_blank(chunk);
            if (hash_long_) hash->update(chunk);
        } else if (nl && length_ == 0) {
            text_ = chunk;  // the whole line is in the buffer: no copy
            length_ = n;
            begin_ += n + 1;
            ++number_;
            return Status::line;
        } else {
            line_.append(chunk);
        }
        length_ += n;
        begin_ += n;
        if (nl) {
            ++begin_;
            break;
        }
    }
    ++number_;
    if (too_long_) {
        if (hash_long_) long_hash_ = hash->hex_digest();
        return Status::too_long;
    }
    text_ = line_;
    return Status::line;
}

bool LineReader::ready() const {
    if (eof_ || error_ != 0) return true;
    if (std::memchr(buf_.data() + begin_, '\n', end_ - begin_)) return true;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
}

bool LineReader::fill() {
    if (eof_ || error_ != 0) return false;
    for (;;) {
        const ssize_t n = ::read(fd_, buf_.data(), buf_.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error_ = errno;
            return false;
        }
        if (n == 0) {
            eof_ = true;
            return false;
        }
        begin_ = 0;
        end_ = static_cast<std::size_t>(n);
        return true;
    }
}

}  // namespace grondslag::cli
