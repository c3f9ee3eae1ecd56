// The Z3 verifier: the encoding agrees with the evaluator (differential), the
// calendar arithmetic is exact, broken copies of the policies are caught with
// the right finding, and every witness replays through `decide`.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include "evaluator.hpp"
#include "grondslag/verify.hpp"
#include "request.hpp"
#include "random_requests.hpp"
#include "support.hpp"
#include "verifier.hpp"
#include "policies_access.hpp"

using nlohmann::json;
namespace ir = grondslag::ir;
using grondslag::Day;
using test_support::Generator;

namespace {

std::vector<grondslag::PolicySource> shipped_sources() {
    std::vector<grondslag::PolicySource> out;
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(std::string(GRONDSLAG_SOURCE_DIR) + "/policies"))
        if (e.path().extension() == ".gsl") paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
        std::ifstream in(p);
        std::ostringstream s;
        s << in.rdbuf();
        out.push_back({"policies/" + p.filename().string(), s.str()});
    }
    return out;
}

grondslag::Policies shipped() { return grondslag::Policies::load_sources(shipped_sources()); }

// A copy of the shipped sources with `pattern` replaced (once) in `file`; fails when it does not match.
grondslag::Policies mutated(const std::string& file, const std::string& pattern, const std::string& replacement) {
    auto sources = shipped_sources();
    bool done = false;
    for (auto& s : sources) {
        if (s.path != "policies/" + file) continue;
        const std::regex re(pattern);
        if (std::regex_search(s.text, re)) {
            s.text = std::regex_replace(s.text, re, replacement, std::regex_constants::format_first_only);
            done = true;
        }
    }
    BOOST_REQUIRE_MESSAGE(done, "the mutation '" << pattern << "' does not match " << file);
    return grondslag::Policies::load_sources(std::move(sources));
}

// Replays a finding's witness through the decision API and checks the claimed decision.
void replay(const grondslag::Policies& policies, const grondslag::Finding& f) {
    if (f.witness.is_null()) return;
    grondslag::Decider decider(policies);
    const json answer = test_support::decide(decider, f.witness);
    BOOST_TEST_CONTEXT("witness " << f.witness.dump() << " answer " << answer.dump()) {
        BOOST_REQUIRE(!answer.contains("error"));
        bool seen = false;
        for (const auto& item : answer["items"]) {
            if (item["data"] != f.witness_item) continue;
            seen = true;
            BOOST_TEST(item["decision"].get<std::string>() == f.witness_decision);
            if (!f.witness_rule.empty()) BOOST_TEST(item.value("rule", std::string()) == f.witness_rule);
            else BOOST_TEST(!item.contains("rule"));
        }
        BOOST_TEST(seen);
    }
}

std::vector<const grondslag::Finding*> findings(const grondslag::VerifyReport& r, const std::string& property) {
    std::vector<const grondslag::Finding*> out;
    for (const auto& f : r.findings)
        if (f.property == property) out.push_back(&f);
    return out;
}

bool names_rule(const grondslag::Finding& f, const std::string& rule) {
    for (const auto& r : f.rules)
        if (r.id == rule) return true;
    return f.witness_rule == rule;
}

