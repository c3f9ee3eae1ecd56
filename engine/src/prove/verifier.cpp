#include "verifier.hpp"
#include "ranks.hpp"
#include "policies_access.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <sstream>
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

std::string date_text(Day d) {
    if (d <= ir::far_past) return "the beginning";
    if (d >= ir::far_future) return "the end";
    return format_date(d);
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s.empty() ? "(none)" : s;
}

}  // namespace

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

// ---- the encoding ---------------------------------------------------------

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

z3::model Encoding::model_of(const Request& r, std::uint16_t cat) const {
    z3::model m(ctx);
    auto put = [&](const z3::expr& var, const z3::expr& v) {
        z3::func_decl d = var.decl();
        z3::expr value_copy = v;
        m.add_const_interp(d, value_copy);
    };
    put(date, ctx.int_val(r.date));
    put(sender, ctx.int_val(r.sender));
    put(recipient, ctx.int_val(r.recipient));
    put(purpose, ctx.int_val(r.purpose));
    put(category, ctx.int_val(cat));
    for (std::size_t i = 0; i < set.slots.size(); ++i) {
        const bool g = r.given[i] != 0;
        put(given[i], ctx.bool_val(g));
        const ir::ValueType t = set.slots[i].type;
        std::int64_t v = g ? r.values[i] : (t == ir::ValueType::date ? min_day : 0);
        if (t == ir::ValueType::text_set) {
            for (std::size_t b = 0; b < text_bits[i].size(); ++b)
                put(text_bits[i][b], ctx.bool_val(g && (static_cast<ir::Mask>(r.values[i]) >> b & 1)));
            v = 0;
        } else if (t == ir::ValueType::consents) {
            v = 0;
        }
        put(value[i], ctx.int_val(v));
    }
    for (std::size_t c = 0; c < set.categories.size(); ++c) {
        put(active[c], ctx.bool_val((r.consent_active >> c & 1) != 0));
        put(explicit_active[c], ctx.bool_val((r.explicit_active >> c & 1) != 0));
    }
    for (const Civil& c : civil) {
        const std::int64_t day = c.slot < 0 ? r.date : (r.given[c.slot] ? r.values[c.slot] : min_day);
        const CivilDate cd = civil_from_days(static_cast<Day>(day));
        put(c.year, ctx.int_val(cd.year));
        put(c.month, ctx.int_val(cd.month));
        put(c.day, ctx.int_val(cd.day));
    }
    return m;
}

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
                                         std::to_string(static_cast<int>(n.op)) + "; update verifier.cpp")
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

Encoding::Decision Encoding::decision(const std::vector<z3::expr>& app) const {
    std::vector<int> all(set.rules.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
    return decision(app, all);
}

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
    z3::expr ff = ctx.int_val(-1);
    for (auto it = forbids.rbegin(); it != forbids.rend(); ++it) ff = z3::ite(app[*it], ctx.int_val(*it), ff);
    return Decision{w, ff, z3::ite(w >= 0, w, ff)};
}

z3::expr Encoding::fix(const Request& r, std::uint16_t cat) const {
    z3::expr_vector v(ctx);
    v.push_back(date == r.date);
    v.push_back(sender == r.sender);
    v.push_back(recipient == r.recipient);
    v.push_back(purpose == r.purpose);
    v.push_back(category == cat);
    for (std::size_t i = 0; i < set.slots.size(); ++i) {
        const bool g = r.given[i] != 0;
        v.push_back(given[i] == ctx.bool_val(g));
        if (set.slots[i].type == ir::ValueType::text_set) {
            for (std::size_t b = 0; b < text_bits[i].size(); ++b)
                v.push_back(text_bits[i][b] == ctx.bool_val(g && (static_cast<ir::Mask>(r.values[i]) >> b & 1)));
            v.push_back(value[i] == 0);
        } else if (set.slots[i].type == ir::ValueType::consents) {
            v.push_back(value[i] == 0);
        } else {
            v.push_back(value[i] == ctx.int_val(g ? r.values[i] : (set.slots[i].type == ir::ValueType::date ? min_day : 0)));
        }
    }
    for (std::size_t c = 0; c < set.categories.size(); ++c) {
        v.push_back(active[c] == ctx.bool_val((r.consent_active >> c & 1) != 0));
        v.push_back(explicit_active[c] == ctx.bool_val((r.explicit_active >> c & 1) != 0));
    }
    return z3::mk_and(v);
}

