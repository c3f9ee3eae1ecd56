#include "grondslag/batch.hpp"

#include <cerrno>

#include "grondslag/input_limits.hpp"
#include "grondslag/safe_files.hpp"
#include "grondslag/sha256.hpp"

namespace grondslag {

namespace {

std::string too_long_message(std::size_t line, std::size_t length) {
    return "line " + std::to_string(line) + " is " + std::to_string(length) + " bytes long, over the limit of " +
           std::to_string(max_request_bytes) + " bytes for one request; it was skipped without being read";
}

}  // namespace

void BatchBlock::clear() {
    text.clear();
    entries.clear();
    long_hashes.clear();
    answers.clear();
    ends.clear();
    request_hashes.clear();
    captured.clear();
    records.clear();
    log_error.clear();
    all_ok = true;
    done = false;
    // One long request leaves big buffers behind: give them back.
    if (text.capacity() > 4 * batch_block_bytes) text.shrink_to_fit();
    if (answers.capacity() > 4 * batch_block_bytes) answers.shrink_to_fit();
    if (records.capacity() > 8 * batch_block_bytes) records.shrink_to_fit();
}

void BatchBlock::add_line(std::string_view request, std::size_t line) {
    entries.push_back(Entry{text.size(), request.size(), line, 0});
    text += request;
}

void BatchBlock::add_too_long(std::size_t line, std::size_t length, std::string sha256_hex) {
    entries.push_back(Entry{0, 0, line, length});
    if (!sha256_hex.empty()) long_hashes.push_back(std::move(sha256_hex));
}

void decide_block(Decider& decider, BatchBlock& b, const DecisionLog* log, bool hash_requests) {
    const bool logging = log != nullptr && log->enabled();
    const bool capturing = logging && log->options().format == DecisionLog::Format::logbook;
    hash_requests = hash_requests && logging;
    std::size_t long_index = 0;
    b.text.append(json_padding, ' ');  // every request in the block is then parsed where it lies
    for (const BatchBlock::Entry& e : b.entries) {
        const std::string_view request(b.text.data() + e.begin, e.size);
        if (e.long_length > 0) {
            decider.reject(too_long_message(e.line, e.long_length), b.answers, e.line);
            b.all_ok = false;
        } else {
            b.all_ok &= decider.decide_json(request, b.answers, e.line, /*padded=*/true);
        }
        if ((capturing || hash_requests) && b.log_error.empty()) {
            try {
                if (hash_requests) {  // while the request is in the cache
                    if (e.long_length > 0) {
                        b.request_hashes += b.long_hashes[long_index++];
                    } else {
                        char digest[64];
                        sha256_hex_into(request, digest);
                        b.request_hashes.append(digest, sizeof digest);
                    }
                }
                if (capturing) decider.capture_logbook_record(b.captured);
            } catch (const std::exception& error) {
                b.log_error = error.what();
            }
        }
        b.ends.push_back(b.answers.size());
        b.answers += '\n';
    }
}

void log_block(const DecisionLog& log, BatchBlock& b) {
    if (!log.enabled() || !b.log_error.empty()) return;
    b.records.clear();
    std::size_t start = 0, long_index = 0;
    const bool hashed = b.request_hashes.size() == 64 * b.entries.size();
    try {
        for (std::size_t i = 0; i < b.entries.size(); ++i) {
            const BatchBlock::Entry& e = b.entries[i];
            char digest[64];
            std::string_view hash;
            if (hashed) {
                hash = std::string_view(b.request_hashes.data() + 64 * i, 64);
            } else if (e.long_length > 0) {
                hash = b.long_hashes[long_index++];
            } else {
                sha256_hex_into(std::string_view(b.text.data() + e.begin, e.size), digest);
                hash = std::string_view(digest, sizeof digest);
            }
            log.append_captured_record(b.captured, i, hash, std::string_view(b.answers.data() + start, b.ends[i] - start), b.records);
            start = b.ends[i] + 1;
        }
    } catch (const std::exception& error) {
        b.log_error = error.what();
    }
}

// With one deciding thread the reading thread has room for the hashing (hashing was a fifth of the deciding
// thread's work with the log on); with several, they share it, as the reading thread would be the one
// left behind.
BatchWorkers::BatchWorkers(unsigned threads, const Policies& policies, const DecideOptions& options, const DecisionLog* log)
    : log_(log), hash_requests_(threads > 1) {
    for (unsigned i = 0; i < threads; ++i)
        threads_.emplace_back([this, policies, options] {
            Decider decider(policies, options);
            run(decider);
        });
}

BatchWorkers::~BatchWorkers() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    work_.notify_all();
    for (auto& t : threads_) t.join();
}

