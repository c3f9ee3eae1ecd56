// Deciding a compiled request against the compiled policy set.
//
// Per item: candidate rules come from the index cell (sender, recipient,
// purpose, category); a rule applies when the date is within its validity and
// its condition holds. Conditions are three-valued: a permit applies only when
// its condition is true, a forbid applies unless its condition is false (an
// unknown fact never opens a permit nor lifts a forbid). A permit decides the
// item when every applicable forbid is one it declares itself an exception to,
// and no applicable forbid declares itself an exception to the permit.
//
// The explainer reads the same code: `condition` gives the value of every node
// it describes, and `decide_traced` decides one item as `decide` does while
// recording what it saw of each candidate rule (ItemTrace). The tracing is a
// template parameter of decide_item: the untraced instantiation, which
// `decide` runs, has no trace code in it.
#pragma once
#include <vector>

#include "ir.hpp"
#include "request.hpp"

namespace grondslag {

enum class Tri : std::uint8_t { no = 0, yes = 1, unknown = 2 };

enum class Verdict : std::uint8_t { permit, deny };

enum class DenyReason : std::uint8_t {
    none,
    forbidden,      // an applicable forbid prevails
    no_candidate,   // no rule covers sender, recipient, purpose and category
    not_in_force,   // rules cover it, but none is in force on the date
    conditions,     // rules in force cover it, but their conditions do not hold
};

// A deny's cause by its contract name: the answer's "cause", explain's reason and, by the same words,
// the typed API's DenyCause (docs/contract.md lists them with their reasons). "" for none.
constexpr const char* deny_cause_name(DenyReason reason) {
    switch (reason) {
        case DenyReason::forbidden: return "forbidden";
        case DenyReason::no_candidate: return "no_rule";
        case DenyReason::not_in_force: return "not_in_force";
        case DenyReason::conditions: return "conditions";
        case DenyReason::none: break;
    }
    return "";
}

struct ItemResult {
    std::uint16_t category = 0;
    Verdict verdict = Verdict::deny;
    DenyReason reason = DenyReason::none;
    int rule = -1;              // deciding permit, or the prevailing forbid
    Day in_force_from = 0;      // for not_in_force: the earliest later start, if any
    bool later_start = false;
    std::uint32_t considered_begin = 0, considered_end = 0;  // into Decision::considered
    std::uint32_t missing_begin = 0, missing_end = 0;        // into Decision::missing
};

struct Decision {
    std::vector<ItemResult> items;
    std::vector<std::uint32_t> considered;  // rule ids
    std::vector<std::uint16_t> missing;     // fact ids
    void clear() {
        items.clear();
        considered.clear();
        missing.clear();
    }
};

// What deciding one item saw of its candidate rules (Evaluator::decide_traced), for explanations.
struct CandidateTrace {
    enum class Validity : std::uint8_t { in_force, not_yet, expired };
    std::uint32_t rule = 0;
    bool permit = false;
    Validity validity = Validity::in_force;  // the request date against the rule's validity
    Tri value = Tri::yes;     // its condition on the request (yes when it has none); also for a rule not in force
    bool applies = false;     // in force, and a permit's condition yes / a forbid's not no
};

// A candidate permit (in force or not) against an applicable forbid: whether the permit lifts it
// (declares itself an exception to it, and the forbid does not declare itself one to the permit).
// A permit that applies is defeated by every forbid it does not lift.
struct ClashTrace {
    std::uint32_t permit = 0;
    std::uint32_t forbid = 0;
    bool lifted = false;
};

struct ItemTrace {
    std::vector<CandidateTrace> candidates;  // every candidate rule of the item's cell, in rule order
    std::vector<ClashTrace> clashes;         // per candidate permit, in rule order, each applicable forbid in rule order
    void clear() {
        candidates.clear();
        clashes.clear();
    }
};

class Evaluator {
public:
    explicit Evaluator(const ir::PolicySet& set);
    // Reuses the buffers in `out`: no allocation once they have grown.
    void decide(const Request& request, Decision& out);
    // Decides one item of the request as `decide` does, appending its result to `out` (not cleared), and
    // fills `trace` (cleared first) with what the decision saw.
    void decide_traced(const Request& request, std::uint16_t category, Decision& out, ItemTrace& trace);
    // The three-valued value of condition node `node` on the request, for the item `category`.
    Tri condition(int node, const Request& request, std::uint16_t category) const;
    // A term's value on the request; sets `known` to false when it reads a fact the request does not give.
    std::int64_t term(const ir::Term& t, const Request& request, bool& known) const;
    // The unstated slots whose values could change whether `rule`'s condition holds: those read by a part
    // of it that could still change, under no part that settles the whole whatever they are (a part that
    // is false under `and`, true under `or`). Appends them to `out` in the condition's order, a slot
    // possibly more than once. The facts of these slots are an answer's `missing_facts` (docs/contract.md).
    void open_slots(const ir::Rule& rule, const Request& request, std::uint16_t category, std::vector<std::uint16_t>& out) const;

private:
    const ir::PolicySet& set_;
    std::vector<std::uint32_t> permits_;
    std::vector<std::uint32_t> forbids_;
    std::vector<std::uint32_t> forbid_rank_;  // ir::forbid_precedence: which applicable forbid a deny names
    std::vector<std::uint8_t> fact_seen_;
    std::vector<std::uint16_t> open_;           // a rule's open slots (note_missing)
    // Per rule: its condition reads known(f), whose value in a decision (false for an unstated f) is not what
    // it could become, so note_missing walks it even when the decision's value is settled.
    std::vector<std::uint8_t> reads_known_;
    std::vector<std::uint8_t> flat_;            // per rule: its condition is one leaf, or one and/or of leaves
    std::vector<std::uint8_t> considered_open_;  // per considered rule of the item: its open slots may be any

    // Whether an applicable forbid defeats a permit: the permit does not declare itself an exception to it,
    // or the forbid declares itself an exception to the permit. ClashTrace::lifted is its negation.
    bool defeats(std::uint32_t forbid, std::uint32_t permit) const {
        return !set_.rule_excepts(static_cast<int>(permit), static_cast<int>(forbid)) ||
               set_.rule_excepts(static_cast<int>(forbid), static_cast<int>(permit));
    }
    void trace_candidate(std::uint32_t rule, bool permit, CandidateTrace::Validity validity, Tri value, bool applies) {
        trace_->candidates.push_back({rule, permit, validity, value, applies});
    }
    template <bool traced>
    void decide_item(const Request& request, std::uint16_t category, Decision& out);
    // The value node `index` could still take once the request states more facts: yes or no when no unstated
    // fact can change it, unknown when one can (as `condition`, except that `known(f)` of an unstated f is
    // unknown here, where a decision takes it as false). Appends the slots open_slots names below it.
    Tri collect_open(int index, const Request& r, std::uint16_t category, std::vector<std::uint16_t>& out) const;
    // Where decide_item<true> records (decide_traced sets it). A member rather than a parameter, so that the
    // candidate loop's closure is the same in both instantiations.
    ItemTrace* trace_ = nullptr;
};

}  // namespace grondslag