nlohmann::json Encoding::witness(const z3::model& m) const {
    using nlohmann::json;
    auto num = [&](const z3::expr& e) { return m.eval(e, true).get_numeral_int64(); };
    auto truth = [&](const z3::expr& e) { return m.eval(e, true).is_true(); };
    const Day day = static_cast<Day>(num(date));
    json facts = json::object();
    auto scalar = [&](std::size_t i) -> json {
        const ir::Slot& s = set.slots[i];
        const std::int64_t v = num(value[i]);
        switch (s.type) {
            case ir::ValueType::boolean: return v != 0;
            case ir::ValueType::integer: return v;
            case ir::ValueType::date: return format_date(static_cast<Day>(v));
            case ir::ValueType::enumeration: return s.enum_values.at(static_cast<std::size_t>(v));
            case ir::ValueType::text_set: {
                json list = json::array();
                for (std::size_t b = 0; b < text_bits[i].size(); ++b)
                    if (truth(text_bits[i][b])) list.push_back(s.texts[b]);
                return list;
            }
            default: return nullptr;
        }
    };
    for (const ir::Fact& f : set.facts) {
        if (f.first_slot < 0) continue;
        const std::size_t first = static_cast<std::size_t>(f.first_slot);
        if (f.type == ir::ValueType::consents) {
            if (!truth(given[first])) continue;
            json records = json::array();
            for (std::size_t c = 0; c < set.categories.size(); ++c)
                if (truth(active[c]))
                    records.push_back({{"categorie", set.categories[c].name}, {"gegeven", format_date(day)},
                                       {"uitdrukkelijk", truth(explicit_active[c])}});
            facts[f.name] = records;
        } else if (f.type == ir::ValueType::record) {
            json rec = json::object();
            for (std::size_t s = first; s < first + static_cast<std::size_t>(f.slot_count); ++s) {
                if (!truth(given[s])) continue;
                const std::string& path = set.slots[s].path;
                rec[path.substr(path.find('.') + 1)] = scalar(s);
            }
            if (!rec.empty()) facts[f.name] = rec;
        } else if (truth(given[first])) {
            facts[f.name] = scalar(first);
        }
    }
    return json{{"date", format_date(day)},
                {"sender", set.actors.at(static_cast<std::size_t>(num(sender))).name},
                {"recipient", set.actors.at(static_cast<std::size_t>(num(recipient))).name},
                {"purpose", set.purposes.at(static_cast<std::size_t>(num(purpose))).name},
                {"data", json::array({set.categories.at(static_cast<std::size_t>(num(category))).name})},
                {"facts", facts}};
}

// ---- the properties ---------------------------------------------------------

namespace {

// Thrown when the overall deadline (VerifyOptions::deadline) is reached: the rest is not run.
struct DeadlineReached {};

void check_deadline(const VerifyOptions& options) {
    if (options.deadline != std::chrono::steady_clock::time_point::max() && std::chrono::steady_clock::now() >= options.deadline)
        throw DeadlineReached{};
}

class Verifier {
public:
    Verifier(const ir::PolicySet& set, const VerifyOptions& options, VerifyReport& report, bool slicing)
        : set_(set), options_(options), report_(report), slicing_(slicing),
          enc_(ctx_, set, "", [&options] { check_deadline(options); }), solver_(ctx_) {
        for (std::size_t i = 0; i < set.rules.size(); ++i) all_rules_.push_back(static_cast<int>(i));
        // Z3's memory limit is a global parameter: set before each run.
        z3::set_param("memory_max_size", static_cast<int>(options.memory_mb));
        z3::params p(ctx_);
        p.set("timeout", options.timeout_ms);
        p.set("core.minimize", true);
        solver_.set(p);
        for (std::size_t i = 0; i < set.rules.size(); ++i) {
            app_.push_back(ctx_.bool_const(("applies!" + set.rules[i].id).c_str()));
            tracker_ids_["rule:" + set.rules[i].id] = static_cast<int>(i);
        }
    }