// The compiled request of a witness, for a compiled set that has no Policies (and so no Decider):
// the witness form only (names, scalar and record facts, consent records given on the request date).
bool compile_witness(const ir::PolicySet& set, const json& w, grondslag::Request& r) {
    auto id = [](const auto& map, const json& name) {
        auto it = map.find(name.get<std::string>());
        return it == map.end() ? -1 : it->second;
    };
    r.values.assign(set.slots.size(), 0);
    r.given.assign(set.slots.size(), 0);
    r.consent_active = r.explicit_active = 0;
    r.items.clear();
    const auto date = grondslag::parse_date(w["date"].get<std::string>());
    if (!date) return false;
    r.date = *date;
    const int s = id(set.actor_ids, w["sender"]), t = id(set.actor_ids, w["recipient"]), p = id(set.purpose_ids, w["purpose"]);
    if (s < 0 || t < 0 || p < 0) return false;
    r.sender = static_cast<std::uint16_t>(s);
    r.recipient = static_cast<std::uint16_t>(t);
    r.purpose = static_cast<std::uint16_t>(p);
    for (const auto& c : w["data"]) {
        const int cat = id(set.category_ids, c);
        if (cat < 0) return false;
        r.items.push_back(static_cast<std::uint16_t>(cat));
    }
    auto scalar = [&](std::size_t slot, const json& v) {
        const ir::Slot& sl = set.slots[slot];
        std::int64_t x = 0;
        switch (sl.type) {
            case ir::ValueType::boolean: x = v.get<bool>(); break;
            case ir::ValueType::integer: x = v.get<std::int64_t>(); break;
            case ir::ValueType::date: x = *grondslag::parse_date(v.get<std::string>()); break;
            case ir::ValueType::enumeration:
                x = std::find(sl.enum_values.begin(), sl.enum_values.end(), v.get<std::string>()) - sl.enum_values.begin();
                break;
            case ir::ValueType::text_set:
                for (const auto& text : v)
                    for (std::size_t b = 0; b < sl.texts.size(); ++b)
                        if (sl.texts[b] == text.get<std::string>()) x |= static_cast<std::int64_t>(ir::Mask{1} << b);
                break;
            default: break;
        }
        r.values[slot] = x;
        r.given[slot] = 1;
    };
    for (auto it = w["facts"].begin(); it != w["facts"].end(); ++it) {
        const int f = id(set.fact_ids, json(it.key()));
        if (f < 0) return false;
        const ir::Fact& fact = set.facts[f];
        if (fact.type == ir::ValueType::consents) {
            for (const auto& rec : it.value()) {
                const int c = id(set.category_ids, rec["categorie"]);
                if (c < 0 || *grondslag::parse_date(rec["gegeven"].get<std::string>()) > r.date) return false;
                r.consent_active |= ir::Mask{1} << c;
                if (rec.value("uitdrukkelijk", false)) r.explicit_active |= ir::Mask{1} << c;
            }
            r.given[fact.first_slot] = 1;
        } else if (fact.type == ir::ValueType::record) {
            for (auto field = it.value().begin(); field != it.value().end(); ++field)
                for (int sl = fact.first_slot; sl < fact.first_slot + fact.slot_count; ++sl)
                    if (set.slots[sl].path == fact.name + "." + field.key()) scalar(static_cast<std::size_t>(sl), field.value());
        } else {
            scalar(static_cast<std::size_t>(fact.first_slot), it.value());
        }
    }
    return true;
}


struct DiffStats {
    std::size_t requests = 0, items = 0, permits = 0, forbidden = 0, mismatches = 0, sliced = 0;
    std::set<int> deciding_permits;
    std::size_t permit_rules = 0;
};

// Decides `count` random requests with the evaluator and with the encoding evaluated under the
// request fixed as constants (`solver_every`: also through a Z3 check), comparing every item.
DiffStats differential(const ir::PolicySet& set, std::size_t count, std::uint64_t seed, std::size_t solver_every) {
    z3::context ctx;
    grondslag::verifier::Encoding enc(ctx, set);
    const auto dec = enc.decision(enc.applies);
    z3::solver solver(ctx);
    solver.add(enc.domain);
    grondslag::Evaluator evaluator(set);
    Generator gen(set, seed);
    grondslag::Request r;
    grondslag::Decision d;
    DiffStats stats;
    for (const auto& rule : set.rules) stats.permit_rules += rule.effect == ir::Effect::permit;
    for (std::size_t n = 0; n < count; ++n) {
        gen.make(r);
        evaluator.decide(r, d);
        ++stats.requests;
        for (const auto& item : d.items) {
            ++stats.items;
            const int expected_rule = item.rule;
            const bool expected_permit = item.verdict == grondslag::Verdict::permit;
            stats.permits += expected_permit;
            if (expected_permit) stats.deciding_permits.insert(expected_rule);
            stats.forbidden += item.reason == grondslag::DenyReason::forbidden;
            const z3::model m = enc.model_of(r, item.category);
            const bool in_domain = m.eval(enc.domain, true).is_true();
            const std::int64_t winner = m.eval(dec.winner, true).get_numeral_int64();
            const std::int64_t decided = m.eval(dec.decided, true).get_numeral_int64();
            bool ok = in_domain && (winner >= 0) == expected_permit && decided == expected_rule;
            // The decision over the slice of the request's cell and date (what each verify query encodes).
            grondslag::verifier::Encoding::Region cell;
            cell.senders = ir::Mask{1} << r.sender;
            cell.recipients = ir::Mask{1} << r.recipient;
            cell.purposes = ir::Mask{1} << r.purpose;
            cell.categories = ir::Mask{1} << item.category;
            cell.from = cell.until = r.date;
            const auto sliced = enc.decision(enc.applies, enc.slice(cell));
            ok = ok && m.eval(enc.in_region(cell), true).is_true() &&
                 m.eval(sliced.winner, true).get_numeral_int64() == winner && m.eval(sliced.decided, true).get_numeral_int64() == decided;
            ++stats.sliced;
            if (solver_every && n % solver_every == 0) {
                solver.push();
                solver.add(enc.fix(r, item.category));
                const bool sat = solver.check() == z3::sat;
                ok = ok && sat && solver.get_model().eval(dec.decided, true).get_numeral_int64() == expected_rule;
                solver.pop();
            }
            if (!ok && ++stats.mismatches <= 5) {
                std::ostringstream why;
                why << "request " << n << " date " << grondslag::format_date(r.date) << " sender " << set.actors[r.sender].name
                    << " recipient " << set.actors[r.recipient].name << " purpose " << set.purposes[r.purpose].name << " item "
                    << set.categories[item.category].name << ": evaluator " << (expected_permit ? "permit " : "deny ")
                    << (expected_rule >= 0 ? set.rules[expected_rule].id : "-") << ", encoding winner " << winner << " decided "
                    << decided << (in_domain ? "" : " (request outside the encoding's domain)");
                BOOST_ERROR(why.str());
            }
        }
    }
    return stats;
}


