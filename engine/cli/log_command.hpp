// grondslag log report: what was decided about one person, from logbook-form decision logs (AVG art. 15).
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace grondslag::cli {

struct LogCommand {
    CLI::App* command = nullptr;
    CLI::App* report = nullptr;
    std::string subject, subject_key, lang = "nl", format = "md", out;
    std::vector<std::string> logs;
};

LogCommand& add_log_command(CLI::App& app);
int run_log(const LogCommand& command);

}  // namespace grondslag::cli