    void run() {
        dead_rules();
        exceptions();
        conflicts();
        grounds();
        minimality();
        time();
        versions();
    }

private:
    const ir::PolicySet& set_;
    const VerifyOptions& options_;
    VerifyReport& report_;
    const bool slicing_;
    std::vector<int> all_rules_;
    z3::context ctx_;
    Encoding enc_;
    z3::solver solver_;
    std::vector<z3::expr> app_;  // per rule a tracked constant, tied to its applicability inside a check
    std::unordered_map<std::string, int> tracker_ids_;
    std::vector<char> live_;
    std::vector<char> wins_;  // permits that decide some request (never-wins sat)
    using Region = Encoding::Region;
    using Decision = Encoding::Decision;

    enum class Res { sat, unsat, unknown };
    struct Outcome {
        Res res = Res::unknown;
        nlohmann::json witness;
        std::string item, decision, rule;
        bool answered = false;  // decision and rule are the encoding's answer for the witness
        std::vector<int> core;
    };
    // Witnesses in which a permit decides, by (purpose, category) and (purpose, recipient).
    std::map<std::pair<std::int64_t, std::int64_t>, Outcome> permitted_category_, permitted_recipient_;

    void progress(const std::string& what) {
        if (options_.progress) options_.progress(what);
    }

    // One query about the requests of region `g`, which the query must imply (or be restricted to,
    // as the minimality queries are). Only the rules that can apply somewhere in g are encoded: every
    // other rule's cell masks or validity are disjoint from g, so its applicability is false throughout
    // g and the decision over the slice equals the decision over the whole set there. Only the parts of
    // the domain whose variables occur are asserted (docs/verification.md, "Slicing").
    template <class Query>
    Outcome check(const Region& g, Query&& query, const std::string& what) {
        return solve(g, enc_.slice(g), true, query, what);
    }
    // A query about the applicability of `rules` only (no decision): only they are encoded. The
    // outcome's witness carries no answer.
    template <class Query>
    Outcome check_rules(const Region& g, const std::vector<int>& rules, Query&& query, const std::string& what) {
        return solve(g, rules, false, query, what);
    }

    // Before every check: none starts after the deadline, and none runs past it.
    void before_check() {
        check_deadline(options_);
        if (options_.deadline == std::chrono::steady_clock::time_point::max()) return;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(options_.deadline - std::chrono::steady_clock::now());
        const unsigned ms = static_cast<unsigned>(std::clamp<std::int64_t>(left.count(), 1, options_.timeout_ms));
        if (ms != solver_timeout_) {
            solver_.set("timeout", ms);
            solver_timeout_ = ms;
        }
    }
    unsigned solver_timeout_ = 0;
    // In loops that run no check for many iterations (pairs of rules): the clock every 4,096.
    std::uint32_t ticks_ = 0;
    void tick() {
        if ((++ticks_ & 4095) == 0) check_deadline(options_);
    }

    template <class Query>
    Outcome solve(const Region& g, const std::vector<int>& sliced_rules, bool decides, Query&& query, const std::string& what) {
        before_check();
        ++report_.checks;
        Outcome o;
        // Without slicing (the reference the tests compare with): every rule and the whole domain.
        const std::vector<int>& rules = slicing_ ? sliced_rules : all_rules_;
        decides = decides || !slicing_;
        const Decision decision = decides ? enc_.decision(app_, rules) : Decision{ctx_.int_val(-1), ctx_.int_val(-1), ctx_.int_val(-1)};
        std::vector<z3::expr> parts{enc_.in_region(g), query(decision)};
        for (int i : rules) parts.push_back(enc_.applies[i]);
        solver_.push();
        solver_.add(slicing_ ? enc_.domain_of(parts) : enc_.domain);
        solver_.add(parts[0]);
        solver_.add(parts[1]);
        for (int i : rules) solver_.add(app_[i] == enc_.applies[i], ("rule:" + set_.rules[i].id).c_str());
        const z3::check_result r = solver_.check();
        if (r == z3::sat) {
            o.res = Res::sat;
            const z3::model m = solver_.get_model();
            o.witness = enc_.witness(m);
            o.item = o.witness["data"][0];
            if (decides) {
                const std::int64_t w = m.eval(decision.winner, true).get_numeral_int64();
                const std::int64_t d = m.eval(decision.decided, true).get_numeral_int64();
                o.decision = w >= 0 ? "permit" : "deny";
                o.rule = d >= 0 ? set_.rules[static_cast<std::size_t>(d)].id : "";
                o.answered = true;
                if (w >= 0) {
                    // Remember where a permit decides: it answers the minimality queries for free.
                    const auto u = m.eval(enc_.purpose, true).get_numeral_int64();
                    const auto c = m.eval(enc_.category, true).get_numeral_int64();
                    const auto a = m.eval(enc_.recipient, true).get_numeral_int64();
                    permitted_category_.emplace(std::make_pair(u, c), o);
                    permitted_recipient_.emplace(std::make_pair(u, a), o);
                }
            }
        } else if (r == z3::unsat) {
            o.res = Res::unsat;
            const z3::expr_vector core = solver_.unsat_core();
            for (unsigned i = 0; i < core.size(); ++i) {
                auto it = tracker_ids_.find(core[i].decl().name().str());
                if (it != tracker_ids_.end()) o.core.push_back(it->second);
            }
            std::sort(o.core.begin(), o.core.end());
        } else {
            report_.unknowns.push_back({what, solver_.reason_unknown()});
        }
        solver_.pop();
        return o;
    }