// A synthetic policy set like tests/bench/synthetic/generate.py, denser (fewer actors, categories and
// purposes, so that rules overlap, exceptions matter and forbids win) and with narrower purpose
// declarations (so that minimality findings occur).
grondslag::Policies synthetic(int n, unsigned seed) {
    std::mt19937 rng(seed);
    auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
    auto some = [&](const std::string& prefix, int universe, int most) {
        std::set<int> chosen;
        const int k = 1 + pick(most);
        while (static_cast<int>(chosen.size()) < k) chosen.insert(pick(universe));
        std::string out;
        for (int x : chosen) out += (out.empty() ? "" : ", ") + prefix + std::to_string(x);
        return std::pair{out, chosen};
    };
    std::string v = "module vocab rank eu_verordening\n";
    for (int i = 0; i < 6; ++i) v += "actor a" + std::to_string(i) + "\n";
    for (int i = 0; i < 8; ++i) v += "category c" + std::to_string(i) + " class " + (i < 2 ? "SPEC" : "ORD") + "\n";
    for (int p = 0; p < 3; ++p) v += "purpose p" + std::to_string(p) + " needs c0, c1, c2, c3, c4, c5 recipients a0, a1, a2, a3, a4\n";
    for (int i = 0; i < 4; ++i) v += "fact b" + std::to_string(i) + ": bool\n";
    v += "fact n0: int\nfact e0: one of (x, y, z)\nfact d0: date\nfact consents: consents\n";
    v += "basis vocab.6e kind art6 \"public task\"\nbasis vocab.9g kind art9 \"substantial public interest\"\n";
    v += "provision vocab.forbid9 law \"AVG\" article \"9\" celex 32016R0679 valid from 2015-01-01\n";
    v += "rule vocab.forbid9 under vocab.forbid9 forbid class SPEC from anyone to anyone for any purpose\n";
    auto test = [&]() -> std::string {
        switch (pick(6)) {
            case 0: return "b" + std::to_string(pick(4));
            case 1: return "not b" + std::to_string(pick(4));
            case 2: return "n0 >= " + std::to_string(1 + pick(30));
            case 3: return std::string("e0 in [") + (pick(2) ? "x" : "y, z") + "]";
            case 4: return "date >= d0 - " + std::to_string(1 + pick(11)) + " months";
            default: return "consent";
        }
    };
    std::string text = "module syn rank wet\n";
    std::vector<std::string> forbids;
    std::string provision;
    for (int i = 0; i < n; ++i) {
        if (i % 10 == 0) {
            provision = "syn.p" + std::to_string(i);
            text += "provision " + provision + " law \"Synthetic\" article \"" + std::to_string(i) + "\" bwb BWBR" +
                    std::to_string(1000000 + i) + " valid from " + std::to_string(2015 + pick(12)) + "-01-01\n";
        }
        const auto [cats, cat_set] = some("c", 8, 2);
        const std::string senders = some("a", 6, 2).first, recipients = some("a", 6, 2).first;
        const std::string purpose = "p" + std::to_string(pick(3));
        std::string cond;
        for (int k = 1 + pick(3); k > 0; --k) cond += (cond.empty() ? "" : " and ") + test();
        const std::string id = "syn.r" + std::to_string(i);
        const bool spec = cat_set.count(0) || cat_set.count(1);
        if (pick(5) == 0 && !spec) {
            text += "rule " + id + " under " + provision + " forbid " + cats + " from " + senders + " to " + recipients + " for " +
                    purpose + " when " + cond + "\n";
            forbids.push_back(id);
            continue;
        }
        std::vector<std::string> excepts;
        if (spec) excepts.push_back("vocab.forbid9");
        if (!forbids.empty() && pick(3) == 0) excepts.push_back(forbids[static_cast<std::size_t>(pick(static_cast<int>(forbids.size())))]);
        text += "rule " + id + " under " + provision + " permit " + cats + " from " + senders + " to " + recipients + " for " + purpose +
                " when " + cond + " basis " + (spec ? "vocab.6e, vocab.9g" : "vocab.6e");
        for (std::size_t k = 0; k < excepts.size(); ++k) text += (k ? ", " : " except ") + excepts[k];
        text += "\n";
    }
    return test_support::load({{"vocab.gsl", v}, {"syn.gsl", text}});
}

