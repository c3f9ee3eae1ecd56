// `grondslag explain`: a readable account of one decision (docs/cli.md,
// docs/advisor-guide.md), and the `--why-not` option of `decide`.
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "servable.hpp"

namespace grondslag::cli {

struct ExplainCommand {
    CLI::App* command = nullptr;
    ServableSource source;  // --bundle, --policies, --unverified, --timeout
    std::string lang = "nl";
    std::string request;
    bool why_not = false;  // decide --why-not
};

// Registers `explain` on `app` and the --why-not flag on `decide`; the returned
// object lives as long as the program.
ExplainCommand& add_explain_command(CLI::App& app, CLI::App& decide);

// Whether `decide --why-not` was given.
bool why_not_requested();

// Exit codes: 0 the explanation was written, 2 input errors (no decision explained).
int run_explain(const ExplainCommand& command);

}  // namespace grondslag::cli
