// The Z3 side of proofs.hpp, linked into grondslag-prove.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>

#include "grondslag/bundle.hpp"
#include "grondslag/diff.hpp"
#include "grondslag/verify.hpp"
#include "grondslag/exit_code.hpp"
#include "keys.hpp"
#include "proofs.hpp"
#include "grondslag/safe_files.hpp"

namespace grondslag::cli {

void keep_command_line(int, char**) {}

bool ready_to_verify() { return true; }

bool verify_for_serving(const Policies& policies, const ServableSource& source) {
    VerifyOptions options;
    options.timeout_ms = source.timeout_ms;
    const VerifyReport report = verify(policies, options);
    if (report.exit_code() == exit_ok) return true;
    std::cerr << "grondslag: the policy set did not pass verification (" << report.violations() << " violation(s), "
              << report.unknowns.size() << " unknown check(s)); " << source.refused << ". Run `grondslag verify` "
              << "for the findings, or pass --unverified to serve it anyway.\n";
    return false;
}

namespace {

// Reports and bundles replace their file whole, every write checked (safe_files.hpp).
bool write_file(const std::string& path, const std::string& text) {
    std::string error;
    if (replace_file(path, text, error)) return true;
    std::cerr << "grondslag: " << error << "\n";
    return false;
}

}  // namespace

int run_verify(const VerifyCommand& command) {
    // The key is read before the proof, so a wrong key costs no verification run.
    std::optional<SigningKey> key;
    if (!command.signing_key_path.empty() && !(key = read_signing_key(command.signing_key_path))) return exit_input;
    const auto start = std::chrono::steady_clock::now();  // the deadline counts the loading too
    Policies policies = Policies::load_directories(command.dirs);
    const std::string diagnostics = policies.render_diagnostics();
    if (!diagnostics.empty()) std::cerr << diagnostics;

    VerifyOptions options;
    options.timeout_ms = command.timeout_ms;
    options.memory_mb = command.memory_mb;
    // At most a year: a larger number of seconds would overflow the clock's nanoseconds.
    if (command.deadline_s > 0)
        options.deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                       std::chrono::duration<double>(std::min(command.deadline_s, 365.0 * 86400)));
    const bool terminal = isatty(STDERR_FILENO) != 0;
    if (terminal && !command.json)
        options.progress = [](const std::string& what) { std::cerr << "verifying: " << what << "...\n"; };
    options.keep_solver_memory = true;  // the process ends after the report
    const VerifyReport report = verify(policies, options);

    if (!command.sarif_path.empty() && !write_file(command.sarif_path, report.to_sarif(command.sarif_root.empty() ? std::filesystem::current_path().string() : command.sarif_root).dump(2) + "\n")) return exit_input;
    // Sealed whatever the outcome: a bundle records its result, and `decide` refuses one that failed.
    if (!command.seal_path.empty() && report.error.empty() && !write_file(command.seal_path, seal_bundle(policies, report, key ? &*key : nullptr)))
        return exit_input;
    if (command.json) std::cout << report.to_json().dump(2) << "\n";
    else if (!report.error.empty()) std::cerr << "grondslag: " << report.error << "\n";
    else std::cout << report.to_text(command.verbose);
    return report.exit_code();
}

int run_diff(const DiffCommand& c) {
    std::vector<std::string> old_dirs{c.old_dir}, new_dirs{c.new_dir};
    old_dirs.insert(old_dirs.end(), c.old_modules.begin(), c.old_modules.end());
    new_dirs.insert(new_dirs.end(), c.new_modules.begin(), c.new_modules.end());
    const Policies old_set = Policies::load_directories(old_dirs);
    const Policies new_set = Policies::load_directories(new_dirs);
    for (const Policies* p : {&old_set, &new_set}) {
        const std::string diagnostics = p->render_diagnostics();
        if (!diagnostics.empty()) std::cerr << diagnostics;
    }
    DiffOptions options;
    options.timeout_ms = c.timeout_ms;
    options.memory_mb = c.memory_mb;
    options.max_regions = c.max_regions;
    options.deny_reasons = !c.ignore_deny_reasons;
    options.old_label = c.old_label.empty() ? c.old_dir : c.old_label;
    options.new_label = c.new_label.empty() ? c.new_dir : c.new_label;
    const DiffReport report = diff(old_set, new_set, options);
    const DiffReport::FailOn fail_on = c.fail_on == "widen" ? DiffReport::FailOn::widen
                                       : c.fail_on == "none" ? DiffReport::FailOn::none
                                                             : DiffReport::FailOn::any;
    bool written = true;
    if (!c.sarif_path.empty()) written &= write_file(c.sarif_path, report.to_sarif(fail_on, c.sarif_root.empty() ? std::filesystem::current_path().string() : c.sarif_root).dump(2) + "\n");
    if (!c.junit_path.empty()) written &= write_file(c.junit_path, report.to_junit(fail_on));
    if (!c.markdown_path.empty()) written &= write_file(c.markdown_path, report.to_markdown());
    if (c.json) std::cout << report.to_json().dump(2) << "\n";
    else if (!report.error.empty()) std::cerr << "grondslag: " << report.error << "\n";
    else std::cout << report.to_text();
    if (!written) return exit_input;
    return report.exit_code(fail_on);
}

}  // namespace grondslag::cli
