// Ranks and the hierarchy of norms, module boundaries and extension points: what a module of each
// rank may and may not do beside the national law (legal_order.cpp; the errors themselves, each with
// its position, are in test_diagnostics.cpp).
#include <boost/test/unit_test.hpp>

#include "grondslag/verify.hpp"
#include "support.hpp"

namespace {

using test_support::load;

const char* provision_wet = "provision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n";

bool has_code(const grondslag::Policies& p, const std::string& code) {
    for (const auto& d : p.diagnostics().all())
        if (d.code == code) return true;
    return false;
}

grondslag::Policies with(const std::string& module) {
    return load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"m.gsl", module}});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(legal_order)

BOOST_AUTO_TEST_CASE(an_amvb_lifts_a_forbid_of_a_law_through_its_own_ground) {
    // PM 20d under Pbw 18a lid 6: an AMvB lays down an art. 9 ground and sets aside the law's forbid.
    const auto p = with(std::string("module m rank amvb\nbasis m.g kind art9 \"AMvB ground\"\n") + provision_wet +
                        "rule m.r under m.p permit zorgtraject from dji to gemeente for zorg basis law.6e, m.g except law.forbid9\n");
    BOOST_TEST(p.ok(), p.render_diagnostics());
}

BOOST_AUTO_TEST_CASE(an_instrument_of_equal_or_higher_rank_may_set_aside_a_forbid) {
    const auto p = with(std::string("module m rank wet\n") + provision_wet +
                        "rule m.r under m.p permit zorgtraject from dji to gemeente for zorg basis law.6e, law.9g except law.forbid9\n");
    BOOST_TEST(p.ok(), p.render_diagnostics());
}

BOOST_AUTO_TEST_CASE(consent_lifts_the_avg_prohibition_at_any_rank_but_not_a_national_one) {
    const char* eu = "module eu rank eu_verordening\nprovision eu.p law \"AVG\" article \"9\" celex 32016R0679 valid from 2018-05-25\n"
                     "rule eu.forbid9 under eu.p forbid class SPEC from anyone to anyone for any purpose\n";
    const auto agreed = load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"eu.gsl", eu},
                              {"m.gsl", std::string("module m rank convenant\n") + provision_wet +
                                            "rule m.r under m.p permit zorgtraject from dji to gemeente for zorg when explicit consent "
                                            "basis law.6a, law.9a except eu.forbid9, law.forbid9\n"}});
    // eu.forbid9 (the AVG's own prohibition) yields to explicit consent; law.forbid9 (a wet) does not.
    BOOST_TEST(!agreed.ok());
    std::size_t e119 = 0;
    for (const auto& d : agreed.diagnostics().all())
        if (d.code == "E119") {
            ++e119;
            BOOST_TEST(d.message.find("law.forbid9") != std::string::npos, d.message);
        }
    BOOST_TEST(e119 == 1u);
}

BOOST_AUTO_TEST_CASE(an_open_group_takes_members_of_other_modules) {
    const char* voc_open = "module v2 rank wet\nactor zorgpartner open\n";
    const auto p = load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"v2.gsl", voc_open},
                         {"m.gsl", "module m rank wet\nactor thuiszorg_x in zorgpartner\n"}});
    BOOST_TEST(p.ok(), p.render_diagnostics());
    // The same membership of a closed group is refused, and the set does not compile.
    BOOST_TEST(has_code(with("module m rank wet\nactor thuiszorg_x in reclassering\n"), "E120"));
}

