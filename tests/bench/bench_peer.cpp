// Benchmark (not a test): grondslag on a given file of contract requests, for the
// side-by-side comparison with Cedar (tests/bench/cedar/run.sh).
//
//   bench_peer --policies DIR [--policies DIR]... FILE.ndjson
//              [--runs K] [--min-seconds S] [--decisions OUT] [--json]
//
// Times, over the same requests:
//   (a) evaluator: Evaluator::decide on requests decoded before the clock starts;
//   (b) decide_json: Decider::decide_json, JSON text in, answer JSON text out,
//       in-process (what an embedding application pays per decision);
//   (c) typed: the public typed API (grondslag/typed_request.hpp), as an application that
//       resolved its names at start-up calls it: per decision the request is cleared, filled
//       with its references and values, and decided (Cedar's stateful mode is likewise handed
//       request objects built beforehand).
// Each measure is run K times (default 5); a run repeats the whole file until it
// lasts at least S seconds (default 0.3) so short files still give stable figures.
// Prints best and median decisions/s and µs/decision; --json prints one JSON
// object instead. --decisions OUT writes "allow"/"deny" per request (Cedar's
// words; permit -> allow) from decide_json, for the agreement check.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "evaluator.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/typed_request.hpp"
#include "ir.hpp"
#include "request.hpp"
#include "typed_plan.hpp"
#include "policies_access.hpp"

using clock_type = std::chrono::steady_clock;

namespace {

double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

struct Stats {
    double best = 0, median = 0;  // seconds per decision
};

// Runs `pass` (one pass over all n requests) `runs` times; each run repeats the
// pass until it lasts min_seconds. Returns seconds per decision.
template <class F>
Stats measure(F&& pass, std::size_t n, int runs, double min_seconds) {
    pass();  // warm-up: caches, branch predictors, buffers grown to size
    std::vector<double> per;
    for (int k = 0; k < runs; ++k) {
        std::size_t reps = 0;
        const auto t = clock_type::now();
        double s = 0;
        do {
            pass();
            ++reps;
            s = seconds_since(t);
        } while (s < min_seconds);
        per.push_back(s / double(reps * n));
    }
    std::sort(per.begin(), per.end());
    return {per.front(), per[per.size() / 2]};
}

// The top-level "decision" of an answer line (the first "decision" key: ids are
// numbers or plain strings in these files).
std::string top_decision(const std::string& answer) {
    static const char key[] = "\"decision\":\"";
    const auto p = answer.find(key);
    if (p == std::string::npos) return "?";
    const auto b = p + sizeof(key) - 1;
    return answer.substr(b, answer.find('"', b) - b);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> dirs;
    std::string file, decisions_out;
    int runs = 5;
    double min_seconds = 0.3;
    bool json_out = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--policies") dirs.push_back(next());
        else if (a == "--runs") runs = std::max(1, std::stoi(next()));
        else if (a == "--min-seconds") min_seconds = std::stod(next());
        else if (a == "--decisions") decisions_out = next();
        else if (a == "--json") json_out = true;
        else if (!a.empty() && a[0] != '-' && file.empty()) file = a;
        else {
            std::cerr << "usage: bench_peer --policies DIR... FILE.ndjson [--runs K] [--min-seconds S] "
                         "[--decisions OUT] [--json]\n";
            return 2;
        }
    }
    if (dirs.empty() || file.empty()) {
        std::cerr << "usage: bench_peer --policies DIR... FILE.ndjson [--runs K] [--min-seconds S] [--decisions OUT] [--json]\n";
        return 2;
    }

    auto policies = grondslag::Policies::load_directories(dirs);
    if (!policies.ok()) {
        std::cerr << policies.render_diagnostics();
        return 2;
    }
    const auto& set = compiled_form(policies);

    std::vector<std::string> lines;
    {
        std::ifstream in(file);
        if (!in) {
            std::cerr << "cannot read " << file << "\n";
            return 2;
        }
        std::string line;
        while (std::getline(in, line))
            if (!line.empty()) lines.push_back(std::move(line));
    }
    const std::size_t n = lines.size();
    if (n == 0) {
        std::cerr << "no requests in " << file << "\n";
        return 2;
    }

