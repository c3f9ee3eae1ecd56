// The grondslag command line: a thin layer over the engine library.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <spdlog/details/null_mutex.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "grondslag/bundle.hpp"
#include "grondslag/corpus.hpp"
#include "grondslag/grondslag.hpp"
#include "sha256.hpp"
#include "diff_command.hpp"
#include "explain_command.hpp"
#include "doc_command.hpp"
#include "verify_command.hpp"

namespace {

using grondslag::Policies;

constexpr int exit_ok = 0;
constexpr int exit_findings = 1;
constexpr int exit_input = 2;
constexpr int exit_log_failed = 4;  // the decision log could not be written: decisions stopped

Policies load_or_report(const std::vector<std::string>& dirs) {
    Policies p = Policies::load_directories(dirs);
    const std::string diagnostics = p.render_diagnostics();
    if (!diagnostics.empty()) std::cerr << diagnostics;
    return p;
}

int run_check(const std::vector<std::string>& dirs) {
    Policies p = load_or_report(dirs);
    if (!p.ok()) {
        std::cerr << p.diagnostics().error_count() << " error(s)\n";
        return exit_findings;
    }
    std::cout << "ok: " << p.provision_count() << " provisions, " << p.rule_count() << " rules, " << p.hash() << "\n";
    return exit_ok;
}

// Writes answers in large blocks; flushes per line only when asked.
class Output {
public:
    explicit Output(bool flush_each) : flush_each_(flush_each) { buffer_.reserve(1 << 16); }
    ~Output() { flush(); }
    std::string& buffer() { return buffer_; }
    void end_line() {
        buffer_ += '\n';
        if (flush_each_ || buffer_.size() >= (1 << 16)) flush();
    }
    void flush() {
        if (!buffer_.empty()) std::fwrite(buffer_.data(), 1, buffer_.size(), stdout);
        std::fflush(stdout);
        buffer_.clear();
    }

private:
    std::string buffer_;
    bool flush_each_;
};

// An spdlog sink that appends each formatted line with one write(2) on an O_APPEND descriptor:
// the stdio buffering of spdlog's file sinks splits a line longer than its buffer into several
// writes, and a process killed between them leaves a torn line.
class AppendLineSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
public:
    explicit AppendLineSink(const std::string& path) {
        fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
        if (fd_ < 0) throw spdlog::spdlog_ex("cannot open " + path, errno);
    }
    ~AppendLineSink() override {
        if (fd_ >= 0) ::close(fd_);
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        buffer_.clear();
        formatter_->format(msg, buffer_);
        const char* p = buffer_.data();
        std::size_t left = buffer_.size();
        while (left > 0) {
            const ssize_t n = ::write(fd_, p, left);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw spdlog::spdlog_ex("cannot write the decision log", errno);
            p += n;
            left -= static_cast<std::size_t>(n);
        }
    }
    void flush_() override {}  // every line is already written in full

private:
    int fd_ = -1;
    spdlog::memory_buf_t buffer_;
};

class DecisionLog {
public:
    explicit DecisionLog(const std::string& path) {
        if (path.empty()) return;
        logger_ = std::make_shared<spdlog::logger>("decisions", std::make_shared<AppendLineSink>(path));
        logger_->set_pattern("%v");
        logger_->flush_on(spdlog::level::info);  // one line per decision reaches the file before its answer
        // spdlog reports write errors to a handler and goes on; an audit trail with holes is not
        // acceptable, so a failed write stops the decisions (fail closed).
        logger_->set_error_handler([this](const std::string& message) {
            failed_ = true;
            error_ = message;
        });
    }
    // False when the line could not be written and flushed.
    bool record(std::string_view request, std::string_view answer) {
        if (!logger_) return true;
        line_.clear();
        line_ += "{\"time\":\"";
        line_ += timestamp();
        line_ += "\",\"request\":\"sha256:";
        line_ += grondslag::sha256_hex(request);
        line_ += "\",\"answer\":";
        line_ += answer;
        line_ += '}';
        logger_->info(line_);
        return !failed_;
    }
    const std::string& error() const { return error_; }

private:
    bool failed_ = false;
    std::string error_;
    std::shared_ptr<spdlog::logger> logger_;
    std::string line_;
    static std::string timestamp() {
        char buf[32];
        std::time_t t = std::time(nullptr);
        std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
        return buf;
    }
};