// Verifying with slicing gives the same findings (property, level, rule), the same reachability
// tables and the same proven properties as verifying every query over the whole set.
void same_as_unsliced(const grondslag::Policies& p) {
    const auto sliced = grondslag::verifier::verify_set(compiled_form(p), {}, true);
    const auto whole = grondslag::verifier::verify_set(compiled_form(p), {}, false);
    BOOST_TEST(sliced.unknowns.empty());
    BOOST_TEST(whole.unknowns.empty());
    auto key = [](const grondslag::VerifyReport& r) {
        std::multiset<std::string> out;
        for (const auto& f : r.findings)
            // A minimality finding names the rule of its witness, which any deciding permit can be: compare the message.
            out.insert(f.property + (f.level == grondslag::FindingLevel::violation ? " violation " : " warning ") +
                       (f.property.rfind("minimality", 0) == 0 || f.property == "versions" ? f.message
                        : f.rules.empty()                                                   ? std::string()
                                                                                            : f.rules.front().id));
        return out;
    };
    BOOST_TEST(key(sliced) == key(whole), boost::test_tools::per_element());
    BOOST_TEST(sliced.proven == whole.proven, boost::test_tools::per_element());
    BOOST_REQUIRE(sliced.purposes.size() == whole.purposes.size());
    for (std::size_t i = 0; i < sliced.purposes.size(); ++i) {
        BOOST_TEST_CONTEXT("purpose " << sliced.purposes[i].purpose)
        BOOST_TEST(sliced.purposes[i].reachable_categories == whole.purposes[i].reachable_categories, boost::test_tools::per_element());
        BOOST_TEST_CONTEXT("purpose " << sliced.purposes[i].purpose)
        BOOST_TEST(sliced.purposes[i].reachable_recipients == whole.purposes[i].reachable_recipients, boost::test_tools::per_element());
    }
    for (const auto& f : sliced.findings) replay(p, f);
    std::map<std::string, int> by_property;
    for (const auto& f : sliced.findings) ++by_property[f.property];
    std::string summary;
    for (const auto& [property, n] : by_property) summary += " " + property + ":" + std::to_string(n);
    BOOST_TEST_MESSAGE("sliced " << sliced.checks << " checks, unsliced " << whole.checks << "; findings" << summary);
}

}  // namespace

// Slicing changes no result, on each kind of set. Each its own suite, so ctest runs them beside
// each other and the rest of the units (together they were most of the units' time on one core).
BOOST_AUTO_TEST_SUITE(verifier_slicing_shipped)
BOOST_AUTO_TEST_CASE(slicing_changes_no_result_on_the_shipped_set) { same_as_unsliced(shipped()); }
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(verifier_slicing_inline)
BOOST_AUTO_TEST_CASE(slicing_changes_no_result_on_the_inline_set) { same_as_unsliced(test_support::standard()); }
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(verifier_slicing_exception_removed)
BOOST_AUTO_TEST_CASE(slicing_changes_no_result_with_an_exception_removed) {
    same_as_unsliced(mutated("toestemming.gsl", R"((rule toestemming\.2019\.zorg[\s\S]*?)\n  except avg\.9\.1)", "$1"));
}
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(verifier_slicing_purpose_widened)
BOOST_AUTO_TEST_CASE(slicing_changes_no_result_with_a_purpose_widened) {
    same_as_unsliced(mutated("toestemming.gsl", R"((rule toestemming\.2019\.basisvoorwaarden[\s\S]*?for dr_plan))", "$1, openbare_orde"));
}
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(verifier_slicing_synthetic)
BOOST_AUTO_TEST_CASE(slicing_changes_no_result_on_synthetic_sets) {
    for (unsigned seed : {1u, 2u}) {
        BOOST_TEST_MESSAGE("seed " << seed);
        const auto p = synthetic(50, seed);
        BOOST_REQUIRE_MESSAGE(p.ok(), p.render_diagnostics());
        same_as_unsliced(p);
    }
}
BOOST_AUTO_TEST_SUITE_END()

// The dead rules' checks and the purposes' tables are split between two Z3 contexts on two threads
// by a share fixed by the set: the report, witnesses and unsat cores included, is the same on every
// run however the threads interleave. On a synthetic set with findings (dead rules, never-wins with
// cores, unused exceptions, minimality) and on the shipped set with its phases.
BOOST_AUTO_TEST_SUITE(verifier_two_contexts)
BOOST_AUTO_TEST_CASE(the_report_does_not_depend_on_how_the_threads_ran) {
    const auto synthetic_set = synthetic(50, 1);
    BOOST_REQUIRE_MESSAGE(synthetic_set.ok(), synthetic_set.render_diagnostics());
    const auto shipped_set = shipped();
    BOOST_REQUIRE(shipped_set.ok());
    auto report = [](const grondslag::Policies& p) {
        auto r = grondslag::verifier::verify_set(compiled_form(p), {}, true).to_json();
        r.erase("seconds");
        return r;
    };
    const auto with_findings = report(synthetic_set);
    BOOST_TEST(with_findings["findings"].size() > 5u);
    for (int run = 0; run < 3; ++run) BOOST_TEST(report(synthetic_set).dump() == with_findings.dump());
    const auto shipped_report = report(shipped_set);
    BOOST_TEST(shipped_report["purposes"].size() > 20u);
    BOOST_TEST(report(shipped_set).dump() == shipped_report.dump());
}

