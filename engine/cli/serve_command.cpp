#include "serve_command.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <thread>

#include "grondslag/bundle.hpp"
#include "grondslag/corpus.hpp"
#include "grondslag/decision_log.hpp"
#include "grondslag/exit_code.hpp"
#include "grondslag/http_server.hpp"
#include "grondslag/input_limits.hpp"
#include "grondslag/service.hpp"
#include "grondslag/sha256.hpp"
#include "keys.hpp"
#include "log_options.hpp"

namespace grondslag::cli {

namespace {

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return text;
}

// The bundle as the decide command reads it: refused unless it opens (signed by one of the keys,
// when keys are given), with its digest and signer kept for /v1/policy-set and /metrics.
server::Service::Loader bundle_loader(const ServeCommand& c) {
    return [&c](std::string& why) -> std::shared_ptr<server::ServedSet> {
        std::vector<VerificationKey> keys;
        if (!read_verification_keys(c.verification_keys, keys)) {
            why = "a verification key could not be read";
            return nullptr;
        }
        std::string text;
        if (!read_regular_file_within(c.bundle, max_bundle_bytes, "a bundle", text, why)) return nullptr;
        LoadedBundle b = open_bundle(text, keys);
        if (!b.error.empty()) {
            why = "refusing the bundle " + c.bundle + ": " + b.error;
            return nullptr;
        }
        auto set = std::make_shared<server::ServedSet>();
        set->policies = std::move(b.policies);
        set->bundle_path = c.bundle;
        set->bundle_sha256 = "sha256:" + sha256_hex(text);
        set->signer = b.signer;
        set->sealed = b.sealed;
        set->warning = b.warning;
        set->loaded_at = utc_now();
        if (!c.corpus.empty()) {
            const CorpusReport report = run_corpus(set->policies, c.corpus);
            if (!report.load_errors.empty()) {
                why = "the corpus does not load: " + report.load_errors.front();
                return nullptr;
            }
            set->coverage = corpus_coverage_json(report);
        }
        return set;
    };
}

bool read_tokens(const std::string& path, std::vector<std::string>& tokens) {
    std::ifstream in(path);
    if (!in) {
        std::cerr << "grondslag: cannot read the token file " << path << "\n";
        return false;
    }
    for (std::string line; std::getline(in, line);) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty() && line[0] != '#') tokens.push_back(line);
    }
    if (tokens.empty()) {
        std::cerr << "grondslag: the token file " << path << " holds no token\n";
        return false;
    }
    return true;
}

}  // namespace

ServeCommand& add_serve_command(CLI::App& app) {
    static ServeCommand c;
    c.command = app.add_subcommand("serve", "serve decisions over HTTP from a sealed bundle; SIGHUP reloads it, SIGTERM stops");
    c.command->add_option("--bundle", c.bundle, "the sealed bundle to serve (verify --seal)")->required();
    c.command->add_option("--verification-key", c.verification_keys,
                          "public key (PEM) the bundle must be signed by (repeatable); without one an unsigned bundle serves "
                          "for development, with a warning");
    c.command->add_option("--listen", c.listen, "HOST:PORT to listen on (default 127.0.0.1:8181; port 0: any free port)");
    c.command->add_option("--decision-log", c.decision_log, "append one JSON line per decision to FILE, before the answer");
    add_decision_log_options(*c.command, c.decision_log_format, c.subject_key);
    c.command->add_option("--threads", c.threads, "event loops, one thread each (1-256, default 16): each decides for the connections it holds; an open connection holds no thread")->check(CLI::Range(1u, 256u));
    c.command->add_option("--max-waiting", c.max_waiting,
                          "connections open at once beyond --threads (default 64); a new one beyond them is answered 503")
        ->check(CLI::Range(0, 100000));
    c.command->add_option("--token-file", c.token_file, "bearer tokens, one per line: /v1/* then needs one");
    c.command->add_option("--corpus", c.corpus,
                          "a corpus of legal test cases (files or folders, repeatable), run against every set loaded: GET /v1/coverage "
                          "and the workbench show which cases each provision and rule decides; a case that does not load refuses the set");
    c.command->add_option("--tls-cert", c.tls_cert, "certificate (PEM) for HTTPS");
    c.command->add_option("--tls-key", c.tls_key, "private key (PEM) for HTTPS");
    return c;
}

int run_serve(const ServeCommand& c) {
    server::HttpOptions options;
    const auto colon = c.listen.rfind(':');
    try {
        if (colon == std::string::npos) throw std::invalid_argument("no port");
        options.host = c.listen.substr(0, colon);
        std::size_t used = 0;
        options.port = std::stoi(c.listen.substr(colon + 1), &used);
        if (used != c.listen.size() - colon - 1 || options.port < 0 || options.port > 65535) throw std::invalid_argument("port");
    } catch (const std::exception&) {
        std::cerr << "grondslag: --listen takes HOST:PORT, not '" << c.listen << "'\n";
        return exit_input;
    }
    options.threads = c.threads;
    options.max_waiting = c.max_waiting;
    options.tls_cert = c.tls_cert;
    options.tls_key = c.tls_key;
    if (!c.token_file.empty() && !read_tokens(c.token_file, options.tokens)) return exit_input;
    DecisionLog::Options log_options;
    if (!decision_log_options(c.decision_log_format, c.subject_key, log_options)) return exit_input;
    std::unique_ptr<DecisionLog> log;
    try {
        log = std::make_unique<DecisionLog>(c.decision_log, log_options);
    } catch (const std::exception& e) {
        std::cerr << "grondslag: cannot open the decision log: " << e.what() << "\n";
        return exit_input;
    }

    // Signals go to one thread that waits for them; every other thread, the server's too, blocks them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGHUP);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    server::Service service(bundle_loader(c), *log);
    std::string why;
    if (!service.reload(why)) {
        std::cerr << "grondslag: " << why << "; nothing is served\n";
        return exit_input;
    }
    const auto first = service.current();
    if (!first->warning.empty()) std::cerr << "grondslag: warning: the bundle " << c.bundle << ": " << first->warning << "\n";
    server::HttpServer http(service, options);
    if (!http.bind(why)) {
        std::cerr << "grondslag: " << why << "\n";
        return exit_input;
    }
    std::cerr << "grondslag: serving policy set " << first->policies.hash() << " on " << (c.tls_cert.empty() ? "http" : "https")
              << "://" << options.host << ":" << http.port() << "\n"
              << std::flush;

    std::atomic<bool> stopping{false};
    std::thread waiter([&] {
        for (;;) {
            int sig = 0;
            if (sigwait(&signals, &sig) != 0) continue;
            if (stopping) return;
            if (sig == SIGHUP) {
                std::string reason;
                if (service.reload(reason))
                    std::cerr << "grondslag: reloaded: serving policy set " << service.current()->policies.hash() << "\n";
                else
                    std::cerr << "grondslag: reload refused, the policy set " << service.current()->policies.hash()
                              << " keeps serving: " << reason << "\n";
                continue;
            }
            std::cerr << "grondslag: stopping: in-flight requests finish\n";
            stopping = true;
            http.stop();
            return;
        }
    });
    const bool served = http.run();
    if (!stopping) {
        stopping = true;
        pthread_kill(waiter.native_handle(), SIGTERM);
    }
    waiter.join();
    if (!served && !stopping) {
        std::cerr << "grondslag: the server stopped unexpectedly\n";
        return exit_input;
    }
    std::cerr << "grondslag: stopped\n";
    return exit_ok;
}

}  // namespace grondslag::cli
