// `grondslag fmt`: rewrite policy files in the canonical layout (docs/cli.md).
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace grondslag::cli {

struct FmtCommand {
    CLI::App* command = nullptr;
    std::vector<std::string> paths;  // files, directories (every *.gsl below), or '-' for stdin
    bool check = false;
    bool to_stdout = false;
};

// Registers the `fmt` subcommand on `app`; the returned object lives as long as the program.
FmtCommand& add_fmt_command(CLI::App& app);

// Exit codes: 0 formatted (or, with --check, already formatted), 1 --check found unformatted
// files, 2 a file does not parse or cannot be read or written.
int run_fmt(const FmtCommand& command);

}  // namespace grondslag::cli
