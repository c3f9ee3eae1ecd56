// Duties towards the person the data are about: inform them, motivate in writing why they are not
// informed, shield the data once the case closes. Each is laid down by a declared provision and
// reaches the answer, the typed API, explain and the register the same way.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "grondslag/docgen.hpp"
#include "grondslag/explain.hpp"
#include "grondslag/typed_request.hpp"
#include "support.hpp"

using nlohmann::json;
using test_support::request;

namespace {

const char* duties = R"(module law rank wet
basis law.6e kind art6 "public task"
provision law.d law "PM" article "20d" lid "2" bwb BWBR0009398 valid from 2021-07-01
provision law.inform law "Wmo 2015" article "5.3.1" bwb BWBR0035362 valid from 2018-05-25
provision law.motivate law "Wet PARTA" article "11" bwb BWBR0050740 valid from 2021-07-01
provision law.shield law "WGS" article "2.31" lid "8" bwb BWBR0047301 valid from 2021-07-01
rule law.d under law.d permit onderdak from dji to gemeente for dr_plan when gedetineerd basis law.6e
  inform under law.inform motivate under law.motivate shield under law.shield
)";

grondslag::Policies policies() {
    return test_support::load({{"voc.gsl", test_support::vocabulary}, {"duties.gsl", duties}});
}

const json permitted = request("2022-03-10", "dji", "gemeente", "dr_plan", {"onderdak"}, {{"gedetineerd", true}});

}  // namespace

BOOST_AUTO_TEST_SUITE(person_duties)

BOOST_AUTO_TEST_CASE(each_duty_reaches_the_answer_with_its_provision_and_citation) {
    grondslag::Decider d(policies());
    const json a = test_support::decide(d, permitted);
    BOOST_TEST(a["items"][0]["decision"] == "permit");
    BOOST_TEST(a["items"][0]["obligations"] == json::parse(R"([
        {"kind":"inform","provision":"law.inform","citation":"Wmo 2015 art. 5.3.1"},
        {"kind":"motivation","provision":"law.motivate","citation":"Wet PARTA art. 11"},
        {"kind":"shield_after_close","provision":"law.shield","citation":"WGS art. 2.31 lid 8"}])"));
}

BOOST_AUTO_TEST_CASE(the_typed_api_names_the_same_kinds_and_provisions) {
    const auto p = policies();
    grondslag::Decider d(p);
    const json a = test_support::decide(d, permitted);
    grondslag::TypedRequest r(p);
    r.set_date(*grondslag::Date::parse("2022-03-10"));
    r.set_sender(*r.actor("dji"));
    r.set_recipient(*r.actor("gemeente"));
    r.set_purpose(*r.purpose("dr_plan"));
    r.add_data(*r.category("onderdak"));
    r.set_boolean(*r.fact("gedetineerd"), true);
    const grondslag::TypedDecision& decision = d.decide(r);
    BOOST_REQUIRE(decision.error.empty());
    BOOST_REQUIRE(decision.items.size() == 1u);
    const auto obligations = decision.items[0].obligations;
    BOOST_REQUIRE(obligations.size() == 3u);
    for (std::size_t i = 0; i < obligations.size(); ++i) {
        BOOST_TEST(obligations[i].under_provision());
        BOOST_TEST(std::string(grondslag::TypedObligation::kind_name(obligations[i].kind)) ==
                   a["items"][0]["obligations"][i]["kind"].get<std::string>());
        BOOST_TEST(std::string(d.provision(obligations[i].provision).id) ==
                   a["items"][0]["obligations"][i]["provision"].get<std::string>());
    }
}

BOOST_AUTO_TEST_CASE(explain_says_each_duty_in_both_languages) {
    const auto p = policies();
    const auto e = grondslag::explain(p, permitted.dump());
    BOOST_REQUIRE(e.items.size() == 1u);
    BOOST_REQUIRE(e.items[0].obligations.size() == 3u);
    BOOST_TEST(e.items[0].obligations[0].kind == "inform");
    BOOST_TEST(e.items[0].obligations[2].kind == "shield_after_close");
    const std::string en = grondslag::render_explanation(e, grondslag::Language::en);
    BOOST_TEST(en.find("inform the person the data are about (Wmo 2015 art. 5.3.1; law.inform)") != std::string::npos, en);
    BOOST_TEST(en.find("give written reasons why the person is not informed (Wet PARTA art. 11; law.motivate)") != std::string::npos, en);
    BOOST_TEST(en.find("shield the data once the case is closed (WGS art. 2.31 lid 8; law.shield)") != std::string::npos, en);
    const std::string nl = grondslag::render_explanation(e, grondslag::Language::nl);
    BOOST_TEST(nl.find("de betrokkene informeren (Wmo 2015 art. 5.3.1; law.inform)") != std::string::npos, nl);
    BOOST_TEST(nl.find("schriftelijk motiveren waarom de betrokkene niet wordt geïnformeerd") != std::string::npos, nl);
    BOOST_TEST(nl.find("de gegevens afschermen zodra de casus is afgesloten") != std::string::npos, nl);
}

BOOST_AUTO_TEST_CASE(the_register_lists_each_duty_as_a_measure) {
    grondslag::docgen::DocOptions o;
    o.as_of = "2022-03-10";
    o.lang = grondslag::docgen::Lang::en;
    const auto reg = grondslag::docgen::build_register(policies(), o);
    const grondslag::docgen::RegisterActivity* activity = nullptr;
    for (const auto& s : reg.sections)
        for (const auto& a : s.activities)
            if (a.rule == "law.d") activity = &a;
    BOOST_REQUIRE(activity);
    const auto has = [&](const std::string& m) {
        return std::find(activity->measures.begin(), activity->measures.end(), m) != activity->measures.end();
    };
    BOOST_TEST(has("The person the data are about is informed (Wmo 2015 art. 5.3.1)"));
    BOOST_TEST(has("Where the person is not informed, the reasons are given in writing (Wet PARTA art. 11)"));
    BOOST_TEST(has("Once the case is closed, the data are shielded (WGS art. 2.31 lid 8)"));
}

BOOST_AUTO_TEST_CASE(a_duty_not_in_force_on_every_day_the_rule_applies_is_an_error) {
    std::string late = duties;
    late.replace(late.find("valid from 2021-07-01\nprovision law.shield"), 21, "valid from 2023-01-01");
    const auto p = test_support::load({{"voc.gsl", test_support::vocabulary}, {"duties.gsl", late}});
    BOOST_TEST(!p.ok());
    const std::string d = p.render_diagnostics();
    BOOST_TEST(d.find("E123") != std::string::npos, d);
    BOOST_TEST(d.find("the duty to motivate not informing the person of 'law.motivate' is in force from 2023-01-01") !=
                   std::string::npos,
               d);
}

BOOST_AUTO_TEST_SUITE_END()
