// Verifying a compiled policy set with Z3: properties of the whole set over
// every request (date, sender, recipient, purpose, data category, facts and
// consents symbolic). The encoding mirrors the evaluator on the compiled form;
// see docs/verification.md for the properties, the abstractions and how to
// read a finding.
#pragma once

#include "grondslag/exit_code.hpp"
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grondslag/grondslag.hpp"

namespace grondslag {

struct VerifyOptions {
    unsigned timeout_ms = 10000;  // per Z3 check
    unsigned memory_mb = 4096;    // Z3's memory limit; reaching it ends the check as unknown
    // When the whole verification must end (`verify --deadline`): the check running then is cut
    // short, the checks not yet run are not run, and the report has an unknown for them (exit 3
    // unless a violation was found first). The default: no deadline.
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    // Called before each group of checks with a short description (for progress on a terminal).
    std::function<void(const std::string&)> progress;
    // For a process that ends once the report is written (the `verify` command): the Z3 contexts are
    // not given back, which on the national set is about a fifth of the run; their memory goes when
    // the process does. A process that goes on (a server, `decide --policies`) keeps the default.
    bool keep_solver_memory = false;
};

struct RuleRef {
    std::string id;
    std::string file;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

enum class FindingLevel : std::uint8_t { violation, warning };

struct Finding {
    // dead-rule, never-wins, forbid-always-lifted, exception-unused, ground, consent,
    // minimality-category, minimality-recipient, minimality-phase, purpose-unserved, time, versions
    std::string property;
    FindingLevel level = FindingLevel::violation;
    std::string message;
    std::string suggestion;      // the edit that resolves it, in the policy language (empty when none is known)
    std::vector<RuleRef> rules;  // the rule the finding is about first (where to edit), then the rules involved
    // A request of the decision contract that shows the finding, or null. `witness_item` is the
    // data category whose decision it shows: `witness_decision` ("permit"/"deny") by `witness_rule`
    // (empty for a deny without a rule).
    nlohmann::json witness;
    std::string witness_item;
    std::string witness_decision;
    std::string witness_rule;
};

struct UnknownCheck {
    std::string check;   // what was being proven
    std::string reason;  // Z3's reason_unknown()
};

struct PurposeReach {
    std::string purpose;
    std::string phase;  // empty: the purpose as a whole; else one of its phases (requests naming it)
    std::vector<std::string> declared_categories, reachable_categories;
    std::vector<std::string> declared_recipients, reachable_recipients;
};

// Which instrument made a permit of special (SPEC), criminal (CRIM) or identifying-number (NID)
// data possible, and on which grounds of which rank (docs/verification.md, "Provenance").
struct GroundProvenance {
    std::string basis;   // the ground's id
    std::string kind;    // art9, art10 or nid
    std::string module;  // the module that declares it
    std::string rank;    // that module's rank (eu_verordening, wet, amvb, ...)
    bool from_consent = false;
};

struct PermitProvenance {
    std::string rule, module, rank;         // the permit, its module and that module's rank
    std::vector<std::string> categories;    // its SPEC, CRIM and NID categories
    std::vector<GroundProvenance> grounds;  // its art. 9, art. 10 and nid grounds
    std::vector<std::string> lifts;         // the forbids it sets aside (its `except` of forbids)
    RuleRef at;
};

struct VerifyReport {
    std::vector<Finding> findings;
    std::vector<UnknownCheck> unknowns;
    std::vector<PurposeReach> purposes;
    std::vector<PermitProvenance> provenance;  // every permit of SPEC, CRIM or NID data, in rule order
    std::vector<std::string> proven;  // the properties proven, one line each
    std::size_t checks = 0;           // Z3 queries run
    double seconds = 0;
    std::string policy_set;  // sha256 of the sources
    std::string error;       // input error (the set did not compile)

    std::size_t violations() const;
    // 0 all proven, 1 violations found, 2 input error, 3 a check ended unknown (and no violation).
    int exit_code() const;
    nlohmann::json to_json() const;
    // SARIF 2.1.0; `source_root` as DiffReport::to_sarif.
    nlohmann::json to_sarif(const std::string& source_root = {}) const;
    // The findings in full, then a summary; `verbose` adds the reach table of every purpose and phase and
    // the grounds of every SPEC, CRIM and NID permit by instrument.
    std::string to_text(bool verbose = false) const;
};

VerifyReport verify(const Policies& policies, const VerifyOptions& options = {});

}  // namespace grondslag
