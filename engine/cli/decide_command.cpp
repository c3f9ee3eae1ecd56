#include "decide_command.hpp"
#include "explain_command.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <spdlog/details/null_mutex.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include "grondslag/bundle.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/verify.hpp"
#include "grondslag/exit_code.hpp"
#include "line_reader.hpp"
#include "grondslag/safe_files.hpp"
#include "servable.hpp"
#include "grondslag/sha256.hpp"

namespace grondslag::cli {

namespace {


constexpr std::size_t output_block = std::size_t{1} << 16;  // stdout is written in blocks of this size
// A batch is decided in blocks of lines; a block is closed at either bound.
constexpr std::size_t block_lines = 1024;
constexpr std::size_t block_bytes = std::size_t{1} << 18;

// Writes answers in large blocks; flushes per line only when asked. Every write(2) is checked: the
// first that fails (stdout closed, a full disk, a reader gone) is kept in failed(), nothing more is
// written, and the run stops (docs/reliability.md, "Nothing silently lost").
class Output {
public:
    explicit Output(bool flush_each) : flush_each_(flush_each) { buffer_.reserve(output_block); }
    ~Output() { flush(); }
    std::string& buffer() { return buffer_; }
    void end_line() {
        buffer_ += '\n';
        if (flush_each_ || buffer_.size() >= output_block) flush();
    }
    // Answer lines, each ending in a newline; a large run of them is written as it lies.
    void lines(std::string_view text) {
        if (buffer_.size() + text.size() < output_block) {
            buffer_ += text;
            return;
        }
        flush();
        put(text);
    }
    void flush() {
        if (!buffer_.empty()) put(buffer_);
        buffer_.clear();
        // One answer can be as long as its request (the id is echoed): give back what it took.
        if (buffer_.capacity() > 2 * output_block) {
            buffer_.shrink_to_fit();
            buffer_.reserve(output_block);
        }
    }
    int failed() const { return error_; }  // errno of the write that failed, or 0

private:
    void put(std::string_view text) {
        if (error_ == 0 && !write_all(STDOUT_FILENO, text.data(), text.size())) error_ = errno ? errno : EIO;
    }
    std::string buffer_;
    bool flush_each_;
    int error_ = 0;
};

// An spdlog sink that appends each formatted line with one write(2) on an O_APPEND descriptor:
// the stdio buffering of spdlog's file sinks splits a line longer than its buffer into several
// writes, and a process killed between them leaves a torn line.
class AppendLineSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
public:
    explicit AppendLineSink(const std::string& path) {
        // O_NONBLOCK: a FIFO without a reader would block the open for ever; a log must be a regular
        // file (checked on the descriptor), whose writes O_NONBLOCK does not change.
        fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0640);
        if (fd_ < 0 && errno == ENXIO) throw spdlog::spdlog_ex(path + " is not a regular file");  // a FIFO
        if (fd_ < 0) throw spdlog::spdlog_ex("cannot open " + path, errno);
        struct stat own {};
        if (::fstat(fd_, &own) != 0 || !S_ISREG(own.st_mode)) {
            ::close(fd_);
            fd_ = -1;
            throw spdlog::spdlog_ex(path + " is not a regular file");
        }
        // A write(2) can still be cut short when SIGKILL arrives while the kernel copies it (between
        // pages), leaving the last line of a killed run incomplete; its answer never reached stdout.
        // End that fragment, so that it stays a line of its own and the next line starts clean.
        struct stat st;
        char last = '\n';
        if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
            const int reader = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
            if (reader >= 0) {
                if (::pread(reader, &last, 1, st.st_size - 1) != 1) last = '\n';
                ::close(reader);
            }
        }
        if (last != '\n') write_all("\n", 1);
    }
    ~AppendLineSink() override {
        if (fd_ >= 0) ::close(fd_);
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        buffer_.clear();
        formatter_->format(msg, buffer_);
        write_all(buffer_.data(), buffer_.size());
    }
    void flush_() override {}  // every line is already written in full

private:
    void write_all(const char* p, std::size_t left) {
        while (left > 0) {
            const ssize_t n = ::write(fd_, p, left);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw spdlog::spdlog_ex("cannot write the decision log", errno);
            p += n;
            left -= static_cast<std::size_t>(n);
        }
    }

    int fd_ = -1;
    spdlog::memory_buf_t buffer_;
};

