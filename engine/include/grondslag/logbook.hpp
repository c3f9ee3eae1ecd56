// A decision as a record of the Logboek Dataverwerkingen (Logius): one OpenTelemetry span as a JSON
// line, with the dpl.core.* attributes and the receipt of the decision. The person and the request's id
// are never written in the clear: only as HMAC-SHA-256 under the operator's subject key, and left out
// without one (docs/serve.md, "The decision log").
#pragma once
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace grondslag {

struct LogbookContext {
    std::string_view bundle_sha256;  // the served bundle's digest, when served from one
    std::string_view signer;         // its signer's key id, when checked
    std::string_view subject_key;    // the HMAC key's bytes; empty: no subject and no id in the record
    std::string_view traceparent;    // a W3C traceparent header; empty: the request's field, or a new trace
    std::chrono::system_clock::time_point start, end;  // the epoch: the time the record is written
};

// The record of a decision is written by the Decider that made it (Decider::append_logbook_record), or in
// a decision log's form by DecisionLog::append_record.

class Decider;

// Decisions kept for their records, so that the thread that writes the log formats them and the deciding
// thread only copies what a record names (a batch's records cost the deciding threads a tenth of what
// formatting them did; docs/performance.md, "The decision log"). Filled by Decider::capture_logbook_record.
class LogbookCapture {
public:
    LogbookCapture();
    ~LogbookCapture();
    LogbookCapture(LogbookCapture&&) noexcept;
    LogbookCapture& operator=(LogbookCapture&&) noexcept;

    void clear();
    std::size_t size() const;
    // Appends the record (one line, no newline) of capture `index`, as Decider::append_logbook_record
    // wrote it when the decision was made (its time is the decision's). Throws std::out_of_range for an
    // index not captured, std::runtime_error when libcrypto fails.
    void append_record(std::size_t index, const LogbookContext& context, std::string_view request_sha256,
                       std::string& out) const;

private:
    friend class Decider;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The pseudonym the logbook records for a subject reference under a key ("hmac-sha256:<hex>").
std::string logbook_subject_hash(std::string_view subject_key, std::string_view subject);

// An access report (AVG art. 15) for one person: every decision in the logbook records whose subject hash
// is theirs, in Markdown or HTML, in Dutch or English. Lines that are not logbook records are skipped and
// counted in the report; a record that is not JSON is reported, never silently dropped.
struct AccessReportOptions {
    std::string subject;      // the reference the person or the caller used
    std::string subject_key;  // the key's bytes
    bool english = false;
    bool html = false;
};
struct AccessReport {
    std::string text;
    std::size_t records = 0, matched = 0, unreadable = 0;
};
// Fed one log line at a time, so a log of any size is read once and not held.
class AccessReporter {
public:
    explicit AccessReporter(AccessReportOptions options);
    void add(std::string_view line);
    AccessReport finish() const;

private:
    AccessReportOptions options_;
    std::string hash_;
    std::vector<std::vector<std::string>> rows_;
    std::size_t records_ = 0, matched_ = 0, unreadable_ = 0;
};

}  // namespace grondslag
