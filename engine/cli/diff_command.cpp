#include "diff_command.hpp"

#include <unistd.h>

#include <fstream>
#include <iostream>

#include "grondslag/diff.hpp"
#include "grondslag/grondslag.hpp"

namespace grondslag::cli {

DiffCommand& add_diff_command(CLI::App& app) {
    static DiffCommand c;
    c.command = app.add_subcommand(
        "diff", "every region of requests decided differently by two policy sets, proven complete with Z3; "
                "exit 0 no change that --fail-on names, 1 such a change, 2 input errors, 3 unknown");
    c.command->add_option("old", c.old_dir, "the policy set before the change (directory)")->required();
    c.command->add_option("new", c.new_dir, "the policy set after the change (directory)")->required();
    c.command->add_option("--old-module", c.old_modules, "a further module of the old set (repeatable)")->allow_extra_args(false);
    c.command->add_option("--new-module", c.new_modules, "a further module of the new set (repeatable)")->allow_extra_args(false);
    c.command->add_option("--old-label", c.old_label, "the old set's name in reports (default: its directory)");
    c.command->add_option("--new-label", c.new_label, "the new set's name in reports (default: its directory)");
    c.command->add_option("--fail-on", c.fail_on, "exit 1 on: any change (default), widen (a new permit), none")
        ->check(CLI::IsMember({"any", "widen", "none"}));
    c.command->add_option("--timeout", c.timeout_ms, "timeout per Z3 check in milliseconds (default 10000)")->check(CLI::PositiveNumber);
    c.command->add_option("--memory", c.memory_mb, "Z3's memory limit in MB (default 4096)")->check(CLI::PositiveNumber);
    c.command->add_option("--max-regions", c.max_regions, "stop enumerating after N regions (then exit 3; default 5000)")
        ->check(CLI::PositiveNumber);
    c.command->add_flag("--ignore-deny-reasons", c.ignore_deny_reasons,
                        "compare denies by decision only, not by the forbid that gives them");
    c.command->add_flag("--json", c.json, "write the report as JSON on stdout");
    c.command->add_option("--sarif", c.sarif_path, "also write SARIF 2.1.0 to FILE");
    c.command->add_option("--junit", c.junit_path, "also write JUnit XML to FILE");
    c.command->add_option("--markdown", c.markdown_path, "also write a Markdown summary (for a pull-request comment) to FILE");
    return c;
}

namespace {

bool write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
    if (out) return true;
    std::cerr << "grondslag: cannot write " << path << "\n";
    return false;
}

}  // namespace

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
    if (!c.sarif_path.empty()) written &= write_file(c.sarif_path, report.to_sarif(fail_on).dump(2) + "\n");
    if (!c.junit_path.empty()) written &= write_file(c.junit_path, report.to_junit(fail_on));
    if (!c.markdown_path.empty()) written &= write_file(c.markdown_path, report.to_markdown());
    if (c.json) std::cout << report.to_json().dump(2) << "\n";
    else if (!report.error.empty()) std::cerr << "grondslag: " << report.error << "\n";
    else std::cout << report.to_text();
    if (!written) return 2;
    return report.exit_code(fail_on);
}

}  // namespace grondslag::cli