// One line per decision, written (one write(2)) before its answer is added to stdout. Used
// from one thread only: with --threads, the thread that writes the answers in input order.
class DecisionLog {
public:
    explicit DecisionLog(const std::string& path) {
        if (path.empty()) return;
        logger_ = std::make_shared<spdlog::logger>("decisions", std::make_shared<AppendLineSink>(path));
        logger_->set_pattern("%v");
        logger_->flush_on(spdlog::level::info);  // one line per decision reaches the file before its answer
        // spdlog reports write errors to a handler and goes on; an audit trail with holes is not
        // acceptable, so a failed write stops the decisions (fail closed).
        logger_->set_error_handler([this](const std::string& message) {
            failed_ = true;
            error_ = message;
        });
    }
    bool enabled() const { return logger_ != nullptr; }
    // `request_sha256` is the hex digest of the request text. False when the line could not be written.
    bool record(std::string_view request_sha256, std::string_view answer) {
        if (!logger_) return true;
        line_.clear();
        line_ += "{\"time\":\"";
        line_ += timestamp();
        line_ += "\",\"request\":\"sha256:";
        line_ += request_sha256;
        line_ += "\",\"answer\":";
        line_ += answer;
        line_ += '}';
        logger_->info(line_);
        if (line_.capacity() > 2 * output_block) line_ = std::string();  // after a very long answer
        return !failed_;
    }
    const std::string& error() const { return error_; }

private:
    bool failed_ = false;
    std::string error_;
    std::shared_ptr<spdlog::logger> logger_;
    std::string line_;
    static std::string timestamp() {
        char buf[32];
        std::time_t t = std::time(nullptr);
        std::tm parts;
        gmtime_r(&t, &parts);
        std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &parts);
        return buf;
    }
};

std::string too_long_message(std::size_t line, std::size_t length) {
    return "line " + std::to_string(line) + " is " + std::to_string(length) + " bytes long, over the limit of " +
           std::to_string(max_request_bytes) + " bytes for one request; it was skipped without being read";
}

// A block of batch lines: filled by the reader, decided by one Decider, written in input order.
struct Block {
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
    std::string hashes;             // 64 hex digits per entry, when the log is on
    bool all_ok = true;
    bool done = false;

    void clear() {
        text.clear();
        entries.clear();
        long_hashes.clear();
        answers.clear();
        ends.clear();
        hashes.clear();
        all_ok = true;
        done = false;
        // One long request leaves big buffers behind: give them back.
        if (text.capacity() > 4 * block_bytes) text.shrink_to_fit();
        if (answers.capacity() > 4 * block_bytes) answers.shrink_to_fit();
    }
    bool full() const { return entries.size() >= block_lines || text.size() >= block_bytes; }

    void add(const LineReader& reader, LineReader::Status status, bool logging) {
        Entry e;
        e.line = reader.number();
        if (status == LineReader::Status::too_long) {
            e.long_length = reader.length();
            if (logging) long_hashes.push_back(reader.long_hash());
        } else {
            e.begin = text.size();
            e.size = reader.text().size();
            text += reader.text();
        }
        entries.push_back(e);
    }
};

// The same for every thread count, so that the output is too.
void decide_block(Decider& decider, Block& b, bool logging) {
    std::size_t long_index = 0;
    b.text.append(json_padding, ' ');  // every request in the block is then parsed where it lies
    for (const Block::Entry& e : b.entries) {
        if (e.long_length > 0) {
            decider.reject(too_long_message(e.line, e.long_length), b.answers, e.line);
            b.all_ok = false;
            if (logging) b.hashes += b.long_hashes[long_index++];
        } else {
            const std::string_view request(b.text.data() + e.begin, e.size);
            b.all_ok &= decider.decide_json(request, b.answers, e.line, /*padded=*/true);
            if (logging) b.hashes += sha256_hex(request);
        }
        b.ends.push_back(b.answers.size());
        b.answers += '\n';
    }
}

// Decides blocks on N threads, one Decider each. Blocks are handed out from a queue; the caller
// waits for them in input order.
class Workers {
public:
    Workers(unsigned n, const Policies& p, const DecideOptions& options, bool logging) : logging_(logging) {
        for (unsigned i = 0; i < n; ++i)
            threads_.emplace_back([this, p, options] {
                Decider decider(p, options);
                run(decider);
            });
    }
    ~Workers() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        work_.notify_all();
        for (auto& t : threads_) t.join();
    }
    void submit(Block* b) {
        {
            std::lock_guard lock(mutex_);
            queue_.push_back(b);
        }
        work_.notify_one();
    }
    void wait(Block* b) {
        std::unique_lock lock(mutex_);
        done_.wait(lock, [b] { return b->done; });
    }
    bool is_done(Block* b) {
        std::lock_guard lock(mutex_);
        return b->done;
    }

