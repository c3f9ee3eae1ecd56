// The analysis behind `grondslag explain` and `decide --why-not`: the item is
// decided by the evaluator with a trace (Evaluator::decide_traced), which gives
// the verdict, the deciding rule, the deny reason and per candidate rule its
// validity, condition value and the forbids it lifts or is blocked by. Each
// candidate's condition tree is then walked to describe it: which atomic
// conditions held, which fail or are unknown, and what would have to change.
// Every truth value on that walk is the evaluator's (Evaluator::condition);
// this file decides nothing itself. It is one job (a condition tree described
// per kind of condition, and the analysis that walks it) and stays one file;
// the --why-not writer is why_not.cpp, the sentences explain_text.cpp.
#include <algorithm>


#include "evaluator.hpp"
#include "explain_internal.hpp"
#include "grondslag/explain.hpp"
#include "condition_words.hpp"
#include "policies_access.hpp"
#include "questions.hpp"

namespace grondslag {

using ir::Op;

namespace {

Labelled labelled(const std::string& name, const ir::Label& label) { return Labelled{name, label.nl, label.en}; }

std::optional<std::string> bound(Day d) {
    if (d <= ir::far_past || d >= ir::far_future) return std::nullopt;
    return format_date(d);
}

const char* op_text(ast::CompareOp op) {
    switch (op) {
        case ast::CompareOp::eq: return "=";
        case ast::CompareOp::ne: return "!=";
        case ast::CompareOp::lt: return "<";
        case ast::CompareOp::le: return "<=";
        case ast::CompareOp::gt: return ">";
        case ast::CompareOp::ge: return ">=";
    }
    return "?";
}

ast::CompareOp swapped(ast::CompareOp op) {
    switch (op) {
        case ast::CompareOp::lt: return ast::CompareOp::gt;
        case ast::CompareOp::le: return ast::CompareOp::ge;
        case ast::CompareOp::gt: return ast::CompareOp::lt;
        case ast::CompareOp::ge: return ast::CompareOp::le;
        default: return op;
    }
}

// The public form of the evaluator's three-valued value.
Truth truth(Tri t) {
    switch (t) {
        case Tri::yes: return Truth::yes;
        case Tri::no: return Truth::no;
        case Tri::unknown: break;
    }
    return Truth::unknown;
}

// Whether a value is the one wanted (an unknown value never is).
bool satisfied(Tri v, bool want) { return v == (want ? Tri::yes : Tri::no); }

// Describes the condition trees of the candidate rules of one item of one request. Every truth value it
// uses is the evaluator's (value()); what it adds is text: conditions as written, expected and actual
// values, consent states, dates.
class Walker {
public:
    Walker(const ir::PolicySet& set, const Evaluator& evaluator, const Request& r, std::uint16_t category,
           std::vector<DescribedCondition>* described)
        : set_(set), evaluator_(evaluator), r_(r), category_(category), described_(described) {}

    // Node `index`'s value on the request, as the evaluator computes it.
    Tri value(int index) const { return evaluator_.condition(index, r_, category_); }

    // The unstated slots that could change whether the rule holds, in slot order (Evaluator::open_slots,
    // which the answer's missing facts come from).
    std::vector<std::uint16_t> open_slots(const ir::Rule& rule) const {
        std::vector<std::uint16_t> slots;
        evaluator_.open_slots(rule, r_, category_, slots);
        std::sort(slots.begin(), slots.end());
        return slots;
    }

    // The atomic conditions that give `index` the value `want` (it has it).
    void held(int index, bool want, std::vector<ConditionCheck>& out) const {
        if (!satisfied(value(index), want)) return;
        const ir::Node& n = set_.nodes[index];
        if (n.op == Op::all || n.op == Op::any) {
            for (std::uint32_t i = 0; i < n.count; ++i) held(child(n, i), want, out);
        } else if (n.op == Op::negate) {
            held(child(n, 0), !want, out);
        } else {
            out.push_back(check(index, want));
        }
    }