    RuleRef ref(int r) const {
        const ir::Rule& rule = set_.rules[r];
        RuleRef out;
        out.id = rule.id;
        if (rule.at.file) out.file = rule.at.file->path;
        out.line = rule.at.line;
        out.column = rule.at.column;
        return out;
    }

    Finding& add(std::string property, FindingLevel level, std::string message, int rule, const std::vector<int>& involved = {}) {
        Finding f;
        f.property = std::move(property);
        f.level = level;
        f.message = std::move(message);
        if (rule >= 0) f.rules.push_back(ref(rule));
        for (int r : involved)
            if (r != rule) f.rules.push_back(ref(r));
        report_.findings.push_back(std::move(f));
        return report_.findings.back();
    }

    static void attach(Finding& f, const Outcome& o) {
        f.witness = o.witness;
        f.witness_item = o.item;
        f.witness_decision = o.decision;
        f.witness_rule = o.rule;
    }

    std::size_t count(const std::string& property) const {
        std::size_t n = 0;
        for (const auto& f : report_.findings) n += f.property == property;
        return n;
    }
    std::size_t unknowns_before_ = 0;
    void begin() { unknowns_before_ = report_.unknowns.size(); }
    void proven(const std::string& property, const std::string& text) {
        if (count(property) == 0 && report_.unknowns.size() == unknowns_before_) report_.proven.push_back(text);
    }

    std::string names(const std::vector<int>& rules, int except = -1) const {
        std::vector<std::string> v;
        for (int r : rules)
            if (r != except) v.push_back(set_.rules[r].id);
        return join(v);
    }

    bool covers_some_cell(const ir::Rule& r) const {
        auto nonempty = [](ir::Mask m, std::size_t n) { return n >= 64 ? m != 0 : (m & ((ir::Mask{1} << n) - 1)) != 0; };
        return nonempty(r.senders, set_.actors.size()) && nonempty(r.recipients, set_.actors.size()) &&
               nonempty(r.purposes, set_.purposes.size()) && nonempty(r.categories, set_.categories.size());
    }