private:
    void run(Decider& decider) {
        for (;;) {
            Block* b;
            {
                std::unique_lock lock(mutex_);
                work_.wait(lock, [this] { return stop_ || !queue_.empty(); });
                if (queue_.empty()) return;  // stopping, and nothing left
                b = queue_.front();
                queue_.pop_front();
            }
            decide_block(decider, *b, logging_);
            {
                std::lock_guard lock(mutex_);
                b->done = true;
            }
            done_.notify_all();
        }
    }

    bool logging_;
    std::mutex mutex_;
    std::condition_variable work_, done_;
    std::deque<Block*> queue_;
    bool stop_ = false;
    std::vector<std::thread> threads_;
};

// Reads the input, decides and writes: one instance per run.
class DecideRun {
public:
    DecideRun(const DecideCommand& s, const Policies& p, int fd, DecisionLog& log)
        : s_(s), p_(p), log_(log), reader_(fd, max_request_bytes, log.enabled()), out_(s.flush_each) {
        options_.unverified = s.source.unverified;
        options_.why_not = why_not_requested();
    }

    int run() {
        // NDJSON, one request a line, unless the first request line is not a JSON text by itself:
        // then the input may be one document over several lines (pretty-printed JSON), or NDJSON
        // whose first line is malformed, which document() tells apart.
        LineReader::Status status;
        do status = reader_.next();
        while ((status == LineReader::Status::line && is_blank(reader_.text())) ||
               (status == LineReader::Status::too_long && reader_.blank()));
        if (status == LineReader::Status::line && !nlohmann::json::accept(reader_.text())) return document();
        return finish(s_.threads > 1 ? batch_parallel(status) : batch(status));
    }

private:
    // The end of a batch: the exit code, once every answer is out.
    int finish(int code) {
        if (replay_failed_) return log_failed(replay_failed_);
        out_.flush();
        if (code != exit_ok) return code;
        if (out_.failed()) return output_failed();
        if (reader_.error() != 0) return read_failed();
        if (requests_ == 0) {
            std::cerr << "grondslag: no request on the input\n";
            return exit_input;
        }
        // A single malformed request is an input error; a batch goes on and reports per line.
        if (requests_ == 1 && !all_ok_) return exit_input;
        return exit_ok;
    }

    const DecideCommand& s_;
    const Policies& p_;
    DecideOptions options_;
    DecisionLog& log_;
    LineReader reader_;
    Output out_;
    std::size_t requests_ = 0;
    bool all_ok_ = true;
    std::size_t replay_failed_ = 0;  // the line whose log line could not be written while replaying

    int read_failed() {
        std::cerr << "grondslag: cannot read " << (s_.input.empty() || s_.input == "-" ? "stdin" : s_.input) << ": "
                  << std::strerror(reader_.error()) << "\n";
        return exit_input;
    }

    // An answer whose log line was not written is withheld; the answers before it were logged.
    int log_failed(std::size_t line) {
        out_.flush();
        std::cerr << "grondslag: the decision log could not be written at input line " << line << " ("
                  << log_.error() << "); no further decisions are made\n";
        return exit_write_failed;
    }

    // The answers already written stay; the one being written may be cut short. The decision log
    // holds every decision made, those whose answers were not written among them.
    int output_failed() {
        std::cerr << "grondslag: cannot write the answers to stdout: " << std::strerror(out_.failed())
                  << "; no further decisions are made (the output may end in an incomplete line, which is no answer)\n";
        return exit_write_failed;
    }

    static bool finished(LineReader::Status s) { return s == LineReader::Status::end || s == LineReader::Status::error; }

    // Adds lines to `b`, starting with the one just read (`status`), until it is full, the input
    // ends, or (with lines in it) the next line is not there yet: a producer that waits for an
    // answer before it sends more is not kept waiting. Returns the status of the line read next
    // and not yet added, or nothing when the next line is still to be read.
    std::optional<LineReader::Status> fill(Block& b, LineReader::Status status) {
        const bool logging = log_.enabled();
        for (;;) {
            if (finished(status)) return status;
            const bool blank = status == LineReader::Status::line ? is_blank(reader_.text()) : reader_.blank();
            if (!blank) b.add(reader_, status, logging);
            if (b.full() || (!b.entries.empty() && !reader_.ready())) return std::nullopt;
            status = reader_.next();
        }
    }

