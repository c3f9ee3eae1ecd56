#include "verify_command.hpp"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "grondslag/bundle.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/verify.hpp"

namespace grondslag::cli {

VerifyCommand& add_verify_command(CLI::App& app) {
    static VerifyCommand command;
    command.command = app.add_subcommand(
        "verify", "prove with Z3 that a policy set is consistent, lawful in its grounds and data-minimal; "
                  "exit 0 proven, 1 violations, 2 input errors, 3 unknown");
    command.command->add_option("--policies", command.dirs, "policy directory (repeatable)")->required()->allow_extra_args(false);
    command.command->add_option("--timeout", command.timeout_ms, "timeout per Z3 check in milliseconds (default 10000)")
        ->check(CLI::PositiveNumber);
    command.command->add_option("--memory", command.memory_mb, "Z3's memory limit in MB (default 4096); reaching it is unknown (exit 3)")
        ->check(CLI::PositiveNumber);
    command.command->add_flag("--json", command.json, "write the report as JSON on stdout");
    command.command->add_option("--sarif", command.sarif_path, "also write the findings as SARIF 2.1.0 to FILE");
    command.command->add_option("--seal", command.seal_path,
                                "write a bundle (sources, hash, verification result) to FILE for `decide --bundle`");
    return command;
}

int run_verify(const VerifyCommand& command) {
    Policies policies = Policies::load_directories(command.dirs);
    const std::string diagnostics = policies.render_diagnostics();
    if (!diagnostics.empty()) std::cerr << diagnostics;

    VerifyOptions options;
    options.timeout_ms = command.timeout_ms;
    options.memory_mb = command.memory_mb;
    const bool terminal = isatty(STDERR_FILENO) != 0;
    if (terminal && !command.json)
        options.progress = [](const std::string& what) { std::cerr << "verifying: " << what << "...\n"; };
    const VerifyReport report = verify(policies, options);

    if (!command.sarif_path.empty()) {
        std::ofstream out(command.sarif_path);
        out << report.to_sarif().dump(2) << "\n";
        if (!out) {
            std::cerr << "grondslag: cannot write " << command.sarif_path << "\n";
            return 2;
        }
    }
    if (!command.seal_path.empty() && report.error.empty()) {
        // Sealed whatever the outcome: a bundle records its result, and `decide` refuses one that failed.
        std::ofstream out(command.seal_path);
        out << seal_bundle(policies, report);
        if (!out) {
            std::cerr << "grondslag: cannot write " << command.seal_path << "\n";
            return 2;
        }
    }
    if (command.json) std::cout << report.to_json().dump(2) << "\n";
    else if (!report.error.empty()) std::cerr << "grondslag: " << report.error << "\n";
    else std::cout << report.to_text();
    return report.exit_code();
}

}  // namespace grondslag::cli