    // What would have to change for `index` to get the value `want` (an unknown value never has it).
    void require(int index, bool want, std::vector<Requirement>& out) const {
        if (satisfied(value(index), want)) return;
        const ir::Node& n = set_.nodes[index];
        if (n.op == Op::negate) return require(child(n, 0), !want, out);
        if (n.op != Op::all && n.op != Op::any) {
            out.push_back(Requirement{check(index, want), {}});
            return;
        }
        const bool conjunction = (n.op == Op::all) == want;
        if (conjunction) {
            for (std::uint32_t i = 0; i < n.count; ++i) require(child(n, i), want, out);
            return;
        }
        // One of the children must get the value: keep the alternatives the request could still meet
        // (the sender, recipient and constants of this request do not change).
        std::vector<std::vector<Requirement>> all, open;
        for (std::uint32_t i = 0; i < n.count; ++i) {
            std::vector<Requirement> alternative;
            require(child(n, i), want, alternative);
            if (alternative.empty()) continue;
            const bool fixed = std::any_of(alternative.begin(), alternative.end(), [](const Requirement& q) {
                return q.check && (q.check->kind == ConditionCheck::Kind::party || q.check->kind == ConditionCheck::Kind::constant);
            });
            if (!fixed) open.push_back(alternative);
            all.push_back(std::move(alternative));
        }
        std::vector<std::vector<Requirement>>& chosen = open.empty() ? all : open;
        if (chosen.size() == 1) {
            for (auto& q : chosen.front()) out.push_back(std::move(q));
        } else if (!chosen.empty()) {
            out.push_back(Requirement{std::nullopt, std::move(chosen)});
        }
    }

    std::uint16_t consent_category(const ir::Node& n) const {
        return n.category >= 0 ? static_cast<std::uint16_t>(n.category) : category_;
    }

    std::string text(int index, int context = 0) const {
        const ir::Node& n = set_.nodes[index];
        auto wrap = [&](int prec, std::string s) { return prec < context ? "(" + s + ")" : s; };
        switch (n.op) {
            case Op::constant: return n.mask ? "true" : "false";
            case Op::all:
            case Op::any: {
                std::string s;
                const int prec = n.op == Op::all ? 2 : 1;
                for (std::uint32_t i = 0; i < n.count; ++i) {
                    if (i) s += n.op == Op::all ? " and " : " or ";
                    s += text(child(n, i), prec + 1);
                }
                return wrap(prec, s);
            }
            case Op::negate: return wrap(3, "not " + text(child(n, 0), 4));
            case Op::fact_true: return set_.slots[n.slot].path;
            case Op::compare: return wrap(3, term_text(n.lhs, n.rhs) + " " + op_text(n.cmp) + " " + term_text(n.rhs, n.lhs));
            case Op::enum_in: {
                const auto values = enum_names(n.slot, n.mask);
                if (values.size() == 1) return wrap(3, set_.slots[n.slot].path + " = " + values.front());
                return wrap(3, set_.slots[n.slot].path + " in " + list(values));
            }
            case Op::actor_in: return wrap(3, std::string(n.slot == 0 ? "sender" : "recipient") + " in " + list(actor_names(n.mask)));
            case Op::contains_any: {
                const auto texts = quoted_texts(n.slot, n.mask);
                if (texts.size() == 1) return wrap(3, set_.slots[n.slot].path + " contains " + texts.front());
                return wrap(3, set_.slots[n.slot].path + " contains any of " + list(texts));
            }
            case Op::consent: {
                std::string s = n.explicit_consent ? "explicit consent" : "consent";
                if (n.category >= 0) s += " for " + set_.categories[n.category].name;
                return s;
            }
            case Op::known: return "known(" + set_.slots[n.slot].path + ")";
        }
        return "?";
    }

