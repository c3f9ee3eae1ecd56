#include "log_command.hpp"

#include <fstream>
#include <iostream>

#include "grondslag/decision_log.hpp"
#include "grondslag/exit_code.hpp"
#include "grondslag/logbook.hpp"
#include "log_options.hpp"

namespace grondslag::cli {

LogCommand& add_log_command(CLI::App& app) {
    static LogCommand c;
    c.command = app.add_subcommand("log", "read decision logs");
    c.command->require_subcommand(1);
    c.report = c.command->add_subcommand(
        "report", "every decision about one person in logbook-form logs, for an access request (AVG art. 15)");
    c.report->add_option("--subject", c.subject, "the person's reference, as the requests gave it")->required();
    c.report->add_option("--subject-key", c.subject_key, "the key file the logs were written with")->required();
    c.report->add_option("--lang", c.lang, "nl or en")->check(CLI::IsMember({"nl", "en"}));
    c.report->add_option("--format", c.format, "md or html")->check(CLI::IsMember({"md", "html"}));
    c.report->add_option("--out", c.out, "write the report to FILE (stdout when absent)");
    c.report->add_option("logs", c.logs, "decision logs written with --decision-log-format logbook")->required();
    return c;
}

int run_log(const LogCommand& c) {
    DecisionLog::Options key;
    if (!decision_log_options("logbook", c.subject_key, key)) return exit_input;
    AccessReportOptions options;
    options.subject = c.subject;
    options.subject_key = key.subject_key;
    options.english = c.lang == "en";
    options.html = c.format == "html";
    AccessReporter reporter(options);
    for (const auto& path : c.logs) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            std::cerr << "grondslag: cannot read the log " << path << "\n";
            return exit_input;
        }
        for (std::string line; std::getline(in, line);) reporter.add(line);
        if (in.bad()) {
            std::cerr << "grondslag: the log " << path << " could not be read to its end\n";
            return exit_input;
        }
    }
    const AccessReport report = reporter.finish();
    if (report.unreadable) std::cerr << "grondslag: " << report.unreadable << " line(s) were not logbook records\n";
    if (c.out.empty()) {
        std::cout << report.text << std::flush;
        if (!std::cout) return exit_input;
    } else {
        std::ofstream out(c.out, std::ios::binary | std::ios::trunc);
        out << report.text;
        out.close();
        if (!out) {
            std::cerr << "grondslag: cannot write " << c.out << "\n";
            return exit_input;
        }
    }
    std::cerr << "grondslag: " << report.matched << " of " << report.records << " decisions concern this person\n";
    return exit_ok;
}

}  // namespace grondslag::cli
