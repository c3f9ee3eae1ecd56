// grondslag serve: decisions over HTTP from a sealed bundle (docs/serve.md).
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace grondslag::cli {

struct ServeCommand {
    CLI::App* command = nullptr;
    std::string bundle;
    std::vector<std::string> verification_keys;
    std::string listen = "127.0.0.1:8181";
    std::string decision_log;
    std::string decision_log_format = "logbook";
    std::size_t max_waiting = 64;
    std::string subject_key;
    std::string token_file;
    std::string tls_cert, tls_key;
    std::vector<std::string> corpus;  // legal test cases run against each set loaded (GET /v1/coverage)
    unsigned threads = 16;  // event loops, one thread each; an open connection holds no thread
};

ServeCommand& add_serve_command(CLI::App& app);
int run_serve(const ServeCommand& command);

}  // namespace grondslag::cli