    ConditionCheck check(int index, bool want) const {
        const ir::Node& n = set_.nodes[index];
        ConditionCheck c;
        c.wanted = want;
        const Tri v = value(index);
        c.value = truth(v);
        c.satisfied = satisfied(v, want);
        const std::string base = text(index, 4);
        c.text = want ? text(index) : "not " + base;
        switch (n.op) {
            case Op::constant:
                c.kind = ConditionCheck::Kind::constant;
                c.expected = want ? "true" : "false";
                c.actual = n.mask ? "true" : "false";
                break;
            case Op::fact_true:
                c.kind = ConditionCheck::Kind::fact;
                c.facts.push_back(fact_value(n.slot));
                c.expected = want ? "true" : "false";
                c.actual = slot_value(n.slot);
                break;
            case Op::compare: compare_check(index, want, c); break;
            case Op::enum_in:
                c.kind = ConditionCheck::Kind::enumeration;
                c.facts.push_back(fact_value(n.slot));
                c.expected = std::string(want ? "in " : "not in ") + list(enum_names(n.slot, n.mask));
                c.actual = slot_value(n.slot);
                break;
            case Op::actor_in: {
                c.kind = ConditionCheck::Kind::party;
                const std::uint16_t actor = n.slot == 0 ? r_.sender : r_.recipient;
                c.facts.push_back({Labelled{n.slot == 0 ? "sender" : "recipient", "", ""}, set_.actors[actor].name});
                c.expected = std::string(want ? "in " : "not in ") + list(actor_names(n.mask));
                c.actual = set_.actors[actor].name;
                for (std::size_t a = 0; a < set_.actors.size() && a < 64; ++a)
                    if (n.mask >> a & 1) c.actors.push_back(labelled(set_.actors[a].name, set_.actors[a].label));
                c.actor = labelled(set_.actors[actor].name, set_.actors[actor].label);
                break;
            }
            case Op::contains_any:
                c.kind = ConditionCheck::Kind::contains;
                c.facts.push_back(fact_value(n.slot));
                c.expected = std::string(want ? "contains any of " : "contains none of ") + list(quoted_texts(n.slot, n.mask));
                c.actual = slot_value(n.slot);
                break;
            case Op::known:
                c.kind = ConditionCheck::Kind::known;
                c.facts.push_back(fact_value(n.slot));
                c.expected = want ? "given" : "not given";
                c.actual = r_.given[n.slot] ? "given" : "not given";
                break;
            case Op::consent: consent_check(n, want, c); break;
            default: break;
        }
        // In words as the register says it; phases as the request's purpose names them.
        const ir::Mask purpose = r_.purpose < 64 ? ir::Mask{1} << r_.purpose : 0;
        c.words_nl = condition_words(set_, purpose, index, want, Language::nl);
        c.words_en = condition_words(set_, purpose, index, want, Language::en);
        if (described_) described_->push_back(DescribedCondition{"", index, want, c.value, c.text});
        return c;
    }

private:
    const ir::PolicySet& set_;
    const Evaluator& evaluator_;
    const Request& r_;
    std::uint16_t category_;
    std::vector<DescribedCondition>* described_;

    int child(const ir::Node& n, std::uint32_t i) const { return static_cast<int>(set_.children[n.first + i]); }

    // A term's value on request `r`, as the evaluator computes it; nullopt when it reads a fact not given.
    std::optional<std::int64_t> term(const ir::Term& t, const Request& r) const {
        bool known = true;
        const std::int64_t v = evaluator_.term(t, r, known);
        if (!known) return std::nullopt;
        return v;
    }

    // What kind of value a term holds: a slot's type, the date, or for a constant the other side's.
    ir::ValueType term_type(const ir::Term& t, const ir::Term& other) const {
        if (t.kind == ir::Term::Kind::slot) return set_.slots[t.slot].type;
        if (t.kind == ir::Term::Kind::request_date) return ir::ValueType::date;
        if (other.kind == ir::Term::Kind::slot) return set_.slots[other.slot].type;
        if (other.kind == ir::Term::Kind::request_date) return ir::ValueType::date;
        return ir::ValueType::integer;
    }

    std::string value_text(ir::ValueType type, std::int64_t v) const {
        switch (type) {
            case ir::ValueType::boolean: return v ? "true" : "false";
            case ir::ValueType::date: return format_date(static_cast<Day>(v));
            default: return std::to_string(v);
        }
    }

