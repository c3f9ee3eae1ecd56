// The rules among themselves: every rule can apply and every permit can decide (dead rules), every
// declared exception matters, and every permit and forbid that apply together are declared which
// prevails (conflicts). Dead rules run first: the later passes skip the rules found dead (live_).
#include "properties.hpp"

#include <algorithm>
#include <bit>
#include <exception>

namespace grondslag::verifier {

bool Verifier::covers_some_cell(const ir::Rule& r) const {
    auto nonempty = [](ir::Mask m, std::size_t n) { return n >= 64 ? m != 0 : (m & ((ir::Mask{1} << n) - 1)) != 0; };
    return nonempty(r.senders, set_.actors.size()) && nonempty(r.recipients, set_.actors.size()) &&
           nonempty(r.purposes, set_.purposes.size()) && nonempty(r.categories, set_.categories.size());
}

// Does rule i apply to some request, unless its validity or cells already show it dead.
void Verifier::rule_applies(std::size_t i, RuleLife& life) {
    const ir::Rule& r = set_.rules[i];
    const int id = static_cast<int>(i);
    if (r.from > r.until || r.from > enc_.max_day || r.until < enc_.min_day || !covers_some_cell(r)) return;
    const auto redirect = write_to(life.applies_part);
    life.applies = check_rules(enc_.region_of(id), {id}, [&](const Decision&) { return app_[i]; },
                               "rule '" + r.id + "' applies to some request", true);
}

// Does rule i, which applies to some request, decide (a permit) or deny (a forbid) some.
void Verifier::rule_decides(std::size_t i, RuleLife& life) {
    const ir::Rule& r = set_.rules[i];
    const int id = static_cast<int>(i);
    const auto redirect = write_to(life.decides_part);
    if (r.effect == ast::Effect::permit)
        life.decides = check(enc_.region_of(id), [&](const Decision& d) { return d.winner == id; },
                             "permit '" + r.id + "' wins for some request", true);
    else
        life.decides = check(enc_.region_of(id), [&](const Decision& d) { return app_[i] && d.winner < 0; },
                             "forbid '" + r.id + "' denies some request", true);
}

// (2) Dead rules: a rule that applies to no request in its validity; a permit that never wins. Every
// rule's applicability first, then the live rules' decisions (which encode the rules around them,
// so cost more), each step split with the second verifier. The findings follow in rule order, as do
// the witnesses where a permit decides (the first of each purpose and category answers minimality).
void Verifier::dead_rules(const CellCosts& cells) {
    progress("dead rules");
    begin();
    const std::size_t n = set_.rules.size();
    std::vector<RuleLife> lives(n);
    // Each verifier writes only its own rules' lives and flags. When a step failed (the deadline), what
    // was found before stays: the rules whose checks completed, on either verifier.
    auto step = [&](const std::vector<std::size_t>& costs, const std::vector<char>& asked,
                    void (Verifier::*check_rule)(std::size_t, RuleLife&)) {
        const std::vector<char> second = share(costs, 0);
        std::vector<char> done(n, 0);
        std::exception_ptr failed;
        try {
            beside(
                [&](Verifier& v) {
                    for (std::size_t i = 0; i < n; ++i)
                        if (asked[i] && second[i]) (v.*check_rule)(i, lives[i]), done[i] = 1;
                },
                [&] {
                    for (std::size_t i = 0; i < n; ++i)
                        if (asked[i] && !second[i]) (this->*check_rule)(i, lives[i]), done[i] = 1;
                });
        } catch (...) {
            failed = std::current_exception();
        }
        return std::make_pair(done, failed);
    };

    const std::vector<char> every(n, 1);
    const auto [applied, applies_failed] = step(std::vector<std::size_t>(n, 1), every, &Verifier::rule_applies);
    live_.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!applied[i]) continue;
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
        const Outcome& o = lives[i].applies;
        merge(lives[i].applies_part);
        if (o.res == Res::unsat) {
            add("dead-rule", FindingLevel::violation,
                "rule '" + r.id + "' applies to no request: its condition cannot hold on any date in its validity (" +
                    date_text(r.from) + " to " + date_text(r.until) + ")",
                id, o.core)
                .suggestion = "check the `when` of '" + r.id + "' against the dates it is in force: the parts named contradict each other";
        } else if (o.res == Res::sat) {
            live_[i] = 1;
        }
    }
    if (applies_failed) std::rethrow_exception(applies_failed);

    // A decision costs about the checks of the rule's most crowded purpose and category.
    std::vector<std::size_t> costs(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        tick();
        const ir::Rule& r = set_.rules[i];
        if (!live_[i]) continue;
        for (ir::Mask u = r.purposes; u; u &= u - 1)
            for (ir::Mask x = r.categories; x; x &= x - 1)
                costs[i] = std::max(costs[i], cells.by_category[static_cast<std::size_t>(std::countr_zero(u)) * 64 +
                                                                static_cast<std::size_t>(std::countr_zero(x))]);
    }
    const auto [decided, decides_failed] = step(costs, live_, &Verifier::rule_decides);
    wins_.assign(n, 0);
    permitted_category_.clear();
    permitted_recipient_.clear();
    for (std::size_t i = 0; i < n; ++i) {
        if (!decided[i]) continue;
        const ir::Rule& r = set_.rules[i];
        const int id = static_cast<int>(i);
        const Outcome& o = lives[i].decides;
        merge(lives[i].decides_part);
        if (r.effect == ast::Effect::permit) {
            remember(o);
            wins_[i] = o.res != Res::unsat;
            if (o.res == Res::unsat)
                add("never-wins", FindingLevel::violation,
                    "permit '" + r.id + "' applies but never decides an item: it is always overridden by " + names(o.core, id),
                    id, o.core)
                    .suggestion = "if '" + r.id + "' is lex specialis to " + names(o.core, id) + ", add `except` naming it; "
                                  "otherwise the rule serves nothing and can go";
        } else if (o.res == Res::unsat) {
            add("forbid-always-lifted", FindingLevel::warning,
                "forbid '" + r.id + "' never denies anything: wherever it applies, an exception permits (" + names(o.core, id) + ")",
                id, o.core);
        }
    }
    if (decides_failed) std::rethrow_exception(decides_failed);
    proven("dead-rule", "every rule applies to some request within its validity");
    proven("never-wins", "every permit decides some request (none is always overridden)");
}

