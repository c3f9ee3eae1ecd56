#include "log_options.hpp"

#include <iostream>

#include "grondslag/input_limits.hpp"

namespace grondslag::cli {

void add_decision_log_options(CLI::App& command, std::string& format, std::string& subject_key_file) {
    command.add_option("--decision-log-format", format,
                       "logbook (the default; the Logboek Dataverwerkingen: an OpenTelemetry span per decision, the "
                       "person and the id only as keyed hashes) or grondslag (the request's hash and the answer)")
        ->check(CLI::IsMember({"grondslag", "logbook"}));
    command.add_option("--subject-key", subject_key_file,
                       "file whose bytes key the HMAC-SHA-256 of the request's subject and id in the logbook (at least 32 bytes)");
}

bool decision_log_options(const std::string& format, const std::string& subject_key_file, DecisionLog::Options& options) {
    options.format = format == "logbook" ? DecisionLog::Format::logbook : DecisionLog::Format::grondslag;
    if (subject_key_file.empty()) return true;
    if (options.format != DecisionLog::Format::logbook) {
        std::cerr << "grondslag: --subject-key keys the logbook's hashes: give --decision-log-format logbook\n";
        return false;
    }
    std::string why;
    if (!read_regular_file_within(subject_key_file, 4096, "a subject key", options.subject_key, why)) {
        std::cerr << "grondslag: " << why << "\n";
        return false;
    }
    if (options.subject_key.size() < 32) {
        std::cerr << "grondslag: the subject key " << subject_key_file << " has " << options.subject_key.size()
                  << " bytes; a key of at least 32 random bytes is needed (head -c 32 /dev/urandom > FILE)\n";
        return false;
    }
    return true;
}

}  // namespace grondslag::cli
