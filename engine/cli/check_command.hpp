// `grondslag check`: parse, resolve and check a policy set (docs/cli.md).
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace grondslag::cli {

struct CheckCommand {
    CLI::App* command = nullptr;
    std::vector<std::string> dirs;
};

// Registers the `check` subcommand on `app`; the returned object lives as long as the program.
CheckCommand& add_check_command(CLI::App& app);
int run_check(const CheckCommand& command);

}  // namespace grondslag::cli