    // (2) Dead rules: a rule that applies to no request in its validity; a permit that never wins.
    void dead_rules() {
        progress("dead rules");
        begin();
        live_.assign(set_.rules.size(), 0);
        for (std::size_t i = 0; i < set_.rules.size(); ++i) {
            const ir::Rule& r = set_.rules[i];
            const int id = static_cast<int>(i);
            if (r.from > r.until) {
                add("dead-rule", FindingLevel::violation,
                    "rule '" + r.id + "' is never in force: its validity (" + date_text(r.from) + " to " + date_text(r.until) +
                        ") lies outside its provision's",
                    id);
                continue;
            }
            if (r.from > enc_.max_day || r.until < enc_.min_day) {
                add("dead-rule", FindingLevel::violation, "rule '" + r.id + "' is in force only outside the years 1900-2999", id);
                continue;
            }
            if (!covers_some_cell(r)) {
                add("dead-rule", FindingLevel::violation,
                    "rule '" + r.id + "' covers no combination of sender, recipient, purpose and data category", id);
                continue;
            }
            const Outcome o = check_rules(enc_.region_of(id), {id}, [&](const Decision&) { return app_[i]; },
                                    "rule '" + r.id + "' applies to some request");
            if (o.res == Res::unsat) {
                add("dead-rule", FindingLevel::violation,
                    "rule '" + r.id + "' applies to no request: its condition cannot hold on any date in its validity (" +
                        date_text(r.from) + " to " + date_text(r.until) + ")",
                    id, o.core);
            } else if (o.res == Res::sat) {
                live_[i] = 1;
            }
        }
        wins_.assign(set_.rules.size(), 0);
        for (std::size_t i = 0; i < set_.rules.size(); ++i) {
            if (!live_[i]) continue;
            const ir::Rule& r = set_.rules[i];
            const int id = static_cast<int>(i);
            if (r.effect == ast::Effect::permit) {
                const Outcome o = check(enc_.region_of(id), [&](const Decision& d) { return d.winner == id; },
                                        "permit '" + r.id + "' wins for some request");
                wins_[i] = o.res != Res::unsat;
                if (o.res == Res::unsat)
                    add("never-wins", FindingLevel::violation,
                        "permit '" + r.id + "' applies but never decides an item: it is always overridden by " + names(o.core, id),
                        id, o.core);
            } else {
                const Outcome o = check(enc_.region_of(id), [&](const Decision& d) { return app_[i] && d.winner < 0; },
                                        "forbid '" + r.id + "' denies some request");
                if (o.res == Res::unsat)
                    add("forbid-always-lifted", FindingLevel::warning,
                        "forbid '" + r.id + "' never denies anything: wherever it applies, an exception permits (" +
                            names(o.core, id) + ")",
                        id, o.core);
            }
        }
        proven("dead-rule", "every rule applies to some request within its validity");
        proven("never-wins", "every permit decides some request (none is always overridden)");
    }

    // (1) Exceptions: an exception between two rules that never apply together never matters.
    void exceptions() {
        progress("exceptions");
        begin();
        for (std::size_t i = 0; i < set_.rules.size(); ++i) {
            for (int e : set_.rules[i].excepts) {
                const int a = static_cast<int>(i);
                if (!live_[i] || !live_[static_cast<std::size_t>(e)]) continue;
                if (set_.rule_excepts(e, a))
                    add("exception-cycle", FindingLevel::violation,
                        "rules '" + set_.rules[i].id + "' and '" + set_.rules[e].id + "' each declare they prevail over the other",
                        a, {e});
                const Outcome o = check_rules(Encoding::meet(enc_.region_of(a), enc_.region_of(e)), {a, e},
                                        [&](const Decision&) { return app_[i] && app_[static_cast<std::size_t>(e)]; },
                                        "'" + set_.rules[i].id + "' and '" + set_.rules[e].id + "' apply together");
                if (o.res == Res::unsat)
                    add("exception-unused", FindingLevel::warning,
                        "'" + set_.rules[i].id + "' declares an exception to '" + set_.rules[e].id +
                            "', but no request is covered by both: the exception never matters",
                        a, {e});
            }
        }
        proven("exception-unused", "every declared exception matters for some request");
    }

    // (1) Conflicts: a permit and a forbid that apply to the same request must say which prevails,
    // by an exception either way or by the forbid's `prevails`. Without that, the forbid prevails
    // by default, but the author has not said so: a finding, with a request where both apply.
    void conflicts() {
        progress("conflicts");
        begin();
        const auto empty = [](const Region& g) {
            return !g.senders || !g.recipients || !g.purposes || !g.categories || g.from > g.until;
        };
        for (std::size_t f = 0; f < set_.rules.size(); ++f) {
            const ir::Rule& forbid = set_.rules[f];
            if (forbid.effect != ast::Effect::forbid || forbid.prevails || !live_[f]) continue;
            for (std::size_t p = 0; p < set_.rules.size(); ++p) {
                tick();
                const ir::Rule& permit = set_.rules[p];
                if (permit.effect != ast::Effect::permit || !live_[p]) continue;
                const int a = static_cast<int>(p), b = static_cast<int>(f);
                if (set_.rule_excepts(a, b) || set_.rule_excepts(b, a)) continue;
                const Region g = Encoding::meet(enc_.region_of(a), enc_.region_of(b));
                if (empty(g)) continue;
                const Outcome o = check(g, [&](const Decision&) { return app_[p] && app_[f]; },
                                        "'" + permit.id + "' and '" + forbid.id + "' apply together");
                if (o.res == Res::sat)
                    attach(add("conflict", FindingLevel::violation,
                               "permit '" + permit.id + "' and forbid '" + forbid.id +
                                   "' apply to the same request and neither is declared to prevail (an exception, or "
                                   "the forbid's 'prevails'); the forbid prevails by default",
                               b, {a}),
                           o);
            }
        }
        proven("conflict", "every permit and forbid that apply together are declared which prevails");
    }

