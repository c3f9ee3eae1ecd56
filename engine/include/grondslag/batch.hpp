// Deciding many requests: NDJSON lines gathered in blocks, decided by one Decider per thread, and
// handed back in input order, so the answers (and a decision log written from them) are the same
// for every thread count. What the `decide` command does with a batch, for any application.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "grondslag/decision_log.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/logbook.hpp"

namespace grondslag {

// A block is closed at either bound.
inline constexpr std::size_t batch_block_lines = 256;
inline constexpr std::size_t batch_block_bytes = std::size_t{1} << 18;

// A block of batch lines: filled by the reader, decided by one Decider, written in input order.
struct BatchBlock {
    struct Entry {
        std::size_t begin = 0, size = 0;  // in `text`
        std::size_t line = 0;
        std::size_t long_length = 0;      // > 0: the line was over the limit and not kept
    };
    std::string text;
    std::vector<Entry> entries;
    std::vector<std::string> long_hashes;  // per entry over the limit, when the log is on
    // Filled when decided.
    std::string answers;            // one line per entry, each ending in a newline
    std::vector<std::size_t> ends;  // end of each entry's answer in `answers` (before its newline)
    std::string request_hashes;     // each entry's request SHA-256 in hex (64 bytes each), when hashed beside the decision
    LogbookCapture captured;        // each decision, for its record (the Logboek form), when the log is on
    std::string records;            // the decision log's records of the block, each with its newline (log_block)
    std::string log_error;          // a record that could not be made (libcrypto failed): the block is not answered
    bool all_ok = true;             // every request was well-formed
    bool done = false;

    void clear();
    bool full() const { return entries.size() >= batch_block_lines || text.size() >= batch_block_bytes; }
    void add_line(std::string_view request, std::size_t line);
    // A line over max_request_bytes, not kept: its answer will be a deny naming the limit.
    // `sha256_hex` of the whole line, when the log is on.
    void add_too_long(std::size_t line, std::size_t length, std::string sha256_hex);
};

// Decides every entry of `b` into b.answers and, when `log` is given and enabled, keeps what each
// decision's record names (Logboek form: b.captured) and, when `hash_requests`, hashes each request
// (b.request_hashes; otherwise log_block does). The same for every thread count, so that the output is
// too (the records differ only in their times and random trace ids).
void decide_block(Decider& decider, BatchBlock& b, const DecisionLog* log, bool hash_requests = false);

// Makes the records of a decided block into b.records, each with its newline: the requests' hashes (unless
// decide_block made them) and the records' text, on the thread that reads the input, beside the deciding
// ones. A record that cannot be made (libcrypto failed) leaves b.log_error set and the block unanswered.
void log_block(const DecisionLog& log, BatchBlock& b);

// Decides blocks on N threads, one Decider each. Blocks are handed out from a queue; the caller
// waits for them in input order. Stopping (the destructor) finishes the blocks already submitted.
class BatchWorkers {
public:
    BatchWorkers(unsigned threads, const Policies& policies, const DecideOptions& options, const DecisionLog* log);
    ~BatchWorkers();
    BatchWorkers(const BatchWorkers&) = delete;
    BatchWorkers& operator=(const BatchWorkers&) = delete;
    void submit(BatchBlock* b);
    void wait(BatchBlock* b);
    bool is_done(BatchBlock* b);

private:
    void run(Decider& decider);
    const DecisionLog* log_;
    bool hash_requests_;  // the deciding threads hash the requests for the log (several of them)
    std::mutex mutex_;
    std::condition_variable work_, done_;
    std::deque<BatchBlock*> queue_;
    bool stop_ = false;
    std::vector<std::thread> threads_;
};

// Writes decided blocks on a thread of its own, in the order they are handed over, with `write` (the log's
// records, then the answers), so that the thread making the next block's records does not wait for the
// file system. The first block `write` fails stops it: no later block is written. Blocks written come
// back through take_written().
class BlockWriter {
public:
    explicit BlockWriter(std::function<bool(BatchBlock&)> write);
    ~BlockWriter();  // finish()
    BlockWriter(const BlockWriter&) = delete;
    BlockWriter& operator=(const BlockWriter&) = delete;
    void push(BatchBlock* b);
    // The blocks written (or passed over after a failure) since the last call; waits for one when
    // `wait` and blocks are still to be written.
    std::vector<BatchBlock*> take_written(bool wait);
    std::size_t pending();
    bool failed();
    void finish();  // waits until every block handed over is written or passed over

private:
    void run();
    std::function<bool(BatchBlock&)> write_;
    std::mutex mutex_;
    std::condition_variable work_, written_;
    std::deque<BatchBlock*> queue_;
    std::vector<BatchBlock*> done_;
    bool stop_ = false, failed_ = false, busy_ = false;
    std::thread thread_;
};

// Writes answers to a descriptor in large blocks, flushing per line only when asked. Every write(2)
// is checked: the first that fails (closed, a full disk, a reader gone) is kept in failed(), nothing
// more is written, and the caller stops (docs/reliability.md, "Nothing silently lost").
class AnswerOutput {
public:
    static constexpr std::size_t block = std::size_t{1} << 16;
    AnswerOutput(int fd, bool flush_each);
    ~AnswerOutput() { flush(); }
    AnswerOutput(const AnswerOutput&) = delete;
    AnswerOutput& operator=(const AnswerOutput&) = delete;
    std::string& buffer() { return buffer_; }
    void end_line();                     // after an answer added to buffer()
    void lines(std::string_view text);   // answer lines, each ending in a newline
    void flush();
    int failed() const { return error_; }  // errno of the write that failed, or 0

private:
    void put(std::string_view text);
    std::string buffer_;
    int fd_;
    bool flush_each_;
    int error_ = 0;
};

}  // namespace grondslag
