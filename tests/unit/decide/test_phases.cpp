// Phases of a purpose's work process: declared within the purpose, named by a request, limiting rules,
// and proven minimal per phase. The decoder, the evaluator and the verifier read the same phase slot.
#include <boost/test/unit_test.hpp>

#include "grondslag/docgen.hpp"
#include "grondslag/explain.hpp"
#include "grondslag/typed_request.hpp"
#include "grondslag/verify.hpp"
#include "support.hpp"

using nlohmann::json;

namespace {

const char* vocabulary = R"(module voc rank wet
actor dji
actor gemeente
actor zvh
actor reclassering
category identificerend class ORD
category onderdak class ORD
category schulden class ORD
purpose zvh needs identificerend, onderdak, schulden recipients zvh, gemeente, reclassering
  phase aanmelding "Aanmelding" / "Registration" needs identificerend recipients zvh
  phase verzameling needs identificerend, onderdak, schulden recipients zvh, gemeente, reclassering
  phase afgesloten needs identificerend recipients zvh
purpose dr_plan needs onderdak recipients gemeente
fact noodzakelijk: bool
)";

const std::string law = R"(module law rank wet
basis law.6e kind art6 "public task"
provision law.p law "WGS" article "2.31" bwb BWBR0049962 valid from 2021-01-01
rule law.aanmelding under law.p permit identificerend from dji to zvh for zvh phase aanmelding basis law.6e
rule law.verzameling under law.p permit identificerend, onderdak, schulden from dji to zvh, gemeente, reclassering
  for zvh phase verzameling when noodzakelijk basis law.6e
rule law.afgesloten under law.p forbid any data from anyone to anyone for zvh phase afgesloten prevails
rule law.plan under law.p permit onderdak from dji to gemeente for dr_plan basis law.6e
)";

grondslag::Policies load(const std::string& rules = law) {
    return test_support::load({{"voc.gsl", vocabulary}, {"law.gsl", rules}});
}

json ask(const std::string& phase, std::vector<std::string> data, const std::string& recipient = "zvh",
         const std::string& purpose = "zvh") {
    json r = test_support::request("2024-01-01", "dji", recipient, purpose, std::move(data), {{"noodzakelijk", true}});
    if (!phase.empty()) r["phase"] = phase;
    return r;
}

