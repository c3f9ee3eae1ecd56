// `grondslag lsp`: the language server for editors, over stdin and stdout (docs/advisor-guide.md).
#pragma once
#include <CLI/CLI.hpp>

namespace grondslag::cli {

struct LspCommand {
    CLI::App* command = nullptr;
};

LspCommand& add_lsp_command(CLI::App& app);

// Exit codes: 0 after the client's shutdown and exit, 1 when the input ends or breaks off before them.
int run_lsp(const LspCommand& command);

}  // namespace grondslag::cli