BOOST_AUTO_TEST_CASE(an_open_purpose_is_extended_and_verified_against_the_extension) {
    const char* owner = "module v2 rank wet\npurpose nazorg needs onderdak recipients gemeente open recipients, needs\n";
    const auto p = load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"v2.gsl", owner},
                         {"m.gsl", std::string("module m rank gemeentelijke_verordening\n"
                                               "provision m.p law \"X\" article \"1\" cvdr CVDR1 valid from 2021-07-01\n"
                                               "extend purpose nazorg needs schulden recipients reclassering\n"
                                               "rule m.r under m.p permit schulden from gemeente to reclassering for nazorg basis law.6e\n")}});
    BOOST_REQUIRE_MESSAGE(p.ok(), p.render_diagnostics());
    const auto report = grondslag::verify(p);
    bool minimality_finding = false;
    for (const auto& f : report.findings)
        if (f.property.rfind("minimality", 0) == 0) minimality_finding = true;
    BOOST_TEST(!minimality_finding, report.to_text());
    for (const auto& reach : report.purposes)
        if (reach.purpose == "nazorg") {
            BOOST_TEST((reach.declared_categories == std::vector<std::string>{"onderdak", "schulden"}));
            BOOST_TEST((reach.declared_recipients == std::vector<std::string>{"gemeente", "reclassering"}));
        }
}

BOOST_AUTO_TEST_CASE(a_rule_that_keeps_the_obligations_may_take_over_another_modules_permit) {
    // law.d.plan: retain 5 years, notify reclassering. 60 months is not longer than 5 years.
    const auto p = with(std::string("module m rank wet\n") + provision_wet +
                        "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan basis law.6e except law.d.plan "
                        "retain 60 months notify reclassering log 1 year\n");
    BOOST_TEST(p.ok(), p.render_diagnostics());
}

BOOST_AUTO_TEST_CASE(a_lower_permit_loaded_first_does_not_take_over_a_higher_one) {
    // Both permit onderdak from dji to gemeente for dr_plan; the council's module is loaded first, but
    // the law's permit decides, with its obligations, whatever the order of the folders.
    const auto p = load({{"a.gsl", "module a rank gemeentelijke_verordening\n"
                                    "provision a.p law \"V\" article \"1\" cvdr CVDR1 valid from 2021-07-01\n"
                                    "rule a.r under a.p permit onderdak from dji to gemeente for dr_plan basis law.6e\n"},
                         {"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}});
    BOOST_REQUIRE_MESSAGE(p.ok(), p.render_diagnostics());
    grondslag::Decider d(p);
    const auto answer = test_support::decide(
        d, {{"id", "r"}, {"date", "2022-03-10"}, {"sender", "dji"}, {"recipient", "gemeente"}, {"purpose", "dr_plan"},
            {"data", {"onderdak"}}, {"facts", {{"gedetineerd", true}, {"noodzakelijk", true}}}});
    BOOST_TEST(answer["items"][0]["rule"] == "law.d.plan", answer.dump());
    BOOST_TEST(answer["items"][0]["obligations"].size() == 2u, answer.dump());
}

BOOST_AUTO_TEST_CASE(a_module_with_nouns_only_needs_no_rank) {
    BOOST_TEST(with("module m\nactor nieuw\ncategory extra class ORD\n").ok());
}

BOOST_AUTO_TEST_CASE(verify_names_the_instrument_behind_every_special_permit) {
    const auto p = test_support::standard();
    BOOST_REQUIRE(p.ok());
    const auto report = grondslag::verify(p);
    bool found = false;
    for (const auto& pv : report.provenance)
        if (pv.rule == "law.d.zorg") {
            found = true;
            BOOST_TEST(pv.module == "law");
            BOOST_TEST(pv.rank == "wet");
            BOOST_TEST((pv.categories == std::vector<std::string>{"zorgtraject (SPEC)"}));
            BOOST_REQUIRE(pv.grounds.size() == 1u);
            BOOST_TEST(pv.grounds[0].basis == "law.9g");
            BOOST_TEST(pv.grounds[0].rank == "wet");
            BOOST_TEST((pv.lifts == std::vector<std::string>{"law.forbid9"}));
        }
    BOOST_TEST(found);
    for (const auto& pv : report.provenance) BOOST_TEST(pv.rule != "law.d.plan");  // ordinary data only
    BOOST_TEST(report.to_json()["provenance"].size() == report.provenance.size());
}

BOOST_AUTO_TEST_SUITE_END()