bool is_blank(std::string_view s) {
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
    return true;
}

struct DecideSettings {
    std::vector<std::string> dirs;
    std::string bundle;
    std::string input;
    std::string decision_log;
    bool flush_each = false;
    bool unverified = false;
    unsigned timeout_ms = 10000;
};

// Only a verified policy set serves: from a sealed bundle (no Z3 at start-up),
// or verified here first. --unverified overrides, and every answer says so.
bool load_servable(const DecideSettings& s, Policies& out) {
    if (!s.bundle.empty()) {
        std::ifstream in(s.bundle, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in) {
            std::cerr << "grondslag: cannot read the bundle " << s.bundle << "\n";
            return false;
        }
        grondslag::LoadedBundle b = grondslag::open_bundle(text.str());
        if (!b.error.empty()) {
            std::cerr << "grondslag: refusing the bundle " << s.bundle << ": " << b.error << "\n";
            return false;
        }
        if (!s.dirs.empty()) {
            Policies given = load_or_report(s.dirs);
            if (!given.ok() || given.hash() != b.policies.hash()) {
                std::cerr << "grondslag: refusing the bundle " << s.bundle << ": it was sealed for policy set "
                          << b.policies.hash() << ", not for the policies given (" << given.hash() << ")\n";
                return false;
            }
        }
        out = b.policies;
        return true;
    }
    out = load_or_report(s.dirs);
    if (!out.ok()) {
        std::cerr << "grondslag: the policy set has errors; no decisions are made\n";
        return false;
    }
    if (s.unverified) return true;
    grondslag::VerifyOptions options;
    options.timeout_ms = s.timeout_ms;
    const grondslag::VerifyReport report = grondslag::verify(out, options);
    if (report.exit_code() != 0) {
        std::cerr << "grondslag: the policy set did not pass verification (" << report.violations() << " violation(s), "
                  << report.unknowns.size() << " unknown check(s)); no decisions are made. Run `grondslag verify` "
                  << "for the findings, or pass --unverified to serve it anyway.\n";
        return false;
    }
    return true;
}

// An answer whose log line was not written is withheld; the answers before it were logged.
int log_failed(const DecisionLog& log, Output& out, std::size_t answer_start, std::size_t line) {
    out.buffer().resize(answer_start);
    out.flush();
    std::cerr << "grondslag: the decision log could not be written at input line " << line << " (" << log.error()
              << "); no further decisions are made\n";
    return exit_log_failed;
}