    // Decode every request once, outside the clock; every one must be valid.
    std::vector<grondslag::Request> requests(n);
    std::size_t bad = 0;
    {
        grondslag::RequestDecoder decoder(set);
        for (std::size_t i = 0; i < n; ++i) {
            grondslag::RequestError e;
            const bool ok = decoder.decode(lines[i], requests[i], e);
            if (!ok) {
                if (bad++ < 5) std::cerr << "line " << i + 1 << ": " << e.path << ": " << e.message << "\n";
            }
        }
    }
    if (bad) {
        std::cerr << bad << " requests do not decode\n";
        return 2;
    }

    // The decisions, from decide_json (the contract's answer), for the agreement check.
    grondslag::Decider decider(policies);
    std::string out;
    out.reserve(1 << 16);
    std::size_t permits = 0;
    {
        std::ofstream dec;
        if (!decisions_out.empty()) dec.open(decisions_out);
        for (std::size_t i = 0; i < n; ++i) {
            out.clear();
            decider.decide_json(lines[i], out, i + 1);
            const auto d = top_decision(out);
            permits += d == "permit";
            if (dec.is_open()) dec << (d == "permit" ? "allow" : "deny") << '\n';
        }
    }

    // (a) the evaluator alone.
    grondslag::Evaluator evaluator(set);
    grondslag::Decision decision;
    std::size_t sink = 0;
    const Stats eval = measure(
        [&] {
            for (const auto& r : requests) {
                evaluator.decide(r, decision);
                sink += decision.items.size();
            }
        },
        n, runs, min_seconds);

    // The typed requests: each line once through the look-ups, outside the clock; each must give the
    // decision decide_json gave.
    grondslag::TypedRequest typed(policies);
    std::vector<test_support::TypedPlan> plans;
    plans.reserve(n);
    std::size_t typed_permits = 0;
    for (std::size_t i = 0; i < n; ++i) {
        std::string why;
        auto plan = test_support::plan_from_json(typed, nlohmann::json::parse(lines[i]), why);
        if (!plan) {
            std::cerr << "line " << i + 1 << " has no typed form: " << why << "\n";
            return 2;
        }
        plan->apply(typed);
        typed_permits += decider.decide(typed).permits_all();
        plans.push_back(std::move(*plan));
    }
    if (typed_permits != permits) {
        std::cerr << "the typed API permits " << typed_permits << " requests, decide_json " << permits << "\n";
        return 2;
    }

    // (b) JSON text in, answer text out, in-process.
    const Stats js = measure(
        [&] {
            for (std::size_t i = 0; i < n; ++i) {
                out.clear();
                decider.decide_json(lines[i], out, i + 1);
                sink += out.size();
            }
        },
        n, runs, min_seconds);

    // (c) the typed API: fill, decide.
    const Stats ty = measure(
        [&] {
            for (const auto& plan : plans) {
                plan.apply(typed);
                sink += decider.decide(typed).items.size();
            }
        },
        n, runs, min_seconds);

    if (json_out) {
        std::printf("{\"n\":%zu,\"rules\":%zu,\"permits\":%zu,\"runs\":%d,"
                    "\"evaluator\":{\"best_us\":%.6f,\"median_us\":%.6f},"
                    "\"decide_json\":{\"best_us\":%.6f,\"median_us\":%.6f},"
                    "\"typed\":{\"best_us\":%.6f,\"median_us\":%.6f},\"sink\":%zu}\n",
                    n, set.rules.size(), permits, runs, eval.best * 1e6, eval.median * 1e6, js.best * 1e6,
                    js.median * 1e6, ty.best * 1e6, ty.median * 1e6, sink % 10);
        return 0;
    }
    std::printf("requests: %zu, rules: %zu, permits: %zu (%zu denies), runs: %d\n", n, set.rules.size(), permits,
                n - permits, runs);
    std::printf("%-34s %14s %14s %12s %12s\n", "measure", "best dec/s", "median dec/s", "best us", "median us");
    auto row = [](const char* name, const Stats& s) {
        std::printf("%-34s %14.0f %14.0f %12.4f %12.4f\n", name, 1.0 / s.best, 1.0 / s.median, s.best * 1e6,
                    s.median * 1e6);
    };
    row("evaluator, pre-decoded requests", eval);
    row("Decider::decide_json in-process", js);
    row("typed API: fill + Decider::decide", ty);
    if (sink == 42) std::printf(" \n");  // keep the work observable
    return 0;
}
