// The five legal questions (stappenplan grondslag) on every answered item: each permit mapping (ORD, SPEC,
// CRIM, NID), each deny cause, a forbid by its class and under a secrecy provision, and juveniles.
#include <boost/test/unit_test.hpp>

#include "support.hpp"

using nlohmann::json;
using test_support::decide;
using test_support::detained;
using test_support::request;

namespace {

// Beside the test laws: a CRIM and a NID permit, the AVG 10 and UAVG 46 forbids, a secrecy duty that a
// permit names and that is also the provision of a forbid, and the fact jeugdige.
const char* extra = R"(module extra rank wet
fact jeugdige: bool "De persoon is een jeugdige" / "The person is a juvenile"
provision extra.avg10 law "AVG" article "10" bwb BWBR0040940 valid from 2018-05-25
rule extra.avg10 under extra.avg10 forbid class CRIM from anyone to anyone for any purpose cite "AVG art. 10"
provision extra.uavg46 law "UAVG" article "46" bwb BWBR0040940 valid from 2018-05-25
rule extra.uavg46 under extra.uavg46 forbid bsn from anyone to anyone for any purpose cite "UAVG art. 46 lid 1"
provision extra.geheim law "Wgs" article "2.8" bwb BWBR0046255 valid from 2018-05-25
rule extra.geheim under extra.geheim forbid identificerend from justid to burgemeester for openbare_orde
provision extra.wjsg duty law "Wjsg" article "51c" bwb BWBR0016544 valid from 2019-01-01
rule extra.wjsg under extra.wjsg permit detentiedata from dji to gemeente for dr_plan basis law.6e, law.10
  except extra.avg10 notify reclassering secrecy under extra.geheim
provision extra.bsn power law "Wabb" article "10" bwb BWBR0022428 valid from 2018-05-25
rule extra.bsn under extra.bsn permit bsn from dji to gemeente for dr_plan basis law.6e, law.nid except extra.uavg46
)";

struct Fixture {
    grondslag::Policies policies = test_support::load(
        {{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"extra.gsl", extra}});
    grondslag::Decider decider{policies};
    Fixture() { BOOST_REQUIRE_MESSAGE(policies.ok(), policies.render_diagnostics()); }
};

const json& question(const json& item, const std::string& name) {
    for (const auto& q : item.at("questions"))
        if (q.at("question") == name) return q;
    throw std::runtime_error("no question " + name);
}

std::vector<std::string> statuses(const json& item) {
    std::vector<std::string> out;
    for (const auto& q : item.at("questions")) out.push_back(q.at("status"));
    return out;
}

std::vector<std::string> names(const json& item) {
    std::vector<std::string> out;
    for (const auto& q : item.at("questions")) out.push_back(q.at("question"));
    return out;
}

const std::vector<std::string> order = {"subject_law", "special_data", "criminal_data", "legal_number", "provision_duty"};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(legal_questions, Fixture)

BOOST_AUTO_TEST_CASE(permit_of_ordinary_data_answers_the_first_and_the_fifth) {
    auto a = decide(decider, request("2022-03-10", "dji", "gemeente", "dr_plan", {"onderdak"}, detained));
    const json& item = a["items"][0];
    BOOST_TEST(names(item) == order);
    BOOST_TEST(statuses(item) ==
               (std::vector<std::string>{"answered", "not_applicable", "not_applicable", "not_applicable", "answered"}));
    BOOST_TEST(question(item, "subject_law") ==
               json::parse(R"({"question":"subject_law","status":"answered","provision":"law.d","citation":"PM art. 20d lid 2","grounds":["law.6e"]})"));
    // No kind declared: none named; the notify duty, no secrecy duty.
    BOOST_TEST(question(item, "provision_duty") ==
               json::parse(R"({"question":"provision_duty","status":"answered","secrecy":[],"notify":["reclassering"]})"));
    BOOST_TEST(!question(item, "special_data").contains("juvenile"));
}

BOOST_AUTO_TEST_CASE(permit_of_special_data_answers_the_second_with_the_art9_grounds) {
    auto a = decide(decider, request("2022-03-10", "dji", "gemeente", "zorg", {"zorgtraject"}, {{"gedetineerd", true}, {"zorg_nodig", true}}));
    const json& item = a["items"][0];
    BOOST_TEST(statuses(item) ==
               (std::vector<std::string>{"answered", "answered", "not_applicable", "not_applicable", "answered"}));
    BOOST_TEST(question(item, "subject_law")["grounds"] == json::array({"law.6e"}));
    BOOST_TEST(question(item, "special_data") == json::parse(R"({"question":"special_data","status":"answered","grounds":["law.9g"]})"));
    // The recipient's secrecy duty, with its citation.
    BOOST_TEST(question(item, "provision_duty")["secrecy"] ==
               json::parse(R"([{"provision":"law.secret","citation":"UAVG art. 30 lid 4"}])"));
}

