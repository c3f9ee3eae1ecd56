// Benchmark (not a test): decisions per second in-process and through the CLI,
// beside a baseline that only parses the same NDJSON with the same JSON library.
//
//   bench_decide POLICY_DIR GRONDSLAG_BINARY [N] [--items K] [--runs R] [--json] [--no-cli] [--work DIR]
//   bench_decide --parse-only FILE      (the baseline process: std::getline, then simdjson)
//   bench_decide --parse-only-chunked FILE (the stricter one: reads as the CLI does)
//   bench_decide --spawn R CMD [ARG...] (times R fresh processes of CMD, stdout to /dev/null)
//
// --items K gives every request exactly K distinct data items (default: 1-3);
// --runs R repeats each measure R times (default 5) and reports best and median (an
// in-process run repeats its pass over the requests until it lasts 0.2 s);
// --json prints one JSON object instead of the table; --no-cli skips the process
// measures; --work DIR holds the NDJSON file and bundle (default /tmp).
// --spawn runs CMD once untimed (page cache), then R times, each a fresh process
// started with posix_spawn and reaped with wait4, and prints JSON: the wall time of
// each run and its median, the median CPU time (user + system, from wait4: less
// sensitive than wall time to waiting for a core), and the peak resident set
// (ru_maxrss) of the largest.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "evaluator.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/typed_request.hpp"
#include "ir.hpp"
#include "request.hpp"
#include "typed_plan.hpp"
#include "policies_access.hpp"

using clock_type = std::chrono::steady_clock;
using nlohmann::json;

static double seconds_since(clock_type::time_point t) {
    return std::chrono::duration<double>(clock_type::now() - t).count();
}

// A mix of requests over the whole vocabulary: most are denied, some permitted.
// items = 0: 1-3 data items per request (with repeats); items = K: K distinct ones.
static std::vector<std::string> generate(const grondslag::ir::PolicySet& set, std::size_t n, std::size_t items_each) {
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
        if (items_each == 0) {
            const std::size_t items = 1 + pick(3);
            for (std::size_t k = 0; k < items; ++k) data.push_back(set.categories[pick(set.categories.size())].name);
        } else {
            std::vector<std::size_t> order(set.categories.size());
            for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
            for (std::size_t k = 0; k < items_each; ++k) {
                const std::size_t j = k + pick(order.size() - k);  // partial Fisher-Yates: distinct categories
                std::swap(order[k], order[j]);
                data.push_back(set.categories[order[k]].name);
            }
        }
        r["data"] = data;
        // The phase is the request's own field, one of its purpose's phases.
        const auto& phases = set.purposes[set.purpose_ids.at(r["purpose"].get<std::string>())].phases;
        if (!phases.empty() && pick(2) == 0) r["phase"] = phases[pick(phases.size())].name;
        json facts = json::object();
        for (const auto& f : set.facts) {
            if (f.first_slot == set.phase_slot) continue;
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

// R fresh processes of argv[0..]: wall time each (posix_spawn to wait4) and peak RSS.
static int spawn_runs(int runs, char** argv) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    std::vector<double> wall, cpu;
    long max_rss_kb = 0;
    int status_seen = 0;
    for (int k = -1; k < runs; ++k) {  // k = -1: untimed, fills the page cache
        const auto t = clock_type::now();
        pid_t pid = 0;
        if (posix_spawnp(&pid, argv[0], &actions, nullptr, argv, environ) != 0) {
            std::perror("posix_spawnp");
            return 2;
        }
        int status = 0;
        struct rusage usage {};
        if (wait4(pid, &status, 0, &usage) < 0) {
            std::perror("wait4");
            return 2;
        }
        const double s = seconds_since(t);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) status_seen = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
        if (k < 0) continue;
        wall.push_back(s);
        cpu.push_back(double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                      double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6);
        max_rss_kb = std::max(max_rss_kb, usage.ru_maxrss);
    }
    posix_spawn_file_actions_destroy(&actions);
    std::vector<double> sorted = wall, cpu_sorted = cpu;
    std::sort(sorted.begin(), sorted.end());
    std::sort(cpu_sorted.begin(), cpu_sorted.end());
    std::printf("{\"runs\":%d,\"exit\":%d,\"median_s\":%.6f,\"min_s\":%.6f,\"max_s\":%.6f,\"cpu_median_s\":%.6f,"
                "\"max_rss_kb\":%ld,\"wall_s\":[",
                runs, status_seen, sorted[sorted.size() / 2], sorted.front(), sorted.back(), cpu_sorted[cpu_sorted.size() / 2],
                max_rss_kb);
    for (std::size_t i = 0; i < wall.size(); ++i) std::printf("%s%.6f", i ? "," : "", wall[i]);
    std::printf("]}\n");
    return status_seen ? 1 : 0;
}