    std::string term_text(const ir::Term& t, const ir::Term& other) const {
        std::string s;
        switch (t.kind) {
            case ir::Term::Kind::constant: return value_text(term_type(t, other), t.constant);
            case ir::Term::Kind::request_date: s = "date"; break;
            case ir::Term::Kind::slot: s = set_.slots[t.slot].path; break;
        }
        if (t.period_sign != 0) s += std::string(t.period_sign > 0 ? " + " : " - ") + format_period(t.period);
        return s;
    }

    std::optional<std::string> slot_value(std::uint16_t slot) const {
        if (!r_.given[slot]) return std::nullopt;
        const ir::Slot& s = set_.slots[slot];
        const std::int64_t v = r_.values[slot];
        switch (s.type) {
            case ir::ValueType::enumeration:
                return v >= 0 && static_cast<std::size_t>(v) < s.enum_values.size() ? s.enum_values[v] : std::to_string(v);
            case ir::ValueType::text_set: return list(quoted_texts(slot, static_cast<ir::Mask>(v)));
            case ir::ValueType::consents: return "given";
            default: return value_text(s.type, v);
        }
    }

    ConditionCheck::FactValue fact_value(std::uint16_t slot) const {
        const ir::Slot& s = set_.slots[slot];
        const ir::Fact& f = set_.facts[s.fact];
        return {Labelled{s.path, f.label.nl, f.label.en}, slot_value(slot)};
    }

    std::vector<std::string> enum_names(std::uint16_t slot, ir::Mask mask) const {
        std::vector<std::string> out;
        const ir::Slot& s = set_.slots[slot];
        for (std::size_t i = 0; i < s.enum_values.size(); ++i)
            if (mask >> i & 1) out.push_back(s.enum_values[i]);
        return out;
    }

    // The actors of a mask, a group standing for its members.
    std::vector<std::string> actor_names(ir::Mask mask) const {
        std::vector<std::string> out;
        for (std::size_t a = 0; a < set_.actors.size(); ++a) {
            if (!(mask >> a & 1)) continue;
            const int parent = set_.actors[a].parent;
            if (parent >= 0 && (set_.actors[parent].members & ~mask) == 0) continue;
            out.push_back(set_.actors[a].name);
        }
        return out;
    }

    std::vector<std::string> quoted_texts(std::uint16_t slot, ir::Mask mask) const {
        std::vector<std::string> out;
        const ir::Slot& s = set_.slots[slot];
        for (std::size_t i = 0; i < s.texts.size(); ++i)
            if (mask >> i & 1) out.push_back("\"" + s.texts[i] + "\"");
        return out;
    }

    static std::string list(const std::vector<std::string>& items) {
        std::string s = "[";
        for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i];
        return s + "]";
    }

