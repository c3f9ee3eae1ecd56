// The grondslag command line: a thin layer over the engine library.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "grondslag/grondslag.hpp"
#include "sha256.hpp"

namespace {

using grondslag::Policies;

constexpr int exit_ok = 0;
constexpr int exit_findings = 1;
constexpr int exit_input = 2;

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

class DecisionLog {
public:
    explicit DecisionLog(const std::string& path) {
        if (path.empty()) return;
        logger_ = spdlog::basic_logger_mt("decisions", path);
        logger_->set_pattern("%v");
        logger_->flush_on(spdlog::level::info);  // one line per decision reaches the file before its answer
    }
    void record(std::string_view request, std::string_view answer) {
        if (!logger_) return;
        line_.clear();
        line_ += "{\"time\":\"";
        line_ += timestamp();
        line_ += "\",\"request\":\"sha256:";
        line_ += grondslag::sha256_hex(request);
        line_ += "\",\"answer\":";
        line_ += answer;
        line_ += '}';
        logger_->info(line_);
    }

private:
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

int run_decide(const std::vector<std::string>& dirs, const std::string& input_path, const std::string& log_path,
               bool flush_each) {
    Policies p = load_or_report(dirs);
    if (!p.ok()) {
        std::cerr << "grondslag: the policy set has errors; no decisions are made\n";
        return exit_input;
    }
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
    grondslag::Decider decider(p);
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
        log->record(line, std::string_view(out.buffer()).substr(start));
        out.end_line();
    }
    if (multi_line) {
        requests = 1;
        const std::size_t start = out.buffer().size();
        all_ok = decider.decide_json(document, out.buffer(), 0);
        log->record(document, std::string_view(out.buffer()).substr(start));
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

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"grondslag: a policy engine for Dutch data-sharing law"};
    app.require_subcommand(1);

    std::vector<std::string> check_dirs;
    auto* check = app.add_subcommand("check", "parse, resolve and check a policy set; exit 1 on errors");
    check->add_option("dirs", check_dirs, "policy directories or files")->required();

    std::vector<std::string> decide_dirs;
    std::string input, decision_log;
    bool flush_each = false;
    auto* decide = app.add_subcommand("decide", "decide requests (JSON or NDJSON) against a policy set");
    decide->add_option("--policies", decide_dirs, "policy directory (repeatable)")
        ->required()
        ->allow_extra_args(false);
    decide->add_option("input", input, "request file (JSON or NDJSON); stdin when absent or '-'");
    decide->add_option("--decision-log", decision_log, "append one JSON line per decision to FILE");
    decide->add_flag("--flush", flush_each, "flush stdout after every answer");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : exit_input;
    }
    if (*check) return run_check(check_dirs);
    if (*decide) return run_decide(decide_dirs, input, decision_log, flush_each);
    return exit_input;
}
