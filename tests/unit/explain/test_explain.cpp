// Explanations (`grondslag explain`) and the why_not data of `decide --why-not`:
// computed from the compiled rules, in both languages, and always agreeing with decide.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "answer.hpp"
#include "evaluator.hpp"
#include "explain_internal.hpp"
#include "grondslag/explain.hpp"
#include "ir.hpp"
#include "random_requests.hpp"
#include "request.hpp"
#include "support.hpp"
#include "policies_access.hpp"

using grondslag::ConditionCheck;
using grondslag::Explanation;
using grondslag::ItemExplanation;
using grondslag::Language;
using grondslag::Requirement;
using grondslag::RuleAnalysis;
using grondslag::Truth;
using nlohmann::json;

namespace {

using test_support::detained;
using test_support::request;

const RuleAnalysis& rule(const ItemExplanation& item, const std::string& id) {
    for (const auto& a : item.rules)
        if (a.rule == id) return a;
    BOOST_FAIL("rule " + id + " is not a candidate");
    throw std::logic_error("unreachable");
}

// Every atomic condition in requirements, alternatives included.
void collect(const std::vector<Requirement>& reqs, std::vector<ConditionCheck>& out) {
    for (const auto& q : reqs) {
        if (q.check) out.push_back(*q.check);
        for (const auto& alternative : q.any_of) collect(alternative, out);
    }
}

const ConditionCheck& failing(const RuleAnalysis& a, const std::string& text) {
    static std::vector<ConditionCheck> all;
    all.clear();
    collect(a.failing, all);
    for (const auto& c : all)
        if (c.text == text) return c;
    BOOST_FAIL("no failing condition '" + text + "' in " + a.rule);
    throw std::logic_error("unreachable");
}

// No {0}-style placeholder left, and the two languages differ.
void check_both_languages(const Explanation& e) {
    const std::string nl = grondslag::render_explanation(e, Language::nl);
    const std::string en = grondslag::render_explanation(e, Language::en);
    const std::regex placeholder(R"(\{[0-9]+\})");
    BOOST_TEST(!std::regex_search(nl, placeholder), nl);
    BOOST_TEST(!std::regex_search(en, placeholder), en);
    BOOST_TEST(nl != en);
    BOOST_TEST(nl.find("Besluit: ") != std::string::npos);
    BOOST_TEST(en.find("Decision: ") != std::string::npos);
    // English sentences do not leak into the Dutch account, nor Dutch ones into the English.
    for (const char* word : {"Decided by", "Reason:", "What would have to change", "required", "Provisions in force",
                             "Five legal questions", "not reached", "not applicable"})
        BOOST_TEST(nl.find(word) == std::string::npos, word << " in nl:\n" << nl);
    for (const char* word : {"Beslist door", "Reden:", "Wat zou moeten veranderen", "vereist", "Bepalingen in werking",
                             "Stappenplan grondslag", "niet aan toegekomen", "niet van toepassing"})
        BOOST_TEST(en.find(word) == std::string::npos, word << " in en:\n" << en);
}

struct Fixture {
    grondslag::Policies policies = test_support::standard();
    Explanation explain(const json& r) {
        BOOST_REQUIRE(policies.ok());
        Explanation e = grondslag::explain(policies, r.dump());
        BOOST_REQUIRE_MESSAGE(e.ok, e.error_message);
        check_both_languages(e);
        return e;
    }
    json why_not(const json& r) {
        grondslag::DecideOptions options;
        options.why_not = true;
        grondslag::Decider d(policies, options);
        return test_support::decide(d, r);
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(explain, Fixture)

BOOST_AUTO_TEST_CASE(permit_names_the_rule_the_conditions_that_held_and_obligations) {
    const auto e = explain(request("2022-03-10", "dji", "gemeente", "dr_plan", {"onderdak"}, detained));
    BOOST_TEST(e.decision == "permit");
    const auto& item = e.items.at(0);
    BOOST_TEST(item.permit);
    BOOST_TEST(item.rule == "law.d.plan");
    BOOST_TEST(item.provision == "law.d");
    BOOST_TEST(item.basis == "law.6e");
    const auto& winner = rule(item, "law.d.plan");
    BOOST_TEST(winner.held.size() == 2u);
    for (const auto& c : winner.held) {
        BOOST_TEST(c.satisfied);
        BOOST_TEST(c.actual.value_or("") == "true");
    }
    BOOST_TEST(winner.held.at(0).text == "gedetineerd");
    // The consent regime's rule is a candidate out of its validity.
    BOOST_TEST((rule(item, "law.consent.ord").validity == RuleAnalysis::Validity::expired));
    BOOST_TEST(item.obligations.size() == 2u);
    BOOST_TEST(item.obligations.at(0).kind == "retain");
    BOOST_TEST(item.obligations.at(0).until.value_or("") == "2027-03-10");
    BOOST_TEST(item.obligations.at(1).actor->name == "reclassering");
    bool law_d_in_force = false, consent_not = false;
    for (const auto& p : item.provisions) {
        if (p.id == "law.d") law_d_in_force = p.in_force;
        if (p.id == "law.consent") consent_not = !p.in_force;
    }
    BOOST_TEST(law_d_in_force);
    BOOST_TEST(consent_not);
    const std::string en = grondslag::render_explanation(e, Language::en);
    BOOST_TEST(en.find("Decided by rule law.d.plan") != std::string::npos, en);
    BOOST_TEST(en.find("gedetineerd: required yes, given yes") != std::string::npos, en);
    BOOST_TEST(en.find("keep no longer than 2027-03-10") != std::string::npos, en);
    const std::string nl = grondslag::render_explanation(e, Language::nl);
    BOOST_TEST(nl.find("gedetineerd: vereist ja, opgegeven ja") != std::string::npos, nl);
}

BOOST_AUTO_TEST_CASE(a_secrecy_duty_names_its_provision_in_both_languages) {
    const auto e = explain(request("2022-03-10", "dji", "gemeente", "zorg", {"zorgtraject"}, {{"gedetineerd", true}, {"zorg_nodig", true}}));
    const auto& item = e.items.at(0);
    BOOST_TEST(item.permit);
    BOOST_REQUIRE(item.obligations.size() == 1u);
    BOOST_TEST(item.obligations.at(0).kind == "secrecy");
    BOOST_TEST(item.obligations.at(0).provision.value_or("") == "law.secret");
    BOOST_TEST(item.obligations.at(0).citation.value_or("") == "UAVG art. 30 lid 4");
    const std::string en = grondslag::render_explanation(e, Language::en);
    BOOST_TEST(en.find("the recipient keeps the data secret (UAVG art. 30 lid 4; law.secret)") != std::string::npos, en);
    const std::string nl = grondslag::render_explanation(e, Language::nl);
    BOOST_TEST(nl.find("de ontvanger houdt de gegevens geheim (UAVG art. 30 lid 4; law.secret)") != std::string::npos, nl);
}

BOOST_AUTO_TEST_CASE(the_kind_of_the_deciding_provision_is_named_in_both_languages) {
    const char* kinds = R"(module avg rank eu_verordening
basis avg.6.1.c kind art6 "legal obligation"
provision avg.plicht duty law "X" article "1" celex 32016R0679 valid from 2021-07-01
rule avg.plicht under avg.plicht permit onderdak from dji to reclassering for dr_plan basis avg.6.1.c
)";
    policies = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"avg.gsl", kinds}});
    const auto e = explain(request("2022-03-10", "dji", "reclassering", "dr_plan", {"onderdak"}, {{"gedetineerd", true}}));
    BOOST_TEST(e.items.at(0).provision_kind == "duty");
    const std::string en = grondslag::render_explanation(e, Language::en);
    BOOST_TEST(en.find("Kind of provision: duty (the sender must provide: AVG art. 6(1)(c)).") != std::string::npos, en);
    BOOST_TEST(en.find("(X art. 1; valid from 2021-07-01): duty") != std::string::npos, en);
    const std::string nl = grondslag::render_explanation(e, Language::nl);
    BOOST_TEST(nl.find("Aard van de bepaling: plicht (de verstrekker moet verstrekken: AVG art. 6 lid 1 onder c).") != std::string::npos, nl);
    // A provision that does not declare it gets no line.
    policies = test_support::standard();
    const auto plain = explain(request("2022-03-10", "dji", "gemeente", "dr_plan", {"onderdak"}, {{"gedetineerd", true}, {"noodzakelijk", true}}));
    BOOST_TEST(plain.items.at(0).provision_kind.empty());
    BOOST_TEST(grondslag::render_explanation(plain, Language::en).find("Kind of provision") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_five_legal_questions_in_both_languages) {
    policies = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws},
                                   {"j.gsl", "module j rank wet\nfact jeugdige: bool\n"}});
    // A permit of health data: grounds by their labels, the recipient's secrecy duty.
    const auto p = explain(request("2022-03-10", "dji", "gemeente", "zorg", {"zorgtraject"}, {{"gedetineerd", true}, {"zorg_nodig", true}}));
    const auto& item = p.items.at(0);
    BOOST_REQUIRE(item.questions.size() == 5u);
    BOOST_TEST(item.questions[1].status == "answered");
    BOOST_TEST(item.questions[1].grounds.at(0).name == "law.9g");
    std::string en = grondslag::render_explanation(p, Language::en);
    BOOST_TEST(en.find("   Five legal questions:\n") != std::string::npos, en);
    BOOST_TEST(en.find("1. Subject-matter law and GDPR ground (art. 6): answered — provision law.d (PM art. 20d lid 2); "
                       "ground: public task (law.6e)") != std::string::npos, en);
    BOOST_TEST(en.find("2. Special personal data and data of juveniles: answered — ground: substantial public interest (law.9g)") !=
                   std::string::npos, en);
    BOOST_TEST(en.find("3. Criminal personal data: not applicable") != std::string::npos, en);
    BOOST_TEST(en.find("5. Secrecy and duty or power to provide: answered — the provision does not say whether it obliges or "
                       "permits; the recipient's secrecy duty: UAVG art. 30 lid 4 (law.secret)") != std::string::npos, en);
    std::string nl = grondslag::render_explanation(p, Language::nl);
    BOOST_TEST(nl.find("   Stappenplan grondslag:\n") != std::string::npos, nl);
    BOOST_TEST(nl.find("1. Materiewet en AVG-grondslag: beantwoord") != std::string::npos, nl);
    BOOST_TEST(nl.find("2. Bijzondere persoonsgegevens en gegevens van jeugdigen: beantwoord") != std::string::npos, nl);
    BOOST_TEST(nl.find("3. Strafrechtelijke persoonsgegevens: niet van toepassing") != std::string::npos, nl);
    BOOST_TEST(nl.find("4. BSN en andere wettelijke nummers: niet van toepassing") != std::string::npos, nl);
    BOOST_TEST(nl.find("5. Geheimhouding en plicht of bevoegdheid tot verstrekken: beantwoord") != std::string::npos, nl);

    // Denies: the open question with its reason in the language, the others not reached or not applicable.
    const auto d = explain(request("2022-03-10", "dji", "gemeente", "dr_plan", {"zorgtraject", "onderdak", "identificerend"},
                                   {{"gedetineerd", true}}));
    en = grondslag::render_explanation(d, Language::en);
    nl = grondslag::render_explanation(d, Language::nl);
    BOOST_TEST(en.find("2. Special personal data and data of juveniles: open — forbidden by law.forbid9 (AVG art. 9 lid 1)") !=
                   std::string::npos, en);
    BOOST_TEST(nl.find("2. Bijzondere persoonsgegevens en gegevens van jeugdigen: open — verboden door law.forbid9 (AVG art. 9 lid 1)") !=
                   std::string::npos, nl);
    BOOST_TEST(en.find("1. Subject-matter law and GDPR ground (art. 6): open — the conditions of the provisions considered do "
                       "not hold; missing facts: noodzakelijk") != std::string::npos, en);
    BOOST_TEST(nl.find("1. Materiewet en AVG-grondslag: open — de voorwaarden van de overwogen bepalingen zijn niet vervuld; "
                       "ontbrekende feiten: noodzakelijk") != std::string::npos, nl);
    BOOST_TEST(en.find("1. Subject-matter law and GDPR ground (art. 6): open — no subject-matter law found for this flow") !=
                   std::string::npos, en);
    BOOST_TEST(nl.find("1. Materiewet en AVG-grondslag: open — geen materiewet gevonden voor deze verstrekking") != std::string::npos, nl);
    BOOST_TEST(en.find("5. Secrecy and duty or power to provide: not reached") != std::string::npos, en);
    BOOST_TEST(nl.find("5. Geheimhouding en plicht of bevoegdheid tot verstrekken: niet aan toegekomen") != std::string::npos, nl);
    const auto late = explain(request("2021-06-30", "gemeente", "dji", "dr_plan", {"onderdak"}, detained));
    BOOST_TEST(grondslag::render_explanation(late, Language::nl).find("open — geen bepaling in werking op 2021-06-30") != std::string::npos);

    // A juvenile: the second question answered for ordinary data, with the note on care.
    json facts = detained;
    facts["jeugdige"] = true;
    const auto j = explain(request("2022-03-10", "dji", "gemeente", "dr_plan", {"onderdak"}, facts));
    BOOST_TEST(j.items.at(0).questions.at(1).juvenile);
    BOOST_TEST(j.items.at(0).questions.at(1).status == "answered");
    BOOST_TEST(grondslag::render_explanation(j, Language::en)
                   .find("2. Special personal data and data of juveniles: answered — data of a juvenile: they merit specific "
                         "protection (GDPR recital 38)") != std::string::npos);
    BOOST_TEST(grondslag::render_explanation(j, Language::nl).find("(AVG overweging 38)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(deny_by_a_missing_fact_names_it) {
    const json r = request("2022-03-10", "dji", "gemeente", "dr_plan", {"onderdak"}, {{"gedetineerd", true}});
    const auto e = explain(r);
    const auto& item = e.items.at(0);
    BOOST_TEST(!item.permit);
    BOOST_TEST(item.reason == "conditions");
    const auto& c = failing(rule(item, "law.d.plan"), "noodzakelijk");
    BOOST_TEST((c.value == Truth::unknown));
    BOOST_TEST(!c.actual.has_value());
    BOOST_TEST(c.facts.at(0).fact.name == "noodzakelijk");
    BOOST_TEST(item.missing_facts.at(0).name == "noodzakelijk");
    // gedetineerd held, so it is not among the failing conditions.
    BOOST_TEST(rule(item, "law.d.plan").failing.size() == 1u);
    const json a = why_not(r);
    const json& w = a["items"][0]["why_not"];
    BOOST_TEST(w.size() == 2u);  // law.d.plan in force and the expired consent rule
    json plan;
    for (const auto& x : w)
        if (x["rule"] == "law.d.plan") plan = x;
    BOOST_TEST(plan["in_force"] == true);
    BOOST_TEST(plan["missing_facts"] == json::array({"noodzakelijk"}));
    BOOST_TEST(plan["failing"][0]["state"] == "unknown");
    BOOST_TEST(plan["failing"][0]["actual"].is_null());
    BOOST_TEST(plan["failing"][0]["expected"] == "true");
}

BOOST_AUTO_TEST_CASE(dutch_explanations_speak_dutch_not_the_rule_language) {
    // The shipped statutes: party conditions as sentences with the parties' labels, comparisons in words,
    // the basis by its label; none of the policy language's keywords.
    const auto policies = grondslag::Policies::load_directories({std::string(GRONDSLAG_SOURCE_DIR) + "/policies"});
    BOOST_REQUIRE(policies.ok());
    std::ifstream in(std::string(GRONDSLAG_SOURCE_DIR) + "/examples/dr_plan_partial.json");
    std::stringstream request;
    request << in.rdbuf();
    const auto e = grondslag::explain(policies, request.str());
    BOOST_REQUIRE(e.ok);
    const std::string nl = grondslag::render_explanation(e, Language::nl);
    BOOST_TEST(nl.find("de ontvanger is geen van: DJI") != std::string::npos, nl);
    BOOST_TEST(nl.find("; hier College van burgemeester en wethouders (gemeente)") != std::string::npos, nl);
    BOOST_TEST(nl.find("Grondslag: AVG art. 6 lid 1 onder e") != std::string::npos, nl);
    for (const char* keyword : {"not (", "recipient in", "sender in", "vereist not", "vereist waar", ">=", "<=", " in [", "known("})
        BOOST_TEST(nl.find(keyword) == std::string::npos, keyword);
    const std::string en = grondslag::render_explanation(e, Language::en);
    BOOST_TEST(en.find("the recipient is none of: ") != std::string::npos, en);
}

BOOST_AUTO_TEST_CASE(deny_by_a_wrong_fact_value_shows_expected_and_actual) {
    const auto e = explain(request("2022-03-10", "dji", "gemeente", "dr_plan", {"onderdak"}, {{"gedetineerd", false}, {"noodzakelijk", true}}));
    const auto& c = failing(rule(e.items.at(0), "law.d.plan"), "gedetineerd");
    BOOST_TEST((c.value == Truth::no));
    BOOST_TEST(c.expected == "true");
    BOOST_TEST(c.actual.value_or("") == "false");
    const std::string en = grondslag::render_explanation(e, Language::en);
    BOOST_TEST(en.find("gedetineerd: required yes, given no") != std::string::npos, en);
    const std::string nl = grondslag::render_explanation(e, Language::nl);
    BOOST_TEST(nl.find("gedetineerd: vereist ja, opgegeven nee") != std::string::npos, nl);
}

BOOST_AUTO_TEST_CASE(deny_by_consent_withdrawn_reports_the_date) {
    const json consents = {{"toestemmingen", json::array({{{"categorie", "onderdak"}, {"gegeven", "2020-01-01"}, {"ingetrokken", "2020-05-20"}}})}};
    const json r = request("2020-06-01", "dji", "gemeente", "dr_plan", {"onderdak"}, consents);
    const auto e = explain(r);
    const auto& item = e.items.at(0);
    BOOST_TEST(!item.permit);
    const auto& c = failing(rule(item, "law.consent.ord"), "consent");
    BOOST_TEST(c.consent_state == "withdrawn");
    BOOST_TEST(c.consent_date.value_or("") == "2020-05-20");
    BOOST_TEST(c.consent_category->name == "onderdak");
    // PM 20d is a candidate too, not yet in force.
    BOOST_TEST(rule(item, "law.d.plan").first_date.value_or("") == "2021-07-01");
    const std::string en = grondslag::render_explanation(e, Language::en);
    BOOST_TEST(en.find("consent for onderdak: required; state: withdrawn on 2020-05-20") != std::string::npos, en);
    const std::string nl = grondslag::render_explanation(e, Language::nl);
    BOOST_TEST(nl.find("ingetrokken op 2020-05-20") != std::string::npos, nl);
    const json a = why_not(r);
    json consent_rule;
    for (const auto& x : a["items"][0]["why_not"])
        if (x["rule"] == "law.consent.ord") consent_rule = x;
    BOOST_TEST(consent_rule["consent"] == json::parse(R"([{"category":"onderdak","explicit":false,"state":"withdrawn","date":"2020-05-20"}])"));
}

BOOST_AUTO_TEST_CASE(an_older_record_ended_by_a_later_withdrawal_is_reported_withdrawn) {
    const json consents = {{"toestemmingen", json::array({{{"categorie", "onderdak"}, {"gegeven", "2020-01-01"}, {"ingetrokken", nullptr}},
                                                          {{"categorie", "onderdak"}, {"gegeven", "2020-03-01"}, {"ingetrokken", "2020-05-20"}}})}};
    const auto e = explain(request("2020-06-01", "dji", "gemeente", "dr_plan", {"onderdak"}, consents));
    const auto& item = e.items.at(0);
    BOOST_TEST(!item.permit);
    const auto& c = failing(rule(item, "law.consent.ord"), "consent");
    BOOST_TEST(c.consent_state == "withdrawn");
    BOOST_TEST(c.consent_date.value_or("") == "2020-05-20");
}

BOOST_AUTO_TEST_CASE(deny_before_a_provision_applies_reports_the_start) {
    const auto e = explain(request("2018-06-01", "dji", "gemeente", "dr_plan", {"onderdak"}, detained));
    const auto& item = e.items.at(0);
    BOOST_TEST(item.reason == "not_in_force");
    BOOST_TEST(item.earliest_start.value_or("") == "2019-05-01");
    BOOST_TEST((rule(item, "law.d.plan").validity == RuleAnalysis::Validity::not_yet));
    BOOST_TEST(rule(item, "law.d.plan").first_date.value_or("") == "2021-07-01");
    BOOST_TEST(rule(item, "law.consent.ord").first_date.value_or("") == "2019-05-01");
    const std::string en = grondslag::render_explanation(e, Language::en);
    BOOST_TEST(en.find("the provision applies only from 2021-07-01") != std::string::npos, en);
    BOOST_TEST(en.find("it would apply from 2019-05-01 at the earliest") != std::string::npos, en);
    const std::string nl = grondslag::render_explanation(e, Language::nl);
    BOOST_TEST(nl.find("de bepaling geldt pas vanaf 2021-07-01") != std::string::npos, nl);
}

BOOST_AUTO_TEST_CASE(three_month_window_reports_the_first_date) {
    const json r = request("2023-01-01", "dji", "burgemeester", "openbare_orde", {"identificerend"},
                           {{"verwachte_terugkeer", "2023-07-01"}, {"veroordeling", {{"soort", "tbs"}}}});
    const auto e = explain(r);
    const auto& item = e.items.at(0);
    BOOST_TEST(!item.permit);
    const auto& bij = rule(item, "law.bij");
    const auto& c = failing(bij, "date >= verwachte_terugkeer - 3 months");
    BOOST_TEST(c.from.value_or("") == "2023-04-01");
    BOOST_TEST(c.expected == ">= 2023-04-01");
    BOOST_TEST(c.actual.value_or("") == "2023-01-01");
    BOOST_TEST(bij.first_date.value_or("") == "2023-04-01");
    // In words, as the register says the condition, with the date it is held against on this request.
    BOOST_TEST(c.compared_with.value_or("") == "2023-04-01");
    BOOST_TEST(c.words_nl.find("de datum van het verzoek ligt op of na ") == 0u, c.words_nl);
    BOOST_TEST(c.words_nl.find(" min 3 maanden") != std::string::npos, c.words_nl);
    BOOST_TEST(c.words_en.find("the request date is on or after ") == 0u, c.words_en);
    const std::string nl = grondslag::render_explanation(e, Language::nl);
    BOOST_TEST(nl.find(c.words_nl + " (bij dit verzoek 2023-04-01); hier 2023-01-01; geldt vanaf 2023-04-01") != std::string::npos, nl);
    BOOST_TEST(nl.find(">=") == std::string::npos, nl);
    // On the first date, it permits.
    const auto later = explain(request("2023-04-01", "dji", "burgemeester", "openbare_orde", {"identificerend"},
                                       {{"verwachte_terugkeer", "2023-07-01"}, {"veroordeling", {{"soort", "tbs"}}}}));
    BOOST_TEST(later.items.at(0).permit);
    const json a = why_not(r);
    BOOST_TEST(a["items"][0]["why_not"][0]["first_date"] == "2023-04-01");
    BOOST_TEST(a["items"][0]["why_not"][0]["failing"][0]["from"] == "2023-04-01");
}

BOOST_AUTO_TEST_CASE(disjunctions_give_alternatives) {
    // The BIJ rule needs one of: tbs, a listed article, or at least 12 months.
    const auto e = explain(request("2023-05-01", "dji", "burgemeester", "openbare_orde", {"identificerend"},
                                   {{"verwachte_terugkeer", "2023-07-01"},
                                    {"veroordeling", {{"soort", "vrijheidsstraf"}, {"maanden", 6}, {"artikelen", {"310"}}}}}));
    const auto& bij = rule(e.items.at(0), "law.bij");
    BOOST_REQUIRE(bij.failing.size() == 1u);
    BOOST_TEST(!bij.failing[0].check.has_value());
    BOOST_TEST(bij.failing[0].any_of.size() == 3u);
    const auto& months = failing(bij, "veroordeling.maanden >= 12");
    BOOST_TEST(months.actual.value_or("") == "6");
    const std::string en = grondslag::render_explanation(e, Language::en);
    BOOST_TEST(en.find("one of the following") != std::string::npos, en);
}

BOOST_AUTO_TEST_CASE(forbid_lifted_by_an_exception) {
    const auto e = explain(request("2022-03-10", "dji", "gemeente", "zorg", {"zorgtraject"}, {{"gedetineerd", true}, {"zorg_nodig", true}}));
    const auto& item = e.items.at(0);
    BOOST_TEST(item.permit);
    BOOST_TEST(item.rule == "law.d.zorg");
    BOOST_REQUIRE(item.exceptions.size() == 1u);
    BOOST_TEST(item.exceptions[0].first == "law.d.zorg");
    BOOST_TEST(item.exceptions[0].second == "law.forbid9");
    BOOST_TEST(rule(item, "law.d.zorg").lifts == std::vector<std::string>{"law.forbid9"});
    const std::string en = grondslag::render_explanation(e, Language::en);
    BOOST_TEST(en.find("law.d.zorg is declared an exception to the forbid law.forbid9") != std::string::npos, en);
}

BOOST_AUTO_TEST_CASE(forbid_that_blocks_is_named) {
    policies = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws},
                                   {"x.gsl", "module x rank wet\nprovision x.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                                             "rule x.zorg under x.p permit zorgtraject from dji to gemeente for dr_plan when gedetineerd basis law.6e, law.9g\n"}});
    const json r = request("2022-03-10", "dji", "gemeente", "dr_plan", {"zorgtraject"}, {{"gedetineerd", false}});
    const auto e = explain(r);
    const auto& item = e.items.at(0);
    BOOST_TEST(!item.permit);
    BOOST_TEST(item.reason == "forbidden");
    BOOST_TEST(item.rule == "law.forbid9");
    const auto& x = rule(item, "x.zorg");
    BOOST_TEST(x.blocked_by == std::vector<std::string>{"law.forbid9"});
    BOOST_TEST(failing(x, "gedetineerd").actual.value_or("") == "false");
    const std::string en = grondslag::render_explanation(e, Language::en);
    BOOST_TEST(en.find("the forbid law.forbid9 would still block it") != std::string::npos, en);
    BOOST_TEST(en.find("Forbid law.forbid9") != std::string::npos, en);
    const json a = why_not(r);
    BOOST_TEST(a["items"][0]["why_not"][0]["blocked_by"] == json::array({"law.forbid9"}));
}

BOOST_AUTO_TEST_CASE(no_candidate_says_nothing_short_of_another_request) {
    const auto e = explain(request("2022-03-10", "gemeente", "burgemeester", "openbare_orde", {"identificerend"}));
    BOOST_TEST(e.items.at(0).reason == "no_rule");
    const json a = why_not(request("2022-03-10", "gemeente", "burgemeester", "openbare_orde", {"identificerend"}));
    BOOST_TEST(a["items"][0]["why_not"] == json::array());
}

BOOST_AUTO_TEST_CASE(malformed_request_is_an_error_not_an_explanation) {
    const auto e = grondslag::explain(policies, R"({"date":"2022-03-10","sender":"nobody"})");
    BOOST_TEST(!e.ok);
    BOOST_TEST(e.error_path == "/sender");
    const std::string nl = grondslag::render_explanation(e, Language::nl);
    BOOST_TEST(nl.find("Het verzoek is onjuist") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// An explanation's five legal questions in the contract's JSON form: the answer's "questions" must be this.
json questions_json(const ItemExplanation& item) {
    json out = json::array();
    auto names = [](const std::vector<grondslag::Labelled>& items) {
        json a = json::array();
        for (const auto& l : items) a.push_back(l.name);
        return a;
    };
    for (const auto& q : item.questions) {
        json o = {{"question", q.question}, {"status", q.status}};
        if (q.status == "answered") {
            if (q.question == "subject_law") {
                o["provision"] = q.provision;
                o["citation"] = q.citation;
                o["grounds"] = names(q.grounds);
            } else if (q.question == "provision_duty") {
                if (!q.kind.empty()) o["kind"] = q.kind;
                o["secrecy"] = json::array();
                for (const auto& [provision, citation] : q.secrecy)
                    o["secrecy"].push_back({{"provision", provision}, {"citation", citation}});
                o["notify"] = names(q.notify);
            } else {
                o["grounds"] = names(q.grounds);
            }
        } else if (q.status == "open") {
            o["reason"] = q.reason;
            if (!q.rule.empty()) {
                o["rule"] = q.rule;
                o["provision"] = q.provision;
            }
            if (item.reason == "conditions") o["missing_facts"] = names(q.missing_facts);
        }
        if (q.juvenile) o["juvenile"] = true;
        out.push_back(o);
    }
    return out;
}

// Each corpus case: the explanation's per-item decision, rule and missing facts equal decide's, every
// rule's three-valued condition equals the evaluator's, and the answer with why_not is the default
// answer plus why_not arrays.
std::size_t check_corpus(const grondslag::Policies& policies, const std::string& dir) {
    const grondslag::ir::PolicySet& set = compiled_form(policies);
    grondslag::Decider decider(policies);
    grondslag::DecideOptions with_why;
    with_why.why_not = true;
    grondslag::Decider why(policies, with_why);
    grondslag::RequestDecoder decoder(set);
    grondslag::Evaluator evaluator(set);
    std::size_t cases = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path());
        const json doc = json::parse(in);
        for (const auto& c : doc["cases"]) {
            ++cases;
            const std::string text = c["request"].dump();
            const std::string name = c.value("name", "?");
            std::string plain, with;
            decider.decide_json(text, plain);
            why.decide_json(text, with);
            const json answer = json::parse(plain);
            json stripped = json::parse(with);
            for (auto& item : stripped["items"]) item.erase("why_not");
            BOOST_TEST(stripped == json::parse(plain), name);
            const Explanation e = grondslag::explain(policies, text);
            BOOST_TEST_REQUIRE(e.ok, name);
            BOOST_TEST(e.decision == answer["decision"].get<std::string>(), name);
            BOOST_TEST_REQUIRE(e.items.size() == answer["items"].size(), name);
            for (std::size_t i = 0; i < e.items.size(); ++i) {
                const json& got = answer["items"][i];
                const ItemExplanation& item = e.items[i];
                BOOST_TEST(item.category.name == got["data"].get<std::string>(), name);
                BOOST_TEST((item.permit ? "permit" : "deny") == got["decision"].get<std::string>(), name << " " << item.category.name);
                BOOST_TEST(item.rule == got.value("rule", ""), name << " " << item.category.name);
                BOOST_TEST(item.provision == got.value("provision", ""), name << " " << item.category.name);
                std::vector<std::string> missing;
                for (const auto& f : item.missing_facts) missing.push_back(f.name);
                BOOST_TEST(json(missing) == got.value("missing_facts", json::array()), name << " " << item.category.name);
                // The five legal questions: the same statuses, reasons, grounds and obligations as the answer's.
                BOOST_TEST(questions_json(item) == got.at("questions"), name << " " << item.category.name);
                if (!item.permit) BOOST_TEST(json::parse(with)["items"][i].contains("why_not"), name);
            }
            grondslag::Request r;
            grondslag::RequestError error;
            BOOST_TEST_REQUIRE(decoder.decode(text, r, error), name);
            for (std::size_t i = 0; i < r.items.size(); ++i) {
                for (const auto& a : e.items[i].rules) {
                    const int id = set.rule_ids.at(a.rule);
                    const int cond = set.rules[id].condition;
                    const auto t = cond < 0 ? grondslag::Tri::yes : evaluator.condition(cond, r, r.items[i]);
                    const Truth want = t == grondslag::Tri::yes ? Truth::yes : t == grondslag::Tri::no ? Truth::no : Truth::unknown;
                    BOOST_TEST((a.value == want), name << " " << a.rule);
                }
            }
            check_both_languages(e);
        }
    }
    return cases;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(explain_agrees_with_decide)

BOOST_AUTO_TEST_CASE(explanation_agrees_with_decide_on_every_corpus_case) {
    const std::string root = GRONDSLAG_SOURCE_DIR;
    const auto shipped = grondslag::Policies::load_directories({root + "/policies"});
    BOOST_REQUIRE(shipped.ok());
    BOOST_TEST(check_corpus(shipped, root + "/corpus") > 50u);
    const auto amsterdam = grondslag::Policies::load_directories({root + "/policies", root + "/examples/amsterdam/policies"});
    BOOST_REQUIRE(amsterdam.ok());
    BOOST_TEST(check_corpus(amsterdam, root + "/examples/amsterdam/corpus") > 0u);
}

namespace {

Truth truth_of(grondslag::Tri t) { return t == grondslag::Tri::yes ? Truth::yes : t == grondslag::Tri::no ? Truth::no : Truth::unknown; }

const char* reason_of(grondslag::DenyReason r) {
    switch (r) {
        case grondslag::DenyReason::forbidden: return "forbidden";
        case grondslag::DenyReason::no_candidate: return "no_rule";
        case grondslag::DenyReason::not_in_force: return "not_in_force";
        case grondslag::DenyReason::conditions: return "conditions";
        case grondslag::DenyReason::none: break;
    }
    return "";
}

// What the tests below found, so that they can require that every part was reached.
struct Reached {
    std::size_t items = 0, permits = 0, forbidden = 0, conditions = 0, checks = 0, unknown_checks = 0, lifted = 0;
};

// One decoded request: every item's explanation against the evaluator. The verdict, deciding rule, deny
// reason, earliest start and missing facts equal Evaluator::decide's; per candidate rule its value is
// Evaluator::condition's, it applies as evaluator.hpp states (in force, and a permit's condition yes / a
// forbid's not no), and the applicable forbids split into those it lifts and those that block it; every
// ConditionCheck is one the walk described, and the value of every condition described is the evaluator's
// value of its node.
void check_against_evaluator(const grondslag::ir::PolicySet& set, const grondslag::Request& r, const std::string& name,
                             Reached& reached) {
    grondslag::Evaluator evaluator(set);
    grondslag::Decision decision;
    evaluator.decide(r, decision);
    BOOST_TEST_REQUIRE(decision.items.size() == r.items.size(), name);
    for (std::size_t i = 0; i < r.items.size(); ++i) {
        const std::uint16_t category = r.items[i];
        const grondslag::ItemResult& result = decision.items[i];
        std::vector<grondslag::DescribedCondition> described;
        const ItemExplanation item = grondslag::analyse_item(set, r, category, &described);
        const std::string where = name + " " + set.categories[category].name;
        ++reached.items;
        const bool permit = result.verdict == grondslag::Verdict::permit;
        reached.permits += permit;
        reached.forbidden += result.reason == grondslag::DenyReason::forbidden;
        reached.conditions += result.reason == grondslag::DenyReason::conditions;
        BOOST_TEST(item.permit == permit, where);
        BOOST_TEST(item.rule == (result.rule >= 0 ? set.rules[result.rule].id : std::string()), where);
        BOOST_TEST(item.reason == (permit ? "" : reason_of(result.reason)), where);
        const std::optional<std::string> earliest =
            !permit && result.later_start ? std::optional<std::string>(grondslag::format_date(result.in_force_from)) : std::nullopt;
        BOOST_TEST((item.earliest_start == earliest), where);
        std::vector<std::string> missing, decided_missing;
        for (const auto& f : item.missing_facts) missing.push_back(f.name);
        for (std::uint32_t k = result.missing_begin; k < result.missing_end; ++k) decided_missing.push_back(set.facts[decision.missing[k]].name);
        BOOST_TEST(missing == decided_missing, where);

        std::vector<std::string> applicable_forbids;
        for (const auto& a : item.rules) {
            const grondslag::ir::Rule& rule = set.rules[set.rule_ids.at(a.rule)];
            const auto t = rule.condition < 0 ? grondslag::Tri::yes : evaluator.condition(rule.condition, r, category);
            BOOST_TEST((a.value == truth_of(t)), where << " " << a.rule);
            const bool in_force = r.date >= rule.from && r.date <= rule.until;
            BOOST_TEST((a.validity == RuleAnalysis::Validity::in_force) == in_force, where << " " << a.rule);
            const bool applies = in_force && (a.permit ? t == grondslag::Tri::yes : t != grondslag::Tri::no);
            BOOST_TEST(a.applies == applies, where << " " << a.rule);
            if (!a.permit && applies) applicable_forbids.push_back(a.rule);
        }
        for (const auto& a : item.rules) {
            if (!a.permit) continue;
            const int p = set.rule_ids.at(a.rule);
            std::vector<std::string> lifts, blocked_by;
            for (const auto& f : applicable_forbids) {
                const int fi = set.rule_ids.at(f);
                (set.rule_excepts(p, fi) && !set.rule_excepts(fi, p) ? lifts : blocked_by).push_back(f);
            }
            BOOST_TEST(a.lifts == lifts, where << " " << a.rule);
            BOOST_TEST(a.blocked_by == blocked_by, where << " " << a.rule);
            reached.lifted += a.lifts.size();
            if (permit && a.rule == item.rule) BOOST_TEST(a.blocked_by.empty(), where);
        }

        for (const auto& d : described) {
            BOOST_TEST((d.value == truth_of(evaluator.condition(d.node, r, category))), where << " " << d.rule << ": " << d.text);
            ++reached.checks;
            reached.unknown_checks += d.value == Truth::unknown;
        }
        for (const auto& a : item.rules) {
            std::vector<ConditionCheck> checks = a.held;
            collect(a.failing, checks);
            for (const auto& c : checks) {
                const bool found = std::any_of(described.begin(), described.end(), [&](const grondslag::DescribedCondition& d) {
                    return d.rule == a.rule && d.text == c.text && d.wanted == c.wanted && d.value == c.value;
                });
                BOOST_TEST(found, where << " " << a.rule << ": " << c.text);
                BOOST_TEST(c.satisfied == (c.value == (c.wanted ? Truth::yes : Truth::no)), where << " " << a.rule << ": " << c.text);
            }
        }
    }
}

void check_corpus_against_evaluator(const grondslag::Policies& policies, const std::string& dir, Reached& reached) {
    const grondslag::ir::PolicySet& set = compiled_form(policies);
    grondslag::RequestDecoder decoder(set);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path());
        const json doc = json::parse(in);
        for (const auto& c : doc["cases"]) {
            grondslag::Request r;
            grondslag::RequestError error;
            BOOST_TEST_REQUIRE(decoder.decode(c["request"].dump(), r, error), c.value("name", "?"));
            check_against_evaluator(set, r, c.value("name", "?"), reached);
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(explanations_take_every_value_and_the_decision_from_the_evaluator_on_the_corpus) {
    const std::string root = GRONDSLAG_SOURCE_DIR;
    const auto shipped = grondslag::Policies::load_directories({root + "/policies"});
    BOOST_REQUIRE(shipped.ok());
    Reached reached;
    check_corpus_against_evaluator(shipped, root + "/corpus", reached);
    const auto amsterdam = grondslag::Policies::load_directories({root + "/policies", root + "/examples/amsterdam/policies"});
    BOOST_REQUIRE(amsterdam.ok());
    check_corpus_against_evaluator(amsterdam, root + "/examples/amsterdam/corpus", reached);
    BOOST_TEST(reached.items > 100u);
    BOOST_TEST(reached.permits > 10u);
    BOOST_TEST(reached.forbidden > 10u);
    BOOST_TEST(reached.conditions > 10u);
    BOOST_TEST(reached.checks > 100u);
    BOOST_TEST(reached.unknown_checks > 10u);
    BOOST_TEST(reached.lifted > 10u);
}

BOOST_AUTO_TEST_CASE(explanations_take_every_value_and_the_decision_from_the_evaluator_on_random_requests) {
    const std::string root = GRONDSLAG_SOURCE_DIR;
    for (const auto& dirs : {std::vector<std::string>{root + "/policies"},
                             std::vector<std::string>{root + "/policies", root + "/examples/amsterdam/policies"}}) {
        const auto policies = grondslag::Policies::load_directories(dirs);
        BOOST_REQUIRE(policies.ok());
        const grondslag::ir::PolicySet& set = compiled_form(policies);
        test_support::Generator generator(set, 23);
        grondslag::Request r;
        Reached reached;
        for (int i = 0; i < 1500; ++i) {
            generator.make(r);
            check_against_evaluator(set, r, "random request " + std::to_string(i), reached);
        }
        BOOST_TEST(reached.permits > 20u, reached.permits);
        BOOST_TEST(reached.forbidden > 20u, reached.forbidden);
        BOOST_TEST(reached.conditions > 20u, reached.conditions);
        BOOST_TEST(reached.unknown_checks > 20u, reached.unknown_checks);
        BOOST_TEST(reached.lifted > 20u, reached.lifted);
    }
}

// The five legal questions on random requests (juveniles among them: the shipped set declares jeugdige):
// the answer written from its fragments states what the explanation of each item states.
BOOST_AUTO_TEST_CASE(the_answer_and_the_explanation_state_the_same_questions_on_random_requests) {
    const std::string root = GRONDSLAG_SOURCE_DIR;
    const auto policies = grondslag::Policies::load_directories({root + "/policies"});
    BOOST_REQUIRE(policies.ok());
    const grondslag::ir::PolicySet& set = compiled_form(policies);
    const grondslag::AnswerFragments fragments(set);
    BOOST_REQUIRE(fragments.juvenile_slot >= 0);
    grondslag::Evaluator evaluator(set);
    test_support::Generator generator(set, 29);
    grondslag::Request r;
    grondslag::Decision d;
    std::set<std::string> seen;
    for (int i = 0; i < 1500; ++i) {
        generator.make(r);
        evaluator.decide(r, d);
        std::string text;
        grondslag::write_answer(fragments, r, d, grondslag::AnswerOptions{}, text);
        const json answer = json::parse(text);
        for (std::size_t k = 0; k < r.items.size(); ++k) {
            const ItemExplanation item = grondslag::analyse_item(set, r, r.items[k]);
            const json& got = answer["items"][k].at("questions");
            BOOST_TEST(questions_json(item) == got, "random request " << i << " item " << k << ": " << text);
            for (const auto& q : got) {
                seen.insert(q["question"].get<std::string>() + " " + q["status"].get<std::string>());
                if (q.contains("juvenile")) seen.insert("juvenile " + q["status"].get<std::string>());
            }
        }
    }
    for (const char* reached : {"subject_law answered", "subject_law open", "subject_law not_reached", "special_data answered",
                                "special_data open", "criminal_data answered", "criminal_data open", "legal_number answered",
                                "legal_number open", "provision_duty answered", "provision_duty not_reached",
                                "juvenile answered", "juvenile not_reached"})
        BOOST_TEST(seen.count(reached) == 1u, reached);
}

BOOST_AUTO_TEST_SUITE_END()
