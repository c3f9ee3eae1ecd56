// The encoding of a compiled set into Z3 terms (encoding.hpp): the request variables and their domain,
// the calendar as terms, both formulas of every condition node, the regions that slice the rules and
// the evaluator's decision loop over a slice. Everything here mirrors evaluator.cpp; the properties
// and the comparison of two sets only ask questions about these terms.
#include "encoding.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>

namespace grondslag::verifier {

using ir::Op;

namespace {

// year mod k == 0 written as (year - 1) - k * ((year - 1) div k) == k - 1: the same divisions of year - 1
// that civil_days_term uses, so Z3 sees three divisions per year instead of six (exact for every integer:
// Z3's div by a positive constant is the floor).
z3::expr leap_year(const z3::expr& year) {
    const z3::expr y1 = year - 1;
    return y1 - 4 * (y1 / 4) == 3 && (y1 - 100 * (y1 / 100) != 99 || y1 - 400 * (y1 / 400) == 399);
}

z3::expr days_in_month_term(const z3::expr& year, const z3::expr& month) {
    z3::context& c = year.ctx();
    const z3::expr thirty = month == 4 || month == 6 || month == 9 || month == 11;
    return z3::ite(month == 2, z3::ite(leap_year(year), c.int_val(29), c.int_val(28)),
                   z3::ite(thirty, c.int_val(30), c.int_val(31)));
}

}  // namespace

// ---- dates ----------------------------------------------------------------

// days_from_civil (dates.cpp) for years 1..: divisions only of the year, whose range is small.
z3::expr civil_days_term(const z3::expr& year, const z3::expr& month, const z3::expr& day) {
    z3::context& c = year.ctx();
    static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    z3::expr cum = c.int_val(before[11]);
    for (int m = 11; m >= 1; --m) cum = z3::ite(month == m, c.int_val(before[m - 1]), cum);
    const z3::expr y1 = year - 1;
    return 365 * y1 + y1 / 4 - y1 / 100 + y1 / 400 - 719162 + cum +
           z3::ite(month > 2 && leap_year(year), c.int_val(1), c.int_val(0)) + day - 1;
}

z3::expr add_period_term(const Civil& date, Period p) {
    if (p.unit == PeriodUnit::days) return date.day_number + p.amount;
    // add_period (dates.cpp): move by whole months, clamp the day to the month's last day.
    const int months = p.unit == PeriodUnit::years ? p.amount * 12 : p.amount;
    const z3::expr total = date.year * 12 + (date.month - 1) + months;
    const z3::expr ny = total / 12;
    const z3::expr nm = total - ny * 12 + 1;
    const z3::expr last = days_in_month_term(ny, nm);
    const z3::expr nd = z3::ite(date.day > last, last, date.day);
    return civil_days_term(ny, nm, nd);
}

// ---- the request variables and their domain --------------------------------

Encoding::Encoding(z3::context& c, const ir::PolicySet& s, const std::string& prefix, const std::function<void()>& tick)
    : ctx(c),
      set(s),
      prefix(prefix),
      date(c.int_const((prefix + "date").c_str())),
      sender(c.int_const((prefix + "sender").c_str())),
      recipient(c.int_const((prefix + "recipient").c_str())),
      purpose(c.int_const((prefix + "purpose").c_str())),
      category(c.int_const((prefix + "category").c_str())),
      domain(c.bool_val(true)) {
    const Day lo = days_from_civil({1900, 1, 1}), hi = days_from_civil({2999, 12, 31});
    min_day = lo;
    max_day = hi;
    std::vector<z3::expr> dom;
    dom.push_back(date >= lo && date <= hi);
    dom.push_back(sender >= 0 && sender < static_cast<int>(set.actors.size()));
    dom.push_back(recipient >= 0 && recipient < static_cast<int>(set.actors.size()));
    dom.push_back(purpose >= 0 && purpose < static_cast<int>(set.purposes.size()));
    dom.push_back(category >= 0 && category < static_cast<int>(set.categories.size()));
    for (std::size_t i = 0; i < set.slots.size(); ++i) {
        const ir::Slot& slot = set.slots[i];
        value.push_back(c.int_const((prefix + "v!" + slot.path).c_str()));
        given.push_back(c.bool_const((prefix + "g!" + slot.path).c_str()));
        text_bits.emplace_back();
        const z3::expr& v = value.back();
        switch (slot.type) {
            case ir::ValueType::boolean: dom.push_back(v >= 0 && v <= 1); break;
            case ir::ValueType::integer:
                dom.push_back(v >= c.int_val(std::numeric_limits<std::int64_t>::min()) &&
                              v <= c.int_val(std::numeric_limits<std::int64_t>::max()));
                break;
            case ir::ValueType::date: dom.push_back(v >= lo && v <= hi); break;
            case ir::ValueType::enumeration: dom.push_back(v >= 0 && v < static_cast<int>(slot.enum_values.size())); break;
            case ir::ValueType::text_set:
                for (std::size_t b = 0; b < slot.texts.size(); ++b)
                    text_bits.back().push_back(c.bool_const((prefix + "t!" + slot.path + "!" + slot.texts[b]).c_str()));
                dom.push_back(v == 0);
                break;
            default: dom.push_back(v == 0); break;
        }
    }
    // A request names only a phase of its own purpose (the decoder refuses any other).
    if (set.phase_slot >= 0) {
        const auto ps = static_cast<std::size_t>(set.phase_slot);
        z3::expr_vector ways(c);
        for (std::size_t p = 0; p < set.purposes.size(); ++p)
            for (const ir::Phase& ph : set.purposes[p].phases)
                ways.push_back(purpose == static_cast<int>(p) && value[ps] == ph.value);
        dom.push_back(z3::implies(given[ps], z3::mk_or(ways)));
    }
    for (std::size_t i = 0; i < set.categories.size(); ++i) {
        active.push_back(c.bool_const((prefix + "consent!" + set.categories[i].name).c_str()));
        explicit_active.push_back(c.bool_const((prefix + "explicit!" + set.categories[i].name).c_str()));
        dom.push_back(z3::implies(explicit_active.back(), active.back()));
    }
    yes_done_.assign(set.nodes.size(), 0);
    no_done_.assign(set.nodes.size(), 0);
    yes_.assign(set.nodes.size(), c.bool_val(false));
    no_.assign(set.nodes.size(), c.bool_val(false));

    const std::size_t A = set.actors.size(), P = set.purposes.size(), C = set.categories.size();
    tick_ = tick;
    for (const ir::Rule& r : set.rules) {
        if (tick) tick();
        const bool permit = r.effect == ast::Effect::permit;
        z3::expr cond = r.condition < 0 ? c.bool_val(true) : (permit ? yes(r.condition) : !no(r.condition));
        applies.push_back(in_mask(sender, r.senders, A) && in_mask(recipient, r.recipients, A) &&
                          in_mask(purpose, r.purposes, P) && in_mask(category, r.categories, C) &&
                          date >= c.int_val(std::max<Day>(r.from, lo - 1)) && date <= c.int_val(std::min<Day>(r.until, hi + 1)) &&
                          cond);
    }
    z3::expr_vector all(c);
    for (auto& e : dom) all.push_back(e);
    for (auto& e : civil_domain_) all.push_back(e);
    domain = z3::mk_and(all);
    // The domain split into its parts, each indexed by the variables it constrains.
    for (auto& e : dom) domain_parts_.push_back(e);
    for (auto& e : civil_domain_) domain_parts_.push_back(e);
    for (std::size_t k = 0; k < domain_parts_.size(); ++k) {
        std::unordered_set<unsigned> seen;
        std::vector<unsigned> vars;
        constants(domain_parts_[k], seen, vars);
        for (unsigned v : vars) var_parts_[v].push_back(static_cast<int>(k));
        part_vars_.push_back(std::move(vars));
    }
}

void Encoding::constants(const z3::expr& e, std::unordered_set<unsigned>& seen, std::vector<unsigned>& out) {
    std::vector<z3::expr> todo{e};
    while (!todo.empty()) {
        const z3::expr x = todo.back();
        todo.pop_back();
        if (!seen.insert(x.id()).second || !x.is_app()) continue;
        const unsigned n = x.num_args();
        if (n == 0) {
            if (x.decl().decl_kind() == Z3_OP_UNINTERPRETED) out.push_back(x.id());
            continue;
        }
        for (unsigned i = 0; i < n; ++i) todo.push_back(x.arg(i));
    }
}

z3::expr Encoding::domain_of(const std::vector<z3::expr>& exprs) const {
    std::unordered_set<unsigned> seen;
    std::vector<unsigned> vars;
    for (const auto& e : exprs) constants(e, seen, vars);
    std::vector<char> used(domain_parts_.size(), 0);
    std::unordered_set<unsigned> done;
    z3::expr_vector out(ctx);
    while (!vars.empty()) {
        const unsigned v = vars.back();
        vars.pop_back();
        if (!done.insert(v).second) continue;
        auto it = var_parts_.find(v);
        if (it == var_parts_.end()) continue;
        for (int k : it->second) {
            if (used[k]) continue;
            used[k] = 1;
            out.push_back(domain_parts_[k]);
            for (unsigned w : part_vars_[k]) vars.push_back(w);
        }
    }
    return z3::mk_and(out);
}

// The year, month and day of a date value that is moved by months: extra variables tied to it
// by days_from_civil, so that the month arithmetic needs no division of a day number.
const Civil& Encoding::civil_of(int slot) {
    for (const auto& c : civil)
        if (c.slot == slot) return c;
    const std::string name = slot < 0 ? std::string("date") : set.slots[slot].path;
    Civil c{slot, slot < 0 ? date : value[slot], ctx.int_const((prefix + "year!" + name).c_str()),
            ctx.int_const((prefix + "month!" + name).c_str()), ctx.int_const((prefix + "day!" + name).c_str())};
    civil_domain_.push_back(c.year >= 1900 && c.year <= 2999 && c.month >= 1 && c.month <= 12 && c.day >= 1 &&
                            c.day <= days_in_month_term(c.year, c.month) &&
                            c.day_number == civil_days_term(c.year, c.month, c.day));
    civil.push_back(c);
    return civil.back();
}

// ---- conditions -------------------------------------------------------------

z3::expr Encoding::in_mask(const z3::expr& var, ir::Mask mask, std::size_t universe) const {
    std::size_t members = 0;
    for (std::size_t i = 0; i < universe && i < ir::max_universe; ++i) members += mask >> i & 1;
    if (members == 0) return ctx.bool_val(false);
    if (members == universe) return ctx.bool_val(true);
    z3::expr_vector v(ctx);
    const bool inside = members * 2 <= universe;
    for (std::size_t i = 0; i < universe && i < ir::max_universe; ++i)
        if (((mask >> i & 1) != 0) == inside) v.push_back(var == static_cast<int>(i));
    return inside ? z3::mk_or(v) : !z3::mk_or(v);
}

z3::expr Encoding::shifted(const ir::Term& t) {
    z3::expr base = ctx.int_val(0);
    switch (t.kind) {
        case ir::Term::Kind::constant: {
            std::int64_t v = t.constant;
            if (t.period_sign > 0) v = add_period(static_cast<Day>(v), t.period);
            else if (t.period_sign < 0) v = subtract_period(static_cast<Day>(v), t.period);
            return ctx.int_val(v);
        }
        case ir::Term::Kind::request_date: base = date; break;
        case ir::Term::Kind::slot: base = value[t.slot]; break;
    }
    if (t.period_sign == 0) return base;
    Period p = t.period;
    if (t.period_sign < 0) p.amount = -p.amount;
    if (p.unit == PeriodUnit::days) return base + p.amount;
    return add_period_term(civil_of(t.kind == ir::Term::Kind::slot ? t.slot : -1), p);
}

z3::expr Encoding::consent_bit(const ir::Node& n) {
    const std::vector<z3::expr>& bits = n.explicit_consent ? explicit_active : active;
    if (n.category >= 0) return bits[static_cast<std::size_t>(n.category)];
    z3::expr_vector v(ctx);
    for (std::size_t c = 0; c < set.categories.size(); ++c) v.push_back(category == static_cast<int>(c) && bits[c]);
    return z3::mk_or(v);
}

z3::expr Encoding::yes(int index) {
    if (yes_done_[index]) return yes_[index];
    const ir::Node& n = set.nodes[index];
    z3::expr out = ctx.bool_val(false);
    auto child = [&](std::uint32_t i) { return static_cast<int>(set.children[n.first + i]); };
    switch (n.op) {
        case Op::constant: out = ctx.bool_val(n.mask != 0); break;
        case Op::all: {
            z3::expr_vector v(ctx);
            for (std::uint32_t i = 0; i < n.count; ++i) v.push_back(yes(child(i)));
            out = z3::mk_and(v);
            break;
        }
        case Op::any: {
            z3::expr_vector v(ctx);
            for (std::uint32_t i = 0; i < n.count; ++i) v.push_back(yes(child(i)));
            out = z3::mk_or(v);
            break;
        }
        case Op::negate: out = no(child(0)); break;
        default: {
            // Leaves: "yes" is known and true, "no" is known and false.
            z3::expr known = ctx.bool_val(true), truth = ctx.bool_val(false);
            switch (n.op) {
                case Op::fact_true: known = given[n.slot]; truth = value[n.slot] != 0; break;
                case Op::compare: {
                    if (n.lhs.kind == ir::Term::Kind::slot) known = known && given[n.lhs.slot];
                    if (n.rhs.kind == ir::Term::Kind::slot) known = known && given[n.rhs.slot];
                    const z3::expr a = shifted(n.lhs), b = shifted(n.rhs);
                    switch (n.cmp) {
                        case ast::CompareOp::eq: truth = a == b; break;
                        case ast::CompareOp::ne: truth = a != b; break;
                        case ast::CompareOp::lt: truth = a < b; break;
                        case ast::CompareOp::le: truth = a <= b; break;
                        case ast::CompareOp::gt: truth = a > b; break;
                        case ast::CompareOp::ge: truth = a >= b; break;
                    }
                    break;
                }
                case Op::enum_in:
                    known = given[n.slot];
                    truth = in_mask(value[n.slot], n.mask, std::max<std::size_t>(1, set.slots[n.slot].enum_values.size()));
                    break;
                case Op::actor_in: truth = in_mask(n.slot == 0 ? sender : recipient, n.mask, set.actors.size()); break;
                case Op::contains_any: {
                    known = given[n.slot];
                    z3::expr_vector v(ctx);
                    const auto& bits = text_bits[n.slot];
                    for (std::size_t b = 0; b < bits.size(); ++b)
                        if (n.mask >> b & 1) v.push_back(bits[b]);
                    truth = z3::mk_or(v);
                    break;
                }
                case Op::consent: known = given[n.slot]; truth = consent_bit(n); break;
                case Op::known: truth = given[n.slot]; break;
                default:
                    // An operation this encoding does not know must not be read as "false".
                    throw z3::exception(("the verifier does not encode condition operation " +
                                         std::to_string(static_cast<int>(n.op)) + "; update encoding.cpp")
                                            .c_str());
            }
            no_[index] = (known && !truth).simplify();
            no_done_[index] = 1;
            out = known && truth;
        }
    }
    out = out.simplify();
    yes_[index] = out;
    yes_done_[index] = 1;
    return out;
}

z3::expr Encoding::no(int index) {
    if (no_done_[index]) return no_[index];
    const ir::Node& n = set.nodes[index];
    z3::expr out = ctx.bool_val(false);
    auto child = [&](std::uint32_t i) { return static_cast<int>(set.children[n.first + i]); };
    switch (n.op) {
        case Op::constant: out = ctx.bool_val(n.mask == 0); break;
        case Op::all: {
            z3::expr_vector v(ctx);
            for (std::uint32_t i = 0; i < n.count; ++i) v.push_back(no(child(i)));
            out = z3::mk_or(v);
            break;
        }
        case Op::any: {
            z3::expr_vector v(ctx);
            for (std::uint32_t i = 0; i < n.count; ++i) v.push_back(no(child(i)));
            out = z3::mk_and(v);
            break;
        }
        case Op::negate: out = yes(child(0)); break;
        default:
            yes(index);  // leaves fill in both
            return no_[index];
    }
    out = out.simplify();
    no_[index] = out;
    no_done_[index] = 1;
    return out;
}

// ---- regions and the decision ------------------------------------------------

Encoding::Region Encoding::region_of(int rule) const {
    const ir::Rule& r = set.rules[static_cast<std::size_t>(rule)];
    Region g;
    g.senders = r.senders;
    g.recipients = r.recipients;
    g.purposes = r.purposes;
    g.categories = r.categories;
    g.from = r.from;
    g.until = r.until;
    return g;
}

Encoding::Region Encoding::meet(const Region& a, const Region& b) {
    Region g;
    g.senders = a.senders & b.senders;
    g.recipients = a.recipients & b.recipients;
    g.purposes = a.purposes & b.purposes;
    g.categories = a.categories & b.categories;
    g.from = std::max(a.from, b.from);
    g.until = std::min(a.until, b.until);
    return g;
}

z3::expr Encoding::in_region(const Region& g) const {
    const std::size_t A = set.actors.size(), P = set.purposes.size(), C = set.categories.size();
    return in_mask(sender, g.senders, A) && in_mask(recipient, g.recipients, A) && in_mask(purpose, g.purposes, P) &&
           in_mask(category, g.categories, C) && date >= ctx.int_val(std::max<Day>(g.from, min_day - 1)) &&
           date <= ctx.int_val(std::min<Day>(g.until, max_day + 1));
}

std::vector<int> Encoding::slice(const Region& g) const {
    std::vector<int> out;
    for (std::size_t i = 0; i < set.rules.size(); ++i) {
        const ir::Rule& r = set.rules[i];
        if ((r.senders & g.senders) && (r.recipients & g.recipients) && (r.purposes & g.purposes) &&
            (r.categories & g.categories) && r.from <= g.until && g.from <= r.until && r.from <= r.until)
            out.push_back(static_cast<int>(i));
    }
    return out;
}

Encoding::Decision Encoding::decision(const std::vector<z3::expr>& app) const {
    std::vector<int> all(set.rules.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
    return decision(app, all);
}

Encoding::Decision Encoding::decision(const std::vector<z3::expr>& app, const std::vector<int>& rules) const {
    std::vector<int> permits, forbids;
    for (int i : rules) (set.rules[static_cast<std::size_t>(i)].effect == ast::Effect::permit ? permits : forbids).push_back(i);
    auto overlap = [&](const ir::Rule& a, const ir::Rule& b) {
        return (a.senders & b.senders) && (a.recipients & b.recipients) && (a.purposes & b.purposes) &&
               (a.categories & b.categories) && a.from <= b.until && b.from <= a.until;
    };
    // The evaluator's loop over the applicable permits in rule order (evaluator.cpp, decide_item).
    z3::expr w = ctx.int_val(-1);
    for (int p : permits) {
        if (tick_) tick_();  // a slice can hold thousands of rules: the deadline is checked as it is built
        z3::expr undefeated = app[p];
        for (int f : forbids) {
            if (!overlap(set.rules[p], set.rules[f])) continue;
            if (set.rule_excepts(p, f) && !set.rule_excepts(f, p)) continue;
            undefeated = undefeated && !app[f];
        }
        z3::expr_vector w_excepts_p(ctx), p_excepts_w(ctx);
        for (int q : permits) {
            if (q == p || !overlap(set.rules[p], set.rules[q])) continue;
            if (set.rule_excepts(q, p)) w_excepts_p.push_back(w == q);
            if (set.rule_excepts(p, q)) p_excepts_w.push_back(w == q);
        }
        const z3::expr takes = undefeated && !z3::mk_or(w_excepts_p) && (w < 0 || z3::mk_or(p_excepts_w));
        w = z3::ite(takes, ctx.int_val(p), w);
    }
    // The forbid a deny names: the applicable one first in ir::forbid_precedence, as the evaluator picks it.
    std::sort(forbids.begin(), forbids.end(), [&](int a, int b) { return forbid_rank_[a] < forbid_rank_[b]; });
    z3::expr ff = ctx.int_val(-1);
    for (auto it = forbids.rbegin(); it != forbids.rend(); ++it) ff = z3::ite(app[*it], ctx.int_val(*it), ff);
    return Decision{w, ff, z3::ite(w >= 0, w, ff)};
}

}  // namespace grondslag::verifier