BOOST_AUTO_TEST_CASE(permit_of_criminal_data_answers_the_third_and_names_the_kind) {
    auto a = decide(decider, request("2022-03-10", "dji", "gemeente", "dr_plan", {"detentiedata"}));
    const json& item = a["items"][0];
    BOOST_TEST(item["decision"] == "permit");
    BOOST_TEST(statuses(item) ==
               (std::vector<std::string>{"answered", "not_applicable", "answered", "not_applicable", "answered"}));
    BOOST_TEST(question(item, "criminal_data")["grounds"] == json::array({"law.10"}));
    BOOST_TEST(question(item, "provision_duty") ==
               json::parse(R"({"question":"provision_duty","status":"answered","kind":"duty",)"
                           R"("secrecy":[{"provision":"extra.geheim","citation":"Wgs art. 2.8"}],"notify":["reclassering"]})"));
}

BOOST_AUTO_TEST_CASE(permit_of_a_legal_number_answers_the_fourth) {
    auto a = decide(decider, request("2022-03-10", "dji", "gemeente", "dr_plan", {"bsn"}));
    const json& item = a["items"][0];
    BOOST_TEST(item["decision"] == "permit");
    BOOST_TEST(statuses(item) ==
               (std::vector<std::string>{"answered", "not_applicable", "not_applicable", "answered", "answered"}));
    BOOST_TEST(question(item, "legal_number")["grounds"] == json::array({"law.nid"}));
    BOOST_TEST(question(item, "provision_duty")["kind"] == "power");
}

BOOST_AUTO_TEST_CASE(no_rule_leaves_the_subject_matter_law_open) {
    auto a = decide(decider, request("2022-03-10", "gemeente", "burgemeester", "openbare_orde", {"identificerend"}, detained));
    const json& item = a["items"][0];
    BOOST_TEST(item["cause"] == "no_rule");
    BOOST_TEST(statuses(item) ==
               (std::vector<std::string>{"open", "not_applicable", "not_applicable", "not_applicable", "not_reached"}));
    BOOST_TEST(question(item, "subject_law") ==
               json::parse(R"({"question":"subject_law","status":"open","reason":"no subject-matter law found for this flow"})"));
}

BOOST_AUTO_TEST_CASE(not_in_force_names_the_date) {
    auto a = decide(decider, request("2021-06-30", "gemeente", "dji", "dr_plan", {"onderdak"}, detained));
    const json& item = a["items"][0];
    BOOST_TEST(item["cause"] == "not_in_force");
    BOOST_TEST(question(item, "subject_law") ==
               json::parse(R"({"question":"subject_law","status":"open","reason":"no provision in force on 2021-06-30"})"));
    BOOST_TEST(question(item, "provision_duty")["status"] == "not_reached");
}

BOOST_AUTO_TEST_CASE(conditions_name_the_missing_facts) {
    auto a = decide(decider, request("2022-03-10", "dji", "gemeente", "dr_plan", {"onderdak"}, {{"gedetineerd", true}}));
    const json& item = a["items"][0];
    BOOST_TEST(item["cause"] == "conditions");
    BOOST_TEST(question(item, "subject_law") ==
               json::parse(R"({"question":"subject_law","status":"open","reason":"the conditions of the provisions considered do not hold","missing_facts":["noodzakelijk"]})"));
    // Facts given but false: no missing facts, the question still open.
    auto b = decide(decider, request("2022-03-10", "dji", "gemeente", "dr_plan", {"onderdak"}, {{"gedetineerd", true}, {"noodzakelijk", false}}));
    BOOST_TEST(question(b["items"][0], "subject_law")["missing_facts"] == json::array());
}

BOOST_AUTO_TEST_CASE(a_forbid_of_one_class_leaves_that_class_question_open) {
    // AVG 9 on SPEC: the second question.
    auto spec = decide(decider, request("2022-03-10", "dji", "gemeente", "dr_plan", {"zorgtraject"}));
    const json& s = spec["items"][0];
    BOOST_TEST(s["cause"] == "forbidden");
    BOOST_TEST(statuses(s) == (std::vector<std::string>{"not_reached", "open", "not_applicable", "not_applicable", "not_reached"}));
    BOOST_TEST(question(s, "special_data") ==
               json::parse(R"x({"question":"special_data","status":"open","reason":"forbidden by law.forbid9 (AVG art. 9 lid 1)","rule":"law.forbid9","provision":"law.forbid9"})x"));
    // AVG 10 on CRIM: the third (the permit's exception does not reach another recipient).
    auto crim = decide(decider, request("2022-03-10", "dji", "reclassering", "dr_plan", {"detentiedata"}));
    BOOST_TEST(statuses(crim["items"][0]) ==
               (std::vector<std::string>{"not_reached", "not_applicable", "open", "not_applicable", "not_reached"}));
    BOOST_TEST(question(crim["items"][0], "criminal_data")["reason"] == "forbidden by extra.avg10 (AVG art. 10)");
    // UAVG 46 on the BSN, a list of one category of class NID: the fourth.
    auto nid = decide(decider, request("2022-03-10", "dji", "reclassering", "dr_plan", {"bsn"}));
    BOOST_TEST(statuses(nid["items"][0]) ==
               (std::vector<std::string>{"not_reached", "not_applicable", "not_applicable", "open", "not_reached"}));
    BOOST_TEST(question(nid["items"][0], "legal_number")["rule"] == "extra.uavg46");
}

