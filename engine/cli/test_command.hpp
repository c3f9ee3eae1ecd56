// `grondslag test`: run the legal corpus against a policy set (docs/cli.md).
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace grondslag::cli {

struct TestCommand {
    CLI::App* command = nullptr;
    std::vector<std::string> dirs, corpus;
    bool coverage = false, verbose = false;
    double min_coverage = 0;  // percent; 0: no threshold
    std::string junit_path;
};

// Registers the `test` subcommand on `app`; the returned object lives as long as the program.
TestCommand& add_test_command(CLI::App& app);
int run_test(const TestCommand& command);

}  // namespace grondslag::cli
