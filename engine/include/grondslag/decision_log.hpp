// The decision log: one JSON line per decision, {"time", "request": "sha256:...", "answer"}, each
// written whole with one write(2) on an O_APPEND file before its answer is given, so a process killed
// at any moment leaves no torn line and no answer that was not logged (docs/reliability.md).
#pragma once
#include <memory>
#include <string>
#include <string_view>

namespace grondslag {

class DecisionLog {
public:
    // The record's form: `grondslag` ({"time","request","answer"}) or `logbook`: the Logboek
    // Dataverwerkingen's OpenTelemetry span (grondslag/logbook.hpp), the person and the request's id
    // only as HMAC-SHA-256 under `subject_key`.
    enum class Format { grondslag, logbook };
    struct Options {
        Format format = Format::grondslag;
        std::string subject_key;              // bytes of the HMAC key (logbook)
        std::string bundle_sha256, signer;    // of the served bundle (logbook)
    };

    // Opens `path` for appending (created 0640 when missing). A path that is not a regular file (a
    // FIFO, a device, a directory) or cannot be opened throws std::exception with the reason. An empty
    // path: no log; record() then does nothing and succeeds.
    explicit DecisionLog(const std::string& path);
    DecisionLog(const std::string& path, Options options);
    // The served bundle changed (serve's reload): later logbook records name the new one.
    void set_bundle(std::string bundle_sha256, std::string signer);
    ~DecisionLog();
    DecisionLog(const DecisionLog&) = delete;
    DecisionLog& operator=(const DecisionLog&) = delete;

    bool enabled() const;
    // Writes one line. `request_sha256` is the hex digest of the request text. False when the line was
    // not written: an audit trail with holes is not acceptable, so the caller stops deciding (error()).
    // One thread at a time.
    // `request`: its text, for the logbook's receipt (empty when not kept); `traceparent`: a W3C header.
    bool record(std::string_view request_sha256, std::string_view answer, std::string_view request = {},
                std::string_view traceparent = {});
    const std::string& error() const;

private:
    struct Impl;
    static bool write_line(Impl& d);
    std::unique_ptr<Impl> impl_;
};

}  // namespace grondslag
