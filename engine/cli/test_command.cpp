#include "test_command.hpp"

#include <iostream>
#include <sstream>

#include "grondslag/corpus.hpp"
#include "grondslag/exit_code.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/safe_files.hpp"
#include "servable.hpp"

namespace grondslag::cli {

TestCommand& add_test_command(CLI::App& app) {
    static TestCommand c;
    c.command = app.add_subcommand("test", "run corpus cases (expected decisions from the law); exit 1 on any failure");
    c.command->add_option("--policies", c.dirs, "policy directory (repeatable)")->required()->allow_extra_args(false);
    c.command->add_option("corpus", c.corpus, "corpus files or directories")->required();
    c.command->add_flag("--coverage", c.coverage, "list the rules and provisions no case exercised");
    c.command->add_option("--min-coverage", c.min_coverage, "fail when fewer than PCT percent of the rules are exercised");
    c.command->add_option("--junit", c.junit_path, "write JUnit XML to FILE");
    c.command->add_flag("-v,--verbose", c.verbose, "also list passing cases");
    return c;
}

int run_test(const TestCommand& c) {
    const bool coverage = c.coverage, verbose = c.verbose;
    const double min_coverage = c.min_coverage;
    const std::string& junit_path = c.junit_path;
    Policies p = load_or_report(c.dirs);
    if (!p.ok()) {
        std::cerr << "grondslag: the policy set has errors; no cases are run\n";
        return exit_input;
    }
    const grondslag::CorpusReport report = grondslag::run_corpus(p, c.corpus);
    for (const auto& e : report.load_errors) std::cerr << "error: " << e << "\n";
    for (const auto& result : report.cases) {
        if (result.passed) {
            if (verbose) std::cout << "ok    " << result.group << "/" << result.name << "\n";
            continue;
        }
        std::cout << "FAIL  " << result.group << "/" << result.name << "  (" << result.file << ")\n";
        for (const auto& d : result.differences) std::cout << "      " << d << "\n";
        if (!result.justification.empty()) std::cout << "      law: " << result.justification << "\n";
    }
    const double cov = report.rule_coverage();
    if (coverage || min_coverage > 0) {
        std::cout << "coverage: " << (report.rules_total - report.rules_uncovered.size()) << "/" << report.rules_total
                  << " rules exercised (" << static_cast<int>(cov * 10) / 10.0 << "%), "
                  << (report.provisions_total - report.provisions_uncovered.size()) << "/" << report.provisions_total
                  << " provisions\n";
        for (const auto& r : report.rules_uncovered) std::cout << "  rule not exercised: " << r << "\n";
        for (const auto& r : report.provisions_uncovered) std::cout << "  provision not exercised: " << r << "\n";
    }
    const bool coverage_low = min_coverage > 0 && cov + 1e-9 < min_coverage;
    std::string coverage_failure;
    if (coverage_low) {
        std::ostringstream says;
        says << "coverage " << cov << "% is below the threshold " << min_coverage << "%";
        coverage_failure = says.str();
    }
    if (!junit_path.empty()) {
        std::string error;
        if (!grondslag::replace_file(junit_path, grondslag::junit_xml(report, coverage_failure), error)) {
            std::cerr << "grondslag: " << error << "\n";
            return exit_input;
        }
    }
    std::cout << report.passed() << " passed, " << report.failed() << " failed\n";
    if (!report.load_errors.empty()) return exit_input;
    if (report.failed() > 0) return exit_findings;
    if (report.cases.empty()) {
        std::cerr << "grondslag: no cases found\n";
        return exit_input;
    }
    if (coverage_low) {
        std::cout << coverage_failure << "\n";
        return exit_findings;
    }
    return exit_ok;
}

}  // namespace grondslag::cli
