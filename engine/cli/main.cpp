// The grondslag command line: a thin layer over the engine library.
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include "grondslag/corpus.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/exit_code.hpp"
#include "grondslag/version.hpp"
#include "decide_command.hpp"
#include "diff_command.hpp"
#include "explain_command.hpp"
#include "fmt_command.hpp"
#include "doc_command.hpp"
#include "proofs.hpp"
#include "grondslag/safe_files.hpp"
#include "servable.hpp"
#include "verify_command.hpp"

namespace {

using grondslag::Policies;
using grondslag::exit_findings;
using grondslag::exit_input;
using grondslag::exit_ok;
using grondslag::exit_write_failed;
using grondslag::cli::load_or_report;


int run_check(const std::vector<std::string>& dirs) {
    Policies p = load_or_report(dirs);
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

int run_test(const std::vector<std::string>& dirs, const std::vector<std::string>& corpus, bool coverage,
             double min_coverage, const std::string& junit_path, bool verbose) {
    Policies p = load_or_report(dirs);
    if (!p.ok()) {
        std::cerr << "grondslag: the policy set has errors; no cases are run\n";
        return exit_input;
    }
    const grondslag::CorpusReport report = grondslag::run_corpus(p, corpus);
    for (const auto& e : report.load_errors) std::cerr << "error: " << e << "\n";
    for (const auto& c : report.cases) {
        if (c.passed) {
            if (verbose) std::cout << "ok    " << c.group << "/" << c.name << "\n";
            continue;
        }
        std::cout << "FAIL  " << c.group << "/" << c.name << "  (" << c.file << ")\n";
        for (const auto& d : c.differences) std::cout << "      " << d << "\n";
        if (!c.justification.empty()) std::cout << "      law: " << c.justification << "\n";
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
    if (!junit_path.empty()) {
        std::string error;
        if (!grondslag::replace_file(junit_path, grondslag::junit_xml(report), error)) {
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
    if (min_coverage > 0 && cov + 1e-9 < min_coverage) {
        std::cout << "coverage " << cov << "% is below the threshold " << min_coverage << "%\n";
        return exit_findings;
    }
    return exit_ok;
}

// Every command's stdout is checked once it is done: a report or list cut short by a full disk or a
// closed stdout must not end in exit 0 (docs/reliability.md, "Nothing silently lost").

int finish_output(int code) {
    std::cout.flush();
    const bool failed = !std::cout || std::fflush(stdout) != 0 || std::ferror(stdout);
    if (!failed) return code;
    std::cerr << "grondslag: cannot write the output to stdout" << (errno ? std::string(": ") + std::strerror(errno) : "")
              << "\n";
    return exit_write_failed;
}

int run(int argc, char** argv);

}  // namespace

int main(int argc, char** argv) {
    // A closed stdout or stderr would be taken by the next file opened (a decision log, a report),
    // and output meant for the terminal would land in it. A closed stdout is refused; a closed
    // stdin or stderr is filled with /dev/null (no input; nothing can be said on it).
    for (const int fd : {STDIN_FILENO, STDERR_FILENO})
        if (::fcntl(fd, F_GETFD) < 0) {
            const int null = ::open("/dev/null", O_RDWR);
            if (null >= 0 && null != fd) {
                ::dup2(null, fd);
                ::close(null);
            }
        }
    if (::fcntl(STDOUT_FILENO, F_GETFD) < 0) {
        std::cerr << "grondslag: standard output is closed; nothing is done\n";
        return exit_write_failed;
    }
    return finish_output(run(argc, argv));
}

namespace {

int run(int argc, char** argv) {
    grondslag::cli::keep_command_line(argc, argv);
    CLI::App app{"grondslag: a policy engine for Dutch data-sharing law"};
    app.require_subcommand(1);
    // Which engine answers, in which contract, and the build a bundle's compiled image must match.
    app.set_version_flag("--version", std::string("grondslag ") + std::string(grondslag::engine_version()) +
                                          "\ndecision contract " + std::string(grondslag::contract_version()) +
                                          "\nbuild " + std::string(grondslag::build_fingerprint()));

    std::vector<std::string> check_dirs;
    auto* check = app.add_subcommand("check", "parse, resolve and check a policy set; exit 1 on errors");
    check->add_option("dirs", check_dirs, "policy directories or files")->required();

    auto& decide = grondslag::cli::add_decide_command(app);

    std::vector<std::string> test_dirs, test_corpus;
    bool test_coverage = false, test_verbose = false;
    double test_min_coverage = 0;
    std::string test_junit;
    auto* test = app.add_subcommand("test", "run corpus cases (expected decisions from the law); exit 1 on any failure");
    test->add_option("--policies", test_dirs, "policy directory (repeatable)")->required()->allow_extra_args(false);
    test->add_option("corpus", test_corpus, "corpus files or directories")->required();
    test->add_flag("--coverage", test_coverage, "list the rules and provisions no case exercised");
    test->add_option("--min-coverage", test_min_coverage, "fail when fewer than PCT percent of the rules are exercised");
    test->add_option("--junit", test_junit, "write JUnit XML to FILE");
    test->add_flag("-v,--verbose", test_verbose, "also list passing cases");

    auto& verify = grondslag::cli::add_verify_command(app);
    auto& diff = grondslag::cli::add_diff_command(app);
    auto& explain = grondslag::cli::add_explain_command(app, *decide.command);
    auto& fmt = grondslag::cli::add_fmt_command(app);
    auto& docs = grondslag::cli::add_doc_commands(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? exit_ok : exit_input;
    }
    if (*check) return run_check(check_dirs);
    if (*decide.command) return grondslag::cli::run_decide(decide);
    if (*test) return run_test(test_dirs, test_corpus, test_coverage, test_min_coverage, test_junit, test_verbose);
    if (*verify.command) return grondslag::cli::run_verify(verify);
    if (*diff.command) return grondslag::cli::run_diff(diff);
    if (*explain.command) return grondslag::cli::run_explain(explain);
    if (*fmt.command) return grondslag::cli::run_fmt(fmt);
    if (docs.selected()) return grondslag::cli::run_doc_commands(docs);
    return exit_input;
}

}  // namespace