// The `verify` command keeps the Z3 contexts until the process ends: the report is the same, and what is
// kept stays reachable (the sanitizers' leak check runs these tests and reports nothing).
BOOST_AUTO_TEST_CASE(keeping_the_solver_memory_changes_no_result) {
    const auto set = synthetic(50, 1);
    BOOST_REQUIRE_MESSAGE(set.ok(), set.render_diagnostics());
    grondslag::VerifyOptions keep;
    keep.keep_solver_memory = true;
    auto given_back = grondslag::verify(set).to_json(), kept = grondslag::verify(set, keep).to_json();
    given_back.erase("seconds");
    kept.erase("seconds");
    BOOST_TEST(kept["findings"].size() > 5u);
    BOOST_TEST(kept.dump() == given_back.dump());
    kept = grondslag::verify(set, keep).to_json();  // a second kept verifier beside the first
    kept.erase("seconds");
    BOOST_TEST(kept.dump() == given_back.dump());
}
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(verifier)

BOOST_AUTO_TEST_CASE(month_arithmetic_is_exact) {
    z3::context ctx;
    const Day from = grondslag::days_from_civil({1999, 12, 1}), to = grondslag::days_from_civil({2032, 3, 31});
    std::size_t checked = 0, wrong = 0;
    for (Day d = from; d <= to; d += 1) {
        const auto c = grondslag::civil_from_days(d);
        grondslag::verifier::Civil civil{-1, ctx.int_val(d), ctx.int_val(c.year), ctx.int_val(c.month), ctx.int_val(c.day)};
        wrong += grondslag::verifier::civil_days_term(civil.year, civil.month, civil.day).simplify().get_numeral_int64() != d;
        for (const auto& p : {grondslag::Period{-3, grondslag::PeriodUnit::months}, grondslag::Period{1, grondslag::PeriodUnit::months},
                              grondslag::Period{-13, grondslag::PeriodUnit::months}, grondslag::Period{2, grondslag::PeriodUnit::years}}) {
            if ((d - from) % 7 != 0 && c.day < 28) continue;  // every month end, and every seventh day
            ++checked;
            const auto got = grondslag::verifier::add_period_term(civil, p).simplify().get_numeral_int64();
            if (got != grondslag::add_period(d, p) && ++wrong <= 5)
                BOOST_ERROR(grondslag::format_date(d) << " + " << grondslag::format_period(p) << ": encoding "
                                                       << grondslag::format_date(static_cast<Day>(got)) << ", evaluator "
                                                       << grondslag::format_date(grondslag::add_period(d, p)));
        }
    }
    BOOST_TEST(wrong == 0u);
    BOOST_TEST(checked > 5000u);
}

BOOST_AUTO_TEST_CASE(differential_shipped_policies) {
    const auto p = shipped();
    BOOST_REQUIRE(p.ok());
    const DiffStats s = differential(compiled_form(p), 10000, 20240701, 20);
    BOOST_TEST_MESSAGE("differential (shipped): " << s.requests << " requests, " << s.items << " items, " << s.permits
                                                   << " permits by " << s.deciding_permits.size() << "/" << s.permit_rules
                                                   << " permit rules, " << s.forbidden << " forbidden, " << s.mismatches << " mismatches");
    BOOST_TEST(s.mismatches == 0u);
    BOOST_TEST(s.requests == 10000u);
    BOOST_TEST(s.sliced == s.items);
    // The generator reaches both outcomes, and most permits, often enough for the comparison to mean something
    // (half its requests aimed at a rule state the facts that rule's condition reads so that it holds).
    BOOST_TEST(s.permits > s.items / 40);
    BOOST_TEST(s.forbidden > s.items / 20);
    BOOST_TEST(s.deciding_permits.size() * 20 >= s.permit_rules * 17);
}

BOOST_AUTO_TEST_CASE(differential_inline_policies) {
    const auto p = test_support::standard();
    BOOST_REQUIRE(p.ok());
    const DiffStats s = differential(compiled_form(p), 10000, 7, 20);
    BOOST_TEST_MESSAGE("differential (inline): " << s.requests << " requests, " << s.items << " items, " << s.permits
                                                  << " permits by " << s.deciding_permits.size() << "/" << s.permit_rules
                                                  << " permit rules, " << s.mismatches << " mismatches");
    BOOST_TEST(s.mismatches == 0u);
    BOOST_TEST(s.permits > s.items / 20);
    BOOST_TEST(s.deciding_permits.size() == s.permit_rules);
}