    // Answers lines already read (in `text`, as `kept` says) as batch lines, in blocks. Stops, as a
    // batch does, when the log or stdout cannot be written (finish() then says which).
    void replay(const std::string& text, const std::vector<Block::Entry>& kept) {
        Decider decider(p_, options_);
        Block b;
        for (std::size_t i = 0; i < kept.size() && !replay_failed_;) {
            b.clear();
            for (; i < kept.size() && !b.full(); ++i) {
                Block::Entry e = kept[i];
                e.begin = b.text.size();
                b.text.append(text, kept[i].begin, kept[i].size);
                b.entries.push_back(e);
            }
            decide_block(decider, b, log_.enabled());
            std::size_t failed_line = 0;
            if (!write(b, failed_line)) replay_failed_ = failed_line;
        }
    }

    // Writes a decided block: per answer, its log line first, then the answer.
    bool write(Block& b, std::size_t& failed_line) {
        all_ok_ &= b.all_ok;
        if (!log_.enabled() && !s_.flush_each) {  // the block's answer lines in one piece
            out_.lines(b.answers);
            requests_ += b.entries.size();
            return true;
        }
        std::size_t start = 0;
        for (std::size_t i = 0; i < b.entries.size(); ++i) {
            if (out_.failed()) return true;  // stopped: no more decisions are logged either
            const std::string_view answer(b.answers.data() + start, b.ends[i] - start);
            start = b.ends[i] + 1;
            if (log_.enabled() && !log_.record(std::string_view(b.hashes).substr(64 * i, 64), answer)) {
                failed_line = b.entries[i].line;
                return false;
            }
            out_.buffer() += answer;
            out_.end_line();
            ++requests_;
        }
        return true;
    }

    int batch(LineReader::Status first) {
        Decider decider(p_, options_);
        Block b;
        std::optional<LineReader::Status> next = first;
        for (;;) {
            const LineReader::Status status = next ? *next : reader_.next();
            if (finished(status)) break;
            b.clear();
            next = fill(b, status);
            decide_block(decider, b, log_.enabled());
            std::size_t failed_line = 0;
            if (!write(b, failed_line)) return log_failed(failed_line);
            if (out_.failed()) return output_failed();
        }
        return exit_ok;
    }

    // Blocks are decided on the worker threads and written here in input order. At most
    // 2 blocks per thread are in flight, which bounds the memory.
    int batch_parallel(LineReader::Status first) {
        const std::size_t window_size = 2 * static_cast<std::size_t>(s_.threads);
        std::vector<std::unique_ptr<Block>> blocks;
        std::vector<Block*> free;
        std::deque<Block*> window;
        Workers workers(s_.threads, p_, options_, log_.enabled());
        std::size_t failed_line = 0;
        bool failed = false;
        const auto write_front = [&] {
            Block* b = window.front();
            workers.wait(b);
            window.pop_front();
            if (!write(*b, failed_line) || out_.failed()) failed = true;
            free.push_back(b);
        };
        std::optional<LineReader::Status> next = first;
        while (!failed) {
            // Before waiting for more input, answer everything read so far.
            if (!next && !reader_.ready())
                while (!failed && !window.empty()) write_front();
            if (failed) break;
            const LineReader::Status status = next ? *next : reader_.next();
            if (finished(status)) break;
            if (free.empty()) {
                blocks.push_back(std::make_unique<Block>());
                free.push_back(blocks.back().get());
            }
            Block* b = free.back();
            free.pop_back();
            b->clear();
            next = fill(*b, status);
            if (b->entries.empty()) {
                free.push_back(b);
                continue;
            }
            workers.submit(b);
            window.push_back(b);
            while (!failed && !window.empty() && (window.size() >= window_size || workers.is_done(window.front())))
                write_front();
        }
        while (!failed && !window.empty()) write_front();
        if (failed) return out_.failed() && failed_line == 0 ? output_failed() : log_failed(failed_line);
        return exit_ok;  // ~Workers finishes any block still queued after a failure
    }