std::string diagnostics(const std::string& rules) {
    const auto p = load(rules);
    BOOST_TEST(!p.ok());
    return p.render_diagnostics();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(phases)

BOOST_AUTO_TEST_CASE(a_permit_limited_to_a_phase_decides_only_requests_naming_it) {
    grondslag::Decider d(load());
    json a = test_support::decide(d, ask("verzameling", {"onderdak"}));
    BOOST_TEST(a["items"][0]["decision"] == "permit");
    BOOST_TEST(a["items"][0]["rule"] == "law.verzameling");
    a = test_support::decide(d, ask("aanmelding", {"onderdak"}));
    BOOST_TEST(a["items"][0]["decision"] == "deny");
    // Without a phase the permit's limit is unknown: a deny that names the missing phase.
    a = test_support::decide(d, ask("", {"onderdak"}));
    BOOST_TEST(a["items"][0]["decision"] == "deny");
    BOOST_TEST(a["items"][0]["cause"] == "conditions");
    BOOST_TEST(a["items"][0]["missing_facts"] == json::array({"phase"}));
}

BOOST_AUTO_TEST_CASE(a_forbid_limited_to_a_phase_speaks_only_where_the_request_names_it) {
    grondslag::Decider d(load());
    json a = test_support::decide(d, ask("afgesloten", {"identificerend"}));
    BOOST_TEST(a["items"][0]["decision"] == "deny");
    BOOST_TEST(a["items"][0]["rule"] == "law.afgesloten");
    // A purpose without phases, and a request without one: the phase's forbid is not there.
    a = test_support::decide(d, ask("", {"onderdak"}, "gemeente", "dr_plan"));
    BOOST_TEST(a["items"][0]["decision"] == "permit");
}

BOOST_AUTO_TEST_CASE(a_phase_outside_the_requests_purpose_is_an_error_at_its_path) {
    grondslag::Decider d(load());
    json a = test_support::decide(d, ask("toets", {"identificerend"}));
    BOOST_TEST(a["decision"] == "deny");
    BOOST_TEST(a["error"]["path"] == "/phase");
    BOOST_TEST(a["error"]["message"] == "purpose 'zvh' has no phase 'toets'; its phases are aanmelding, verzameling, afgesloten");
    a = test_support::decide(d, ask("aanmelding", {"onderdak"}, "gemeente", "dr_plan"));
    BOOST_TEST(a["error"]["message"] == "purpose 'dr_plan' is not divided into phases");
    json r = ask("", {"onderdak"});
    r["facts"]["phase"] = "aanmelding";  // the request's own field, not a fact
    a = test_support::decide(d, r);
    BOOST_TEST(a["error"]["path"] == "/facts/phase");
    r = ask("", {"onderdak"});
    r["phase"] = 3;
    BOOST_TEST(test_support::decide(d, r)["error"]["message"] == "the phase is a string");
}

BOOST_AUTO_TEST_CASE(the_checker_holds_phases_within_their_purpose) {
    std::string voc = vocabulary;
    voc.replace(voc.find("needs identificerend recipients zvh\n  phase verzameling"), 35,
                "needs identificerend, bsn recipients zvh, dji");
    const auto p = test_support::load({{"voc.gsl", voc}, {"law.gsl", law}});
    BOOST_TEST(!p.ok());
    const std::string d = p.render_diagnostics();
    BOOST_TEST(d.find("unknown data category 'bsn'") != std::string::npos, d);
    BOOST_TEST(d.find("error[E125]: phase 'aanmelding' names recipient 'dji', which purpose 'zvh' does not list") != std::string::npos, d);
    std::string rules = law;
    rules.replace(rules.find("phase aanmelding basis"), 16, "phase toets");
    BOOST_TEST(diagnostics(rules).find("error[E126]: unknown phase 'toets' of purpose 'zvh'; its phases are aanmelding, "
                                       "verzameling, afgesloten") != std::string::npos);
    rules = law + "rule law.twee under law.p permit onderdak from dji to gemeente for zvh, dr_plan phase verzameling basis law.6e\n";
    BOOST_TEST(diagnostics(rules).find("error[E126]: a rule limited to phases names exactly one purpose") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_lower_module_cannot_use_a_phase_to_set_aside_a_higher_forbid) {
    // The phase's forbid of a formal law, without `prevails`, so only the hierarchy of norms stands in the way.
    std::string rules = law;
    rules.replace(rules.find(" prevails\n"), 10, "\n");
    const auto p = test_support::load({{"voc.gsl", vocabulary},
                                       {"law.gsl", rules},
                                       {"gem.gsl", R"(module gem rank gemeentelijke_verordening
provision gem.p law "Verordening" article "3" cvdr CVDR123 valid from 2021-01-01
rule gem.r under gem.p permit identificerend from dji to zvh for zvh phase afgesloten basis law.6e except law.afgesloten
)"}});
    BOOST_TEST(!p.ok());
    const std::string d = p.render_diagnostics();
    BOOST_TEST(d.find("error[E119]: rule 'gem.r' cannot set aside forbid 'law.afgesloten'") != std::string::npos, d);
    // Nor can another module add phases to a purpose it does not own: `extend purpose` takes none.
    const auto q = test_support::load({{"voc.gsl", vocabulary},
                                       {"law.gsl", law},
                                       {"gem.gsl", "module gem rank gemeentelijke_verordening\n"
                                                   "extend purpose zvh phase eigen needs onderdak recipients gemeente\n"}});
    BOOST_TEST(!q.ok());
    BOOST_TEST(q.render_diagnostics().find("error[E001]") != std::string::npos, q.render_diagnostics());
}

BOOST_AUTO_TEST_CASE(verify_proves_minimality_per_phase_and_finds_a_permit_that_reaches_too_far) {
    auto report = grondslag::verify(load());
    BOOST_TEST(report.findings.empty());
    std::size_t phases = 0;
    for (const auto& p : report.purposes)
        if (p.purpose == "zvh" && p.phase == "verzameling") {
            ++phases;
            BOOST_TEST(p.reachable_categories == (std::vector<std::string>{"identificerend", "onderdak", "schulden"}));
        } else if (p.phase == "afgesloten") {
            ++phases;
            BOOST_TEST(p.reachable_categories.empty());  // the closed case is shielded
        }
    BOOST_TEST(phases == 2u);
    // A permit of the purpose without a phase reaches every phase.
    const auto wide = load(law + "rule law.altijd under law.p permit onderdak from dji to gemeente for zvh basis law.6e\n");
    report = grondslag::verify(wide);
    std::size_t found = 0;
    for (const auto& f : report.findings) {
        if (f.property != "minimality-phase") continue;
        ++found;
        BOOST_TEST(f.witness["phase"] == "aanmelding");
        grondslag::Decider d(wide);
        BOOST_TEST(test_support::decide(d, f.witness)["items"][0]["decision"] == "permit");  // the witness replays
    }
    BOOST_TEST(found == 2u);  // onderdak and gemeente, in phase aanmelding
}

BOOST_AUTO_TEST_CASE(explain_and_the_register_name_the_phase) {
    const auto p = load();
    const auto e = grondslag::explain(p, ask("aanmelding", {"identificerend"}).dump());
    BOOST_REQUIRE(e.phase.has_value());
    BOOST_TEST(e.phase->name == "aanmelding");
    const std::string nl = grondslag::render_explanation(e, grondslag::Language::nl);
    BOOST_TEST(nl.find(", fase: Aanmelding (aanmelding).") != std::string::npos, nl);
    const std::string en = grondslag::render_explanation(e, grondslag::Language::en);
    BOOST_TEST(en.find(", phase: Registration (aanmelding).") != std::string::npos, en);
    grondslag::docgen::DocOptions o;
    o.as_of = "2024-01-01";
    o.lang = grondslag::docgen::Lang::en;
    const auto reg = grondslag::docgen::build_register(p, o);
    bool activity = false, prohibition = false;
    for (const auto& section : reg.sections) {
        for (const auto& a : section.activities)
            if (a.rule == "law.aanmelding") {
                activity = true;
                BOOST_REQUIRE(a.purposes.size() == 1u);
                BOOST_TEST(a.purposes[0].label.find("(only in the phase(s): Registration)") != std::string::npos, a.purposes[0].label);
            }
        for (const auto& f : section.prohibitions)
            if (f.rule == "law.afgesloten") {
                prohibition = true;
                BOOST_TEST(f.summary.find("(only in the phase(s): afgesloten)") != std::string::npos, f.summary);
            }
    }
    BOOST_TEST(activity);
    BOOST_TEST(prohibition);
}

BOOST_AUTO_TEST_CASE(the_typed_api_names_the_phase_and_decides_as_the_json_answer) {
    const auto p = load();
    grondslag::Decider d(p);
    grondslag::TypedRequest r(p);
    const auto zvh = *r.purpose("zvh");
    BOOST_TEST(!r.phase(zvh, "toets").has_value());
    BOOST_TEST(!r.phase(*r.purpose("dr_plan"), "verzameling").has_value());
    const auto fill = [&](const char* phase) {
        r.clear();
        r.set_date(*grondslag::Date::parse("2024-01-01"));
        r.set_sender(*r.actor("dji"));
        r.set_recipient(*r.actor("zvh"));
        r.set_purpose(zvh);
        r.add_data(*r.category("onderdak"));
        r.set_boolean(*r.fact("noodzakelijk"), true);
        if (phase) r.set_phase(*r.phase(zvh, phase));
    };
    fill("verzameling");
    BOOST_TEST(d.decide(r).items[0].permit);
    fill("aanmelding");
    BOOST_TEST(!d.decide(r).items[0].permit);
    fill(nullptr);
    BOOST_TEST(!d.decide(r).items[0].permit);
    BOOST_TEST(test_support::decide(d, ask("", {"onderdak"}))["items"][0]["decision"] == "deny");
    // A phase of the purpose, then another purpose: refused by name.
    fill("verzameling");
    r.set_purpose(*r.purpose("dr_plan"));
    BOOST_TEST(d.decide(r).error == "the request's phase is not one of its purpose's phases");
}

BOOST_AUTO_TEST_SUITE_END()
