#include "verify_command.hpp"

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
    command.command->add_option("--deadline", command.deadline_s,
                                "end the whole run within SECONDS, loading included; the checks not run by then are "
                                "unknown (exit 3)")
        ->check(CLI::PositiveNumber);
    command.command->add_flag("--json", command.json, "write the report as JSON on stdout");
    command.command->add_flag("--verbose", command.verbose,
                              "the text report with every purpose's reach table and every SPEC, CRIM and NID permit's grounds");
    command.command->add_option("--sarif", command.sarif_path, "also write the findings as SARIF 2.1.0 to FILE");
    command.command->add_option("--sarif-root", command.sarif_root,
                                "write the SARIF file paths relative to DIR (default: the current folder)");
    command.command->add_option("--seal", command.seal_path,
                                "write a bundle (sources, hash, verification result) to FILE for `decide --bundle`");
    command.command->add_option("--signing-key", command.signing_key_path,
                                "sign the bundle with this Ed25519 private key (PEM; openssl genpkey -algorithm ed25519)")
        ->needs("--seal");
    return command;
}

}  // namespace grondslag::cli
