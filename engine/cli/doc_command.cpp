#include "doc_command.hpp"

#include <chrono>
#include <fstream>
#include <iostream>

#include "grondslag/docgen.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/exit_code.hpp"
#include "grondslag/safe_files.hpp"

namespace grondslag::cli {

namespace {


bool load(const std::vector<std::string>& dirs, Policies& out) {
    out = Policies::load_directories(dirs);
    const std::string diagnostics = out.render_diagnostics();
    if (!diagnostics.empty()) std::cerr << diagnostics;
    if (!out.ok()) {
        std::cerr << "grondslag: the policy set has errors; no documentation is written\n";
        return false;
    }
    return true;
}

int run_doc(const DocCommands& c) {
    Policies policies;
    if (!load(c.doc_dirs, policies)) return exit_input;
    docgen::DocOptions options;
    options.as_of = c.as_of;
    options.lang = c.lang == "en" ? docgen::Lang::en : docgen::Lang::nl;
    try {
        const auto start = std::chrono::steady_clock::now();
        const docgen::DocResult result = docgen::write_documentation(policies, options, c.out_dir);
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
        for (const auto& note : result.notes) std::cerr << "note: " << note << "\n";
        std::cout << "wrote " << result.files.size() << " files to " << c.out_dir << " (as of " << c.as_of << ", "
                  << c.lang << ", " << ms << " ms):";
        for (const auto& f : result.files) std::cout << " " << f;
        std::cout << "\n";
    } catch (const std::exception& e) {
        std::cerr << "grondslag: " << e.what() << "\n";
        return exit_input;
    }
    return exit_ok;
}

int run_export(const DocCommands& c) {
    if (!c.dpv) {
        std::cerr << "grondslag: export needs a format: --dpv\n";
        return exit_input;
    }
    Policies policies;
    if (!load(c.export_dirs, policies)) return exit_input;
    try {
        docgen::DpvOptions options;
        options.as_of = c.export_as_of;
        const std::string text = docgen::dpv_jsonld(policies, options).dump(2) + "\n";
        if (c.out_file.empty() || c.out_file == "-") {
            std::cout << text;
        } else {
            std::string error;
            if (!replace_file(c.out_file, text, error)) {
                std::cerr << "grondslag: " << error << "\n";
                return exit_input;
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "grondslag: " << e.what() << "\n";
        return exit_input;
    }
    return exit_ok;
}

}  // namespace

DocCommands& add_doc_commands(CLI::App& app) {
    static DocCommands c;
    c.doc = app.add_subcommand("doc", "write the register of processing (AVG art. 30), the data-flow diagram, the "
                                      "timeline and an index for the policies in force on a date");
    c.doc->add_option("--as-of", c.as_of, "the date (YYYY-MM-DD): provisions and rules in force on it")->required();
    c.doc->add_option("--lang", c.lang, "language of labels and headings (default nl)")
        ->check(CLI::IsMember({"nl", "en"}));
    c.doc->add_option("--out", c.out_dir, "output directory (created when missing)")->required();
    c.doc->add_option("--policies", c.doc_dirs, "policy directory (repeatable)")->required()->allow_extra_args(false);

    c.export_ = app.add_subcommand("export", "export the policies in another vocabulary");
    c.export_->add_flag("--dpv", c.dpv, "as W3C Data Privacy Vocabulary (DPV) JSON-LD");
    c.export_->add_option("--policies", c.export_dirs, "policy directory (repeatable; default policies)")
        ->allow_extra_args(false);
    c.export_->add_option("--as-of", c.export_as_of, "only the rules and provisions in force on this date (YYYY-MM-DD)");
    c.export_->add_option("--out", c.out_file, "output file (default stdout)");
    return c;
}

int run_doc_commands(const DocCommands& c) {
    if (c.doc && *c.doc) return run_doc(c);
    if (c.export_dirs.empty()) {
        DocCommands copy = c;
        copy.export_dirs = {"policies"};
        return run_export(copy);
    }
    return run_export(c);
}

}  // namespace grondslag::cli
