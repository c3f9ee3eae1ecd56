// Retention at least a period (Jeugdwet art. 7.3.8 lid 3), retention counted from a date fact (Wvggz
// art. 8:32: from the end of the measure) and the duty to identify the person by a legal number (Wmo
// 2015 art. 5.2.9): the answer, the typed API, explain and the register say the same.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "grondslag/docgen.hpp"
#include "grondslag/explain.hpp"
#include "grondslag/typed_request.hpp"
#include "support.hpp"

using nlohmann::json;
using test_support::request;

namespace {

const char* terms = R"(module law rank wet
basis law.6e kind art6 "public task"
provision law.d law "PM" article "20d" lid "2" bwb BWBR0009398 valid from 2021-07-01
provision law.keep law "Jeugdwet" article "7.3.8" lid "3" bwb BWBR0034925 valid from 2015-01-01
provision law.bsn law "Wmo 2015" article "5.2.9" bwb BWBR0035362 valid from 2015-01-01
rule law.d under law.d permit onderdak from dji to gemeente for dr_plan when gedetineerd basis law.6e
  retain at least 20 years under law.keep
  retain 25 years after verwachte_terugkeer
  retain at least 6 months after verwachte_terugkeer under law.keep
  use bsn under law.bsn
)";

grondslag::Policies policies() {
    return test_support::load({{"voc.gsl", test_support::vocabulary}, {"terms.gsl", terms}});
}

json permitted(bool with_return_date) {
    json facts = {{"gedetineerd", true}};
    if (with_return_date) facts["verwachte_terugkeer"] = "2023-01-31";
    return request("2022-03-10", "dji", "gemeente", "dr_plan", {"onderdak"}, facts);
}

grondslag::TypedRequest typed(const grondslag::Policies& p, bool with_return_date) {
    grondslag::TypedRequest r(p);
    r.set_date(*grondslag::Date::parse("2022-03-10"));
    r.set_sender(*r.actor("dji"));
    r.set_recipient(*r.actor("gemeente"));
    r.set_purpose(*r.purpose("dr_plan"));
    r.add_data(*r.category("onderdak"));
    r.set_boolean(*r.fact("gedetineerd"), true);
    if (with_return_date) r.set_date(*r.fact("verwachte_terugkeer"), *grondslag::Date::parse("2023-01-31"));
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(retention_and_numbers)

BOOST_AUTO_TEST_CASE(terms_are_dated_from_the_request_or_from_the_fact_they_count_from) {
    grondslag::Decider d(policies());
    const json a = test_support::decide(d, permitted(true));
    BOOST_TEST(a["items"][0]["decision"] == "permit");
    BOOST_TEST(a["items"][0]["obligations"] == json::parse(R"([
        {"kind":"retain_at_least","until":"2042-03-10","provision":"law.keep","citation":"Jeugdwet art. 7.3.8 lid 3"},
        {"kind":"retain","until":"2048-01-31","period":"P25Y","counted_from":"verwachte_terugkeer"},
        {"kind":"retain_at_least","until":"2023-07-31","period":"P6M","counted_from":"verwachte_terugkeer","provision":"law.keep","citation":"Jeugdwet art. 7.3.8 lid 3"},
        {"kind":"use_number","category":"bsn","provision":"law.bsn","citation":"Wmo 2015 art. 5.2.9"}])"),
               a["items"][0]["obligations"].dump());
}

BOOST_AUTO_TEST_CASE(a_term_whose_fact_the_request_does_not_state_gives_the_period_and_the_fact_not_a_date) {
    grondslag::Decider d(policies());
    const json a = test_support::decide(d, permitted(false));
    BOOST_TEST(a["items"][0]["decision"] == "permit");  // the fact dates a term, it decides nothing
    BOOST_TEST((!a["items"][0].contains("missing_facts") || a["items"][0]["missing_facts"].empty()), a.dump());
    const json& o = a["items"][0]["obligations"];
    BOOST_TEST(o[1] == json::parse(R"({"kind":"retain","period":"P25Y","counted_from":"verwachte_terugkeer"})"), o.dump());
    BOOST_TEST(!o[2].contains("until"));
    BOOST_TEST(o[2]["counted_from"] == "verwachte_terugkeer");
}

