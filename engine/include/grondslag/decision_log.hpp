// The decision log: one JSON line per decision (a Logboek Dataverwerkingen span, or the request's hash and
// the answer), written in whole lines with one write(2) per batch of records on an O_APPEND file before
// any of their answers is given, so a process killed at any moment leaves no answer that was not logged
// and at most one torn line, which the next open ends (docs/reliability.md).
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace grondslag {

class Decider;
class LogbookCapture;
struct LogbookContext;

class DecisionLog {
public:
    // The record's form: `logbook` (the default): the Logboek Dataverwerkingen's OpenTelemetry span
    // (grondslag/logbook.hpp), the person and the request's id only as HMAC-SHA-256 under `subject_key`;
    // or `grondslag`: {"time","request","answer"}, the answer as given.
    enum class Format { grondslag, logbook };
    struct Options {
        Format format = Format::logbook;
        std::string subject_key;              // bytes of the HMAC key (logbook)
        std::string bundle_sha256, signer;    // of the served bundle (logbook), unless a record names its own
    };

    // Opens `path` for appending (created 0640 when missing). A path that is not a regular file (a
    // FIFO, a device, a directory) or cannot be opened throws std::exception with the reason. An empty
    // path: no log; write() then does nothing and succeeds.
    explicit DecisionLog(const std::string& path);
    DecisionLog(const std::string& path, Options options);
    ~DecisionLog();
    DecisionLog(const DecisionLog&) = delete;
    DecisionLog& operator=(const DecisionLog&) = delete;

    bool enabled() const;
    const Options& options() const;

    // Appends to `records` the record, with its newline, of the decision `decider` made last (decide_json
    // or reject): `request_sha256` is the hex digest of the request text, `answer` the answer it gave.
    // `context` gives the traceparent header and, for a server whose bundle changes, the bundle that
    // decided; the subject key is the log's. Safe to call from several threads (one Decider each).
    // Throws std::runtime_error when libcrypto fails (the caller then stops deciding, as for write()).
    void append_record(Decider& decider, std::string_view request_sha256, std::string_view answer, std::string& records,
                       const LogbookContext* context = nullptr) const;

    // The same record for a decision kept in `capture` (index `index`) by Decider::capture_logbook_record
    // on a deciding thread, appended here on the thread that writes the log. `capture` is not read in the
    // grondslag form (its record is the answer's).
    void append_captured_record(const LogbookCapture& capture, std::size_t index, std::string_view request_sha256,
                                std::string_view answer, std::string& records) const;

    // Writes `records` (whole lines, each ending in a newline) with one write(2), before any of their
    // answers is given. False when they were not written: an audit trail with holes is not acceptable,
    // so the caller stops deciding (error()). One thread at a time.
    bool write(std::string_view records);
    const std::string& error() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace grondslag
