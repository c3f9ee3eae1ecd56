// Benchmark (not a test): decisions per second in-process and through the CLI,
// beside a baseline that only parses the same NDJSON with the same JSON library.
//
//   bench_decide POLICY_DIR GRONDSLAG_BINARY [N]
//   bench_decide --parse-only FILE      (the baseline process)
#include <chrono>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "evaluator.hpp"
#include "grondslag/grondslag.hpp"
#include "ir.hpp"
#include "request.hpp"

using clock_type = std::chrono::steady_clock;
using nlohmann::json;

static double seconds_since(clock_type::time_point t) {
    return std::chrono::duration<double>(clock_type::now() - t).count();
}

// A mix of requests over the whole vocabulary: most are denied, some permitted.
static std::vector<std::string> generate(const grondslag::ir::PolicySet& set, std::size_t n) {
    std::mt19937_64 rng(42);
    auto pick = [&](std::size_t k) { return static_cast<std::size_t>(rng() % k); };
    const char* dates[] = {"2018-06-01", "2019-03-01", "2020-06-01", "2021-06-30", "2021-07-01", "2022-03-10", "2024-06-30", "2024-07-01", "2025-06-01"};
    std::vector<std::string> lines;
    lines.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        json r;
        r["id"] = i;
        r["date"] = dates[pick(9)];
        // Bias towards the flows the law is about, so many requests reach conditions.
        const bool flow = pick(2) == 0;
        r["sender"] = flow ? "dji" : set.actors[pick(set.actors.size())].name;
        r["recipient"] = flow ? "gemeente" : set.actors[pick(set.actors.size())].name;
        r["purpose"] = flow ? "dr_plan" : set.purposes[pick(set.purposes.size())].name;
        json data = json::array();
        const std::size_t items = 1 + pick(3);
        for (std::size_t k = 0; k < items; ++k) data.push_back(set.categories[pick(set.categories.size())].name);
        r["data"] = data;
        json facts = json::object();
        for (const auto& f : set.facts) {
            if (pick(4) == 0) continue;
            switch (f.type) {
                case grondslag::ir::ValueType::boolean: facts[f.name] = pick(5) != 0; break;
                case grondslag::ir::ValueType::integer: facts[f.name] = static_cast<int>(pick(40)); break;
                case grondslag::ir::ValueType::date: facts[f.name] = "2024-08-01"; break;
                case grondslag::ir::ValueType::enumeration: facts[f.name] = set.slots[f.first_slot].enum_values[0]; break;
                case grondslag::ir::ValueType::consents:
                    facts[f.name] = json::array({{{"categorie", "onderdak"}, {"gegeven", "2019-06-01"}},
                                                 {{"categorie", "schulden"}, {"gegeven", "2019-06-01"}, {"ingetrokken", "2020-01-01"}}});
                    break;
                default: break;
            }
        }
        r["facts"] = facts;
        lines.push_back(r.dump());
    }
    return lines;
}

// The baseline process: read the NDJSON the way the CLI does and parse every
// line with the same library (simdjson's DOM parser, reused), nothing else.
static int parse_only(const char* path, bool with_nlohmann) {
    std::ifstream in(path);
    std::string line, padded;
    std::size_t objects = 0;
    simdjson::dom::parser parser;
    while (std::getline(in, line)) {
        if (with_nlohmann) {
            objects += json::parse(line, nullptr, false).is_object();
            continue;
        }
        if (padded.size() < line.size() + simdjson::SIMDJSON_PADDING) padded.resize(line.size() + simdjson::SIMDJSON_PADDING);
        std::memcpy(padded.data(), line.data(), line.size());
        simdjson::dom::element doc;
        objects += !parser.parse(padded.data(), line.size(), false).get(doc) && doc.is_object();
    }
    std::fprintf(stderr, "%zu\n", objects);
    return 0;
}

static double time_command(const std::string& cmd) {
    const auto t = clock_type::now();
    if (std::system(cmd.c_str()) != 0) std::cerr << "command failed: " << cmd << "\n";
    return seconds_since(t);
}

