// Bounded work on any policy file within the size limits (docs/language.md, "Limits";
// docs/reliability.md, "Bounded work"): what the compiler builds from a set grows with the set,
// and no walk over the set recurses as deep as the set is long.
#include <boost/test/unit_test.hpp>

#include <string>

#include "grondslag/grondslag.hpp"
#include "grondslag/input_limits.hpp"
#include "support.hpp"

using namespace grondslag;

namespace {

std::string chain_of_exceptions(int n, bool closed) {
    std::string text = "module m\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n";
    for (int i = 0; i < n; ++i) {
        text += "rule m.r" + std::to_string(i) + " under m.p permit onderdak from dji to gemeente for dr_plan basis law.6e";
        // Each excepts the next, so that a depth-first walk from the first goes down the whole chain.
        if (i + 1 < n) text += " except m.r" + std::to_string(i + 1);
        else if (closed) text += " except m.r0";
        text += "\n";
    }
    return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(limits)

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

BOOST_AUTO_TEST_SUITE_END()
