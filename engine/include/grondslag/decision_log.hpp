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
    // Opens `path` for appending (created 0640 when missing). A path that is not a regular file (a
    // FIFO, a device, a directory) or cannot be opened throws std::exception with the reason. An empty
    // path: no log; record() then does nothing and succeeds.
    explicit DecisionLog(const std::string& path);
    ~DecisionLog();
    DecisionLog(const DecisionLog&) = delete;
    DecisionLog& operator=(const DecisionLog&) = delete;

    bool enabled() const;
    // Writes one line. `request_sha256` is the hex digest of the request text. False when the line was
    // not written: an audit trail with holes is not acceptable, so the caller stops deciding (error()).
    // One thread at a time.
    bool record(std::string_view request_sha256, std::string_view answer);
    const std::string& error() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace grondslag
