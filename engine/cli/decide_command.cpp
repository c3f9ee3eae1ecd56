#include "decide_command.hpp"
#include "explain_command.hpp"
#include "log_options.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "grondslag/batch.hpp"
#include "grondslag/bundle.hpp"
#include "grondslag/decision_log.hpp"
#include "grondslag/input_limits.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/verify.hpp"
#include "grondslag/exit_code.hpp"
#include "line_reader.hpp"
#include "grondslag/safe_files.hpp"
#include "servable.hpp"
#include "grondslag/sha256.hpp"

namespace grondslag::cli {

namespace {


// Adds the line the reader holds to `b` (a line over the limit by its length and, for the log, hash).
void add_line(BatchBlock& b, const LineReader& reader, LineReader::Status status, bool logging) {
    if (status == LineReader::Status::too_long)
        b.add_too_long(reader.number(), reader.length(), logging ? reader.long_hash() : std::string());
    else
        b.add_line(reader.text(), reader.number());
}

// Reads the input, decides and writes: one instance per run.
class DecideRun {
public:
    DecideRun(const DecideCommand& s, const Policies& p, int fd, DecisionLog& log)
        : s_(s), p_(p), log_(log), reader_(fd, max_request_bytes, log.enabled()), out_(STDOUT_FILENO, s.flush_each) {
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
        return finish(parallel() ? batch_parallel(status) : batch(status));
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
    AnswerOutput out_;
    std::size_t requests_ = 0;
    bool all_ok_ = true;
    std::size_t replay_failed_ = 0;  // the line whose log line could not be written while replaying
    std::string log_error_;          // a record that could not be made (else the log's own error)

    int read_failed() {
        std::cerr << "grondslag: cannot read " << (s_.input.empty() || s_.input == "-" ? "stdin" : s_.input) << ": "
                  << std::strerror(reader_.error()) << "\n";
        return exit_input;
    }

    // An answer whose log line was not written is withheld; the answers before it were logged.
    int log_failed(std::size_t line) {
        out_.flush();
        std::cerr << "grondslag: the decision log could not be written at input line " << line << " ("
                  << (log_error_.empty() ? log_.error() : log_error_) << "); no further decisions are made\n";
        return exit_write_failed;
    }

    // The answers already written stay; the one being written may be cut short. The decision log
    // holds every decision made, those whose answers were not written among them.
    int output_failed() {
        std::cerr << "grondslag: cannot write the answers to stdout: " << std::strerror(out_.failed())
                  << "; no further decisions are made (the output may end in an incomplete line, which is no answer)\n";
        return exit_write_failed;
    }

    // Several deciding threads, or one beside this thread when there is a log: this thread then reads,
    // makes the records (hashes and text) and writes, while the other decides.
    bool parallel() const { return s_.threads > 1 || log_.enabled(); }

    static bool finished(LineReader::Status s) { return s == LineReader::Status::end || s == LineReader::Status::error; }

    // Adds lines to `b`, starting with the one just read (`status`), until it is full, the input
    // ends, or (with lines in it) the next line is not there yet: a producer that waits for an
    // answer before it sends more is not kept waiting. Returns the status of the line read next
    // and not yet added, or nothing when the next line is still to be read.
    std::optional<LineReader::Status> fill(BatchBlock& b, LineReader::Status status) {
        const bool logging = log_.enabled();
        for (;;) {
            if (finished(status)) return status;
            const bool blank = status == LineReader::Status::line ? is_blank(reader_.text()) : reader_.blank();
            if (!blank) add_line(b, reader_, status, logging);
            if (b.full() || (!b.entries.empty() && !reader_.ready())) return std::nullopt;
            status = reader_.next();
        }
    }

    // Answers lines already read (in `text`, as `kept` says) as batch lines, in blocks. Stops, as a
    // batch does, when the log or stdout cannot be written (finish() then says which).
    void replay(const std::string& text, const std::vector<BatchBlock::Entry>& kept) {
        Decider decider(p_, options_);
        BatchBlock b;
        for (std::size_t i = 0; i < kept.size() && !replay_failed_;) {
            b.clear();
            for (; i < kept.size() && !b.full(); ++i) {
                BatchBlock::Entry e = kept[i];
                e.begin = b.text.size();
                b.text.append(text, kept[i].begin, kept[i].size);
                b.entries.push_back(e);
            }
            decide_block(decider, b, &log_);
            log_block(log_, b);
            std::size_t failed_line = 0;
            if (!write(b, failed_line)) replay_failed_ = failed_line;
        }
    }

    // Writes a decided block: its log records (log_block) first, in one piece, then its answers.
    bool write(BatchBlock& b, std::size_t& failed_line) {
        if (out_.failed()) return true;  // stopped: no more decisions are logged either
        if (log_.enabled() && (!b.log_error.empty() || !log_.write(b.records))) {
            if (!b.log_error.empty()) log_error_ = b.log_error;
            failed_line = b.entries.front().line;
            return false;
        }
        all_ok_ &= b.all_ok;
        requests_ += b.entries.size();
        if (!s_.flush_each) {  // the block's answer lines in one piece
            out_.lines(b.answers);
            return true;
        }
        std::size_t start = 0;
        for (std::size_t i = 0; i < b.entries.size() && !out_.failed(); ++i) {
            out_.buffer() += std::string_view(b.answers.data() + start, b.ends[i] - start);
            start = b.ends[i] + 1;
            out_.end_line();
        }
        return true;
    }

    int batch(LineReader::Status first) {
        Decider decider(p_, options_);
        BatchBlock b;
        std::optional<LineReader::Status> next = first;
        for (;;) {
            const LineReader::Status status = next ? *next : reader_.next();
            if (finished(status)) break;
            b.clear();
            next = fill(b, status);
            decide_block(decider, b, &log_);
            log_block(log_, b);
            std::size_t failed_line = 0;
            if (!write(b, failed_line)) return log_failed(failed_line);
            if (out_.failed()) return output_failed();
        }
        return exit_ok;
    }

    // Blocks are decided on the worker threads; this thread reads them in, makes their log records in
    // input order, and hands them to the writer thread, which writes the records and then the answers.
    // In flight: at most 2 blocks per thread (4 with the log), and never more bytes of requests than 2 full
    // blocks per thread; as many may wait to be written. That bounds the memory (docs/reliability.md).
    int batch_parallel(LineReader::Status first) {
        // With the log, this thread makes a block's records between hand-overs; 4 blocks per thread queued
        // keep the deciding threads busy meanwhile (with 2 the one deciding thread stood idle for about a
        // third of a batch: 1.13 s against 0.82 s for 720,000 requests). Blocks of large requests are held
        // to the bytes of 2 full ones, so the worst case for memory is what it is without the log.
        const std::size_t threads = s_.threads;
        const std::size_t window_size = (log_.enabled() ? 4 : 2) * threads;
        const std::size_t window_byte_limit = 2 * threads * batch_block_bytes;
        std::size_t window_bytes = 0;
        std::vector<std::unique_ptr<BatchBlock>> blocks;
        std::vector<BatchBlock*> free;
        // Each block in flight with its request bytes as handed out (the deciding thread pads its text).
        std::deque<std::pair<BatchBlock*, std::size_t>> window;
        BatchWorkers workers(s_.threads, p_, options_, &log_);
        std::size_t failed_line = 0;
        BlockWriter writer([&](BatchBlock& b) { return write(b, failed_line) && !out_.failed(); });
        const auto hand_over_front = [&] {
            const auto [b, bytes] = window.front();
            workers.wait(b);
            window.pop_front();
            window_bytes -= bytes;
            log_block(log_, *b);
            writer.push(b);
        };
        const auto take_free = [&]() -> BatchBlock* {
            for (BatchBlock* done : writer.take_written(false)) free.push_back(done);
            if (free.empty() && blocks.size() >= 2 * window_size)
                for (BatchBlock* done : writer.take_written(true)) free.push_back(done);
            if (free.empty()) {
                blocks.push_back(std::make_unique<BatchBlock>());
                free.push_back(blocks.back().get());
            }
            BatchBlock* b = free.back();
            free.pop_back();
            return b;
        };
        std::optional<LineReader::Status> next = first;
        while (!writer.failed()) {
            // Before waiting for more input, answer everything read so far.
            if (!next && !reader_.ready())
                while (!window.empty()) hand_over_front();
            const LineReader::Status status = next ? *next : reader_.next();
            if (finished(status)) break;
            BatchBlock* b = take_free();
            b->clear();
            next = fill(*b, status);
            if (b->entries.empty()) {
                free.push_back(b);
                continue;
            }
            window.emplace_back(b, b->text.size());  // before it is handed out
            window_bytes += b->text.size();
            workers.submit(b);
            while (!window.empty() && (window.size() >= window_size || window_bytes > window_byte_limit || workers.is_done(window.front().first)))
                hand_over_front();
        }
        while (!window.empty()) hand_over_front();
        writer.finish();
        if (writer.failed()) return out_.failed() && failed_line == 0 ? output_failed() : log_failed(failed_line);
        return exit_ok;  // ~BatchWorkers finishes any block still queued after a failure
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
        std::vector<BatchBlock::Entry> kept;  // the lines in `text`, while it is kept
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
                    return finish(parallel() ? batch_parallel(status) : batch(status));
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
                kept.push_back(BatchBlock::Entry{text.size(), line.size(), reader_.number(), 0});
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
        if (logging) {
            const std::string digest = over_at == 0 ? sha256_hex(text) : hash.hex_digest();
            std::string record;
            try {
                log_.append_record(decider, digest, std::string_view(answer).substr(start), record);
            } catch (const std::exception& error) {
                log_error_ = error.what();
            }
            if (!log_error_.empty() || !log_.write(record)) {
                answer.resize(start);
                return log_failed(1);
            }
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
    add_decision_log_options(*c.command, c.decision_log_format, c.subject_key);
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
    DecisionLog::Options log_options;
    if (!decision_log_options(s.decision_log_format, s.subject_key, log_options)) return exit_input;
    std::unique_ptr<DecisionLog> log;
    try {
        log = std::make_unique<DecisionLog>(s.decision_log, log_options);
    } catch (const std::exception& e) {
        std::cerr << "grondslag: cannot open the decision log: " << e.what() << "\n";
        return exit_input;
    }
    const int code = DecideRun(s, p, fd, *log).run();
    if (fd != STDIN_FILENO) ::close(fd);
    return code;
}

}  // namespace grondslag::cli
