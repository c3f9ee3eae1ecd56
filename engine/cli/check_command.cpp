#include "check_command.hpp"

#include <iostream>

#include "grondslag/exit_code.hpp"
#include "grondslag/grondslag.hpp"
#include "servable.hpp"

namespace grondslag::cli {

CheckCommand& add_check_command(CLI::App& app) {
    static CheckCommand c;
    c.command = app.add_subcommand("check", "parse, resolve and check a policy set; exit 1 on errors");
    c.command->add_option("dirs", c.dirs, "policy directories or files")->required();
    return c;
}

int run_check(const CheckCommand& c) {
    Policies p = load_or_report(c.dirs);
    if (!p.ok()) {
        std::cerr << p.diagnostics().error_count() << " error(s)\n";
        // A policy path that could not be read or is no policy file (E004) is an input error.
        for (const auto& d : p.diagnostics().all())
            if (d.code == "E004") return exit_input;
        return exit_findings;
    }
    std::cout << "ok: " << p.provision_count() << " provisions, " << p.rule_count() << " rules, " << p.hash() << "\n";
    return exit_ok;
}

}  // namespace grondslag::cli