void BatchWorkers::submit(BatchBlock* b) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(b);
    }
    work_.notify_one();
}

void BatchWorkers::wait(BatchBlock* b) {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [b] { return b->done; });
}

bool BatchWorkers::is_done(BatchBlock* b) {
    std::lock_guard lock(mutex_);
    return b->done;
}

void BatchWorkers::run(Decider& decider) {
    for (;;) {
        BatchBlock* b;
        {
            std::unique_lock lock(mutex_);
            work_.wait(lock, [this] { return stop_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left
            b = queue_.front();
            queue_.pop_front();
        }
        decide_block(decider, *b, log_, hash_requests_);
        {
            std::lock_guard lock(mutex_);
            b->done = true;
        }
        done_.notify_all();
    }
}

BlockWriter::BlockWriter(std::function<bool(BatchBlock&)> write) : write_(std::move(write)), thread_([this] { run(); }) {}

BlockWriter::~BlockWriter() { finish(); }

void BlockWriter::push(BatchBlock* b) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(b);
    }
    work_.notify_one();
}

std::vector<BatchBlock*> BlockWriter::take_written(bool wait) {
    std::unique_lock lock(mutex_);
    if (wait) written_.wait(lock, [this] { return !done_.empty() || (queue_.empty() && !busy_); });
    std::vector<BatchBlock*> out;
    out.swap(done_);
    return out;
}

std::size_t BlockWriter::pending() {
    std::lock_guard lock(mutex_);
    return queue_.size() + (busy_ ? 1 : 0);
}

bool BlockWriter::failed() {
    std::lock_guard lock(mutex_);
    return failed_;
}

void BlockWriter::finish() {
    {
        std::lock_guard lock(mutex_);
        if (stop_) return;
        stop_ = true;
    }
    work_.notify_one();
    thread_.join();
}

void BlockWriter::run() {
    for (;;) {
        BatchBlock* b;
        bool skip;
        {
            std::unique_lock lock(mutex_);
            work_.wait(lock, [this] { return stop_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything handed over is written
            b = queue_.front();
            queue_.pop_front();
            busy_ = true;
            skip = failed_;
        }
        const bool ok = skip || write_(*b);
        {
            std::lock_guard lock(mutex_);
            failed_ = failed_ || !ok;
            busy_ = false;
            done_.push_back(b);
        }
        written_.notify_all();
    }
}

AnswerOutput::AnswerOutput(int fd, bool flush_each) : fd_(fd), flush_each_(flush_each) { buffer_.reserve(block); }

void AnswerOutput::end_line() {
    buffer_ += '\n';
    if (flush_each_ || buffer_.size() >= block) flush();
}

void AnswerOutput::lines(std::string_view text) {
    if (buffer_.size() + text.size() < block) {
        buffer_ += text;
        return;
    }
    flush();
    put(text);
}

void AnswerOutput::flush() {
    if (!buffer_.empty()) put(buffer_);
    buffer_.clear();
    // One answer can be as long as its request (the id is echoed): give back what it took.
    if (buffer_.capacity() > 2 * block) {
        buffer_.shrink_to_fit();
        buffer_.reserve(block);
    }
}

void AnswerOutput::put(std::string_view text) {
    if (error_ == 0 && !write_all(fd_, text.data(), text.size())) error_ = errno ? errno : EIO;
}

}  // namespace grondslag
