// The Z3 encoding of a compiled policy set: request variables, rule
// applicability and the per-item decision, mirroring evaluator.cpp.
//
// One item is encoded (the decision of an item does not depend on the other
// items of its request). Conditions are three-valued: each node has a "yes"
// and a "no" formula; unknown is neither. Dates are integers (days since
// 1970-01-01) restricted to the years the request decoder accepts (1900-2999),
// and a date moved by months is split into year, month and day variables
// tied to it by days_from_civil, so "date + n months" is the evaluator's
// clamped calendar arithmetic, exactly, with divisions of the year only.
//
// Declared here, built in encoding.cpp; requests and models are converted both ways in witness.cpp.
// The verifier (properties.hpp) and grondslag diff (differ.hpp, once per set) ask their questions of it.
#pragma once
#include <functional>
#include <z3++.h>

#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "ir.hpp"
#include "request.hpp"

namespace grondslag::verifier {

// A date value split into year, month and day (for "date + n months").
struct Civil {
    int slot;  // -1: the request date
    z3::expr day_number, year, month, day;
};

class Encoding {
public:
    // `prefix` starts every variable's name: two encodings in one context (grondslag diff) keep
    // their variables apart and are tied together by explicit constraints.
    // `tick`, when given, is called once per rule while the rules are encoded (verify's deadline:
    // it may throw to stop).
    Encoding(z3::context& ctx, const ir::PolicySet& set, const std::string& prefix = "",
             const std::function<void()>& tick = {});

    z3::context& ctx;
    const ir::PolicySet& set;
    const std::string prefix;

    // Request variables.
    z3::expr date, sender, recipient, purpose, category;
    std::vector<z3::expr> value;                   // per slot (Int; bools 0/1, enums their index)
    std::vector<z3::expr> given;                   // per slot
    std::vector<std::vector<z3::expr>> text_bits;  // per text_set slot: "the list contains texts[i]"
    std::vector<z3::expr> active, explicit_active; // per category (consent)
    std::vector<Civil> civil;                      // dates moved by months or years
    z3::expr domain;                               // the requests the decoder can produce
    // The parts of `domain` that constrain the variables occurring in `exprs`, closed under shared
    // variables (a civil date brings its day number). The other parts constrain only variables that
    // do not occur, each is satisfiable on its own, so adding them changes no satisfiability.
    z3::expr domain_of(const std::vector<z3::expr>& exprs) const;

    // Per rule: applicability as a formula over the request variables.
    std::vector<z3::expr> applies;
    std::function<void()> tick_;  // the constructor's `tick`, also called as a decision is built
    std::vector<std::uint32_t> forbid_rank_ = ir::forbid_precedence(set);

    struct Decision {
        z3::expr winner;        // rule id of the winning permit, -1 when none
        z3::expr first_forbid;  // the applicable forbid a deny names (ir::forbid_precedence), -1 when none
        z3::expr decided;       // winner, else first_forbid
    };
    // The decision built over any applicability vector (the formulas above, or tracked constants).
    Decision decision(const std::vector<z3::expr>& app) const;
    // The same loop over a subset of the rules (indices in rule order). Exact for every request
    // under which the rules left out do not apply (see Region and slice below).
    Decision decision(const std::vector<z3::expr>& app, const std::vector<int>& rules) const;

    // A set of requests: sender, recipient, purpose and category in masks, date in [from, until].
    struct Region {
        ir::Mask senders = ~ir::Mask{0}, recipients = ~ir::Mask{0}, purposes = ~ir::Mask{0}, categories = ~ir::Mask{0};
        Day from = ir::far_past, until = ir::far_future;
    };
    Region region_of(int rule) const;                             // the requests a rule can apply to
    static Region meet(const Region& a, const Region& b);         // both
    z3::expr in_region(const Region& g) const;                    // the request variables lie in g
    // The rules that can apply to some request in g, in rule order: every other rule's cell masks
    // or validity are disjoint from g, so its applicability is false throughout g.
    std::vector<int> slice(const Region& g) const;

    z3::expr yes(int node);  // condition node is true
    z3::expr no(int node);   // condition node is false
    z3::expr consent_bit(const ir::Node& n);  // the consent bit a consent node reads
    z3::expr in_mask(const z3::expr& var, ir::Mask mask, std::size_t universe) const;
    z3::expr shifted(const ir::Term& t);  // a term's value (with its period)

    // Between compiled requests and models (witness.cpp).
    // The request variables fixed to a compiled request's values, for item `cat`.
    z3::expr fix(const Request& r, std::uint16_t cat) const;
    // A model that assigns every request variable (and the civil parts of dates) from a compiled request.
    z3::model model_of(const Request& r, std::uint16_t cat) const;
    // The request of the decision contract that a model describes.
    nlohmann::json witness(const z3::model& m) const;

    Day min_day = 0, max_day = 0;  // 1900-01-01 and 2999-12-31, the dates the decoder accepts

private:
    std::vector<int> yes_done_, no_done_;
    std::vector<z3::expr> yes_, no_;
    std::vector<z3::expr> civil_domain_;
    std::vector<z3::expr> domain_parts_;
    std::vector<std::vector<unsigned>> part_vars_;
    std::unordered_map<unsigned, std::vector<int>> var_parts_;
    const Civil& civil_of(int slot);

public:
    // The uninterpreted constants of e (request variables, civil parts, trackers), by AST id.
    static void constants(const z3::expr& e, std::unordered_set<unsigned>& seen, std::vector<unsigned>& out);
};

// Civil calendar arithmetic as Z3 terms, exact for years 1..: days_from_civil and add_period.
z3::expr civil_days_term(const z3::expr& year, const z3::expr& month, const z3::expr& day);
z3::expr add_period_term(const Civil& date, Period p);

}  // namespace grondslag::verifier