    void compare_check(int index, bool want, ConditionCheck& c) const {
        const ir::Node& n = set_.nodes[index];
        c.kind = ConditionCheck::Kind::compare;
        for (const ir::Term* t : {&n.lhs, &n.rhs})
            if (t->kind == ir::Term::Kind::slot) c.facts.push_back(fact_value(t->slot));
        // The subject is the request date when the condition reads it, else a fact compared with a value.
        const bool date_right = n.rhs.kind == ir::Term::Kind::request_date && n.lhs.kind != ir::Term::Kind::request_date;
        const bool constant_left = n.lhs.kind == ir::Term::Kind::constant && n.rhs.kind == ir::Term::Kind::slot;
        const bool swap = date_right || constant_left;
        const ir::Term& subject = swap ? n.rhs : n.lhs;
        const ir::Term& other = swap ? n.lhs : n.rhs;
        ast::CompareOp op = swap ? swapped(n.cmp) : n.cmp;
        if (!want) op = ast::negated(op);
        const auto other_value = term(other, r_);
        const auto subject_value = term(subject, r_);
        c.expected = std::string(op_text(op)) + " " +
                     (other_value ? value_text(term_type(other, subject), *other_value) : term_text(other, subject));
        if (other_value && other.kind != ir::Term::Kind::constant) c.compared_with = value_text(term_type(other, subject), *other_value);
        if (subject_value) c.actual = value_text(term_type(subject, other), *subject_value);
        if (c.satisfied || subject.kind != ir::Term::Kind::request_date || other.kind == ir::Term::Kind::request_date || !other_value)
            return;
        // A date window: the first later date on which it holds, or the last on which it held.
        // The subject (date, perhaps moved by a period) grows with the date, so the search is monotone.
        // The condition is judged by the evaluator on the request moved to another date; the other side
        // does not read the date, so it keeps its value.
        Request moved = r_;
        const auto subject_at = [&](Day d) {
            moved.date = d;
            return *term(subject, moved);
        };
        const auto at = [&](Day d) {
            moved.date = d;
            return satisfied(evaluator_.condition(index, moved, category_), want);
        };
        const Day horizon = 200 * 366;
        if (op == ast::CompareOp::ge || op == ast::CompareOp::gt || op == ast::CompareOp::eq) {
            Day lo = r_.date, hi = r_.date + horizon;  // at(lo) fails
            if (op == ast::CompareOp::eq) {
                // The first date the subject reaches the value; it holds only there.
                const auto reached = [&](Day d) { return subject_at(d) >= *other_value; };
                if (reached(lo)) {
                    c.until = std::nullopt;
                    return;
                }
                while (hi - lo > 1) {
                    const Day mid = lo + (hi - lo) / 2;
                    (reached(mid) ? hi : lo) = mid;
                }
                if (at(hi)) c.from = c.until = format_date(hi);
                return;
            }
            if (!at(hi)) return;
            while (hi - lo > 1) {
                const Day mid = lo + (hi - lo) / 2;
                (at(mid) ? hi : lo) = mid;
            }
            c.from = format_date(hi);
        } else if (op == ast::CompareOp::le || op == ast::CompareOp::lt) {
            Day lo = r_.date - horizon, hi = r_.date;  // at(hi) fails
            if (!at(lo)) return;
            while (hi - lo > 1) {
                const Day mid = lo + (hi - lo) / 2;
                (at(mid) ? lo : hi) = mid;
            }
            c.until = format_date(lo);
        }
    }