    // (3) Grounds: SPEC, CRIM and NID items are permitted only by rules with the matching basis;
    // a consent-based permit never decides without the consent it tests.
    void grounds() {
        progress("grounds");
        begin();
        for (std::size_t i = 0; i < set_.rules.size(); ++i) {
            const ir::Rule& r = set_.rules[i];
            if (r.effect != ast::Effect::permit || !live_[i]) continue;
            bool art9 = false, art10 = false, nid = false;
            for (int b : r.bases) {
                art9 |= set_.bases[b].kind == ast::BasisKind::art9;
                art10 |= set_.bases[b].kind == ast::BasisKind::art10;
                nid |= set_.bases[b].kind == ast::BasisKind::nid;
            }
            for (std::size_t c = 0; c < set_.categories.size(); ++c) {
                if (!(r.categories >> c & 1)) continue;
                const ast::DataClass k = set_.categories[c].data_class;
                const char* need = nullptr;
                if (k == ast::DataClass::spec && !art9) need = "an art. 9(2) ground (basis of kind art9)";
                if (k == ast::DataClass::crim && !art10) need = "an art. 10 authorisation (basis of kind art10)";
                if (k == ast::DataClass::nid && !nid) need = "a law that allows the BSN (basis of kind nid)";
                if (!need) continue;
                Region g = enc_.region_of(static_cast<int>(i));
                g.categories = ir::Mask{1} << c;
                const Outcome o = check(g, [&](const Decision& d) { return d.winner == static_cast<int>(i); },
                                        "permit '" + r.id + "' decides '" + set_.categories[c].name + "'");
                if (o.res == Res::sat)
                    attach(add("ground", FindingLevel::violation,
                               "permit '" + r.id + "' permits '" + set_.categories[c].name + "' (" +
                                   (k == ast::DataClass::spec ? "SPEC" : k == ast::DataClass::crim ? "CRIM" : "NID") +
                                   ") but names no " + need,
                               static_cast<int>(i)),
                           o);
            }
            // A permit whose every art. 6 basis is consent rests on consent: it must not decide an item
            // when the consents it tests are not active (or, when it tests none, the item's own consent).
            if (consent_based(r)) {
                std::vector<int> nodes;
                if (r.condition >= 0) consent_nodes(r.condition, nodes);
                z3::expr_vector none(ctx_);
                for (int n : nodes) none.push_back(!enc_.consent_bit(set_.nodes[n]));
                if (nodes.empty()) {
                    ir::Node item_consent;
                    item_consent.op = Op::consent;
                    none.push_back(!enc_.consent_bit(item_consent));
                }
                const Outcome o = check(enc_.region_of(static_cast<int>(i)),
                                        [&](const Decision& d) { return d.winner == static_cast<int>(i) && z3::mk_and(none); },
                                        "permit '" + r.id + "' decides without consent");
                if (o.res == Res::sat)
                    attach(add("consent", FindingLevel::violation,
                               "permit '" + r.id + "' rests on consent (" + consent_bases(r) + ") but decides an item while " +
                                   (nodes.empty() ? std::string("no consent for that item is active (its condition tests no consent)")
                                                  : std::string("none of the consents its condition tests is active")),
                               static_cast<int>(i)),
                           o);
            }
        }
        proven("ground", "every permitted SPEC, CRIM and NID item is decided by a rule with the matching ground");
        proven("consent", "no permit that rests on consent decides without an active consent");
    }

    static bool mentions_consent(const ir::Basis& b) {
        auto has = [](const std::string& text, const char* word) { return text.find(word) != std::string::npos; };
        return has(b.label.nl, "toestemming") || has(b.label.en, "consent");
    }
    // Every art. 6 basis of the rule is a consent basis (its label names consent / toestemming).
    bool consent_based(const ir::Rule& r) const {
        bool any = false;
        for (int b : r.bases) {
            if (set_.bases[b].kind != ast::BasisKind::art6) continue;
            if (!mentions_consent(set_.bases[b])) return false;
            any = true;
        }
        return any;
    }
    std::string consent_bases(const ir::Rule& r) const {
        std::vector<std::string> v;
        for (int b : r.bases)
            if (mentions_consent(set_.bases[b])) v.push_back(set_.bases[b].id);
        return join(v);
    }