BOOST_AUTO_TEST_CASE(the_typed_api_gives_the_same_terms_and_number) {
    const auto p = policies();
    grondslag::Decider d(p);
    for (bool with_return_date : {true, false}) {
        const json a = test_support::decide(d, permitted(with_return_date));
        const grondslag::TypedRequest r = typed(p, with_return_date);
        const grondslag::TypedDecision& decision = d.decide(r);
        BOOST_REQUIRE(decision.error.empty());
        const auto obligations = decision.items[0].obligations;
        BOOST_REQUIRE(obligations.size() == a["items"][0]["obligations"].size());
        for (std::size_t i = 0; i < obligations.size(); ++i) {
            const json& o = a["items"][0]["obligations"][i];
            BOOST_TEST(std::string(grondslag::TypedObligation::kind_name(obligations[i].kind)) == o["kind"].get<std::string>());
            BOOST_TEST(obligations[i].until.has_value() == o.contains("until"));
            if (obligations[i].until) BOOST_TEST((*obligations[i].until == *grondslag::Date::parse(o["until"].get<std::string>())));
            BOOST_TEST((obligations[i].counted_from >= 0) == o.contains("counted_from"));
            if (obligations[i].counted_from >= 0)
                BOOST_TEST(std::string(d.fact_name(static_cast<std::uint16_t>(obligations[i].counted_from))) ==
                           o["counted_from"].get<std::string>());
            if (o.contains("provision")) BOOST_TEST(std::string(d.provision(obligations[i].provision).id) == o["provision"].get<std::string>());
        }
        BOOST_TEST(std::string(d.category_name(obligations[3].category)) == "bsn");
        BOOST_TEST(obligations[1].period.amount == 25);
        BOOST_TEST((obligations[2].period.unit == grondslag::TypedObligation::Period::Unit::months));
    }
}

BOOST_AUTO_TEST_CASE(explain_says_each_term_and_the_number_in_both_languages) {
    const auto p = policies();
    const auto dated = grondslag::explain(p, permitted(true).dump());
    const std::string en = grondslag::render_explanation(dated, grondslag::Language::en);
    BOOST_TEST(en.find("keep at least until 2042-03-10 (Jeugdwet art. 7.3.8 lid 3; law.keep)") != std::string::npos, en);
    BOOST_TEST(en.find("keep no longer than 2048-01-31") != std::string::npos, en);
    BOOST_TEST(en.find("use bsn when providing the data (Wmo 2015 art. 5.2.9; law.bsn)") != std::string::npos, en);
    const auto undated = grondslag::explain(p, permitted(false).dump());
    const std::string nl = grondslag::render_explanation(undated, grondslag::Language::nl);
    BOOST_TEST(nl.find("niet langer bewaren dan 25 jaar na verwachte_terugkeer") != std::string::npos, nl);
    BOOST_TEST(nl.find("ten minste bewaren tot 6 maanden na verwachte_terugkeer (Jeugdwet art. 7.3.8 lid 3; law.keep)") !=
                   std::string::npos,
               nl);
    BOOST_TEST(nl.find("bij het verstrekken bsn gebruiken (Wmo 2015 art. 5.2.9; law.bsn)") != std::string::npos, nl);
}

BOOST_AUTO_TEST_CASE(the_register_gives_both_terms_in_the_retention_column_and_the_number_as_a_measure) {
    grondslag::docgen::DocOptions o;
    o.as_of = "2022-03-10";
    o.lang = grondslag::docgen::Lang::en;
    const auto reg = grondslag::docgen::build_register(policies(), o);
    const grondslag::docgen::RegisterActivity* activity = nullptr;
    for (const auto& s : reg.sections)
        for (const auto& a : s.activities)
            if (a.rule == "law.d") activity = &a;
    BOOST_REQUIRE(activity);
    BOOST_TEST(activity->retention.find("At least 20 years after receipt (Jeugdwet art. 7.3.8 lid 3)") != std::string::npos,
               activity->retention);
    BOOST_TEST(activity->retention.find("At most 25 years after: verwachte_terugkeer") != std::string::npos, activity->retention);
    BOOST_TEST(std::count(activity->measures.begin(), activity->measures.end(), "Every provision uses bsn (Wmo 2015 art. 5.2.9)") == 1);
}

BOOST_AUTO_TEST_CASE(a_rule_that_takes_over_a_permit_keeps_its_minimum_term_at_least_as_long) {
    const std::string lower = R"(module gem rank gemeentelijke_verordening
provision gem.p law "V" article "3" cvdr CVDR1 valid from 2021-07-01
rule gem.r under gem.p permit onderdak from dji to gemeente for dr_plan basis law.6e except law.d
  retain at least 10 years under law.keep
  retain 25 years after verwachte_terugkeer
  retain at least 6 months after verwachte_terugkeer under law.keep
  use bsn under law.bsn
)";
    const auto p = test_support::load({{"voc.gsl", test_support::vocabulary}, {"terms.gsl", terms}, {"gem.gsl", lower}});
    BOOST_TEST(!p.ok());
    const std::string d = p.render_diagnostics();
    BOOST_TEST(d.find("E121") != std::string::npos, d);
    BOOST_TEST(d.find("without its obligation 'retain at least 20 years under law.keep' (or longer)") != std::string::npos, d);
    // The same rule keeping every term is accepted.
    std::string kept = lower;
    kept.replace(kept.find("at least 10 years"), 17, "at least 20 years");
    const auto q = test_support::load({{"voc.gsl", test_support::vocabulary}, {"terms.gsl", terms}, {"gem.gsl", kept}});
    BOOST_TEST(q.render_diagnostics().find("E121") == std::string::npos, q.render_diagnostics());
}

BOOST_AUTO_TEST_SUITE_END()