    void consent_check(const ir::Node& n, bool want, ConditionCheck& c) const {
        c.kind = ConditionCheck::Kind::consent;
        const std::uint16_t category = consent_category(n);
        c.consent_category = labelled(set_.categories[category].name, set_.categories[category].label);
        c.explicit_consent = n.explicit_consent;
        c.facts.push_back(fact_value(n.slot));
        c.expected = std::string(want ? "" : "no ") + (n.explicit_consent ? "explicit consent for " : "consent for ") +
                     set_.categories[category].name;
        if (!r_.given[n.slot]) {
            c.consent_state = "unknown";
            return;
        }
        // The state of the records for the category on the request date, most favourable first.
        bool active = false, active_plain = false;
        std::optional<Day> withdrawn, later;
        const std::optional<Day> ended = latest_withdrawal(r_, category);  // ends every record given before it
        for (const ConsentRecord& rec : r_.consent_records) {
            if (rec.category != category || !consent_concerns(r_, rec)) continue;  // given for another recipient or purpose
            const bool given = rec.given <= r_.date;
            const bool standing = consent_stands(r_, rec, ended);
            const bool kind_ok = !n.explicit_consent || rec.explicit_consent;
            if (standing && kind_ok) active = true;
            else if (standing) active_plain = true;
            else if (given && kind_ok) {
                const Day until = rec.has_withdrawn && rec.withdrawn <= r_.date ? rec.withdrawn : *ended;
                withdrawn = std::max(withdrawn.value_or(until), until);
            }
            else if (!given && kind_ok) later = std::min(later.value_or(rec.given), rec.given);
        }
        if (active) c.consent_state = "active";
        else if (active_plain) c.consent_state = "not_explicit";
        else if (withdrawn) c.consent_state = "withdrawn", c.consent_date = format_date(*withdrawn);
        else if (later) c.consent_state = "not_yet_given", c.consent_date = format_date(*later);
        else c.consent_state = "absent";
        c.actual = c.consent_state + (c.consent_date ? " " + *c.consent_date : "");
        if (!c.satisfied && want && later && !active_plain) c.from = format_date(*later);
    }
};

RuleAnalysis::Validity validity(CandidateTrace::Validity v) {
    switch (v) {
        case CandidateTrace::Validity::not_yet: return RuleAnalysis::Validity::not_yet;
        case CandidateTrace::Validity::expired: return RuleAnalysis::Validity::expired;
        case CandidateTrace::Validity::in_force: break;
    }
    return RuleAnalysis::Validity::in_force;
}

// One candidate rule as the traced decision saw it, with its conditions described.
RuleAnalysis analyse_rule(const ir::PolicySet& set, const Request& r, const Walker& walker, const CandidateTrace& traced) {
    const ir::Rule& rule = set.rules[traced.rule];
    RuleAnalysis a;
    a.rule = rule.id;
    a.provision = set.provisions[rule.provision].id;
    a.citation = rule.citations.empty() ? set.provisions[rule.provision].citation : rule.citations.front();
    a.permit = traced.permit;
    a.valid_from = bound(rule.from);
    a.valid_until = bound(rule.until);
    a.validity = validity(traced.validity);
    a.value = truth(traced.value);
    a.applies = traced.applies;
    if (rule.condition >= 0) {
        if (a.permit) {
            walker.held(rule.condition, true, a.held);
            walker.require(rule.condition, true, a.failing);
        } else if (traced.value == Tri::no) {
            walker.held(rule.condition, false, a.held);
        } else {
            walker.held(rule.condition, true, a.held);
            walker.require(rule.condition, false, a.failing);
        }
    }
    std::vector<int> seen;
    for (const std::uint16_t slot : walker.open_slots(rule)) {
        const int fact = set.slots[slot].fact;
        if (std::find(seen.begin(), seen.end(), fact) != seen.end()) continue;
        seen.push_back(fact);
        a.missing_facts.push_back(labelled(set.facts[fact].name, set.facts[fact].label));
    }
    if (a.permit && a.validity != RuleAnalysis::Validity::expired) {
        // The first date its validity and its date conditions allow (the other conditions aside).
        std::optional<Day> first;
        bool closed = false;
        if (a.validity == RuleAnalysis::Validity::not_yet) first = rule.from;
        for_each_check(
            a.failing,
            [&](const ConditionCheck& c) {
                if (c.from) {
                    const Day d = *parse_date(*c.from);
                    first = std::max(first.value_or(d), d);
                } else if (c.until) {
                    closed = true;
                }
            },
            false);
        if (first && !closed && *first <= rule.until) a.first_date = format_date(*first);
    }
    return a;
}


// The five legal questions of the item, from the mapping the answer uses (ir/questions.hpp).
std::vector<LegalQuestion> legal_questions(const ir::PolicySet& set, const Request& r, const Decision& decision,
                                           const ItemResult& result) {
    const int juvenile_slot = ir::juvenile_slot(set);
    const bool juvenile = juvenile_slot >= 0 && r.given[juvenile_slot] && r.values[juvenile_slot] != 0;
    const ir::DataClass c = set.categories[result.category].data_class;
    const bool permit = result.verdict == Verdict::permit;
    auto grounds = [&](const ir::Rule& rule, ir::Question q) {
        std::vector<Labelled> out;
        ir::for_each_ground(set, rule, q, [&](int b) { out.push_back(labelled(set.bases[b].id, set.bases[b].label)); });
        return out;
    };
    ir::Question deciding = ir::Question::subject_law;
    if (!permit && result.reason == DenyReason::forbidden) deciding = ir::forbid_question(set, set.rules[result.rule]);
    std::vector<LegalQuestion> out;
    for (const ir::Question q : ir::all_questions) {
        LegalQuestion lq;
        lq.question = ir::question_name(q);
        lq.juvenile = q == ir::Question::special_data && juvenile;
        const ir::QuestionStatus status = permit ? ir::permit_status(q, c, juvenile) : ir::deny_status(q, deciding, c, juvenile);
        lq.status = ir::question_status_name(status);
        if (status == ir::QuestionStatus::answered) {
            const ir::Rule& rule = set.rules[result.rule];
            const ir::Provision& p = set.provisions[rule.provision];
            if (q == ir::Question::subject_law) {
                lq.provision = p.id;
                lq.citation = p.citation;
                lq.grounds = grounds(rule, q);
            } else if (q == ir::Question::provision_duty) {
                lq.kind = ast::provision_kind_name(p.kind);
                for (const auto& o : rule.obligations) {
                    if (o.kind == ast::ObligationKind::secrecy)
                        lq.secrecy.emplace_back(set.provisions[o.provision].id, set.provisions[o.provision].citation);
                    else if (o.kind == ast::ObligationKind::notify)
                        lq.notify.push_back(labelled(set.actors[o.actor].name, set.actors[o.actor].label));
                }
            } else if (ir::class_question(c) == q) {
                lq.grounds = grounds(rule, q);
            }
        } else if (status == ir::QuestionStatus::open) {
            switch (result.reason) {
                case DenyReason::forbidden: {
                    const ir::Rule& forbid = set.rules[result.rule];
                    lq.reason = ir::forbid_reason(forbid);
                    lq.rule = forbid.id;
                    lq.provision = set.provisions[forbid.provision].id;
                    break;
                }
                case DenyReason::not_in_force: lq.reason = ir::not_in_force_reason + format_date(r.date); break;
                case DenyReason::conditions:
                    lq.reason = ir::conditions_reason;
                    for (std::uint32_t i = result.missing_begin; i < result.missing_end; ++i) {
                        const ir::Fact& fact = set.facts[decision.missing[i]];
                        lq.missing_facts.push_back(labelled(fact.name, fact.label));
                    }
                    break;
                case DenyReason::no_candidate:
                case DenyReason::none: lq.reason = ir::no_rule_reason; break;
            }
        }
        out.push_back(std::move(lq));
    }
    return out;
}

}  // namespace