static double time_command(const std::string& cmd) {
    const auto t = clock_type::now();
    if (std::system(cmd.c_str()) != 0) std::cerr << "command failed: " << cmd << "\n";
    return seconds_since(t);
}

struct Runs {
    std::vector<double> secs;  // one per run
    double best() const { return *std::min_element(secs.begin(), secs.end()); }
    double median() const {
        std::vector<double> v = secs;
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    }
};

// The same baseline reading its input the way the CLI does: read(2) in 64 KiB chunks, lines
// found with memchr and parsed where they lie (the chunk buffer carries simdjson's padding),
// only a line that crosses a chunk boundary copied first. The stricter baseline: it leaves
// nothing but the parse, where std::getline adds a copy and istream's per-character work.
static int parse_only_chunked(const char* path) {
    const int fd = ::open(path, O_RDONLY);
    if (fd < 0) return 1;
    constexpr std::size_t chunk = std::size_t{1} << 16;
    std::vector<char> buf(chunk + simdjson::SIMDJSON_PADDING);
    std::string carry, padded;
    std::size_t objects = 0;
    simdjson::dom::parser parser;
    auto parse = [&](const char* text, std::size_t size) {
        simdjson::dom::element doc;
        objects += !parser.parse(text, size, false).get(doc) && doc.is_object();
    };
    for (;;) {
        const ssize_t got = ::read(fd, buf.data(), chunk);
        if (got <= 0) break;
        const char* p = buf.data();
        const char* end = p + got;
        while (p < end) {
            const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
            if (!nl) {
                carry.append(p, end);
                break;
            }
            if (carry.empty()) {
                parse(p, static_cast<std::size_t>(nl - p));
            } else {
                carry.append(p, nl);
                padded.assign(carry);
                padded.append(simdjson::SIMDJSON_PADDING, ' ');
                parse(padded.data(), carry.size());
                carry.clear();
            }
            p = nl + 1;
        }
    }
    if (!carry.empty()) {
        padded.assign(carry);
        padded.append(simdjson::SIMDJSON_PADDING, ' ');
        parse(padded.data(), carry.size());
    }
    ::close(fd);
    std::fprintf(stderr, "%zu\n", objects);
    return 0;
}

// Every key and value of a parsed document visited once, nothing decoded: the least any
// decoder on simdjson's DOM must do after the parse.
static std::size_t visit(simdjson::dom::element e) {
    switch (e.type()) {
        case simdjson::dom::element_type::OBJECT: {
            std::size_t n = 1;
            for (auto field : simdjson::dom::object(e)) n += field.key.size() + visit(field.value);
            return n;
        }
        case simdjson::dom::element_type::ARRAY: {
            std::size_t n = 1;
            for (auto item : simdjson::dom::array(e)) n += visit(item);
            return n;
        }
        case simdjson::dom::element_type::STRING: return std::string_view(e).size();
        case simdjson::dom::element_type::BOOL: return bool(e) ? 2 : 1;
        default: return 1;
    }
}

