// `grondslag verify`: prove properties of a policy set with Z3 (docs/verification.md).
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace grondslag::cli {

struct VerifyCommand {
    CLI::App* command = nullptr;
    std::vector<std::string> dirs;
    unsigned timeout_ms = 10000;
    unsigned memory_mb = 4096;
    double deadline_s = 0;  // 0: none
    bool json = false;
    bool verbose = false;  // the text report with every reach table and every SPEC, CRIM and NID permit's grounds
    std::string sarif_path;
    std::string sarif_root;  // SARIF file paths relative to this folder (default: the current one)
    std::string seal_path;
    std::string signing_key_path;  // an Ed25519 private key in PEM: the bundle is signed with it
};

// Registers the `verify` subcommand on `app`; the returned object lives as long as the program.
// It is run by run_verify (proofs.hpp).
VerifyCommand& add_verify_command(CLI::App& app);

}  // namespace grondslag::cli