// The verdict, deciding rule, deny reason, missing facts and per candidate rule its validity, value and
// clashes with forbids are the evaluator's, from one traced decision of the item; this renders them.
ItemExplanation analyse_item(const ir::PolicySet& set, const Request& r, std::uint16_t category,
                             std::vector<DescribedCondition>* described) {
    ItemExplanation item;
    item.category = labelled(set.categories[category].name, set.categories[category].label);
    Evaluator evaluator(set);
    Decision decision;
    ItemTrace trace;
    evaluator.decide_traced(r, category, decision, trace);
    const ItemResult& result = decision.items.back();
    item.questions = legal_questions(set, r, decision, result);
    const Walker walker(set, evaluator, r, category, described);
    for (const CandidateTrace& seen : trace.candidates) {
        const std::size_t first_described = described ? described->size() : 0;
        RuleAnalysis a = analyse_rule(set, r, walker, seen);
        if (described)
            for (std::size_t i = first_described; i < described->size(); ++i) (*described)[i].rule = a.rule;
        for (const ClashTrace& clash : trace.clashes)
            if (clash.permit == seen.rule)
                (clash.lifted ? a.lifts : a.blocked_by).push_back(set.rules[clash.forbid].id);
        const ir::Provision& p = set.provisions[set.rules[seen.rule].provision];
        if (std::none_of(item.provisions.begin(), item.provisions.end(), [&](const ProvisionInForce& x) { return x.id == p.id; })) {
            const ir::LegalReference ref = ir::provision_reference(p);
            item.provisions.push_back(ProvisionInForce{p.id, p.citation, bound(p.from), bound(p.until), r.date >= p.from && r.date <= p.until,
                                                     ast::provision_kind_name(p.kind), ref.id, ref.url});
        }
        item.rules.push_back(std::move(a));
    }
    if (result.rule >= 0) {
        const ir::Rule& rule = set.rules[result.rule];
        item.rule = rule.id;
        item.provision = set.provisions[rule.provision].id;
        item.provision_kind = ast::provision_kind_name(set.provisions[rule.provision].kind);
    }
    if (result.verdict == Verdict::permit) {
        const ir::Rule& rule = set.rules[result.rule];
        item.permit = true;
        set.name_bases(rule, [&](bool is_basis, const std::string& id) {
            if (is_basis) item.basis = id;
            else item.grounds.push_back(id);
        });
        if (const auto b = set.basis_ids.find(item.basis); b != set.basis_ids.end())
            item.basis_label = labelled(item.basis, set.bases[static_cast<std::size_t>(b->second)].label);
        item.citations = rule.citations;
        // The winner lifts every applicable forbid.
        for (const ClashTrace& clash : trace.clashes)
            if (clash.permit == static_cast<std::uint32_t>(result.rule) && clash.lifted)
                item.exceptions.emplace_back(rule.id, set.rules[clash.forbid].id);
        for (const auto& o : rule.obligations) {
            ObligationDue d;
            d.kind = ast::obligation_kind_name(o.kind);
            if (o.actor >= 0) d.actor = labelled(set.actors[o.actor].name, set.actors[o.actor].label);
            if (o.category >= 0) d.category = labelled(set.categories[o.category].name, set.categories[o.category].label);
            if (o.provision >= 0) {
                d.provision = set.provisions[o.provision].id;
                d.citation = set.provisions[o.provision].citation;
            }
            if (o.kind == ast::ObligationKind::retain || o.kind == ast::ObligationKind::retain_minimum ||
                o.kind == ast::ObligationKind::log) {
                if (o.anchor < 0) {
                    d.until = format_date(add_period(r.date, o.period));
                } else {
                    const ir::Fact& fact = set.facts[set.slots[o.anchor].fact];
                    d.counted_from = labelled(fact.name, fact.label);
                    d.period = iso_duration(o.period);
                    if (r.given[o.anchor]) d.until = format_date(add_period(static_cast<Day>(r.values[o.anchor]), o.period));
                }
            }
            item.obligations.push_back(d);
        }
        return item;
    }
    item.reason = deny_cause_name(result.reason);
    if (result.later_start) item.earliest_start = format_date(result.in_force_from);
    for (std::uint32_t i = result.missing_begin; i < result.missing_end; ++i) {
        const ir::Fact& fact = set.facts[decision.missing[i]];
        item.missing_facts.push_back(labelled(fact.name, fact.label));
    }
    return item;
}

