// `grondslag doc` (register, data-flow diagram, timeline, index) and
// `grondslag export --dpv` (W3C Data Privacy Vocabulary JSON-LD).
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace grondslag::cli {

struct DocCommands {
    CLI::App* doc = nullptr;
    std::vector<std::string> doc_dirs;
    std::string as_of;
    std::string lang = "nl";
    std::string out_dir;

    CLI::App* export_ = nullptr;
    std::vector<std::string> export_dirs;
    bool dpv = false;
    std::string export_as_of;
    std::string out_file;

    bool selected() const { return (doc && *doc) || (export_ && *export_); }
};

// Registers `doc` and `export` on `app`; the returned object lives as long as the program.
DocCommands& add_doc_commands(CLI::App& app);

// Exit codes: 0 written, 2 input errors (policy errors, bad date, unwritable output).
int run_doc_commands(const DocCommands& commands);

}  // namespace grondslag::cli