    void consent_nodes(int index, std::vector<int>& out) const {
        const ir::Node& n = set_.nodes[index];
        if (n.op == Op::consent) out.push_back(index);
        if (n.op == Op::all || n.op == Op::any || n.op == Op::negate)
            for (std::uint32_t i = 0; i < n.count; ++i) consent_nodes(static_cast<int>(set_.children[n.first + i]), out);
    }

    // (4) Data minimality: per purpose, the categories and recipients that can be permitted.
    void minimality() {
        progress("data minimality");
        begin();
        for (std::size_t u = 0; u < set_.purposes.size(); ++u) {
            const ir::Purpose& p = set_.purposes[u];
            PurposeReach reach;
            reach.purpose = p.name;
            auto possible = [&](auto&& in_rule) {
                for (std::size_t i = 0; i < set_.rules.size(); ++i) {
                    const ir::Rule& r = set_.rules[i];
                    if (live_[i] && r.effect == ast::Effect::permit && (r.purposes >> u & 1) && in_rule(r)) return true;
                }
                return false;
            };
            for (std::size_t c = 0; c < set_.categories.size(); ++c) {
                const bool declared = p.needs >> c & 1;
                if (declared) reach.declared_categories.push_back(set_.categories[c].name);
                if (!possible([&](const ir::Rule& r) { return (r.categories >> c & 1) != 0; })) continue;
                Region g;
                g.purposes = ir::Mask{1} << u;
                g.categories = ir::Mask{1} << c;
                const Outcome o = some_permit(g, permitted_category_, {static_cast<std::int64_t>(u), static_cast<std::int64_t>(c)},
                                              "'" + set_.categories[c].name + "' can be permitted for '" + p.name + "'");
                if (o.res != Res::sat) continue;
                reach.reachable_categories.push_back(set_.categories[c].name);
                if (!declared)
                    attach(add("minimality-category", FindingLevel::violation,
                               "'" + set_.categories[c].name + "' can be permitted for purpose '" + p.name +
                                   "', which does not declare it necessary",
                               rule_id(o.rule)),
                           o);
            }
            for (std::size_t a = 0; a < set_.actors.size(); ++a) {
                const bool declared = p.recipients >> a & 1;
                if (declared) reach.declared_recipients.push_back(set_.actors[a].name);
                if (!possible([&](const ir::Rule& r) { return (r.recipients >> a & 1) != 0; })) continue;
                Region g;
                g.purposes = ir::Mask{1} << u;
                g.recipients = ir::Mask{1} << a;
                const Outcome o = some_permit(g, permitted_recipient_, {static_cast<std::int64_t>(u), static_cast<std::int64_t>(a)},
                                              "'" + set_.actors[a].name + "' can receive for '" + p.name + "'");
                if (o.res != Res::sat) continue;
                reach.reachable_recipients.push_back(set_.actors[a].name);
                if (!declared)
                    attach(add("minimality-recipient", FindingLevel::violation,
                               "'" + set_.actors[a].name + "' can receive data for purpose '" + p.name +
                                   "', which does not declare it as a recipient",
                               rule_id(o.rule)),
                           o);
            }
            report_.purposes.push_back(std::move(reach));
        }
        proven("minimality-category", "for every purpose, only the categories it declares necessary can be permitted");
        proven("minimality-recipient", "for every purpose, only the recipients it declares can receive");
    }

    // Is there a request in g for which some permit decides? A witness found by an earlier check
    // answers it; otherwise one query per permit that can decide in g ("p wins, in g"), until one is
    // satisfiable. The disjunction of these queries is "winner >= 0 in g", so the answer is the same
    // as one query over the whole slice of g, with smaller slices.
    Outcome some_permit(const Region& g, const std::map<std::pair<std::int64_t, std::int64_t>, Outcome>& found,
                        std::pair<std::int64_t, std::int64_t> key, const std::string& what) {
        if (!slicing_) return check(g, [](const Decision& d) { return d.winner >= 0; }, what);
        if (auto it = found.find(key); it != found.end()) return it->second;
        const std::size_t unknowns = report_.unknowns.size();
        Outcome none;
        none.res = Res::unsat;
        for (int p : enc_.slice(g)) {
            if (set_.rules[p].effect != ast::Effect::permit || !live_[p] || !wins_[p]) continue;
            Outcome o = check(Encoding::meet(g, enc_.region_of(p)), [&](const Decision& d) { return d.winner == p; }, what);
            if (o.res == Res::sat) {
                report_.unknowns.resize(unknowns);  // decided: an earlier unknown no longer matters
                return o;
            }
            if (o.res == Res::unknown) none.res = Res::unknown;
        }
        return none;
    }

