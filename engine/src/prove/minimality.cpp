// Data minimality (AVG 5(1)(c)): per purpose, the categories that can be permitted and the recipients
// that can receive, against those it declares; the report's table of declared and reachable.
#include "properties.hpp"
#include <algorithm>

namespace grondslag::verifier {

// (4) Data minimality: per purpose, the categories and recipients that can be permitted.
void Verifier::minimality() {
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
        for (const ir::Phase& phase : p.phases) phase_minimality(u, phase, reach);
        report_.purposes.insert(report_.purposes.end() - static_cast<std::ptrdiff_t>(p.phases.size()), std::move(reach));
    }
    proven("minimality-category", "for every purpose, only the categories it declares necessary can be permitted");
    proven("minimality-recipient", "for every purpose, only the recipients it declares can receive");
    if (set_.phase_slot >= 0)
        proven("minimality-phase", "for every phase of a purpose, only the categories and recipients it declares can be reached "
                                   "by a request that names it");
}

// Per phase: a request that names the phase reaches only the categories and recipients the phase
// declares. Every permit of the purpose counts, limited to the phase or to no phase; the phase is
// fixed in the query itself, so no witness of the purpose as a whole answers it.
void Verifier::phase_minimality(std::size_t u, const ir::Phase& phase, const PurposeReach& whole) {
    const ir::Purpose& p = set_.purposes[u];
    const auto ps = static_cast<std::size_t>(set_.phase_slot);
    PurposeReach reach;
    reach.purpose = p.name;
    reach.phase = phase.name;
    auto in_phase = [&](const Decision& d) {
        return d.winner >= 0 && enc_.given[ps] && enc_.value[ps] == phase.value;
    };
    // What no request of the purpose reaches, no request naming one of its phases reaches either.
    auto reached = [](const std::vector<std::string>& names, const std::string& name) {
        return std::find(names.begin(), names.end(), name) != names.end();
    };
    auto possible = [&](auto&& in_rule) {
        for (std::size_t i = 0; i < set_.rules.size(); ++i) {
            const ir::Rule& r = set_.rules[i];
            if (live_[i] && r.effect == ast::Effect::permit && (r.purposes >> u & 1) && in_rule(r)) return true;
        }
        return false;
    };
    const std::string where = "phase '" + phase.name + "' of purpose '" + p.name + "'";
    for (std::size_t c = 0; c < set_.categories.size(); ++c) {
        const bool declared = phase.needs >> c & 1;
        if (declared) reach.declared_categories.push_back(set_.categories[c].name);
        if (!reached(whole.reachable_categories, set_.categories[c].name)) continue;
        if (!possible([&](const ir::Rule& r) { return (r.categories >> c & 1) != 0; })) continue;
        Region g;
        g.purposes = ir::Mask{1} << u;
        g.categories = ir::Mask{1} << c;
        const Outcome o = check(g, in_phase, "'" + set_.categories[c].name + "' can be permitted in " + where);
        if (o.res != Res::sat) continue;
        reach.reachable_categories.push_back(set_.categories[c].name);
        if (!declared)
            attach(add("minimality-phase", FindingLevel::violation,
                       "'" + set_.categories[c].name + "' can be permitted in " + where + ", which does not declare it necessary",
                       rule_id(o.rule)),
                   o);
    }
    for (std::size_t a = 0; a < set_.actors.size(); ++a) {
        const bool declared = phase.recipients >> a & 1;
        if (declared) reach.declared_recipients.push_back(set_.actors[a].name);
        if (!reached(whole.reachable_recipients, set_.actors[a].name)) continue;
        if (!possible([&](const ir::Rule& r) { return (r.recipients >> a & 1) != 0; })) continue;
        Region g;
        g.purposes = ir::Mask{1} << u;
        g.recipients = ir::Mask{1} << a;
        const Outcome o = check(g, in_phase, "'" + set_.actors[a].name + "' can receive in " + where);
        if (o.res != Res::sat) continue;
        reach.reachable_recipients.push_back(set_.actors[a].name);
        if (!declared)
            attach(add("minimality-phase", FindingLevel::violation,
                       "'" + set_.actors[a].name + "' can receive data in " + where + ", which does not declare it as a recipient",
                       rule_id(o.rule)),
                   o);
    }
    report_.purposes.push_back(std::move(reach));
}

// Is there a request in g for which some permit decides? A witness found by an earlier check
// answers it; otherwise one query per permit that can decide in g ("p wins, in g"), until one is
// satisfiable. The disjunction of these queries is "winner >= 0 in g", so the answer is the same
// as one query over the whole slice of g, with smaller slices.
Verifier::Outcome Verifier::some_permit(const Region& g, const std::map<std::pair<std::int64_t, std::int64_t>, Outcome>& found,
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

int Verifier::rule_id(const std::string& id) const {
    auto it = set_.rule_ids.find(id);
    return it == set_.rule_ids.end() ? -1 : it->second;
}

}  // namespace grondslag::verifier
