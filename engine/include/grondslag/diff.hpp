// Change-impact analysis: every region of requests whose per-item decision
// differs between two policy sets, proven complete with Z3 (docs/ci.md).
//
// Both sets are encoded in one Z3 context over shared request variables (names
// of actors, purposes, categories, facts and enum values are matched by name;
// a name one set does not know makes that set's decoder reject the request,
// which is a deny). Regions are found one at a time and blocked until none is
// left, so an empty report is a proof that no request decides differently.
#pragma once

#include "grondslag/exit_code.hpp"
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grondslag/grondslag.hpp"
#include "grondslag/verify.hpp"

namespace grondslag {

struct DiffOptions {
    unsigned timeout_ms = 10000;      // per Z3 check
    unsigned memory_mb = 4096;        // Z3's memory limit
    std::size_t max_regions = 5000;   // enumeration stops here (then the report is incomplete: exit 3)
    // false: a deny is a deny, whichever forbid (or none) gives it; only permits are compared by rule,
    // basis and obligations (a forbid's validity moved shows only where a permit now wins or loses).
    bool deny_reasons = true;
    std::string old_label = "old";    // how the two sets are named in reports (paths or git revisions)
    std::string new_label = "new";
};

// deny -> permit, permit -> deny, or the same decision by another rule, basis or obligations.
enum class Transition : std::uint8_t { widen, narrow, change };
const char* transition_name(Transition t);  // "widen", "narrow", "change"

// One side's answer for a region's item.
struct DiffSide {
    std::string decision;  // "permit" or "deny"
    std::string rule;      // the deciding rule (a permit, or the forbid that denies); empty: no rule
    std::string provision;
    std::vector<std::string> bases;
    std::vector<std::string> obligations;  // "retain 9 months", "notify dji", ...
    RuleRef at;                            // where the rule is written (empty id: no rule)
};

// A cell (sender, recipient, purpose, category) in which the decision changes in the same way.
struct DiffRegion {
    Transition transition = Transition::change;
    std::string sender, recipient, purpose, category;
    std::string first_date, last_date;  // the earliest and latest request date with this change in the cell
    DiffSide old_side, new_side;
    nlohmann::json witness;   // a request of the decision contract in this region
    bool reproduced = false;  // `decide` on both sets gave the sides above for the witness
};

struct DiffReport {
    std::vector<DiffRegion> regions;
    std::vector<std::pair<std::string, std::string>> renamed;  // old id, new id: same rule, another name
    std::vector<std::string> removed_rules, added_rules, edited_rules;  // textual changes, for reading
    // Request facts (record fields as "fact.field") only one set declares. The other set decides a request
    // as if they were not given: the regions are what the rules change, not the vocabulary (docs/ci.md).
    std::vector<std::string> added_facts, removed_facts;
    std::vector<UnknownCheck> unknowns;
    std::string old_set, new_set;  // sha256 of the sources
    std::string old_label, new_label;
    std::string error;             // input error (a set did not compile)
    std::size_t checks = 0;
    double seconds = 0;
    bool complete = false;  // enumeration ran until no region was left

    enum class FailOn : std::uint8_t { none, widen, any };
    std::size_t count(Transition t) const;
    // 0 nothing that fails, 1 a region that --fail-on names, 2 input error, 3 a check ended unknown,
    // the enumeration was cut short or a witness did not reproduce (and nothing failed).
    int exit_code(FailOn fail_on) const;

    nlohmann::json to_json() const;
    // SARIF 2.1.0. Files under `source_root` (default: none) are written relative to it, with uriBaseId
    // SRCROOT, so the report names repository paths whatever folder the sets were read from.
    nlohmann::json to_sarif(FailOn fail_on, const std::string& source_root = {}) const;
    std::string to_junit(FailOn fail_on) const;
    std::string to_text() const;
    std::string to_markdown() const;  // for a pull-request comment
};

DiffReport diff(const Policies& old_set, const Policies& new_set, const DiffOptions& options = {});

}  // namespace grondslag
