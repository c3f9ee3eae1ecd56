#include "lsp_command.hpp"

#include <iostream>

#include "grondslag/language_server.hpp"

namespace grondslag::cli {

LspCommand& add_lsp_command(CLI::App& app) {
    static LspCommand c;
    c.command = app.add_subcommand("lsp",
                                   "a Language Server over stdin/stdout for editors: the checker's diagnostics as you type, hover, "
                                   "go to definition, completion of declared names, formatting; exit 0 after shutdown and exit");
    return c;
}

int run_lsp(const LspCommand&) {
    // The protocol is bytes with Content-Length headers: no translation, and no tie between the streams.
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    return run_language_server(std::cin, std::cout);
}

}  // namespace grondslag::cli