    // One request over several lines, read whole up to the limit; beyond it the rest is read
    // through (for the log's hash) but not kept, and the answer is a deny naming the limit.
    //
    // The input is NDJSON after all when its lines do not make one JSON document and some line after
    // the first is a JSON object by itself: a batch whose first request is malformed. Then every line
    // read so far is answered as a batch line (line numbers as read), and the rest as a batch.
    int document() {
        const bool logging = log_.enabled();
        std::string text;
        Sha256 hash;
        std::size_t over_at = 0;
        std::vector<Block::Entry> kept;  // the lines in `text`, while it is kept
        bool object_line = false;        // some line after the first is a JSON object by itself
        LineReader::Status status = LineReader::Status::line;
        for (; status != LineReader::Status::end && status != LineReader::Status::error; status = reader_.next()) {
            if (status == LineReader::Status::line && is_blank(reader_.text())) continue;
            if (status == LineReader::Status::too_long && reader_.blank()) continue;
            if (over_at == 0 && (status == LineReader::Status::too_long ||
                                 text.size() + reader_.text().size() + 1 > max_request_bytes)) {
                if (object_line) {
                    replay(text, kept);
                    if (replay_failed_ || out_.failed()) return finish(exit_ok);
                    return finish(s_.threads > 1 ? batch_parallel(status) : batch(status));
                }
                over_at = reader_.number();
                if (logging) hash.update(text);
                text = std::string();
            }
            if (over_at == 0) {
                const std::string_view line = reader_.text();
                if (!kept.empty() && !object_line) {
                    const std::size_t first = line.find_first_not_of(" \t\r");
                    object_line = first != std::string_view::npos && line[first] == '{' && nlohmann::json::accept(line);
                }
                kept.push_back(Block::Entry{text.size(), line.size(), reader_.number(), 0});
                text += line;
                text += '\n';
            } else if (logging) {
                if (status == LineReader::Status::too_long) {
                    // Only the length of such a line is known: stand in for its bytes with its hash.
                    hash.update(reader_.long_hash());
                } else {
                    hash.update(reader_.text());
                }
                hash.update("\n");
            }
        }
        if (status == LineReader::Status::error) return read_failed();
        if (over_at == 0 && object_line && !nlohmann::json::accept(text)) {
            replay(text, kept);
            return finish(exit_ok);
        }
        requests_ = 1;
        std::string& answer = out_.buffer();
        const std::size_t start = answer.size();
        Decider decider(p_, options_);
        if (over_at == 0) {
            all_ok_ = decider.decide_json(text, answer, 0);
        } else {
            decider.reject("the request, a JSON document over several lines, is over the limit of " +
                               std::to_string(max_request_bytes) + " bytes for one request at line " +
                               std::to_string(over_at) + "; it was not decided",
                           answer, over_at);
            all_ok_ = false;
        }
        const std::string digest = !logging ? std::string() : over_at == 0 ? sha256_hex(text) : hash.hex_digest();
        if (!log_.record(digest, std::string_view(answer).substr(start))) {
            answer.resize(start);
            return log_failed(1);
        }
        out_.end_line();
        out_.flush();
        if (out_.failed()) return output_failed();
        return all_ok_ ? exit_ok : exit_input;
    }
};

}  // namespace

DecideCommand& add_decide_command(CLI::App& app) {
    static DecideCommand c;
    c.command = app.add_subcommand("decide", "decide requests (JSON or NDJSON) against a verified policy set");
    c.command->add_option("--policies", c.source.dirs, "policy directory (repeatable); verified before serving")
        ->allow_extra_args(false);
    add_servable_options(*c.command, c.source);
    c.command->add_option("input", c.input, "request file (JSON or NDJSON); stdin when absent or '-'");
    c.command->add_option("--decision-log", c.decision_log, "append one JSON line per decision to FILE");
    c.command->add_flag("--flush", c.flush_each, "flush stdout after every answer");
    c.command->add_flag("--unverified", c.source.unverified,
                        "serve a policy set without verifying it; every answer then says \"unverified\": true");
    c.command->add_option("--timeout", c.source.timeout_ms, "timeout per Z3 check when verifying (ms)");
    c.command->add_option("--threads", c.threads, "decide a batch on N threads (1-256); the output is the same for every N")
        ->check(CLI::Range(1u, 256u));
    return c;
}

int run_decide(const DecideCommand& s) {
    if (s.source.dirs.empty() && s.source.bundle.empty()) {
        std::cerr << "grondslag: decide needs --policies DIR or --bundle FILE\n";
        return exit_input;
    }
    Policies p;
    if (!load_servable(s.source, p)) return exit_input;
    int fd = STDIN_FILENO;
    if (!s.input.empty() && s.input != "-") {
        fd = ::open(s.input.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            std::cerr << "grondslag: cannot read " << s.input << "\n";
            return exit_input;
        }
    }
    std::unique_ptr<DecisionLog> log;
    try {
        log = std::make_unique<DecisionLog>(s.decision_log);
    } catch (const std::exception& e) {
        std::cerr << "grondslag: cannot open the decision log: " << e.what() << "\n";
        return exit_input;
    }
    const int code = DecideRun(s, p, fd, *log).run();
    if (fd != STDIN_FILENO) ::close(fd);
    return code;
}

}  // namespace grondslag::cli
