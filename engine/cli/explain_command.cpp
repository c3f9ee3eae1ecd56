#include "explain_command.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "grondslag/bundle.hpp"
#include "grondslag/explain.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/input_limits.hpp"
#include "grondslag/exit_code.hpp"
#include "decide_command.hpp"
#include "servable.hpp"

namespace grondslag::cli {

namespace {


bool is_blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

namespace {
ExplainCommand command;
}

bool why_not_requested() { return command.why_not; }

ExplainCommand& add_explain_command(CLI::App& app, CLI::App& decide) {
    decide.add_flag("--why-not", command.why_not,
                    "add to each denied item a why_not array: per candidate permit what fails, is missing or blocks it");
    command.source.refused = "no decision is explained";
    command.command = app.add_subcommand("explain", "explain one decision in words: the rules, the facts, and what would have to change");
    command.command->add_option("--lang", command.lang, "language of the explanation: nl (default) or en")
        ->check(CLI::IsMember({"nl", "en"}));
    command.command->add_option("--policies", command.source.dirs, "policy directory (repeatable); verified first, as for decide")
        ->allow_extra_args(false);
    add_servable_options(*command.command, command.source);
    command.command->add_flag("--unverified", command.source.unverified, "explain with a policy set from --policies without verifying it");
    command.command->add_option("--timeout", command.source.timeout_ms, "timeout per Z3 check when verifying (ms)");
    command.command->add_option("request", command.request, "the request (one JSON document); '-' for stdin")->required();
    return command;
}

int run_explain(const ExplainCommand& c) {
    if (c.source.dirs.empty() && c.source.bundle.empty()) {
        std::cerr << "grondslag: explain needs --policies DIR or --bundle FILE\n";
        return exit_input;
    }
    if (!c.source.dirs.empty() && !c.source.bundle.empty()) {
        std::cerr << "grondslag: explain takes --policies or --bundle, not both\n";
        return exit_input;
    }
    // The set first: a hand-over to the prover (proofs.hpp) must find the request unread.
    Policies policies;
    if (!load_servable(c.source, policies)) return exit_input;
    std::string text, why;
    if (!read_file_within(c.request, max_request_bytes, "one request", text, why)) {
        std::cerr << "grondslag: " << why << "\n";
        return exit_input;
    }
    if (is_blank(text)) {
        std::cerr << "grondslag: no request on the input\n";
        return exit_input;
    }
    // One request: NDJSON with several lines is refused rather than half explained.
    if (!nlohmann::json::accept(text)) {
        const auto end = text.find('\n', text.find_first_not_of(" \t\r\n"));
        if (end != std::string::npos && nlohmann::json::accept(text.substr(0, end)) && !is_blank(text.substr(end))) {
            std::cerr << "grondslag: explain takes one request; the input holds several (explain them one at a time)\n";
            return exit_input;
        }
    }
    const Explanation e = explain(policies, text);
    if (!e.ok) {
        std::cerr << "grondslag: the request is malformed: " << (e.error_path.empty() ? "/" : e.error_path) << ": "
                  << e.error_message << "\n";
        return exit_input;
    }
    std::cout << render_explanation(e, c.lang == "en" ? Language::en : Language::nl);
    if (c.source.unverified)
        std::cout << (c.lang == "en" ? "(The policy set was not verified.)\n" : "(De regelset is niet geverifieerd.)\n");
    return exit_ok;
}

}  // namespace grondslag::cli
