// Deciding a compiled request against the compiled policy set.
//
// Per item: candidate rules come from the index cell (sender, recipient,
// purpose, category); a rule applies when the date is within its validity and
// its condition holds. Conditions are three-valued: a permit applies only when
// its condition is true, a forbid applies unless its condition is false (an
// unknown fact never opens a permit nor lifts a forbid). A permit decides the
// item when every applicable forbid is one it declares itself an exception to,
// and no applicable forbid declares itself an exception to the permit.
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

class Evaluator {
public:
    explicit Evaluator(const ir::PolicySet& set);
    // Reuses the buffers in `out`: no allocation once they have grown.
    void decide(const Request& request, Decision& out);
    Tri condition(int node, const Request& request, std::uint16_t category) const;

private:
    const ir::PolicySet& set_;
    std::vector<std::uint32_t> permits_;
    std::vector<std::uint32_t> forbids_;
    std::vector<std::uint8_t> fact_seen_;

    std::int64_t term(const ir::Term& t, const Request& r, bool& known) const;
    void decide_item(const Request& request, std::uint16_t category, Decision& out);
};

}  // namespace grondslag
