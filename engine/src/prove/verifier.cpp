// `grondslag verify`: the properties of docs/verification.md, in the order they run. This file is the
// table of contents of the prover: each pass names the file that proves it and the findings it can
// report; the encoding they ask about is encoding.cpp's, the machinery they share properties.cpp's.
#include "verifier.hpp"
#include "properties.hpp"
#include "ranks.hpp"
#include "policies_access.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

namespace grondslag::verifier {

namespace {

// Verifiers whose Z3 memory is kept until the process ends (VerifyOptions::keep_solver_memory). The
// list itself is never destroyed, so what it holds stays reachable, not leaked, and nothing frees it.
void keep_until_exit(std::unique_ptr<Verifier> verifier) {
    static std::mutex* const guard = new std::mutex;
    static auto* const kept = new std::vector<std::unique_ptr<Verifier>>;
    const std::lock_guard<std::mutex> lock(*guard);
    kept->push_back(std::move(verifier));
}

}  // namespace

// Each pass proves its properties or records findings, with a witness request (or, for an impossibility,
// the rules of the unsat core). The order matters: the passes after dead_rules skip the rules it found
// dead (live_), and minimality reuses which permits can win (wins_) and where earlier checks saw one decide.
// The dead rules' checks, and then the purposes' tables, are split with a second Z3 context on
// another thread (properties.cpp, "two Z3 contexts"); the report is in this order all the same.
void Verifier::run() {
    // The checks' costs by purpose and category or recipient, which decide how the checks are shared.
    const CellCosts cells = cell_costs();
    dead_rules(cells);  // consistency.cpp: dead-rule, never-wins, forbid-always-lifted (finds the live rules)
    minimality(
        cells,
        [this] {
            exceptions();  // consistency.cpp: exception-cycle, exception-unused
            conflicts();   // consistency.cpp: conflict (a permit and a forbid apply together, neither prevails)
            grounds();     // grounds.cpp: ground (SPEC, CRIM, NID), consent
        },
        // minimality.cpp: minimality-category, minimality-recipient, the purposes' table
        [this] {
            time();      // validity.cpp: time (a rule applies outside its provision's validity)
            versions();  // validity.cpp: versions (successive versions overlap or leave a gap)
        });
}

VerifyReport verify_set(const ir::PolicySet& set, const VerifyOptions& options, bool slicing) {
    VerifyReport report;
    report.policy_set = set.source_hash;
    const auto start = std::chrono::steady_clock::now();
    // The checks stop at 85 % of the time left before the deadline: the rest is kept for giving back
    // Z3's memory (about a tenth of the time the encoding took to build) and writing the report.
    VerifyOptions within = options;
    if (options.deadline != std::chrono::steady_clock::time_point::max()) {
        const auto left = std::max(options.deadline - start, std::chrono::steady_clock::duration::zero());
        within.deadline = start + left * 85 / 100;
    }
    try {
        auto v = std::make_unique<Verifier>(set, within, report, slicing);
        v->run();
        if (options.keep_solver_memory) keep_until_exit(std::move(v));
    } catch (const z3::exception& e) {
        report.unknowns.push_back({"the Z3 encoding", e.msg()});
    } catch (const DeadlineReached&) {
        // What was proven and found before stays; nothing after it was checked.
        report.unknowns.push_back({"the checks not run before the deadline", "the overall deadline (--deadline) was reached"});
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

}  // namespace grondslag::verifier

namespace grondslag {

VerifyReport verify(const Policies& policies, const VerifyOptions& options) {
    if (!policies.ok()) {
        VerifyReport r;
        r.policy_set = policies.hash();
        r.error = "the policy set has " + std::to_string(policies.diagnostics().error_count()) + " error(s); nothing is verified";
        return r;
    }
    VerifyReport report = verifier::verify_set(compiled_form(policies), options);
    report.provenance = permit_provenance(compiled_form(policies));
    return report;
}

}  // namespace grondslag
