// Data minimality (AVG 5(1)(c)): per purpose, and per phase of a purpose, the categories that can be
// permitted and the recipients that can receive, against those it declares; the report's tables.
#include "properties.hpp"
#include <algorithm>
#include <bit>
#include <exception>

namespace grondslag::verifier {

// (4) Data minimality: per purpose, the categories and recipients that can be permitted; then the same
// for each of its phases. Part of the purposes' tables is built on the second verifier, from a copy of
// what this one knew when the dead rules were done; this one runs the passes before the tables in the
// report, its share of them, and the passes after. Each purpose's tables go to a report of their own,
// merged in the purposes' order: the report reads as if one context had built them.
void Verifier::minimality(const CellCosts& cells, const std::function<void()>& before, const std::function<void()>& after) {
    // This verifier also runs the exceptions pass (a check per declared exception, about 36 units)
    // and the time pass (a check per live rule under a provision, about 28).
    std::size_t first_already = 0;
    for (std::size_t i = 0; i < set_.rules.size(); ++i)
        first_already += 36 * set_.rules[i].excepts.size() + (live_[i] && set_.rules[i].provision >= 0 ? 28 : 0);
    const std::vector<char> second = share(table_costs(cells), first_already);
    std::vector<VerifyReport> parts(set_.purposes.size());
    std::vector<char> done(parts.size(), 0);  // each verifier writes only its own purposes'
    VerifyReport tail;
    bool tail_done = false;
    const std::vector<char> live = live_, wins = wins_;
    const Witnesses by_category = permitted_category_, by_recipient = permitted_recipient_;
    std::exception_ptr failed;
    try {
        beside(
            [&](Verifier& v) {
                v.live_ = live;
                v.wins_ = wins;
                v.permitted_category_ = by_category;
                v.permitted_recipient_ = by_recipient;
                for (std::size_t u = 0; u < parts.size(); ++u)
                    if (second[u]) {
                        v.purpose_tables(u, parts[u]);
                        done[u] = 1;
                    }
            },
            [&] {
                before();
                progress("data minimality");
                for (std::size_t u = 0; u < parts.size(); ++u)
                    if (!second[u]) {
                        purpose_tables(u, parts[u]);
                        done[u] = 1;
                    }
                const auto redirect = write_to(tail);
                after();
                tail_done = true;
            });
    } catch (...) {
        failed = std::current_exception();
    }
    // What was built before a failure stays: the purposes whose tables are complete, on either verifier.
    begin();
    bool all = true;
    for (std::size_t u = 0; u < parts.size(); ++u) {
        if (done[u]) merge(parts[u]);
        all = all && done[u];
    }
    if (all) {
        proven("minimality-category", "for every purpose, only the categories it declares necessary can be permitted");
        proven("minimality-recipient", "for every purpose, only the recipients it declares can receive");
        if (set_.phase_slot >= 0)
            proven("minimality-phase", "for every phase of a purpose, only the categories and recipients it declares can be reached "
                                       "by a request that names it");
        if (tail_done) merge(tail);
    }
    if (failed) std::rethrow_exception(failed);
}

// The cost of each purpose's tables: a check per cell (category or recipient) some live permit of the
// purpose covers that no witness answers yet, and one per such cell again for each phase.
std::vector<std::size_t> Verifier::table_costs(const CellCosts& cells) {
    const std::size_t n = set_.purposes.size();
    // Per purpose, the categories and recipients its live permits cover.
    std::vector<ir::Mask> categories(n, 0), recipients(n, 0);
    for (std::size_t i = 0; i < set_.rules.size(); ++i) {
        tick();
        const ir::Rule& r = set_.rules[i];
        if (!live_[i] || r.effect != ast::Effect::permit) continue;
        for (ir::Mask u = r.purposes; u; u &= u - 1) {
            const auto p = static_cast<std::size_t>(std::countr_zero(u));
            if (p >= n) break;
            categories[p] |= r.categories;
            recipients[p] |= r.recipients;
        }
    }
    std::vector<std::size_t> costs(n, 0);
    for (std::size_t u = 0; u < n; ++u) {
        std::size_t every = 0, open = 0;
        auto add = [&](ir::Mask covered, std::size_t size, const std::vector<std::size_t>& cost_of, const Witnesses& found) {
            for (ir::Mask m = covered; m; m &= m - 1) {
                const auto x = static_cast<std::size_t>(std::countr_zero(m));
                if (x >= size) break;
                const std::size_t cost = cost_of[u * 64 + x];
                every += cost;
                if (!found.count({static_cast<std::int64_t>(u), static_cast<std::int64_t>(x)})) open += cost;
            }
        };
        add(categories[u], set_.categories.size(), cells.by_category, permitted_category_);
        add(recipients[u], set_.actors.size(), cells.by_recipient, permitted_recipient_);
        costs[u] = open + every * set_.purposes[u].phases.size();
    }
    return costs;
}

void Verifier::purpose_tables(std::size_t u, VerifyReport& part) {
    const auto redirect = write_to(part);
    report_->purposes.push_back(reach_table(u, nullptr, nullptr));
    unserved(u, report_->purposes.front(), report_->unknowns.empty());
    for (const ir::Phase& phase : set_.purposes[u].phases) {
        PurposeReach table = reach_table(u, &phase, &report_->purposes.front());
        report_->purposes.push_back(std::move(table));
    }
}

// A purpose that declares data necessary but for which no rule can permit any, and no prohibition names: a
// warning (the declaration is dead, or the rules meant for it name another purpose). Only when every check
// of its table was answered.
void Verifier::unserved(std::size_t u, const PurposeReach& reach, bool all_answered) {
    const ir::Purpose& p = set_.purposes[u];
    if (!all_answered || p.needs == 0 || !reach.reachable_categories.empty()) return;
    // A prohibition written for this purpose (not for every purpose) serves it: its requests are answered
    // with the law that forbids them, as AVG art. 5 lid 1 onder b forbids re-use for policy overviews.
    const ir::Mask every = set_.purposes.size() >= 64 ? ~ir::Mask{0} : (ir::Mask{1} << set_.purposes.size()) - 1;
    for (const ir::Rule& r : set_.rules)
        if (r.effect == ast::Effect::forbid && (r.purposes >> u & 1) && r.purposes != every) return;
    Finding& f = add("purpose-unserved", FindingLevel::warning,
                     "purpose '" + p.name + "' declares data necessary, but no rule can permit any data for it: every request for '" +
                         p.name + "' is denied. Add a permit `for " + p.name + "`, or remove the purpose if no law serves it",
                     -1);
    RuleRef at;
    at.id = "purpose " + p.name;
    if (p.at.file) at.file = p.at.file->path;
    at.line = p.at.line;
    at.column = p.at.column;
    f.rules.push_back(at);
}

// The table of purpose u, or of one of its phases: a request that names `phase` reaches only what the
// phase declares. Every permit of the purpose counts (those limited to the phase and those limited to
// none). For the purpose as a whole a witness found by an earlier check answers (some_permit); for a phase
// the phase is fixed in the query itself, and what the purpose as a whole (`whole`) does not reach is not
// asked again.
PurposeReach Verifier::reach_table(std::size_t u, const ir::Phase* phase, const PurposeReach* whole) {
    const ir::Purpose& p = set_.purposes[u];
    PurposeReach reach;
    reach.purpose = p.name;
    if (phase) reach.phase = phase->name;
    const std::string where = phase ? "in phase '" + phase->name + "' of purpose '" + p.name + "'" : "for purpose '" + p.name + "'";
    const std::string asked = phase ? where : "for '" + p.name + "'";
    auto possible = [&](auto&& in_rule) {
        for (std::size_t i = 0; i < set_.rules.size(); ++i) {
            const ir::Rule& r = set_.rules[i];
            if (live_[i] && r.effect == ast::Effect::permit && (r.purposes >> u & 1) && in_rule(r)) return true;
        }
        return false;
    };
    auto ask = [&](const Region& g, const std::map<std::pair<std::int64_t, std::int64_t>, Outcome>& found, std::size_t x,
                   const std::string& what) {
        if (!phase) return some_permit(g, found, {static_cast<std::int64_t>(u), static_cast<std::int64_t>(x)}, what);
        const auto ps = static_cast<std::size_t>(set_.phase_slot);
        return check(g, [&](const Decision& d) { return d.winner >= 0 && enc_.given[ps] && enc_.value[ps] == phase->value; }, what);
    };
    auto reached_by_whole = [&](const std::vector<std::string>& names, const std::string& name) {
        return !whole || std::find(names.begin(), names.end(), name) != names.end();
    };
    // One dimension of the table: categories (declared necessary) or recipients (declared as recipients).
    auto dimension = [&](std::size_t n, ir::Mask declared_mask, auto&& name_of, ir::Mask ir::Rule::*covered, ir::Mask Region::*cell,
                         const std::map<std::pair<std::int64_t, std::int64_t>, Outcome>& found, const char* can, const char* lacks,
                         const char* property, std::vector<std::string>& declared, std::vector<std::string>& reachable,
                         const std::vector<std::string>* whole_reachable) {
        for (std::size_t x = 0; x < n; ++x) {
            const std::string& name = name_of(x);
            const bool is_declared = declared_mask >> x & 1;
            if (is_declared) declared.push_back(name);
            if (whole_reachable && !reached_by_whole(*whole_reachable, name)) continue;
            if (!possible([&](const ir::Rule& r) { return (r.*covered >> x & 1) != 0; })) continue;
            Region g;
            g.purposes = ir::Mask{1} << u;
            g.*cell = ir::Mask{1} << x;
            const Outcome o = ask(g, found, x, "'" + name + "' " + can + " " + asked);
            if (o.res != Res::sat) continue;
            reachable.push_back(name);
            if (!is_declared) {
                Finding& found = add(property, FindingLevel::violation,
                                     "'" + name + "' " + can + " " + where + ", which does not declare it " + lacks, rule_id(o.rule));
                const bool category = covered == &ir::Rule::categories;
                found.suggestion = "if the law makes '" + name + "' " + (category ? "necessary" : "a recipient") + " " + where +
                                   ", add it to the `" + (category ? "needs" : "recipients") + "` of " +
                                   (phase ? "the phase" : "the purpose") + "; otherwise take it out of '" + o.rule + "'";
                attach(found, o);
            }
        }
    };
    dimension(set_.categories.size(), phase ? phase->needs : p.needs,
              [&](std::size_t c) -> const std::string& { return set_.categories[c].name; }, &ir::Rule::categories,
              &Region::categories, permitted_category_, "can be permitted", "necessary",
              phase ? "minimality-phase" : "minimality-category", reach.declared_categories, reach.reachable_categories,
              whole ? &whole->reachable_categories : nullptr);
    dimension(set_.actors.size(), phase ? phase->recipients : p.recipients,
              [&](std::size_t a) -> const std::string& { return set_.actors[a].name; }, &ir::Rule::recipients,
              &Region::recipients, permitted_recipient_, "can receive data", "as a recipient",
              phase ? "minimality-phase" : "minimality-recipient", reach.declared_recipients, reach.reachable_recipients,
              whole ? &whole->reachable_recipients : nullptr);
    return reach;
}

// Is there a request in g for which some permit decides? A witness found by an earlier check
// answers it; otherwise one query per permit that can decide in g ("p wins, in g"), until one is
// satisfiable. The disjunction of these queries is "winner >= 0 in g", so the answer is the same
// as one query over the whole slice of g, with smaller slices.
Verifier::Outcome Verifier::some_permit(const Region& g, const std::map<std::pair<std::int64_t, std::int64_t>, Outcome>& found,
                                        std::pair<std::int64_t, std::int64_t> key, const std::string& what) {
    if (!slicing_) return check(g, [](const Decision& d) { return d.winner >= 0; }, what);
    if (auto it = found.find(key); it != found.end()) return it->second;
    const std::size_t unknowns = report_->unknowns.size();
    Outcome none;
    none.res = Res::unsat;
    for (int p : enc_.slice(g)) {
        if (set_.rules[p].effect != ast::Effect::permit || !live_[p] || !wins_[p]) continue;
        Outcome o = check(Encoding::meet(g, enc_.region_of(p)), [&](const Decision& d) { return d.winner == p; }, what);
        if (o.res == Res::sat) {
            report_->unknowns.resize(unknowns);  // decided: an earlier unknown no longer matters
            return o;
        }
        if (o.res == Res::unknown) none.res = Res::unknown;
    }
    return none;
}

int Verifier::rule_id(const std::string& id) const {
    auto it = set_.rule_ids.find(id);
    return it == set_.rule_ids.end() ? -1 : it->second;
}

}  // namespace grondslag::verifier