    int rule_id(const std::string& id) const {
        auto it = set_.rule_ids.find(id);
        return it == set_.rule_ids.end() ? -1 : it->second;
    }

    // (5) Time: no rule applies outside its provision's validity.
    void time() {
        progress("validity");
        begin();
        for (std::size_t i = 0; i < set_.rules.size(); ++i) {
            const ir::Rule& r = set_.rules[i];
            if (r.provision < 0 || !live_[i]) continue;
            const ir::Provision& pv = set_.provisions[r.provision];
            const Outcome o = check(enc_.region_of(static_cast<int>(i)),
                                    [&](const Decision&) { return app_[i] && (enc_.date < pv.from || enc_.date > pv.until); },
                                    "rule '" + r.id + "' applies outside provision '" + pv.id + "'");
            if (o.res == Res::sat)
                attach(add("time", FindingLevel::violation,
                           "rule '" + r.id + "' applies on " + o.witness["date"].get<std::string>() + ", outside the validity of provision '" +
                               pv.id + "' (" + date_text(pv.from) + " to " + date_text(pv.until) + ")",
                           static_cast<int>(i)),
                       o);
        }
        proven("time", "no rule applies outside its provision's validity");
    }

    // Successive versions of one provision (ids that differ only in a last part such as
    // "oud"/"nieuw" or a year) neither overlap nor leave a gap.
    void versions() {
        begin();
        static const std::vector<std::string> words = {"oud", "nieuw", "old", "new"};
        auto version_key = [&](const std::string& id, std::string& base) {
            const auto dot = id.rfind('.');
            if (dot == std::string::npos) return false;
            const std::string last = id.substr(dot + 1);
            const bool year = last.size() == 4 && std::all_of(last.begin(), last.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
            const bool vnum = last.size() >= 2 && last[0] == 'v' &&
                              std::all_of(last.begin() + 1, last.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
            if (!year && !vnum && std::find(words.begin(), words.end(), last) == words.end()) return false;
            base = id.substr(0, dot);
            return true;
        };
        std::map<std::string, std::vector<int>> groups;
        for (std::size_t i = 0; i < set_.provisions.size(); ++i) {
            std::string base;
            if (version_key(set_.provisions[i].id, base)) groups[base].push_back(static_cast<int>(i));
        }
        for (auto& [base, members] : groups) {
            if (members.size() < 2) continue;
            std::sort(members.begin(), members.end(),
                      [&](int a, int b) { return set_.provisions[a].from < set_.provisions[b].from; });
            for (std::size_t k = 1; k < members.size(); ++k) {
                const ir::Provision& a = set_.provisions[members[k - 1]];
                const ir::Provision& b = set_.provisions[members[k]];
                std::string problem;
                if (b.from <= a.until)
                    problem = "overlap: '" + a.id + "' runs until " + date_text(a.until) + " and '" + b.id + "' starts on " + date_text(b.from);
                else if (static_cast<std::int64_t>(b.from) > static_cast<std::int64_t>(a.until) + 1)
                    problem = "leave a gap: '" + a.id + "' ends on " + date_text(a.until) + " and '" + b.id + "' starts on " + date_text(b.from);
                if (problem.empty()) continue;
                Finding f;
                f.property = "versions";
                f.level = FindingLevel::warning;
                f.message = "successive versions of provision '" + base + "' " + problem;
                for (const ir::Provision* pv : {&a, &b}) {
                    RuleRef r;
                    r.id = pv->id;
                    if (pv->at.file) r.file = pv->at.file->path;
                    r.line = pv->at.line;
                    r.column = pv->at.column;
                    f.rules.push_back(r);
                }
                report_.findings.push_back(std::move(f));
            }
        }
        proven("versions", "successive versions of a provision neither overlap nor leave a gap");
    }
};

}  // namespace

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
        Verifier v(set, within, report, slicing);
        v.run();
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