int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[1]) == "--parse-only") return parse_only(argv[2], false);
    if (argc == 3 && std::string(argv[1]) == "--parse-only-nlohmann") return parse_only(argv[2], true);
    if (argc < 3) {
        std::cerr << "usage: bench_decide POLICY_DIR GRONDSLAG_BINARY [N]\n";
        return 2;
    }
    const std::size_t n = argc > 3 ? std::stoul(argv[3]) : 200000;
    auto policies = grondslag::Policies::load_directories({argv[1]});
    if (!policies.ok()) {
        std::cerr << policies.render_diagnostics();
        return 2;
    }
    const auto& set = policies.compiled();
    const auto lines = generate(set, n);
    const std::string path = "/tmp/grondslag-bench.ndjson";
    {
        std::ofstream out(path);
        for (const auto& l : lines) out << l << '\n';
    }

    // 1. The evaluator alone, on requests decoded beforehand.
    std::vector<grondslag::Request> requests(lines.size());
    std::size_t items = 0;
    grondslag::RequestDecoder decoder(set);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        grondslag::RequestError e;
        decoder.decode(lines[i], requests[i], e);
        items += requests[i].items.size();
    }
    grondslag::Evaluator evaluator(set);
    grondslag::Decision decision;
    std::size_t permits = 0;
    double best_eval = 1e9;
    for (int round = 0; round < 5; ++round) {
        const auto t = clock_type::now();
        for (const auto& r : requests) {
            evaluator.decide(r, decision);
            permits += decision.items.empty() ? 0 : decision.items[0].verdict == grondslag::Verdict::permit;
        }
        best_eval = std::min(best_eval, seconds_since(t));
    }

    // 2. In-process JSON in, JSON out.
    grondslag::Decider decider(policies);
    std::string out;
    out.reserve(1 << 20);
    double best_json = 1e9, best_parse = 1e9, best_parse_nlohmann = 1e9;
    simdjson::dom::parser parser;
    std::string padded;
    for (int round = 0; round < 3; ++round) {
        auto t = clock_type::now();
        for (std::size_t i = 0; i < lines.size(); ++i) {
            out.clear();
            decider.decide_json(lines[i], out, i + 1);
        }
        best_json = std::min(best_json, seconds_since(t));
        t = clock_type::now();
        std::size_t objects = 0;
        for (const auto& l : lines) {
            if (padded.size() < l.size() + simdjson::SIMDJSON_PADDING) padded.resize(l.size() + simdjson::SIMDJSON_PADDING);
            std::memcpy(padded.data(), l.data(), l.size());
            simdjson::dom::element doc;
            objects += !parser.parse(padded.data(), l.size(), false).get(doc) && doc.is_object();
        }
        best_parse = std::min(best_parse, seconds_since(t));
        t = clock_type::now();
        for (const auto& l : lines) objects += json::parse(l, nullptr, false).is_object();
        best_parse_nlohmann = std::min(best_parse_nlohmann, seconds_since(t));
        if (objects != 2 * lines.size()) std::cerr << "parse mismatch\n";
    }

    // 3. Processes end to end: the CLI against a program that only parses.
    const std::string self = argv[0];
    // The serving path: a bundle sealed once (verification is not part of each run's cost).
    const std::string bundle = "/tmp/grondslag-bench.bundle";
    if (std::system((std::string(argv[2]) + " verify --policies " + argv[1] + " --seal " + bundle + " > /dev/null").c_str()) != 0)
        std::cerr << "the policy set did not verify; timing decide --bundle will fail\n";
    double best_cli = 1e9, best_baseline = 1e9, best_baseline_nlohmann = 1e9;
    for (int round = 0; round < 3; ++round) {
        best_cli = std::min(best_cli, time_command(std::string(argv[2]) + " decide --bundle " + bundle + " " + path + " > /dev/null"));
        best_baseline = std::min(best_baseline, time_command(self + " --parse-only " + path + " 2> /dev/null"));
        best_baseline_nlohmann = std::min(best_baseline_nlohmann, time_command(self + " --parse-only-nlohmann " + path + " 2> /dev/null"));
    }

    std::printf("requests: %zu (%zu items, %.1f per request), rules: %zu, permits seen: %zu\n", n, items,
                double(items) / double(n), set.rules.size(), permits);
    std::printf("%-46s %14s %12s\n", "measure (best of runs)", "decisions/s", "us/decision");
    auto row = [&](const char* name, double secs) {
        std::printf("%-46s %14.0f %12.3f\n", name, double(n) / secs, secs * 1e6 / double(n));
    };
    row("evaluator, pre-decoded requests", best_eval);
    row("in-process JSON -> answer JSON", best_json);
    row("in-process parse only, simdjson (baseline)", best_parse);
    row("in-process parse only, nlohmann_json", best_parse_nlohmann);
    row("CLI decide --bundle, NDJSON file -> stdout", best_cli);
    row("process that only parses, simdjson (baseline)", best_baseline);
    row("process that only parses, nlohmann_json", best_baseline_nlohmann);
    std::printf("CLI / parse-only process ratio: %.2fx\n", best_cli / best_baseline);
    return 0;
}
