#include "diff_command.hpp"

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
    c.command->add_option("--sarif-root", c.sarif_root, "write the SARIF file paths relative to DIR (default: the current folder)");
    c.command->add_option("--junit", c.junit_path, "also write JUnit XML to FILE");
    c.command->add_option("--markdown", c.markdown_path, "also write a Markdown summary (for a pull-request comment) to FILE");
    return c;
}

}  // namespace grondslag::cli
