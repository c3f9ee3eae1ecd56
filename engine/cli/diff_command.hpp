// `grondslag diff OLD NEW`: every change in decisions between two policy sets (docs/ci.md).
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace grondslag::cli {

struct DiffCommand {
    CLI::App* command = nullptr;
    std::string old_dir, new_dir;
    std::vector<std::string> old_modules, new_modules;
    std::string old_label, new_label;
    std::string fail_on = "any";
    unsigned timeout_ms = 10000;
    unsigned memory_mb = 4096;
    std::size_t max_regions = 5000;
    bool json = false;
    bool ignore_deny_reasons = false;
    std::string sarif_path, junit_path, markdown_path;
    std::string sarif_root;  // SARIF file paths relative to this folder (default: the current one)
};

// Registers the `diff` subcommand on `app`; the returned object lives as long as the program.
// It is run by run_diff (proofs.hpp).
DiffCommand& add_diff_command(CLI::App& app);

}  // namespace grondslag::cli
