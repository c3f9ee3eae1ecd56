// The decision log's options, worded alike for decide and serve: its form and the subject key.
#pragma once
#include <string>

#include <CLI/CLI.hpp>

#include "grondslag/decision_log.hpp"

namespace grondslag::cli {

void add_decision_log_options(CLI::App& command, std::string& format, std::string& subject_key_file);
// Fills `options` from them; false (after saying why on stderr) when the key file cannot be used.
bool decision_log_options(const std::string& format, const std::string& subject_key_file, DecisionLog::Options& options);

}  // namespace grondslag::cli