// (1) Exceptions: an exception between two rules that never apply together never matters.
void Verifier::exceptions() {
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
                    a, {e})
                    .suggestion = "remove `except " + set_.rules[e].id + "` from '" + set_.rules[i].id +
                                  "', or widen the rule if it was meant to meet it";
        }
    }
    proven("exception-unused", "every declared exception matters for some request");
}

// (1) Conflicts: a permit and a forbid that apply to the same request must say which prevails,
// by an exception either way or by the forbid's `prevails`. Without that, the forbid prevails
// by default, but the author has not said so: a finding, with a request where both apply.
void Verifier::conflicts() {
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
            Outcome o = check(g, [&](const Decision&) { return app_[p] && app_[f]; }, "'" + permit.id + "' and '" + forbid.id + "' apply together");
            if (o.res != Res::sat) continue;
            // A conflict. Its witness should show it: best a request where no other forbid applies at all, so
            // that nothing else explains the deny; else one where this forbid decides; else the one found.
            const std::size_t unknowns = report_->unknowns.size();
            z3::expr no_other = ctx_.bool_val(true);
            for (int r : enc_.slice(g))
                if (r != b && set_.rules[r].effect == ast::Effect::forbid) no_other = no_other && !app_[r];
            Outcome best = check(g, [&](const Decision&) { return app_[p] && app_[f] && no_other; },
                                 "'" + permit.id + "' and '" + forbid.id + "' apply together, no other forbid");
            if (best.res != Res::sat)
                best = check(g, [&](const Decision& d) { return app_[p] && app_[f] && d.first_forbid == b; },
                             "'" + permit.id + "' and '" + forbid.id + "' apply together, and the forbid decides");
            if (best.res == Res::sat) o = best;
            report_->unknowns.resize(unknowns);  // a refinement that ended unknown leaves the conflict as found
            // Where to edit: the permit (which names its exception), unless the forbid comes from a lower
            // instrument than the permit's, which cannot change the higher one's rule: then the forbid.
            const bool at_forbid = rank_of(forbid.module) > rank_of(permit.module);
            Finding& found = add("conflict", FindingLevel::violation,
                                 "permit '" + permit.id + "' and forbid '" + forbid.id +
                                     "' apply to the same request and neither is declared to prevail (an exception, or "
                                     "the forbid's 'prevails'); the forbid prevails by default",
                                 at_forbid ? b : a, {at_forbid ? a : b});
            found.suggestion = at_forbid ? "if the prohibition is meant to win, add `prevails` to forbid '" + forbid.id +
                                               "'; if not, narrow its `when` so that it does not meet '" + permit.id + "'"
                                         : "if '" + permit.id + "' is lex specialis to '" + forbid.id + "', add `except " + forbid.id +
                                               "` to it (a ground of the rank the prohibition requires is needed); if the "
                                               "prohibition is meant to win, add `prevails` to forbid '" + forbid.id + "'";
            attach(found, o);
        }
    }
    proven("conflict", "every permit and forbid that apply together are declared which prevails");
}

}  // namespace grondslag::verifier