int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[1]) == "--parse-only") return parse_only(argv[2], false);
    if (argc == 3 && std::string(argv[1]) == "--parse-only-chunked") return parse_only_chunked(argv[2]);
    if (argc == 3 && std::string(argv[1]) == "--parse-only-nlohmann") return parse_only(argv[2], true);
    if (argc >= 4 && std::string(argv[1]) == "--spawn") return spawn_runs(std::max(1, std::atoi(argv[2])), argv + 3);
    std::vector<std::string> positional;
    std::size_t items_each = 0;
    int runs = 5;
    bool json_out = false, with_cli = true;
    std::string work = "/tmp";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--items") items_each = std::stoul(next());
        else if (a == "--runs") runs = std::max(1, std::stoi(next()));
        else if (a == "--json") json_out = true;
        else if (a == "--no-cli") with_cli = false;
        else if (a == "--work") work = next();
        else if (!a.empty() && a[0] != '-') positional.push_back(a);
        else positional.clear(), positional.resize(9);  // unknown option: print the usage
    }
    if (positional.size() < 2 || positional.size() > 3) {
        std::cerr << "usage: bench_decide POLICY_DIR GRONDSLAG_BINARY [N] [--items K] [--runs R] [--json] [--no-cli] "
                     "[--work DIR]\n       bench_decide --spawn R CMD [ARG...]\n";
        return 2;
    }
    const std::string policy_dir = positional[0], grondslag_bin = positional[1];
    const std::size_t n = positional.size() > 2 ? std::stoul(positional[2]) : 200000;
    auto policies = grondslag::Policies::load_directories({policy_dir});
    if (!policies.ok()) {
        std::cerr << policies.render_diagnostics();
        return 2;
    }
    const auto& set = compiled_form(policies);
    if (items_each > set.categories.size()) {
        std::cerr << "--items " << items_each << ": the set has only " << set.categories.size() << " categories\n";
        return 2;
    }
    const auto lines = generate(set, n, items_each);
    const std::string path = work + "/grondslag-bench.ndjson";
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
        if (!decoder.decode(lines[i], requests[i], e)) {
            std::cerr << "request " << i + 1 << " does not decode: " << e.path << ": " << e.message << "\n";
            return 2;
        }
        items += requests[i].items.size();
    }
    grondslag::Evaluator evaluator(set);
    grondslag::Decision decision;
    std::size_t permits = 0;
    // Each in-process run repeats its pass over all requests until it lasts 0.2 s (a pass
    // can take a few milliseconds, too short to time on a shared machine) and records the
    // time of one pass.
    auto timed = [](auto&& pass) {
        std::size_t reps = 0;
        const auto t = clock_type::now();
        double s = 0;
        do {
            pass();
            ++reps;
            s = seconds_since(t);
        } while (s < 0.2);
        return s / double(reps);
    };
    Runs eval;
    for (const auto& r : requests) {
        evaluator.decide(r, decision);  // warm-up (buffers grown to size), and the permits seen
        permits += decision.items.empty() ? 0 : decision.items[0].verdict == grondslag::Verdict::permit;
    }
    std::size_t sink = 0;
    for (int round = 0; round < runs; ++round)
        eval.secs.push_back(timed([&] {
            for (const auto& r : requests) {
                evaluator.decide(r, decision);
                sink += decision.items.size();
            }
        }));

    // 1b. The same decisions with the request in the cache, as it is when a request has just been
    // decoded (the CLI and decide_json decode into one reused Request): the pass cycles through the
    // first 1,024 requests. Pass 1 walks N separately allocated Requests, so part of what it times is
    // fetching each one from memory.
    Runs eval_hot;
    const std::size_t pool = std::min<std::size_t>(1024, requests.size());
    for (int round = 0; round < runs; ++round)
        eval_hot.secs.push_back(timed([&] {
            for (std::size_t i = 0; i < requests.size(); ++i) {
                evaluator.decide(requests[i % pool], decision);
                sink += decision.items.size();
            }
        }));

    // 1c. As 1b, but the N decisions visit the 1,024 requests in a random order fixed beforehand: a
    // pass that cycles through them in one order lets the branch predictor learn that order, which a
    // stream of new requests does not allow.
    Runs eval_shuffled;
    {
        std::vector<std::uint16_t> order(requests.size());
        std::mt19937_64 shuffle(7);
        for (auto& i : order) i = static_cast<std::uint16_t>(shuffle() % pool);
        for (int round = 0; round < runs; ++round)
            eval_shuffled.secs.push_back(timed([&] {
                for (const std::uint16_t i : order) {
                    evaluator.decide(requests[i], decision);
                    sink += decision.items.size();
                }
            }));
    }

    // 1d. The public typed API, as an application that resolved its names at start-up uses it: each
    // of the N requests (references and values held beforehand) filled and decided.
    grondslag::Decider decider(policies);
    grondslag::TypedRequest typed(policies);
    std::vector<test_support::TypedPlan> plans;
    plans.reserve(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string why;
        auto plan = test_support::plan_from_json(typed, json::parse(lines[i]), why);
        if (!plan) {
            std::cerr << "request " << i + 1 << " has no typed form: " << why << "\n";
            return 2;
        }
        plans.push_back(std::move(*plan));
    }
    Runs typed_runs;
    for (int round = 0; round < runs; ++round)
        typed_runs.secs.push_back(timed([&] {
            for (const auto& plan : plans) {
                plan.apply(typed);
                sink += decider.decide(typed).items.size();
            }
        }));

    // 2. In-process JSON in, JSON out; and parsing the same lines only.
    std::string out;
    out.reserve(1 << 20);
    Runs js, parse, parse_visit, parse_decode, decode_decide, parse_nlohmann;
    grondslag::Request decoded;  // one reused Request, as decide_json has
    simdjson::dom::parser parser;
    std::string padded;
    for (int round = 0; round < runs; ++round) {
        js.secs.push_back(timed([&] {
            for (std::size_t i = 0; i < lines.size(); ++i) {
                out.clear();
                decider.decide_json(lines[i], out, i + 1);
                sink += out.size();
            }
        }));
        std::size_t objects = 0, passes = 0;
        parse.secs.push_back(timed([&] {
            ++passes;
            for (const auto& l : lines) {
                if (padded.size() < l.size() + simdjson::SIMDJSON_PADDING) padded.resize(l.size() + simdjson::SIMDJSON_PADDING);
                std::memcpy(padded.data(), l.data(), l.size());
                simdjson::dom::element doc;
                objects += !parser.parse(padded.data(), l.size(), false).get(doc) && doc.is_object();
            }
        }));
        if (objects != passes * lines.size()) std::cerr << "parse mismatch\n";
        parse_visit.secs.push_back(timed([&] {
            for (const auto& l : lines) {
                if (padded.size() < l.size() + simdjson::SIMDJSON_PADDING) padded.resize(l.size() + simdjson::SIMDJSON_PADDING);
                std::memcpy(padded.data(), l.data(), l.size());
                simdjson::dom::element doc;
                if (!parser.parse(padded.data(), l.size(), false).get(doc)) sink += visit(doc);
            }
        }));
        // Parse and decode into the request, without deciding or answering: with the rows above and
        // the evaluator's, it splits decide_json's time into its steps.
        parse_decode.secs.push_back(timed([&] {
            for (const auto& l : lines) {
                grondslag::RequestError e;
                sink += decoder.decode(l, decoded, e) ? decoded.items.size() : 0;
            }
        }));
        decode_decide.secs.push_back(timed([&] {
            for (const auto& l : lines) {
                grondslag::RequestError e;
                if (decoder.decode(l, decoded, e)) {
                    evaluator.decide(decoded, decision);
                    sink += decision.items.size();
                }
            }
        }));
        if (!with_cli) continue;  // the nlohmann figures are for the table, not for the --items series
        objects = passes = 0;
        parse_nlohmann.secs.push_back(timed([&] {
            ++passes;
            for (const auto& l : lines) objects += json::parse(l, nullptr, false).is_object();
        }));
        if (objects != passes * lines.size()) std::cerr << "parse mismatch\n";
    }

    // 3. Processes end to end: the CLI against a program that only parses.
    Runs cli, cli_threads2, baseline, baseline_chunked, baseline_nlohmann;
    if (with_cli) {
        const std::string self = argv[0];
        // The serving path: a bundle sealed once (verification is not part of each run's cost).
        // Signed, and served with its verification key, as in production (docs/verification.md).
        const std::string bundle = work + "/grondslag-bench.bundle";
        const std::string signing_key = work + "/grondslag-bench.key.pem", public_key = work + "/grondslag-bench.pub.pem";
        if (std::system(("openssl genpkey -algorithm ed25519 -out " + signing_key + " && openssl pkey -in " + signing_key +
                         " -pubout -out " + public_key).c_str()) != 0)
            std::cerr << "openssl could not make the bundle's key pair; timing decide --bundle will fail\n";
        if (std::system((grondslag_bin + " verify --policies " + policy_dir + " --seal " + bundle + " --signing-key " +
                         signing_key + " > /dev/null").c_str()) != 0)
            std::cerr << "the policy set did not verify; timing decide --bundle will fail\n";
        const std::string served = bundle + " --verification-key " + public_key;
        for (int round = 0; round < runs; ++round) {
            cli.secs.push_back(time_command(grondslag_bin + " decide --bundle " + served + " " + path + " > /dev/null"));
            cli_threads2.secs.push_back(
                time_command(grondslag_bin + " decide --bundle " + served + " --threads 2 " + path + " > /dev/null"));
            baseline.secs.push_back(time_command(self + " --parse-only " + path + " 2> /dev/null"));
            baseline_chunked.secs.push_back(time_command(self + " --parse-only-chunked " + path + " 2> /dev/null"));
            baseline_nlohmann.secs.push_back(time_command(self + " --parse-only-nlohmann " + path + " 2> /dev/null"));
        }
    }

    if (json_out) {
        std::printf("{\"n\":%zu,\"items\":%zu,\"rules\":%zu,\"permits\":%zu,\"runs\":%d", n, items, set.rules.size(),
                    permits, runs);
        auto field = [&](const char* name, const Runs& r) {
            if (r.secs.empty()) return;
            std::printf(",\"%s\":{\"median_us\":%.6f,\"best_us\":%.6f}", name, r.median() * 1e6 / double(n),
                        r.best() * 1e6 / double(n));
        };
        field("evaluator", eval);
        field("evaluator_hot", eval_hot);
        field("evaluator_shuffled", eval_shuffled);
        field("typed", typed_runs);
        field("decide_json", js);
        field("parse_simdjson", parse);
        field("parse_visit_simdjson", parse_visit);
        field("parse_decode", parse_decode);
        field("decode_decide", decode_decide);
        field("parse_nlohmann", parse_nlohmann);
        field("cli_bundle", cli);
        field("cli_bundle_threads2", cli_threads2);
        field("process_parse_simdjson", baseline);
        field("process_parse_chunked_simdjson", baseline_chunked);
        field("process_parse_nlohmann", baseline_nlohmann);
        std::printf(",\"sink\":%zu}\n", sink % 10);
        return 0;
    }
    std::printf("requests: %zu (%zu items, %.1f per request), rules: %zu, permits seen: %zu, runs: %d\n", n, items,
                double(items) / double(n), set.rules.size(), permits, runs);
    std::printf("%-46s %14s %12s %14s %12s\n", "measure", "best dec/s", "best us", "median dec/s", "median us");
    auto row = [&](const char* name, const Runs& r) {
        if (r.secs.empty()) return;
        std::printf("%-46s %14.0f %12.3f %14.0f %12.3f\n", name, double(n) / r.best(), r.best() * 1e6 / double(n),
                    double(n) / r.median(), r.median() * 1e6 / double(n));
    };
    row("evaluator, pre-decoded requests", eval);
    row("evaluator, request in cache (1,024 cycled)", eval_hot);
    row("evaluator, in cache, 1,024 in random order", eval_shuffled);
    row("typed API: fill + decide, N requests", typed_runs);
    row("in-process JSON -> answer JSON", js);
    row("in-process parse only, simdjson (baseline)", parse);
    row("in-process parse + visit every value, simdjson", parse_visit);
    row("in-process parse + decode into a Request", parse_decode);
    row("in-process parse + decode + decide (no answer)", decode_decide);
    row("in-process parse only, nlohmann_json", parse_nlohmann);
    row("CLI decide --bundle, NDJSON file -> stdout", cli);
    row("CLI decide --bundle --threads 2", cli_threads2);
    row("process that only parses, simdjson (baseline)", baseline);
    row("the same, reading as the CLI does (read+memchr)", baseline_chunked);
    row("process that only parses, nlohmann_json", baseline_nlohmann);
    if (sink == 42) std::printf(" \n");  // keep the timed work observable
    if (with_cli)
        std::printf("CLI / parse-only process ratio: %.2fx (best), %.2fx (median); reading as the CLI does: %.2fx, %.2fx\n",
                    cli.best() / baseline.best(), cli.median() / baseline.median(), cli.best() / baseline_chunked.best(),
                    cli.median() / baseline_chunked.median());
    return 0;
}