BOOST_AUTO_TEST_CASE(shipped_policies_complete_and_witnesses_replay) {
    const auto p = shipped();
    const auto report = grondslag::verify(p);
    BOOST_TEST(report.unknowns.empty());
    BOOST_TEST(report.error.empty());
    // Bounded work: the number of Z3 queries (about 1,400 for the shipped set), not the seconds, which
    // depend on the machine and the build (5.8 s in the sanitized build beside another, 2.3 s for a release
    // build alone); how fast verify runs is the benchmarks' business (docs/performance.md).
    BOOST_TEST(report.checks > 0u);
    BOOST_TEST(report.checks < 3000u);
    for (const auto& f : report.findings) replay(p, f);
    // The table covers every purpose, and every phase of one.
    std::size_t phases = 0;
    for (const auto& purpose : compiled_form(p).purposes) phases += purpose.phases.size();
    BOOST_TEST(phases > 0u);
    BOOST_TEST(report.purposes.size() == compiled_form(p).purposes.size() + phases);
}

BOOST_AUTO_TEST_CASE(inline_policies_verify_and_witnesses_replay) {
    const auto p = test_support::standard();
    const auto report = grondslag::verify(p);
    BOOST_TEST(report.unknowns.empty());
    for (const auto& f : report.findings) replay(p, f);
    BOOST_TEST(findings(report, "ground").empty());
    BOOST_TEST(findings(report, "consent").empty());
}

BOOST_AUTO_TEST_CASE(mutation_exception_removed) {
    // Care data go to the municipality under the 2019 consent regime only as an exception to AVG 9(1).
    const auto p = mutated("toestemming.gsl", R"((rule toestemming\.2019\.zorg[\s\S]*?)\n  except avg\.9\.1)", "$1");
    BOOST_REQUIRE(p.ok());
    const auto report = grondslag::verify(p);
    const auto f = findings(report, "never-wins");
    BOOST_REQUIRE(f.size() == 1u);
    BOOST_TEST(f[0]->rules.front().id == "toestemming.2019.zorg");
    BOOST_TEST(names_rule(*f[0], "avg.9.1"));  // the unsat core names the forbid that always prevails
    BOOST_TEST(f[0]->rules.front().file == "policies/toestemming.gsl");
    BOOST_TEST(f[0]->rules.front().line > 0u);
    BOOST_TEST(report.exit_code() == 1);
}

BOOST_AUTO_TEST_CASE(a_purpose_no_rule_serves_is_a_warning_at_its_declaration) {
    // A purpose declared with data it needs, but no permit can serve it and no prohibition names it.
    const auto p = mutated("vocabulary.gsl", R"(purpose beleidsinformatie )",
                           "purpose nazorg_overleg \"Nazorgoverleg\" / \"Aftercare meeting\"\n  needs onderdak\n  recipients gemeente\n"
                           "purpose beleidsinformatie ");
    BOOST_REQUIRE(p.ok());
    const auto report = grondslag::verify(p);
    const auto f = findings(report, "purpose-unserved");
    BOOST_REQUIRE(f.size() == 1u);
    BOOST_TEST((f[0]->level == grondslag::FindingLevel::warning));
    BOOST_TEST(f[0]->message.find("'nazorg_overleg'") != std::string::npos);
    BOOST_TEST(f[0]->rules.front().file == "policies/vocabulary.gsl");
    BOOST_TEST(f[0]->rules.front().line > 0u);
    BOOST_TEST(report.exit_code() == 0);  // a warning: the set still serves
    // The shipped purposes are all served: beleidsinformatie by the prohibition of AVG art. 5 lid 1 onder b.
    BOOST_TEST(findings(grondslag::verify(shipped()), "purpose-unserved").empty());
}

BOOST_AUTO_TEST_CASE(mutation_undeclared_conflict) {
    // AVG 5's forbid of collective requests, without its declaration that it prevails over every permit.
    const auto p = mutated("avg.gsl", R"(\n  prevails)", "");
    BOOST_REQUIRE(p.ok());
    const auto report = grondslag::verify(p);
    const auto f = findings(report, "conflict");
    BOOST_TEST(f.size() >= 10u);
    std::size_t by_forbid = 0;
    for (const auto* x : f) {
        // Where to edit first: the permit, which would name its exception; the forbid is the other rule.
        BOOST_REQUIRE(x->rules.size() == 2u);
        BOOST_TEST(x->rules[1].id == "avg.5.1.collectief");
        // The witness shows this conflict: both apply (collectief), and it is denied; by that forbid where no
        // narrower one applies too (a permit of CRIM data always meets avg.10, which the answer then names).
        BOOST_TEST(x->witness_decision == "deny");
        BOOST_TEST(x->witness["facts"].value("collectief", false) == true);
        by_forbid += x->witness_rule == "avg.5.1.collectief";
        BOOST_TEST(x->suggestion.find("add `prevails` to forbid 'avg.5.1.collectief'") != std::string::npos);
        BOOST_TEST(x->suggestion.find("add `except avg.5.1.collectief` to it") != std::string::npos);
        replay(p, *x);
    }
    BOOST_TEST(by_forbid >= f.size() / 2, by_forbid << " of " << f.size() << " witnesses denied by the forbid itself");
    BOOST_TEST(report.exit_code() == 1);
}

