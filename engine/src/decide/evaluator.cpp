#include "evaluator.hpp"

#include <algorithm>

namespace grondslag {

using ir::Op;

Evaluator::Evaluator(const ir::PolicySet& set) : set_(set), forbid_rank_(ir::forbid_precedence(set)) {
    permits_.reserve(set.rules.size());  // no cell has more candidates than there are rules
    forbids_.reserve(set.rules.size());
    fact_seen_.assign(set.facts.size(), 0);
    open_.reserve(set.slots.size());
    reads_known_.assign(set.rules.size(), 0);
    considered_open_.reserve(set.rules.size());
    flat_.assign(set.rules.size(), 0);
    for (std::size_t i = 0; i < set.rules.size(); ++i) {
        std::size_t connectives = 0;
        std::vector<int> todo;
        if (set.rules[i].condition >= 0) todo.push_back(set.rules[i].condition);
        while (!todo.empty()) {
            const ir::Node& n = set.nodes[todo.back()];
            todo.pop_back();
            if (n.op == Op::known) reads_known_[i] = 1;
            if (n.op != Op::all && n.op != Op::any && n.op != Op::negate) continue;
            ++connectives;
            for (std::uint32_t k = 0; k < n.count; ++k) todo.push_back(static_cast<int>(set.children[n.first + k]));
        }
        // One `and` or `or` of leaves (or one leaf): when it is unknown, no part settles it, so every part
        // whose slot is unstated is open, and its open slots are its unstated slots.
        flat_[i] = connectives == 0 || (connectives == 1 && (set.nodes[set.rules[i].condition].op == Op::all ||
                                                             set.nodes[set.rules[i].condition].op == Op::any));
    }
}

std::int64_t Evaluator::term(const ir::Term& t, const Request& r, bool& known) const {
    std::int64_t v;
    switch (t.kind) {
        case ir::Term::Kind::constant: return t.constant;
        case ir::Term::Kind::request_date: v = r.date; break;
        case ir::Term::Kind::slot:
            if (!r.given[t.slot]) {
                known = false;
                return 0;
            }
            v = r.values[t.slot];
            break;
        default: v = 0;
    }
    if (t.period_sign > 0) v = add_period(static_cast<Day>(v), t.period);
    else if (t.period_sign < 0) v = subtract_period(static_cast<Day>(v), t.period);
    return v;
}

Tri Evaluator::condition(int index, const Request& r, std::uint16_t category) const {
    const ir::Node& n = set_.nodes[index];
    switch (n.op) {
        case Op::constant: return n.mask ? Tri::yes : Tri::no;
        case Op::all: {
            Tri result = Tri::yes;
            for (std::uint32_t i = 0; i < n.count; ++i) {
                const Tri t = condition(static_cast<int>(set_.children[n.first + i]), r, category);
                if (t == Tri::no) return Tri::no;
                if (t == Tri::unknown) result = Tri::unknown;
            }
            return result;
        }
        case Op::any: {
            Tri result = Tri::no;
            for (std::uint32_t i = 0; i < n.count; ++i) {
                const Tri t = condition(static_cast<int>(set_.children[n.first + i]), r, category);
                if (t == Tri::yes) return Tri::yes;
                if (t == Tri::unknown) result = Tri::unknown;
            }
            return result;
        }
        case Op::negate: {
            const Tri t = condition(static_cast<int>(set_.children[n.first]), r, category);
            return t == Tri::unknown ? Tri::unknown : (t == Tri::yes ? Tri::no : Tri::yes);
        }
        case Op::fact_true:
            if (!r.given[n.slot]) return Tri::unknown;
            return r.values[n.slot] ? Tri::yes : Tri::no;
        case Op::compare: {
            bool known = true;
            const std::int64_t a = term(n.lhs, r, known);
            const std::int64_t b = term(n.rhs, r, known);
            if (!known) return Tri::unknown;
            bool v = false;
            switch (n.cmp) {
                case ast::CompareOp::eq: v = a == b; break;
                case ast::CompareOp::ne: v = a != b; break;
                case ast::CompareOp::lt: v = a < b; break;
                case ast::CompareOp::le: v = a <= b; break;
                case ast::CompareOp::gt: v = a > b; break;
                case ast::CompareOp::ge: v = a >= b; break;
            }
            return v ? Tri::yes : Tri::no;
        }
        case Op::enum_in:
            if (!r.given[n.slot]) return Tri::unknown;
            return (n.mask >> r.values[n.slot] & 1) ? Tri::yes : Tri::no;
        case Op::actor_in: {
            const std::uint16_t actor = n.slot == 0 ? r.sender : r.recipient;
            return (n.mask >> actor & 1) ? Tri::yes : Tri::no;
        }
        case Op::contains_any:
            if (!r.given[n.slot]) return Tri::unknown;
            return (static_cast<ir::Mask>(r.values[n.slot]) & n.mask) ? Tri::yes : Tri::no;
        case Op::known: return r.given[n.slot] ? Tri::yes : Tri::no;
        case Op::consent: {
            if (!r.given[n.slot]) return Tri::unknown;
            const std::uint16_t c = n.category >= 0 ? static_cast<std::uint16_t>(n.category) : category;
            const ir::Mask active = n.explicit_consent ? r.explicit_active : r.consent_active;
            return (active >> c & 1) ? Tri::yes : Tri::no;
        }
    }
    return Tri::unknown;
}

Tri Evaluator::collect_open(int index, const Request& r, std::uint16_t category, std::vector<std::uint16_t>& out) const {
    const ir::Node& n = set_.nodes[index];
    switch (n.op) {
        case Op::all:
        case Op::any: {
            const Tri settles = n.op == Op::all ? Tri::no : Tri::yes;
            Tri result = n.op == Op::all ? Tri::yes : Tri::no;
            const std::size_t mark = out.size();
            for (std::uint32_t i = 0; i < n.count; ++i) {
                const Tri t = collect_open(static_cast<int>(set_.children[n.first + i]), r, category, out);
                if (t == settles) {
                    out.resize(mark);  // settled whatever the other parts are: none of theirs is open
                    return settles;
                }
                if (t == Tri::unknown) result = Tri::unknown;
            }
            return result;
        }
        case Op::negate: {
            const Tri t = collect_open(static_cast<int>(set_.children[n.first]), r, category, out);
            return t == Tri::unknown ? Tri::unknown : (t == Tri::yes ? Tri::no : Tri::yes);
        }
        case Op::known:
            if (r.given[n.slot]) return Tri::yes;
            out.push_back(n.slot);
            return Tri::unknown;
        case Op::compare: {
            const Tri t = condition(index, r, category);
            if (t == Tri::unknown)
                for (const ir::Term* term : {&n.lhs, &n.rhs})
                    if (term->kind == ir::Term::Kind::slot && !r.given[term->slot]) out.push_back(term->slot);
            return t;
        }
        default: {
            const Tri t = condition(index, r, category);
            if (t == Tri::unknown) out.push_back(n.slot);  // a leaf is unknown only when its one slot is unstated
            return t;
        }
    }
}

void Evaluator::open_slots(const ir::Rule& rule, const Request& r, std::uint16_t category, std::vector<std::uint16_t>& out) const {
    if (rule.condition < 0) return;
    const std::size_t mark = out.size();
    if (collect_open(rule.condition, r, category, out) != Tri::unknown) out.resize(mark);
}

void Evaluator::decide(const Request& r, Decision& out) {
    out.clear();
    for (const std::uint16_t c : r.items) decide_item<false>(r, c, out);
}

void Evaluator::decide_traced(const Request& r, std::uint16_t category, Decision& out, ItemTrace& trace) {
    trace.clear();
    trace_ = &trace;
    decide_item<true>(r, category, out);
    trace_ = nullptr;
}

// `traced`: also fill *trace_; everything under `if constexpr (traced)` only records, it decides nothing.
template <bool traced>
void Evaluator::decide_item(const Request& r, std::uint16_t category, Decision& out) {
    ItemResult item;
    item.category = category;
    item.considered_begin = item.considered_end = static_cast<std::uint32_t>(out.considered.size());
    item.missing_begin = item.missing_end = static_cast<std::uint32_t>(out.missing.size());
    permits_.clear();
    forbids_.clear();
    considered_open_.clear();
    bool any_permit_candidate = false, any_permit_in_force = false;
    Day later_start = ir::far_future;
    // The candidate step stays a call, as the compiler chose before decide_item had a traced instantiation:
    // that instantiation enlarges the unit, and with it GCC's budget for inlining this step into the untraced one.
    set_.for_each_candidate(r.sender, r.recipient, r.purpose, category,
                            [&](const ir::PolicySet::Candidate& rule) __attribute__((noinline)) {
        const std::uint32_t index = rule.rule();
        const bool permit = rule.permit();
        any_permit_candidate |= permit;
        if (r.date < rule.from || r.date > rule.until) {
            if (permit && rule.from > r.date) later_start = std::min(later_start, rule.from);
            if constexpr (traced)
                trace_candidate(index, permit,
                                r.date < rule.from ? CandidateTrace::Validity::not_yet : CandidateTrace::Validity::expired,
                                rule.condition < 0 ? Tri::yes : condition(rule.condition, r, category), false);
            return;
        }
        const Tri t = rule.condition < 0 ? Tri::yes : condition(rule.condition, r, category);
        if (permit) {
            any_permit_in_force = true;
            if (t == Tri::yes) permits_.push_back(index);
            else {
                out.considered.push_back(index);
                considered_open_.push_back(t == Tri::unknown || reads_known_[index]);
            }
            if constexpr (traced) trace_candidate(index, true, CandidateTrace::Validity::in_force, t, t == Tri::yes);
        } else if (t != Tri::no) {
            forbids_.push_back(index);
            if constexpr (traced) trace_candidate(index, false, CandidateTrace::Validity::in_force, t, true);
        } else if constexpr (traced) {
            trace_candidate(index, false, CandidateTrace::Validity::in_force, t, false);
        }
    });
    if constexpr (traced) {
        for (const CandidateTrace& c : trace_->candidates)
            if (c.permit)
                for (const std::uint32_t f : forbids_) trace_->clashes.push_back({c.rule, f, !defeats(f, c.rule)});
    }

    // A permit prevails when it excepts every applicable forbid and no applicable forbid excepts it.
    int winner = -1;
    for (const std::uint32_t p : permits_) {
        bool defeated = false;
        for (const std::uint32_t f : forbids_) {
            if (defeats(f, p)) {
                defeated = true;
                break;
            }
        }
        if (defeated) continue;
        // Among undefeated permits, one that another undefeated permit excepts gives way (lex specialis).
        if (winner >= 0 && set_.rule_excepts(winner, static_cast<int>(p))) continue;
        if (winner < 0 || set_.rule_excepts(static_cast<int>(p), winner)) winner = static_cast<int>(p);
    }
    if (winner >= 0) {
        item.verdict = Verdict::permit;
        item.rule = winner;
        out.considered.resize(item.considered_begin);
        out.items.push_back(item);
        return;
    }
    item.verdict = Verdict::deny;
    item.later_start = !any_permit_in_force && later_start != ir::far_future;
    item.in_force_from = later_start;
    if (!forbids_.empty()) {
        item.reason = DenyReason::forbidden;
        item.rule = static_cast<int>(*std::min_element(forbids_.begin(), forbids_.end(), [&](std::uint32_t a, std::uint32_t b) {
            return forbid_rank_[a] < forbid_rank_[b];
        }));
        // Name the permits that the forbid overrode as considered.
        for (const std::uint32_t p : permits_) {
            out.considered.push_back(p);
            considered_open_.push_back(reads_known_[p]);
        }
    } else if (!any_permit_candidate) {
        item.reason = DenyReason::no_candidate;
    } else if (!any_permit_in_force) {
        item.reason = DenyReason::not_in_force;
    } else {
        item.reason = DenyReason::conditions;
    }
    item.considered_end = static_cast<std::uint32_t>(out.considered.size());
    // Missing facts: those the request lacks that could change whether a considered permit (or the
    // prevailing forbid) holds (open_slots); per rule in slot order, as the rule's facts are declared.
    // A rule whose value in the decision is settled (yes or no) names none unless it reads known(f), so
    // only the others come here (considered_open_). Of a flat condition (one and/or of leaves) that is
    // unknown, every unstated slot is open: its sorted slot list serves without walking the condition.
    auto note_missing = [&](std::uint32_t index) {
        const ir::Rule& rule = set_.rules[index];
        const std::vector<std::uint16_t>* slots = &rule.slots_used;  // sorted
        // The open slots are among the unstated ones: when those facts are all named already (or there are
        // none), the rule adds nothing, and its condition need not be walked.
        const bool adds = std::any_of(slots->begin(), slots->end(), [&](std::uint16_t slot) {
            return !r.given[slot] && !fact_seen_[set_.slots[slot].fact];
        });
        if (!adds) return;
        if (!flat_[index] || reads_known_[index]) {
            open_.clear();
            open_slots(rule, r, category, open_);
            std::sort(open_.begin(), open_.end());
            slots = &open_;
        }
        for (const std::uint16_t slot : *slots) {
            if (r.given[slot]) continue;
            const int fact = set_.slots[slot].fact;
            if (fact_seen_[fact]) continue;
            fact_seen_[fact] = 1;
            out.missing.push_back(static_cast<std::uint16_t>(fact));
        }
    };
    for (std::uint32_t i = item.considered_begin; i < item.considered_end; ++i)
        if (considered_open_[i - item.considered_begin]) note_missing(out.considered[i]);
    if (item.rule >= 0) {
        const auto forbid = static_cast<std::uint32_t>(item.rule);
        const int root = set_.rules[forbid].condition;
        if (reads_known_[forbid] || (root >= 0 && condition(root, r, category) == Tri::unknown)) note_missing(forbid);
    }
    item.missing_end = static_cast<std::uint32_t>(out.missing.size());
    for (std::uint32_t i = item.missing_begin; i < item.missing_end; ++i) fact_seen_[out.missing[i]] = 0;
    out.items.push_back(item);
}

}  // namespace grondslag
