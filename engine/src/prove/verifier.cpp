// The properties of docs/verification.md, proved by one Verifier over the encoding of encoding.hpp,
// and `verify` over a loaded set.
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