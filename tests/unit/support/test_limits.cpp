// Bounded work on any policy file within the size limits (docs/language.md, "Limits";
// docs/reliability.md, "Bounded work"): what the compiler builds from a set grows with the set,
// and no walk over the set recurses as deep as the set is long.
#include <boost/test/unit_test.hpp>

#include <bit>
#include <random>
#include <string>
#include <vector>

#include "grondslag/grondslag.hpp"
#include "grondslag/input_limits.hpp"
#include "ir.hpp"
#include "support.hpp"
#include "policies_access.hpp"

using namespace grondslag;

namespace {

std::string chain_of_exceptions(int n, bool closed) {
    std::string text = "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n";
    for (int i = 0; i < n; ++i) {
        text += "rule m.r" + std::to_string(i) + " under m.p permit onderdak from dji to gemeente for dr_plan basis law.6e";
        // Each excepts the next, so that a depth-first walk from the first goes down the whole chain.
        if (i + 1 < n) text += " except m.r" + std::to_string(i + 1);
        else if (closed) text += " except m.r0";
        text += "\n";
    }
    return text;
}

// 64 actors, categories and purposes; `rules` permits, each from every actor but one to every actor
// but one, for every purpose and category: 62 x 62 x 64 x 64 = 15.7 million cells a rule, none
// of them broad. A set of 300 such rules is 166 KB.
std::string wide_set(int rules) {
    std::string text = "module w rank wet\n";
    std::string actors, categories;
    for (int i = 0; i < 64; ++i) {
        text += "actor a" + std::to_string(i) + "\n";
        text += "category c" + std::to_string(i) + " class ORD\n";
        categories += (i ? ", c" : "c") + std::to_string(i);
    }
    for (int i = 0; i < 64; ++i) text += "purpose p" + std::to_string(i) + " needs " + categories + " recipients a0\n";
    text += "basis w.6e kind art6 \"public task\"\n";
    text += "provision w.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n";
    auto all_but = [](int k) {
        std::string s;
        for (int i = 0; i < 64; ++i)
            if (i != k) s += (s.empty() ? "a" : ", a") + std::to_string(i);
        return s;
    };
    for (int r = 0; r < rules; ++r)
        text += "rule w.r" + std::to_string(r) + " under w.p permit " + categories + " from " + all_but(r % 64) + " to " +
                all_but((r + 1) % 64) + " for any purpose basis w.6e\n";
    return text;
}

// The candidates of sampled cells against the rules' masks, in rule order.
void check_sampled_cells(const ir::PolicySet& set, int samples) {
    std::mt19937 rng(11);
    const std::size_t A = set.actors.size(), P = set.purposes.size(), C = set.categories.size();
    for (int k = 0; k < samples; ++k) {
        const std::size_t s = rng() % A, r = rng() % A, p = rng() % P, c = rng() % C;
        std::vector<std::uint32_t> expected, got;
        for (std::size_t i = 0; i < set.rules.size(); ++i) {
            const auto& rule = set.rules[i];
            if ((rule.senders >> s & 1) && (rule.recipients >> r & 1) && (rule.purposes >> p & 1) && (rule.categories >> c & 1))
                expected.push_back(static_cast<std::uint32_t>(i));
        }
        set.for_each_candidate(s, r, p, c, [&](const ir::PolicySet::Candidate& x) { got.push_back(x.rule()); });
        if (got != expected) BOOST_FAIL("candidates differ for cell " << s << "," << r << "," << p << "," << c);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(limits)

// One such rule took 390 MB of index, ten ended in bad_alloc, and near 300 a 32-bit count wrapped
// and the index was written out of bounds. The index now stays within its stated bound.
BOOST_AUTO_TEST_CASE(the_candidate_index_grows_linearly_whatever_the_rules_cover) {
    for (const int rules : {1, 10, 300}) {
        const std::string text = wide_set(rules);
        const Policies p = test_support::load({{"w.gsl", text}});
        BOOST_TEST_REQUIRE(p.ok(), p.render_diagnostics().substr(0, 2000));
        const ir::PolicySet& set = compiled_form(p);
        const std::size_t n = set.rules.size();
        // docs/language.md, "Limits": 4 bytes per (sender, recipient, purpose) for its group's number and
        // 16 per distinct group (at most one more than those, the empty group), 4 per
        // (purpose, category) range, 12 per index entry (at most its cell's place, the rule's number
        // and a list's length) within the budget, 16 per rule (the candidate loop's copy of it), and
        // 36 per wide rule (its number and a bit in 256 bit sets, rounded up to 64 rules).
        const std::size_t A = set.actors.size(), P = set.purposes.size(), C = set.categories.size();
        const std::size_t bound = A * A * P * 4 + (A * A * P + 1) * 16 + (P * C + 1) * 4 + ir::index_budget(n) * 12 + n * 16 +
                                  n * 4 + (2 * A + P + C) * 8 * ((n + 63) / 64);
        BOOST_TEST(set.index_bytes() <= bound, rules << " rules: " << set.index_bytes() << " bytes of index, bound " << bound);
        BOOST_TEST(set.cell_lists.size() + set.broad.size() <= ir::index_budget(n));
        BOOST_TEST(set.candidate_lists.size() <= 2 * ir::index_budget(n));  // its entries and a length per list
        // Rules this wide are tested by their masks, and found as the full index would find them.
        BOOST_TEST(set.wide_rules.size() == n);
        check_sampled_cells(set, 3000);
        BOOST_TEST_MESSAGE(rules << " rules of 62 x 62 x 64 x 64 cells: " << set.index_bytes() << " bytes of candidate index, "
                                 << set.wide_rules.size() << " wide rules");
    }
}

// A mix: narrow rules that fit the budget are listed per cell, the widest are not, and every cell
// finds the same candidates in rule order as from the masks.
BOOST_AUTO_TEST_CASE(listed_and_wide_rules_merge_in_rule_order) {
    std::string text = wide_set(3);
    for (int r = 0; r < 200; ++r)
        text += "rule w.n" + std::to_string(r) + " under w.p " + (r % 3 ? "permit" : "forbid") + " c" + std::to_string(r % 64) +
                ", c" + std::to_string((r * 7) % 64) + " from a" + std::to_string(r % 64) + " to a" + std::to_string((r * 5) % 64) +
                ", a" + std::to_string((r * 3) % 64) + " for p" + std::to_string(r % 64) + (r % 3 ? " basis w.6e" : "") + "\n";
    text += "rule w.all under w.p forbid c1 from anyone to anyone for any purpose\n";
    const Policies p = test_support::load({{"w.gsl", text}});
    BOOST_TEST_REQUIRE(p.ok(), p.render_diagnostics().substr(0, 2000));
    const ir::PolicySet& set = compiled_form(p);
    BOOST_TEST(set.wide_rules.size() == 3u);
    BOOST_TEST(!set.candidate_lists.empty());
    BOOST_TEST(!set.broad.empty());
    check_sampled_cells(set, 20000);
    // The cells of the narrow rules, where the three lists meet.
    for (const auto& rule : set.rules)
        for (std::size_t s = 0; s < 64; ++s)
            if (rule.senders >> s & 1 && std::popcount(rule.senders) == 1) {
                std::vector<std::uint32_t> expected, got;
                const std::size_t r = static_cast<std::size_t>(std::countr_zero(rule.recipients));
                const std::size_t pp = static_cast<std::size_t>(std::countr_zero(rule.purposes));
                const std::size_t c = static_cast<std::size_t>(std::countr_zero(rule.categories));
                for (std::size_t i = 0; i < set.rules.size(); ++i) {
                    const auto& x = set.rules[i];
                    if ((x.senders >> s & 1) && (x.recipients >> r & 1) && (x.purposes >> pp & 1) && (x.categories >> c & 1))
                        expected.push_back(static_cast<std::uint32_t>(i));
                }
                set.for_each_candidate(s, r, pp, c, [&](const ir::PolicySet::Candidate& k) { got.push_back(k.rule()); });
                BOOST_TEST_REQUIRE(got == expected, boost::test_tools::per_element());
            }
}

// 40,000 permits, each declared an exception to the next: the cycle check once recursed once per
// rule of the chain and overflowed the stack (SIGSEGV).
BOOST_AUTO_TEST_CASE(a_chain_of_40000_exceptions_is_checked_without_recursion) {
    const std::string open = chain_of_exceptions(40000, false);
    BOOST_TEST_REQUIRE(open.size() <= max_policy_file_bytes);
    const Policies p = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"m.gsl", open}});
    BOOST_TEST(p.ok(), p.render_diagnostics().substr(0, 2000));
    BOOST_TEST(p.rule_count() == 40000u + 6u);