BOOST_AUTO_TEST_CASE(a_forbid_under_a_secrecy_provision_leaves_the_fifth_open) {
    // extra.geheim is the secrecy duty extra.wjsg names; its forbid defeats law.bij, which does not except it.
    json facts = {{"verwachte_terugkeer", "2022-04-01"}, {"veroordeling", {{"soort", "tbs"}, {"maanden", 3}, {"artikelen", json::array()}}}};
    auto a = decide(decider, request("2022-03-10", "justid", "burgemeester", "openbare_orde", {"identificerend"}, facts));
    const json& item = a["items"][0];
    BOOST_TEST(item["cause"] == "forbidden");
    BOOST_TEST(item["considered"] == json::array({"law.bij"}));
    BOOST_TEST(statuses(item) ==
               (std::vector<std::string>{"not_reached", "not_applicable", "not_applicable", "not_applicable", "open"}));
    BOOST_TEST(question(item, "provision_duty")["reason"] == "forbidden by extra.geheim (Wgs art. 2.8)");
}

BOOST_AUTO_TEST_CASE(a_forbid_of_any_data_leaves_the_first_open) {
    const char* any = R"(module anyx rank wet
provision anyx.p law "X" article "1" bwb BWBR1 valid from 2018-05-25
rule anyx.p under anyx.p forbid any data from gemeente to burgemeester for any purpose
)";
    auto p = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"anyx.gsl", any}});
    BOOST_REQUIRE_MESSAGE(p.ok(), p.render_diagnostics());
    grondslag::Decider d(p);
    auto a = decide(d, request("2022-03-10", "gemeente", "burgemeester", "openbare_orde", {"identificerend"}));
    BOOST_TEST(a["items"][0]["cause"] == "forbidden");
    BOOST_TEST(question(a["items"][0], "subject_law")["status"] == "open");
}

BOOST_AUTO_TEST_CASE(a_juvenile_keeps_the_second_question_in_and_says_so) {
    json facts = detained;
    facts["jeugdige"] = true;
    auto a = decide(decider, request("2022-03-10", "dji", "gemeente", "dr_plan", {"onderdak", "identificerend"}, facts));
    // A permit of ordinary data: the second question answered (no art. 9 ground needed), marked juvenile.
    BOOST_TEST(question(a["items"][0], "special_data") ==
               json::parse(R"({"question":"special_data","status":"answered","grounds":[],"juvenile":true})"));
    // A deny: not reached rather than not applicable, still marked.
    BOOST_TEST(question(a["items"][1], "special_data") ==
               json::parse(R"({"question":"special_data","status":"not_reached","juvenile":true})"));
    // Only the second question carries it.
    for (const auto& q : a["items"][0]["questions"]) BOOST_TEST((q.contains("juvenile") == (q["question"] == "special_data")));
    // Stated false or not stated: nothing changes.
    facts["jeugdige"] = false;
    auto b = decide(decider, request("2022-03-10", "dji", "gemeente", "dr_plan", {"onderdak"}, facts));
    BOOST_TEST(question(b["items"][0], "special_data") == json::parse(R"({"question":"special_data","status":"not_applicable"})"));
}

BOOST_AUTO_TEST_CASE(without_the_fact_jeugdige_nothing_changes) {
    // A set that declares no jeugdige (or one that is not a bool) never marks a juvenile.
    const char* other = "module o rank wet\nfact jeugdige: int\n";
    auto p = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"o.gsl", other}});
    BOOST_REQUIRE_MESSAGE(p.ok(), p.render_diagnostics());
    grondslag::Decider d(p);
    json facts = detained;
    facts["jeugdige"] = 1;
    auto a = decide(d, request("2022-03-10", "dji", "gemeente", "dr_plan", {"onderdak"}, facts));
    BOOST_TEST(question(a["items"][0], "special_data") == json::parse(R"({"question":"special_data","status":"not_applicable"})"));
}

BOOST_AUTO_TEST_CASE(a_deny_never_claims_a_question_answered) {
    for (const char* data : {"onderdak", "zorgtraject", "detentiedata", "bsn", "identificerend", "schulden"}) {
        for (const char* recipient : {"gemeente", "reclassering", "burgemeester"}) {
            auto a = decide(decider, request("2022-03-10", "dji", recipient, "dr_plan", {data}));
            for (const auto& item : a["items"]) {
                BOOST_TEST(names(item) == order);
                int open = 0;
                for (const auto& q : item["questions"]) {
                    if (item["decision"] == "deny") BOOST_TEST(q["status"] != "answered");
                    else BOOST_TEST((q["status"] == "answered" || q["status"] == "not_applicable"));
                    open += q["status"] == "open";
                }
                BOOST_TEST(open == (item["decision"] == "deny" ? 1 : 0));
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