BOOST_AUTO_TEST_CASE(mutation_recipient_added) {
    // The informatieblad may go to the municipality; add the mayor, whom dr_plan does not declare.
    const auto p = mutated("toestemming.gsl", R"((rule toestemming\.2019\.basisvoorwaarden[\s\S]*?from dji to gemeente))", "$1, burgemeester");
    BOOST_REQUIRE(p.ok());
    const auto report = grondslag::verify(p);
    bool caught = false;
    for (const auto* f : findings(report, "minimality-recipient")) {
        if (f->message.find("'burgemeester'") == std::string::npos || f->message.find("'dr_plan'") == std::string::npos) continue;
        caught = true;
        BOOST_TEST(f->witness["recipient"] == "burgemeester");
        BOOST_TEST(f->witness_decision == "permit");
        BOOST_TEST(f->witness_rule == "toestemming.2019.basisvoorwaarden");
        replay(p, *f);
    }
    BOOST_TEST(caught);
}

BOOST_AUTO_TEST_CASE(mutation_purpose_widened) {
    // The consent regime's rule also serves public order: its categories are not necessary for it.
    const auto p = mutated("toestemming.gsl", R"((rule toestemming\.2019\.basisvoorwaarden[\s\S]*?for dr_plan))", "$1, openbare_orde");
    BOOST_REQUIRE(p.ok());
    const auto report = grondslag::verify(p);
    bool caught = false;
    for (const auto* f : findings(report, "minimality-category")) {
        if (f->message.find("'openbare_orde'") == std::string::npos) continue;
        caught = true;
        BOOST_TEST(f->witness["purpose"] == "openbare_orde");
        BOOST_TEST(f->witness_rule == "toestemming.2019.basisvoorwaarden");
        replay(p, *f);
    }
    BOOST_TEST(caught);
}

BOOST_AUTO_TEST_CASE(mutation_consent_dropped) {
    const auto p = mutated("toestemming.gsl", R"((rule toestemming\.2019\.basisvoorwaarden[\s\S]*?when gedetineerd and terugkeergemeente and noodzakelijk) and consent)", "$1");
    BOOST_REQUIRE(p.ok());
    const auto report = grondslag::verify(p);
    const auto f = findings(report, "consent");
    BOOST_REQUIRE(f.size() == 1u);
    BOOST_TEST(f[0]->rules.front().id == "toestemming.2019.basisvoorwaarden");
    BOOST_TEST(f[0]->witness_decision == "permit");
    // The witness has no active consent for the item it shows.
    bool active = false;
    if (f[0]->witness["facts"].contains("toestemmingen"))
        for (const auto& rec : f[0]->witness["facts"]["toestemmingen"]) active |= rec["categorie"] == f[0]->witness_item;
    BOOST_TEST(!active);
    replay(p, *f[0]);
}

BOOST_AUTO_TEST_CASE(mutation_consent_made_optional_in_explicit_rule) {
    // Explicit consent for care data replaced by "consent or gedetineerd": it now decides without consent.
    const auto p = mutated("toestemming.gsl", R"((rule toestemming\.2019\.zorg[\s\S]*?when gedetineerd and terugkeergemeente and noodzakelijk) and explicit consent)",
                           "$1 or explicit consent");
    BOOST_REQUIRE(p.ok());
    const auto report = grondslag::verify(p);
    const auto f = findings(report, "consent");
    BOOST_REQUIRE(f.size() == 1u);
    BOOST_TEST(f[0]->rules.front().id == "toestemming.2019.zorg");
    replay(p, *f[0]);
}

