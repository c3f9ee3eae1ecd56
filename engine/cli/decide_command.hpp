// `grondslag decide`: answer requests of the decision contract from a verified policy set
// (docs/cli.md), one request or an NDJSON batch, on one or more threads.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "servable.hpp"

namespace grondslag::cli {

struct DecideCommand {
    CLI::App* command = nullptr;
    ServableSource source;  // --bundle, --policies, --unverified, --timeout
    std::string input;
    std::string decision_log;
    std::string decision_log_format = "logbook";  // or "grondslag"
    std::string subject_key;                        // the HMAC key file of the logbook
    bool flush_each = false;
    unsigned threads = 1;
};

// Registers the `decide` subcommand on `app`; the returned object lives as long as the program.
DecideCommand& add_decide_command(CLI::App& app);

// Exit codes: 0 answers written, 2 input errors (no decisions, or one malformed request),
// 4 the decision log could not be written.
int run_decide(const DecideCommand& command);

}  // namespace grondslag::cli