Explanation explain(const Policies& policies, std::string_view request_json) {
    Explanation e;
    const ir::PolicySet& set = compiled_form(policies);
    e.policy_set = set.source_hash;
    RequestDecoder decoder(set);
    Request r;
    RequestError error;
    if (!decoder.decode(request_json, r, error)) {
        e.error_path = error.path;
        e.error_message = error.message;
        if (!r.id_json.empty()) e.id = r.id_json;
        return e;
    }
    e.ok = true;
    if (!r.id_json.empty()) e.id = r.id_json;
    e.date = format_date(r.date);
    e.sender = labelled(set.actors[r.sender].name, set.actors[r.sender].label);
    e.recipient = labelled(set.actors[r.recipient].name, set.actors[r.recipient].label);
    e.purpose = labelled(set.purposes[r.purpose].name, set.purposes[r.purpose].label);
    if (set.phase_slot >= 0 && r.given[static_cast<std::size_t>(set.phase_slot)])
        for (const ir::Phase& ph : set.purposes[r.purpose].phases)
            if (ph.value == r.values[static_cast<std::size_t>(set.phase_slot)]) e.phase = labelled(ph.name, ph.label);
    std::size_t permits = 0;
    for (const std::uint16_t c : r.items) {
        e.items.push_back(analyse_item(set, r, c));
        permits += e.items.back().permit;
    }
    e.decision = permits == e.items.size() ? "permit" : permits == 0 ? "deny" : "partial";
    return e;
}

}  // namespace grondslag
