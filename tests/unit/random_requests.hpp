// Random requests in the compiled form, aimed at the rules of a set (their cells, validity
// boundaries and the constants their conditions compare with): the differential tests of the
// verifier and of diff draw from it.
#pragma once
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "dates.hpp"
#include "ir.hpp"
#include "request.hpp"

namespace test_support {

namespace ir = grondslag::ir;
using grondslag::Day;

class Generator {
public:
    Generator(const ir::PolicySet& set, std::uint64_t seed) : set_(set), rng_(seed) {
        auto note = [&](Day d) {
            if (d > ir::far_past && d < ir::far_future)
                for (int k = -1; k <= 1; ++k) dates_.push_back(d + k);
        };
        for (const auto& r : set.rules) {
            note(r.from);
            note(r.until);
        }
        for (const auto& n : set.nodes) {
            if (n.op != ir::Op::compare) continue;
            for (const ir::Term* t : {&n.lhs, &n.rhs})
                if (t->kind == ir::Term::Kind::constant) {
                    if (t->constant > 10000) note(static_cast<Day>(t->constant));
                    else ints_.push_back(t->constant), ints_.push_back(t->constant - 1), ints_.push_back(t->constant + 1);
                }
        }
        lo_ = grondslag::days_from_civil({2010, 1, 1});
        hi_ = grondslag::days_from_civil({2032, 12, 31});
    }

    // Aims the requests at these rules (by id) and their dates at [from, until]: for a test about a change
    // to a few rules of a large set, which random requests over the whole set would seldom reach.
    void aim(const std::vector<std::string>& rules, Day from, Day until) {
        aimed_.clear();
        for (std::size_t i = 0; i < set_.rules.size(); ++i)
            if (std::find(rules.begin(), rules.end(), set_.rules[i].id) != rules.end()) aimed_.push_back(i);
        lo_ = from;
        hi_ = until;
        dates_.clear();
    }