    // Closed into a ring: one cycle, reported once, at the exception that closes it.
    const Policies ring = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws},
                                              {"m.gsl", chain_of_exceptions(40000, true)}});
    BOOST_TEST(!ring.ok());
    std::size_t cycles = 0;
    for (const Diagnostic& d : ring.diagnostics().all())
        if (d.code == "E103") {
            ++cycles;
            BOOST_TEST(d.message.starts_with("exceptions form a cycle: m.r0 -> m.r1 -> m.r2 -> "));
            BOOST_TEST(d.message.ends_with("m.r39998 -> m.r39999 -> m.r0"));
        }
    BOOST_TEST(cycles == 1u);
}

// The shipped sets fit the budget: every rule is listed per cell, as the decision path expects.
BOOST_AUTO_TEST_CASE(the_shipped_sets_have_no_wide_rules) {
    const auto national = Policies::load_directories({GRONDSLAG_SOURCE_DIR "/policies"});
    BOOST_TEST_REQUIRE(national.ok());
    BOOST_TEST(compiled_form(national).wide_rules.empty());
    const auto amsterdam =
        Policies::load_directories({GRONDSLAG_SOURCE_DIR "/policies", GRONDSLAG_SOURCE_DIR "/examples/amsterdam/policies"});
    BOOST_TEST_REQUIRE(amsterdam.ok());
    BOOST_TEST(compiled_form(amsterdam).wide_rules.empty());
}

// The wide rules are not in the compiled image: they are the rules its lists omit, found again at load.
BOOST_AUTO_TEST_CASE(wide_rules_are_found_again_from_a_compiled_image) {
    std::string text = wide_set(5);
    text += "rule w.narrow under w.p permit c1 from a1 to a2 for p1 basis w.6e\n";
    const Policies p = test_support::load({{"w.gsl", text}});
    BOOST_TEST_REQUIRE(p.ok(), p.render_diagnostics().substr(0, 2000));
    const Policies q = Policies::load_sources_with_image(p.sources(), p.compiled_image());
    BOOST_TEST_REQUIRE(q.ok());
    BOOST_TEST(q.from_image());
    BOOST_TEST(compiled_form(q).wide_rules.size() == 5u);
    BOOST_TEST(compiled_form(q).index_bytes() == compiled_form(p).index_bytes());
    check_sampled_cells(compiled_form(q), 3000);
}

BOOST_AUTO_TEST_SUITE_END()