BOOST_AUTO_TEST_CASE(mutation_spec_permit_without_ground) {
    // In the language, the checker rejects it (E105) before anything is decided or verified.
    const auto p = mutated("toestemming.gsl", R"((rule toestemming\.2019\.zorg[\s\S]*?basis avg\.6\.1\.a), avg\.9\.2\.a, uavg\.22\.2\.a)", "$1");
    BOOST_TEST(!p.ok());
    BOOST_TEST(p.render_diagnostics().find("E105") != std::string::npos);
    const auto rejected = grondslag::verify(p);
    BOOST_TEST(rejected.exit_code() == 2);

    // In the compiled form (as a bundle or another front end could deliver it), the verifier catches it.
    const auto good = shipped();
    ir::PolicySet set = compiled_form(good);
    const int rule = set.rule_ids.at("toestemming.2019.zorg");
    auto& bases = set.rules[rule].bases;
    bases.erase(std::remove_if(bases.begin(), bases.end(), [&](int b) { return set.bases[b].kind == ir::BasisKind::art9; }), bases.end());
    const auto report = grondslag::verifier::verify_set(set, {});
    const auto f = findings(report, "ground");
    BOOST_REQUIRE(f.size() == 1u);
    BOOST_TEST(f[0]->rules.front().id == "toestemming.2019.zorg");
    BOOST_TEST(f[0]->witness_item == "zorgtraject");
    // Replay against the mutated compiled set with the evaluator.
    grondslag::Request r;
    BOOST_REQUIRE(compile_witness(set, f[0]->witness, r));
    grondslag::Evaluator ev(set);
    grondslag::Decision d;
    ev.decide(r, d);
    BOOST_REQUIRE(d.items.size() == 1u);
    BOOST_TEST((d.items[0].verdict == grondslag::Verdict::permit));
    BOOST_TEST(d.items[0].rule == rule);
}

BOOST_AUTO_TEST_CASE(mutation_validity_overlaps) {
    const auto p = mutated("bjsg.gsl", R"((provision bjsg\.11a\.1\.oud[\s\S]*?valid from 2012-01-01 until) 2024-06-30)", "$1 2024-09-30");
    BOOST_REQUIRE(p.ok());
    const auto report = grondslag::verify(p);
    const auto f = findings(report, "versions");
    BOOST_REQUIRE(f.size() == 1u);
    BOOST_TEST(f[0]->message.find("overlap") != std::string::npos);
    BOOST_TEST(f[0]->rules.size() == 2u);
}

BOOST_AUTO_TEST_CASE(mutation_dead_rule) {
    const auto p = mutated("toestemming.gsl", R"((rule toestemming\.2019\.basisvoorwaarden[\s\S]*?when gedetineerd and terugkeergemeente and noodzakelijk and consent))",
                           "$1 and not gedetineerd");
    BOOST_REQUIRE(p.ok());
    const auto report = grondslag::verify(p);
    const auto f = findings(report, "dead-rule");
    BOOST_REQUIRE(f.size() == 1u);
    BOOST_TEST(f[0]->rules.front().id == "toestemming.2019.basisvoorwaarden");
}

BOOST_AUTO_TEST_CASE(unused_exception_is_a_warning) {
    // An exception to a forbid that covers other data never matters.
    const auto p = test_support::load({{"voc.gsl", test_support::vocabulary},
                                       {"law.gsl", std::string(test_support::laws) +
                                                       "rule law.extra under law.d permit onderdak from dji to gemeente for dr_plan "
                                                       "when gedetineerd basis law.6e except law.forbid9\n"}});
    BOOST_REQUIRE(p.ok());
    const auto report = grondslag::verify(p);
    const auto f = findings(report, "exception-unused");
    BOOST_REQUIRE(f.size() == 1u);
    BOOST_TEST((f[0]->level == grondslag::FindingLevel::warning));
    BOOST_TEST(f[0]->rules[0].id == "law.extra");
    BOOST_TEST(f[0]->rules[1].id == "law.forbid9");
}

BOOST_AUTO_TEST_CASE(report_formats_and_exit_codes) {
    const auto p = mutated("toestemming.gsl", R"((rule toestemming\.2019\.basisvoorwaarden[\s\S]*?when gedetineerd and terugkeergemeente and noodzakelijk) and consent)", "$1");
    const auto report = grondslag::verify(p);
    const json sarif = report.to_sarif();
    BOOST_TEST(sarif["version"] == "2.1.0");
    const auto& results = sarif["runs"][0]["results"];
    BOOST_TEST(results.size() == report.findings.size() + report.unknowns.size());
    bool consent = false;
    for (const auto& res : results) {
        if (res["ruleId"] != "consent") continue;
        consent = true;
        BOOST_TEST(res["level"] == "error");
        const auto& loc = res["locations"][0]["physicalLocation"];
        BOOST_TEST(loc["artifactLocation"]["uri"] == "policies/toestemming.gsl");
        BOOST_TEST(loc["region"]["startLine"].get<int>() > 1);
    }
    BOOST_TEST(consent);
    const json j = report.to_json();
    BOOST_TEST(j["exit_code"] == 1);
    BOOST_TEST(report.to_text().find("violation[consent]") != std::string::npos);

    grondslag::VerifyReport r;
    BOOST_TEST(r.exit_code() == 0);
    r.unknowns.push_back({"a check", "timeout"});
    BOOST_TEST(r.exit_code() == 3);  // unknown never passes
    r.findings.push_back({});
    BOOST_TEST(r.exit_code() == 1);
    r.error = "bad input";
    BOOST_TEST(r.exit_code() == 2);
}

BOOST_AUTO_TEST_SUITE_END()