    void make(grondslag::Request& r) {
        r.values.assign(set_.slots.size(), 0);
        r.given.assign(set_.slots.size(), 0);
        r.items.clear();
        const ir::Rule& rule = set_.rules[aimed_.empty() ? uniform(set_.rules.size()) : aimed_[uniform(aimed_.size())]];
        const bool focused = chance(0.85);
        r.date = pick_date();
        if (focused && chance(0.6)) {  // inside the rule's validity
            const Day a = std::max(rule.from, lo_), b = std::min(rule.until, hi_);
            if (a <= b) r.date = a + static_cast<Day>(uniform(static_cast<std::size_t>(b - a + 1)));
        }
        r.sender = pick(focused ? rule.senders : 0, set_.actors.size());
        r.recipient = pick(focused ? rule.recipients : 0, set_.actors.size());
        r.purpose = pick(focused ? rule.purposes : 0, set_.purposes.size());
        const std::size_t items = 1 + uniform(3);
        for (std::size_t i = 0; i < items; ++i) {
            const auto c = pick(focused && i < 2 ? rule.categories : 0, set_.categories.size());
            if (std::find(r.items.begin(), r.items.end(), c) == r.items.end()) r.items.push_back(c);
        }
        for (std::size_t s = 0; s < set_.slots.size(); ++s) {
            const ir::Slot& slot = set_.slots[s];
            r.given[s] = chance(0.85);
            std::int64_t v = 0;
            switch (slot.type) {
                case ir::ValueType::boolean: v = chance(0.75); break;
                case ir::ValueType::integer:
                    v = !ints_.empty() && chance(0.6) ? ints_[uniform(ints_.size())] : static_cast<std::int64_t>(uniform(40)) - 5;
                    break;
                case ir::ValueType::date: {
                    if (chance(0.6)) {
                        const int months = static_cast<int>(uniform(11)) - 5;
                        v = grondslag::add_period(r.date, grondslag::Period{months, grondslag::PeriodUnit::months}) +
                            static_cast<int>(uniform(3)) - 1;
                    } else {
                        v = r.date + static_cast<int>(uniform(801)) - 400;
                    }
                    break;
                }
                case ir::ValueType::enumeration: v = static_cast<std::int64_t>(uniform(std::max<std::size_t>(1, slot.enum_values.size()))); break;
                case ir::ValueType::text_set: {
                    ir::Mask m = 0;
                    for (std::size_t b = 0; b < slot.texts.size(); ++b)
                        if (chance(0.15)) m |= ir::Mask{1} << b;
                    v = static_cast<std::int64_t>(m);
                    break;
                }
                case ir::ValueType::consents: {
                    r.consent_active = r.explicit_active = 0;
                    for (std::size_t c = 0; c < set_.categories.size(); ++c) {
                        if (!chance(0.5)) continue;
                        r.consent_active |= ir::Mask{1} << c;
                        if (chance(0.5)) r.explicit_active |= ir::Mask{1} << c;
                    }
                    break;
                }
                default: break;
            }
            r.values[s] = v;
        }
        // The phase is one of the purpose's own, as the decoder allows.
        if (set_.phase_slot >= 0) {
            const auto ps = static_cast<std::size_t>(set_.phase_slot);
            const auto& phases = set_.purposes[r.purpose].phases;
            r.given[ps] = !phases.empty() && chance(0.7);
            r.values[ps] = phases.empty() ? 0 : phases[uniform(phases.size())].value;
        }
        // Half the focused requests state the facts the rule's condition reads so that it holds, where a
        // fact can make it so: a permit that reads many facts is otherwise seldom reached by random values.
        if (focused && rule.condition >= 0 && chance(0.5)) satisfy(rule.condition, true, r);
    }

private:
    // Sets the slots a condition node reads so that it is `want`, where a slot decides it (facts, enums, text
    // sets, consents, `known`); comparisons and parties are left as drawn. Best effort: the request is decided
    // by the evaluator and the encoding alike whatever it holds.
    void satisfy(std::int32_t node, bool want, grondslag::Request& r) {
        const ir::Node& n = set_.nodes[static_cast<std::size_t>(node)];
        const auto child = [&](std::uint32_t k) { return static_cast<std::int32_t>(set_.children[n.first + k]); };
        switch (n.op) {
            case ir::Op::all:
            case ir::Op::any:
                if (n.count == 0) break;
                if ((n.op == ir::Op::all) == want) {
                    for (std::uint32_t k = 0; k < n.count; ++k) satisfy(child(k), want, r);
                } else {
                    satisfy(child(static_cast<std::uint32_t>(uniform(n.count))), want, r);
                }
                break;
            case ir::Op::negate: satisfy(child(0), !want, r); break;
            case ir::Op::fact_true:
                r.given[n.slot] = 1;
                r.values[n.slot] = want;
                break;
            case ir::Op::known: r.given[n.slot] = want; break;
            case ir::Op::enum_in: {
                const std::size_t values = std::max<std::size_t>(1, set_.slots[n.slot].enum_values.size());
                std::vector<std::int64_t> fit;
                for (std::size_t v = 0; v < values && v < 64; ++v)
                    if (((n.mask >> v & 1) != 0) == want) fit.push_back(static_cast<std::int64_t>(v));
                if (fit.empty()) break;
                r.given[n.slot] = 1;
                r.values[n.slot] = fit[uniform(fit.size())];
                break;
            }
            case ir::Op::contains_any:
                r.given[n.slot] = 1;
                r.values[n.slot] = want ? static_cast<std::int64_t>(n.mask & (~n.mask + 1)) : 0;
                break;
            case ir::Op::consent: {
                ir::Mask cats = 0;
                if (n.category >= 0) cats = ir::Mask{1} << n.category;
                else
                    for (auto c : r.items) cats |= ir::Mask{1} << c;
                if (set_.consent_fact >= 0) r.given[static_cast<std::size_t>(set_.facts[static_cast<std::size_t>(set_.consent_fact)].first_slot)] = 1;
                if (want) {
                    r.consent_active |= cats;
                    if (n.explicit_consent) r.explicit_active |= cats;
                } else {
                    r.explicit_active &= ~cats;
                    if (!n.explicit_consent) r.consent_active &= ~cats;
                }
                break;
            }
            default: break;
        }
    }

    const ir::PolicySet& set_;
    std::mt19937_64 rng_;
    std::vector<Day> dates_;
    std::vector<std::size_t> aimed_;
    std::vector<std::int64_t> ints_;
    Day lo_, hi_;

    std::size_t uniform(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
    std::uint16_t pick(ir::Mask mask, std::size_t n) {
        std::vector<std::uint16_t> bits;
        for (std::size_t i = 0; i < n; ++i)
            if (mask >> i & 1) bits.push_back(static_cast<std::uint16_t>(i));
        if (bits.empty()) return static_cast<std::uint16_t>(uniform(n));
        return bits[uniform(bits.size())];
    }
    Day pick_date() {
        if (!dates_.empty() && chance(0.4)) return dates_[uniform(dates_.size())];
        Day d = lo_ + static_cast<Day>(uniform(static_cast<std::size_t>(hi_ - lo_ + 1)));
        if (chance(0.2)) {  // a month end, where month arithmetic clamps
            auto c = grondslag::civil_from_days(d);
            c.day = 28;
            d = grondslag::days_from_civil(c);
            while (grondslag::civil_from_days(d + 1).month == c.month) ++d;
        }
        return d;
    }
};

}  // namespace test_support