int run_decide(const DecideSettings& s) {
    if (s.dirs.empty() && s.bundle.empty()) {
        std::cerr << "grondslag: decide needs --policies DIR or --bundle FILE\n";
        return exit_input;
    }
    Policies p;
    if (!load_servable(s, p)) return exit_input;
    const std::string& input_path = s.input;
    const std::string& log_path = s.decision_log;
    const bool flush_each = s.flush_each;
    std::ifstream file;
    if (!input_path.empty() && input_path != "-") {
        file.open(input_path, std::ios::binary);
        if (!file) {
            std::cerr << "grondslag: cannot read " << input_path << "\n";
            return exit_input;
        }
    }
    std::istream& in = file.is_open() ? static_cast<std::istream&>(file) : std::cin;
    std::ios::sync_with_stdio(false);

    std::unique_ptr<DecisionLog> log;
    try {
        log = std::make_unique<DecisionLog>(log_path);
    } catch (const std::exception& e) {
        std::cerr << "grondslag: cannot open the decision log: " << e.what() << "\n";
        return exit_input;
    }
    grondslag::DecideOptions decide_options;
    decide_options.unverified = s.unverified;
    decide_options.why_not = grondslag::cli::why_not_requested();
    grondslag::Decider decider(p, decide_options);
    Output out(flush_each);

    // NDJSON: one request a line. A document that does not fit on its first line
    // (pretty-printed JSON) is read whole as a single request.
    std::string line, document;
    std::size_t number = 0, requests = 0;
    bool all_ok = true, multi_line = false;
    while (std::getline(in, line)) {
        ++number;
        if (is_blank(line)) continue;
        if (requests == 0 && !multi_line && !nlohmann::json::accept(line)) {
            multi_line = true;
        }
        if (multi_line) {
            document += line;
            document += '\n';
            continue;
        }
        ++requests;
        const std::size_t start = out.buffer().size();
        all_ok &= decider.decide_json(line, out.buffer(), number);
        if (!log->record(line, std::string_view(out.buffer()).substr(start))) return log_failed(*log, out, start, number);
        out.end_line();
    }
    if (multi_line) {
        requests = 1;
        const std::size_t start = out.buffer().size();
        all_ok = decider.decide_json(document, out.buffer(), 0);
        if (!log->record(document, std::string_view(out.buffer()).substr(start))) return log_failed(*log, out, start, 1);
        out.end_line();
    }
    out.flush();
    if (requests == 0) {
        std::cerr << "grondslag: no request on the input\n";
        return exit_input;
    }
    // A single malformed request is an input error; a batch goes on and reports per line.
    if (requests == 1 && !all_ok) return exit_input;
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
        std::ofstream out(junit_path);
        out << grondslag::junit_xml(report);
        if (!out) {
            std::cerr << "grondslag: cannot write " << junit_path << "\n";
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

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"grondslag: a policy engine for Dutch data-sharing law"};
    app.require_subcommand(1);

    std::vector<std::string> check_dirs;
    auto* check = app.add_subcommand("check", "parse, resolve and check a policy set; exit 1 on errors");
    check->add_option("dirs", check_dirs, "policy directories or files")->required();

    DecideSettings decide_settings;
    auto* decide = app.add_subcommand("decide", "decide requests (JSON or NDJSON) against a verified policy set");
    decide->add_option("--policies", decide_settings.dirs, "policy directory (repeatable); verified before serving")
        ->allow_extra_args(false);
    decide->add_option("--bundle", decide_settings.bundle, "a bundle sealed by `verify --seal`: served without running Z3");
    decide->add_option("input", decide_settings.input, "request file (JSON or NDJSON); stdin when absent or '-'");
    decide->add_option("--decision-log", decide_settings.decision_log, "append one JSON line per decision to FILE");
    decide->add_flag("--flush", decide_settings.flush_each, "flush stdout after every answer");
    decide->add_flag("--unverified", decide_settings.unverified,
                     "serve a policy set without verifying it; every answer then says \"unverified\": true");
    decide->add_option("--timeout", decide_settings.timeout_ms, "timeout per Z3 check when verifying (ms)");

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
    auto& explain = grondslag::cli::add_explain_command(app, *decide);
    auto& docs = grondslag::cli::add_doc_commands(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : exit_input;
    }
    if (*check) return run_check(check_dirs);
    if (*decide) return run_decide(decide_settings);
    if (*test) return run_test(test_dirs, test_corpus, test_coverage, test_min_coverage, test_junit, test_verbose);
    if (*verify.command) return grondslag::cli::run_verify(verify);
    if (*diff.command) return grondslag::cli::run_diff(diff);
    if (*explain.command) return grondslag::cli::run_explain(explain);
    if (docs.selected()) return grondslag::cli::run_doc_commands(docs);
    return exit_input;
}
