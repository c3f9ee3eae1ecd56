// Generated documentation: the register (AVG art. 30) per provision in force,
// complete labels in Dutch and English, escaping, the data-flow DOT, the
// timeline's bars and dates, and the DPV export.
#include <algorithm>

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "dates.hpp"
#include "condition_words.hpp"
#include "grondslag/docgen.hpp"
#include "grondslag/grondslag.hpp"
#include "ir.hpp"
#include "policies_access.hpp"

namespace docgen = grondslag::docgen;
using grondslag::Policies;

namespace {

const Policies& shipped() {
    static const Policies p = Policies::load_directories({std::string(GRONDSLAG_SOURCE_DIR) + "/policies"});
    BOOST_REQUIRE(p.ok());
    return p;
}

docgen::DocOptions on(const std::string& date, docgen::Lang lang = docgen::Lang::nl) {
    docgen::DocOptions o;
    o.as_of = date;
    o.lang = lang;
    return o;
}

const docgen::RegisterSection* section(const docgen::Register& reg, const std::string& provision) {
    for (const auto& s : reg.sections)
        if (s.provision == provision) return &s;
    return nullptr;
}

const docgen::RegisterActivity* activity(const docgen::RegisterSection& s, const std::string& rule) {
    for (const auto& a : s.activities)
        if (a.rule == rule) return &a;
    return nullptr;
}

bool has(const std::vector<docgen::LabeledItem>& items, const std::string& name, const std::string& mark = "") {
    for (const auto& i : items)
        if (i.name == name && i.mark == mark) return true;
    return false;
}

// The text between a Markdown heading that contains `start` and the next "## " heading.
std::string md_section(const std::string& md, const std::string& start) {
    const auto at = md.find("## " + start);
    if (at == std::string::npos) return {};
    const auto next = md.find("\n## ", at + 3);
    return md.substr(at, next == std::string::npos ? std::string::npos : next - at);
}

// The line of the DOT edge from `from` to `to` (or a double-headed one between them) whose
// tooltip names `purpose`; the tooltip spells out every purpose with its categories and bases.
std::string dot_edge(const std::string& dot, const std::string& from, const std::string& to, const std::string& purpose) {
    std::size_t start = 0;
    for (std::size_t end = dot.find('\n'); end != std::string::npos; start = end + 1, end = dot.find('\n', start)) {
        const std::string line = dot.substr(start, end - start);
        const bool forward = line.find("\"" + from + "\" -> \"" + to + "\" [") != std::string::npos;
        const bool backward = line.find("\"" + to + "\" -> \"" + from + "\" [") != std::string::npos &&
                              line.find("dir=both") != std::string::npos;
        if ((forward || backward) && line.find("tooltip=\"") != std::string::npos &&
            (line.find("tooltip=\"" + purpose) != std::string::npos || line.find("| " + purpose) != std::string::npos))
            return line;
    }
    return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(docgen_register)

BOOST_AUTO_TEST_CASE(known_rule_appears_under_its_provision) {
    const auto reg = docgen::build_register(shipped(), on("2026-01-01"));
    const auto* s = section(reg, "bjsg.11a.1.nieuw");
    BOOST_REQUIRE(s);
    BOOST_TEST(s->citation == "Bjsg art. 11a lid 1, 3, 4, 5 onder a sub 1");
    BOOST_TEST(s->source == "BWBR0016544");
    const auto* a = activity(*s, "bjsg.11a.1.nieuw");
    BOOST_REQUIRE(a);
    BOOST_TEST(has(a->controllers, "minister_rb"));
    BOOST_TEST(has(a->purposes, "openbare_orde"));
    BOOST_TEST(has(a->categories, "identificerend"));
    BOOST_TEST(has(a->categories, "justitiele_gegevens", "CRIM"));
    BOOST_TEST(has(a->recipients, "burgemeester"));
    BOOST_TEST(a->retention == "Ten hoogste 9 maanden na ontvangst");
    BOOST_TEST(has(a->bases, "uavg.33.1.a"));

    // In the Markdown, the same facts stand under the provision's heading.
    const std::string md = md_section(docgen::register_markdown(reg), "Bjsg art. 11a lid 1, 3, 4, 5 onder a sub 1 (`bjsg.11a.1.nieuw`)");
    BOOST_REQUIRE(!md.empty());
    BOOST_TEST(md.find("Verwerking `bjsg.11a.1.nieuw`") != std::string::npos);
    BOOST_TEST(md.find("| b. Doeleinden | Openbare orde bij terugkeer |") != std::string::npos);
    BOOST_TEST(md.find("Justitiële gegevens (veroordelingen) **CRIM**") != std::string::npos);
    BOOST_TEST(md.find("| d. Ontvangers | Burgemeester |") != std::string::npos);
    BOOST_TEST(md.find("| f. Bewaartermijn | Ten hoogste 9 maanden na ontvangst |") != std::string::npos);
    BOOST_TEST(md.find("| a. Verwerkingsverantwoordelijke (verstrekker) | Minister voor Rechtsbescherming |") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_provision_states_whether_it_obliges_or_permits) {
    // Pbw 18b: "verstrekken elkaar", a duty; Bjsg 11a: "kan verstrekken", a power; the AVG's prohibitions: neither.
    const auto nl = docgen::build_register(shipped(), on("2026-01-01"));
    BOOST_REQUIRE(section(nl, "pbw.18b.1") && section(nl, "bjsg.11a.2") && section(nl, "avg.10"));
    BOOST_TEST(section(nl, "pbw.18b.1")->kind == "plicht tot verstrekken (AVG art. 6 lid 1 onder c)");
    BOOST_TEST(section(nl, "avg.10")->kind.empty());
    const std::string md = docgen::register_markdown(nl);
    BOOST_TEST(md.find("Aard: bevoegdheid tot verstrekken (AVG art. 6 lid 1 onder e; bezwaar onder AVG art. 21)") != std::string::npos);
    const auto en = docgen::build_register(shipped(), on("2026-01-01", docgen::Lang::en));
    BOOST_TEST(section(en, "bjsg.11a.2")->kind == "power to provide (GDPR art. 6(1)(e); objection under GDPR art. 21)");
    BOOST_TEST(docgen::register_html(en).find("Kind: duty to provide (GDPR art. 6(1)(c))") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(obligations_are_measures) {
    const auto reg = docgen::build_register(shipped(), on("2026-01-01", docgen::Lang::en));
    const auto* a = activity(*section(reg, "wjsg.51c.2.c"), "wjsg.51c.2.c");
    BOOST_REQUIRE(a);
    BOOST_REQUIRE_EQUAL(a->measures.size(), 2u);
    BOOST_TEST(a->measures[0] == "Every disclosure is recorded; the record is kept at least 4 years");
    BOOST_TEST(a->measures[1] == "The recipient keeps the data secret (Wjsg art. 52 lid 1)");
    BOOST_TEST(a->retention == "Not stated in the policies; the recipient sets the period");
    const auto* overig = activity(*section(reg, "pbw.18b.1"), "pbw.18b.1.overig");
    BOOST_REQUIRE(overig);
    BOOST_TEST(overig->measures[0].find("Notify DJI") == 0);
    const auto* zorg = activity(*section(reg, "pm.20d.3"), "pm.20d.3");
    BOOST_REQUIRE(zorg);
    BOOST_TEST(has(zorg->categories, "zorgtraject", "SPEC"));
    BOOST_TEST(has(zorg->bases, "avg.9.2.g"));
    // The secrecy duties the law attaches to receiving care data (UAVG 30 lid 4, PM 58).
    const auto& measures = zorg->measures;
    BOOST_TEST((std::find(measures.begin(), measures.end(), "The recipient keeps the data secret (UAVG art. 30 lid 4)") != measures.end()));
    BOOST_TEST((std::find(measures.begin(), measures.end(), "The recipient keeps the data secret (PM art. 58)") != measures.end()));
}

BOOST_AUTO_TEST_CASE(every_permit_rule_answers_the_five_legal_questions) {
    const auto en = docgen::build_register(shipped(), on("2026-01-01", docgen::Lang::en));
    const auto* zorg = activity(*section(en, "pm.20d.3"), "pm.20d.3");
    BOOST_REQUIRE(zorg);
    BOOST_REQUIRE_EQUAL(zorg->questions.size(), 5u);
    const std::vector<std::string> order = {"subject_law", "special_data", "criminal_data", "legal_number", "provision_duty"};
    for (std::size_t i = 0; i < 5; ++i) BOOST_TEST(zorg->questions[i].question == order[i]);
    BOOST_TEST(zorg->questions[0].title == "1. Subject-matter law and GDPR ground (art. 6)");
    BOOST_TEST(zorg->questions[0].answer.find("provision PM art. 20d lid 3 (pm.20d.3); ground: ") == 0, zorg->questions[0].answer);
    // Health data: the second answered by the art. 9 ground's label; the shipped set declares jeugdige.
    BOOST_TEST(zorg->questions[1].status == "answered");
    BOOST_TEST(zorg->questions[1].answer.find("ground: GDPR art. 9(2)(g)") == 0, zorg->questions[1].answer);
    BOOST_TEST(zorg->questions[1].answer.find("GDPR recital 38") != std::string::npos);
    BOOST_TEST(zorg->questions[2].status == "not_applicable");
    BOOST_TEST(zorg->questions[4].answer.find("the recipient's secrecy duty: UAVG art. 30 lid 4, PM art. 58") != std::string::npos,
               zorg->questions[4].answer);
    // Criminal data under a duty, with a notify duty; a legal number.
    const auto* overig = activity(*section(en, "pbw.18b.1"), "pbw.18b.1.overig");
    BOOST_REQUIRE(overig);
    BOOST_TEST(overig->questions[2].status == "answered");
    BOOST_TEST(overig->questions[3].status == "not_applicable");
    BOOST_TEST(overig->questions[4].answer.find("duty to provide; ") == 0, overig->questions[4].answer);
    BOOST_TEST(overig->questions[4].answer.find("; inform: DJI") != std::string::npos, overig->questions[4].answer);
    const auto* bsn = activity(*section(en, "pbw.18b.1"), "pbw.18b.1.directeur.bsn");
    BOOST_REQUIRE(bsn);
    BOOST_TEST(bsn->questions[3].status == "answered");
    BOOST_TEST(bsn->questions[2].status == "not_applicable");
    // A class question is answered exactly when the rule permits data of that class.
    for (const auto& sec : en.sections)
        for (const auto& a : sec.activities) {
            BOOST_REQUIRE_EQUAL(a.questions.size(), 5u);
            bool spec = false, crim = false, nid = false;
            for (const auto& c : a.categories) spec |= c.mark == "SPEC", crim |= c.mark == "CRIM", nid |= c.mark == "NID";
            BOOST_TEST((a.questions[0].status == "answered" && a.questions[4].status == "answered"), a.rule);
            BOOST_TEST((a.questions[1].status == "answered") == spec, a.rule);
            BOOST_TEST((a.questions[2].status == "answered") == crim, a.rule);
            BOOST_TEST((a.questions[3].status == "answered") == nid, a.rule);
        }
    // Both languages, Markdown and HTML.
    const std::string md_en = docgen::register_markdown(en);
    BOOST_TEST(md_en.find("**Five legal questions**\n\n| Question | Answer |") != std::string::npos);
    BOOST_TEST(md_en.find("| 5. Secrecy and duty or power to provide | duty to provide;") != std::string::npos);
    const auto nl = docgen::build_register(shipped(), on("2026-01-01"));
    const std::string md_nl = docgen::register_markdown(nl);
    BOOST_TEST(md_nl.find("**Stappenplan grondslag**\n\n| Vraag | Antwoord |") != std::string::npos);
    BOOST_TEST(md_nl.find("| 2. Bijzondere persoonsgegevens en gegevens van jeugdigen | grond: ") != std::string::npos);
    BOOST_TEST(md_nl.find("| 4. BSN en andere wettelijke nummers | niet van toepassing") != std::string::npos);
    const std::string html = docgen::register_html(nl);
    BOOST_TEST(html.find("<table class=\"questions\" data-rule=\"pm.20d.3\">\n<caption>Stappenplan grondslag</caption>") !=
               std::string::npos);
    BOOST_TEST(html.find("<tr data-question=\"special_data\" data-status=\"answered\"><th>2. Bijzondere persoonsgegevens") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(provisions_and_rules_not_in_force_are_absent) {
    const auto reg = docgen::build_register(shipped(), on("2026-01-01"));
    BOOST_TEST(!section(reg, "bjsg.11a.1.oud"));       // until 2024-06-30
    BOOST_TEST(!section(reg, "toestemming.2019"));     // 2019-05-01 .. 2021-06-30
    BOOST_TEST(section(reg, "wgs.2.25"));              // from 2025-03-01
    const auto* lid2 = section(reg, "bjsg.11a.2");     // in force, but its old-list rule is not
    BOOST_REQUIRE(lid2);
    BOOST_TEST(!activity(*lid2, "bjsg.11a.2.oud"));
    BOOST_TEST(activity(*lid2, "bjsg.11a.2.nieuw"));
    const std::string md = docgen::register_markdown(reg);
    BOOST_TEST(md.find("toestemming.2019") == std::string::npos);
    BOOST_TEST(md.find("bjsg.11a.1.oud") == std::string::npos);

    const auto then = docgen::build_register(shipped(), on("2020-01-01"));
    BOOST_TEST(section(then, "toestemming.2019"));
    BOOST_TEST(!section(then, "pm.20d.2"));
    BOOST_TEST(!section(then, "wgs.2.25"));
    const auto before = docgen::build_register(shipped(), on("2018-05-24"));
    BOOST_TEST(!section(before, "avg.9.1"));
    BOOST_TEST(section(before, "bjsg.11a.1.oud"));
}

BOOST_AUTO_TEST_CASE(dutch_and_english_are_complete) {
    for (const auto lang : {docgen::Lang::nl, docgen::Lang::en})
        for (const char* date : {"2018-06-01", "2020-01-01", "2024-01-01", "2026-01-01"}) {
            const auto reg = docgen::build_register(shipped(), on(date, lang));
            BOOST_TEST(reg.missing_labels.empty(), date << ": " << reg.missing_labels.size() << " missing");
            BOOST_TEST(!reg.sections.empty());
            for (const auto& s : reg.sections)
                for (const auto& a : s.activities)
                    for (const auto* list : {&a.controllers, &a.purposes, &a.categories, &a.recipients, &a.bases, &a.conditions})
                        for (const auto& item : *list) BOOST_TEST(!item.label.empty());
            // Every heading comes from the message table: the files render without throwing.
            BOOST_TEST(!docgen::register_html(reg).empty());
            BOOST_TEST(!docgen::timeline_svg(shipped(), on(date, lang)).empty());
            BOOST_TEST(!docgen::flows_dot(shipped(), on(date, lang)).empty());
        }
    const auto en = docgen::register_markdown(docgen::build_register(shipped(), on("2026-01-01", docgen::Lang::en)));
    BOOST_TEST(en.find("# Record of processing activities (GDPR art. 30(1))") == 0);
    BOOST_TEST(en.find("| b. Purposes | Public order on return |") != std::string::npos);
    BOOST_TEST(en.find("Openbare orde bij terugkeer") == std::string::npos);
    BOOST_TEST(en.find("Verwerkingsverantwoordelijke") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_labels_are_reported) {
    const auto p = Policies::load_sources({{"m.gsl", R"(module m rank wet
actor a "A nl" / "A en"
actor b "B nl"
category c class ORD "C nl" / "C en"
purpose p "P nl" / "P en" needs c recipients b
basis m.e kind art6 "e nl" / "e en"
provision m.1 law "X" article "1" bwb BWBR0000001 valid from 2020-01-01
rule m.1.r under m.1 permit c from a to b for p basis m.e
)"}});
    BOOST_REQUIRE(p.ok());
    BOOST_TEST(docgen::build_register(p, on("2021-01-01")).missing_labels.empty());
    const auto en = docgen::build_register(p, on("2021-01-01", docgen::Lang::en));
    BOOST_REQUIRE_EQUAL(en.missing_labels.size(), 1u);
    BOOST_TEST(en.missing_labels[0] == "actor b");
}

BOOST_AUTO_TEST_CASE(html_is_escaped) {
    const auto p = Policies::load_sources({{"m.gsl", R"(module m rank wet
actor a "<script>alert(1)</script>" / "A & 'B'"
actor b "B"
category c class SPEC "C \"quoted\" <i>" / "C"
purpose p "P" / "P" needs c recipients b
basis m.e kind art6 "e" / "e"
basis m.g kind art9 "g" / "g"
provision m.1 law "X<" article "1" bwb BWBR0000001 valid from 2020-01-01 says "a < b && c > d"
rule m.1.r under m.1 permit c from a to b for p basis m.e, m.g says "<b>bold</b>"
)"}});
    BOOST_REQUIRE(p.ok());
    const auto reg = docgen::build_register(p, on("2021-01-01"));
    const std::string html = docgen::register_html(reg);
    BOOST_TEST(html.find("<script>") == std::string::npos);
    BOOST_TEST(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    BOOST_TEST(html.find("C &quot;quoted&quot; &lt;i&gt;") != std::string::npos);
    BOOST_TEST(html.find("a &lt; b &amp;&amp; c &gt; d") != std::string::npos);
    BOOST_TEST(html.find("<b>bold</b>") == std::string::npos);
    const std::string md = docgen::register_markdown(reg);
    BOOST_TEST(md.find("<script>") == std::string::npos);
    const std::string en = docgen::register_html(docgen::build_register(p, on("2021-01-01", docgen::Lang::en)));
    BOOST_TEST(en.find("A &amp; &#39;B&#39;") != std::string::npos);
    const std::string dot = docgen::flows_dot(p, on("2021-01-01"));
    BOOST_TEST(dot.find("tooltip=\"P: C \\\"quoted\\\" <i> [SPEC]") != std::string::npos);
    BOOST_TEST(dot.find("C &quot;quoted&quot; &lt;i&gt; [SPEC]") != std::string::npos);  // in the HTML-like legend
    const std::string svg = docgen::timeline_svg(p, on("2021-01-01"));
    BOOST_TEST(svg.find("X&lt; art. 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(index_links_every_document) {
    const auto reg = docgen::build_register(shipped(), on("2026-01-01", docgen::Lang::en));
    const std::string with_svg = docgen::index_html(reg, true);
    for (const char* file : {"register.html", "register.md", "flows.svg", "flows.dot", "timeline.svg"})
        BOOST_TEST(with_svg.find(std::string("href=\"") + file + "\"") != std::string::npos, file);
    std::size_t activities = 0;
    for (const auto& s : reg.sections) activities += s.activities.size();
    BOOST_TEST(with_svg.find(std::to_string(reg.sections.size()) + " provisions and " + std::to_string(activities) +
                             " permitted processing activities in force") != std::string::npos);
    const std::string without = docgen::index_html(reg, false);
    BOOST_TEST(without.find("href=\"flows.svg\"") == std::string::npos);
    BOOST_TEST(without.find("flows.svg was not made: Graphviz (dot) is not installed.") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_diagram_per_purpose_holds_only_its_flows_and_the_index_links_it) {
    const auto options = on("2026-01-01", docgen::Lang::en);
    const std::string dr = docgen::purpose_flows_dot(shipped(), options, "dr_plan");
    BOOST_REQUIRE(!dr.empty());
    BOOST_TEST(dr.find("rankdir=TB") != std::string::npos);
    BOOST_TEST(dr.find("rank=sink; legend") != std::string::npos);
    // Every arrow is the D&R plan's (its label, as in the title; the legend's rows leave it to the title);
    // the overview has more.
    const std::string title_start = "// Data flows on 2026-01-01: ";
    BOOST_REQUIRE(dr.rfind(title_start, 0) == 0);
    const std::string purpose = dr.substr(title_start.size(), dr.find(" (sha256:") - title_start.size());
    std::size_t arrows = 0;
    const std::string tooltip = "tooltip=\"";
    for (std::size_t at = dr.find(tooltip); at != std::string::npos; at = dr.find(tooltip, at + 1), ++arrows)
        BOOST_TEST(dr.compare(at + tooltip.size(), purpose.size() + 1, purpose + ":") == 0);
    BOOST_TEST(arrows > 0u);
    BOOST_TEST(dr.find("BALIGN=\"LEFT\"><B>") == std::string::npos);
    BOOST_TEST(docgen::flows_dot(shipped(), options).size() > 3 * dr.size());
    // A purpose that nothing is permitted for has no diagram; an unknown name neither.
    BOOST_TEST(docgen::purpose_flows_dot(shipped(), options, "beleidsinformatie").empty());
    BOOST_TEST(docgen::purpose_flows_dot(shipped(), options, "no_such_purpose").empty());
    const auto reg = docgen::build_register(shipped(), options);
    const std::string index = docgen::index_html(reg, true, {{"dr_plan", "D&R plan", {}}, {"zorg", "Care", {}}});
    BOOST_TEST(index.find("href=\"flows-dr_plan.svg\">D&amp;R plan</a>") != std::string::npos, index);
    BOOST_TEST(index.find("href=\"flows-zorg.svg\">Care</a>") != std::string::npos);
    BOOST_TEST(index.find("Data flows per purpose") != std::string::npos);
}

// A phase's diagram holds what a request naming that phase can reach: the rules that apply in the phase,
// to the recipients and of the categories the phase declares; left to right, the legend heads it.
BOOST_AUTO_TEST_CASE(a_diagram_per_phase_holds_only_what_the_phase_reaches) {
    const auto options = on("2026-01-01", docgen::Lang::nl);
    const auto& set = grondslag::compiled_form(shipped());
    const grondslag::ir::Purpose* zvh = nullptr;
    for (const auto& p : set.purposes)
        if (p.name == "zvh") zvh = &p;
    BOOST_REQUIRE(zvh);
    BOOST_REQUIRE(zvh->phases.size() == 6u);
    const std::string whole = docgen::purpose_flows_dot(shipped(), options, "zvh");
    std::size_t drawn = 0;
    for (const auto& phase : zvh->phases) {
        const std::string dot = docgen::purpose_flows_dot(shipped(), options, "zvh", phase.name);
        if (dot.empty()) continue;
        ++drawn;
        BOOST_TEST(dot.find("(fase: ") != std::string::npos);
        const auto arrows = [](const std::string& text) {
            std::size_t n = 0;
            for (std::size_t at = text.find(" -> "); at != std::string::npos; at = text.find(" -> ", at + 1)) ++n;
            return n;
        };
        BOOST_TEST(arrows(dot) <= arrows(whole));
        // Every recipient drawn is one the phase declares.
        for (std::size_t at = dot.find("\" -> \""); at != std::string::npos; at = dot.find("\" -> \"", at + 1)) {
            const std::size_t start = at + 6;
            const std::string recipient = dot.substr(start, dot.find('"', start) - start);
            const auto id = set.actor_ids.find(recipient);
            BOOST_REQUIRE(id != set.actor_ids.end());
            BOOST_TEST((set.actors[id->second].members & phase.recipients) != 0u, phase.name << ": " << recipient);
        }
        // Every category in the legend (a row of its table, the label after the row's colour) is one the
        // phase needs, and the phase's identifying data are among them.
        const auto in_legend = [&dot](const std::string& label) { return dot.find("\">" + label.substr(0, 40)) != std::string::npos; };
        for (std::size_t c = 0; c < set.categories.size(); ++c)
            if (!(phase.needs >> c & 1) && !set.categories[c].label.nl.empty())
                BOOST_TEST(!in_legend(set.categories[c].label.nl), phase.name << ": " << set.categories[c].name);
        BOOST_TEST(in_legend("Identificerende gegevens"), phase.name);
    }
    BOOST_TEST(drawn >= 5u);
    BOOST_TEST(docgen::purpose_flows_dot(shipped(), options, "zvh", "no_such_phase").empty());
    // Left to right: the legend is in the graph's label at the top, not a node at the foot.
    const std::string lr = docgen::purpose_flows_dot(shipped(), options, "zvh", "casusoverleg", docgen::FlowLayout::left_to_right);
    BOOST_TEST(lr.find("rankdir=LR") != std::string::npos);
    BOOST_TEST(lr.find("labelloc=t, labeljust=l, label=<<TABLE") != std::string::npos);
    BOOST_TEST(lr.find("rank=sink; legend") == std::string::npos);
    // The legend of one purpose is a table: a column per number on the arrows, a row per category and per
    // legal basis, a dot where the bundle holds it; each category is named once, however many bundles hold it.
    const std::size_t numbers = [&lr] {
        std::size_t n = 0;
        while (lr.find("<TD><B>" + std::to_string(n + 1) + "</B></TD>") != std::string::npos) ++n;
        return n;
    }();
    BOOST_TEST(numbers >= 5u);
    const auto count = [&lr](const std::string& text) {
        std::size_t n = 0;
        for (std::size_t at = lr.find(text); at != std::string::npos; at = lr.find(text, at + 1)) ++n;
        return n;
    };
    BOOST_TEST(count("\">Identificerende gegevens</FONT>") == 1u);
    BOOST_TEST(count("<I>AVG art. 6 lid 1 onder c</I>") == 1u);
    BOOST_TEST(count("&#9679;") >= numbers);  // every bundle holds something
    BOOST_TEST(lr.find("color=\"#7b2d8e\">Overige gezondheidsgegevens [SPEC]") == std::string::npos);  // colour in the FONT
    BOOST_TEST(lr.find("COLOR=\"#7b2d8e\">Overige gezondheidsgegevens [SPEC]</FONT>") != std::string::npos);
    // The index lists the phases under their purpose.
    const auto reg = docgen::build_register(shipped(), options);
    const std::string index = docgen::index_html(reg, true, {{"zvh", "ZVH", {{"toets", "Toets"}}}});
    BOOST_TEST(index.find("href=\"flows-zvh.svg\">ZVH</a>\n<ul class=\"phases\">\n<li><a href=\"flows-zvh-toets.svg\">fase: Toets</a>") !=
               std::string::npos, index);
}

// Parties of one declared group are drawn in a box named after the group; a party alone of its group is not.
BOOST_AUTO_TEST_CASE(a_diagram_boxes_the_parties_of_a_group) {
    const auto p = Policies::load_sources({{"g.gsl", R"gsl(module g rank wet
actor keten "Justitieketen" / "Justice chain"
actor dji in keten "DJI" / "DJI"
actor justid in keten "Justid" / "Justid"
actor zorg "Zorg" / "Care"
actor zorgaanbieder in zorg "Zorgaanbieder" / "Care provider"
actor gemeente "Gemeente" / "Municipality"
category onderdak class ORD "Huisvesting" / "Housing"
purpose plan "Plan" / "Plan" needs onderdak recipients gemeente
basis g.e kind art6 "AVG art. 6 lid 1 onder e" / "GDPR art. 6(1)(e)"
provision g.p law "G" article "1" bwb BWBR0009398 valid from 2020-01-01
rule g.r under g.p permit onderdak from dji, justid, zorgaanbieder to gemeente for plan basis g.e
)gsl"}});
    BOOST_REQUIRE(p.ok());
    const std::string dot = docgen::purpose_flows_dot(p, on("2026-01-01"), "plan");
    const auto cluster = dot.find("subgraph \"cluster_keten\" {\n    label=\"Justitieketen\"");
    BOOST_REQUIRE(cluster != std::string::npos);
    const auto end = dot.find("  }\n", cluster);
    const std::string inside = dot.substr(cluster, end - cluster);
    BOOST_TEST(inside.find("\"dji\" [label=") != std::string::npos);
    BOOST_TEST(inside.find("\"justid\" [label=") != std::string::npos);
    BOOST_TEST(dot.find("cluster_zorg") == std::string::npos);
    BOOST_TEST(dot.find("  \"zorgaanbieder\" [label=") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(full_diagram_has_an_edge_per_flow_labelled_in_full) {
    const std::string dot = docgen::flows_full_dot(shipped(), on("2026-01-01", docgen::Lang::en));
    // Bjsg 11a (new list): the Minister to the mayor for public order, CRIM data, AVG 6(1)(e) and UAVG 33.
    const auto edge = dot.find("\"minister_rb\" -> \"burgemeester\" [label=\"");
    BOOST_REQUIRE(edge != std::string::npos);
    const std::string line = dot.substr(edge, dot.find('\n', edge) - edge);
    BOOST_TEST(line.find("[CRIM]") != std::string::npos);
    BOOST_TEST(line.find("Legal basis: ") != std::string::npos);
    BOOST_TEST(line.find("class=\"crim\"") != std::string::npos);
    // One edge per (sender, recipient, purpose): no two edges share them, and there are more edges than
    // in the compact diagram, which bundles the purposes of a sender -> recipient pair on one edge.
    std::set<std::string> keys;
    std::size_t edges = 0;
    for (std::size_t at = dot.find(" -> "); at != std::string::npos; at = dot.find(" -> ", at + 1)) {
        const std::size_t start = dot.rfind('\n', at) + 1;
        const std::size_t purpose_end = dot.find("\\n", at);
        keys.insert(dot.substr(start, purpose_end - start));
        ++edges;
    }
    BOOST_TEST(keys.size() == edges);
    const std::string compact = docgen::flows_dot(shipped(), on("2026-01-01", docgen::Lang::en));
    std::size_t compact_edges = 0;
    for (std::size_t at = compact.find(" -> "); at != std::string::npos; at = compact.find(" -> ", at + 1)) ++compact_edges;
    BOOST_TEST(edges > compact_edges);
}

BOOST_AUTO_TEST_CASE(a_bad_date_is_refused) {
    BOOST_CHECK_THROW(docgen::build_register(shipped(), on("2026-02-30")), std::invalid_argument);
    BOOST_CHECK_THROW(docgen::build_register(shipped(), on("tomorrow")), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(docgen_flows)

BOOST_AUTO_TEST_CASE(edges_for_permitted_flows) {
    const std::string dot = docgen::flows_dot(shipped(), on("2026-01-01"));
    BOOST_TEST(dot.find("digraph flows {") != std::string::npos);
    // PM 20d lid 2: DJI and the college exchange for the D&R plan; DJI also gives the college debt data
    // (Wgsh 8 lid 1), so the two directions differ and are drawn as two edges.
    const std::string plan = dot_edge(dot, "dji", "gemeente", "Detentie- en re-integratieplan:");
    BOOST_REQUIRE(!plan.empty());
    BOOST_TEST(plan.find("dir=both") == std::string::npos);
    BOOST_TEST(plan.find("| Schuldhulpverlening (Wgsh art. 3):") != std::string::npos);
    // The college and the probation service exchange the same data both ways: one double-headed edge.
    const std::string exchange = dot_edge(dot, "gemeente", "reclassering", "Detentie- en re-integratieplan:");
    BOOST_REQUIRE(!exchange.empty());
    BOOST_TEST(exchange.find("dir=both") != std::string::npos);
    BOOST_TEST(exchange.find("pm.20d.2.ad") != std::string::npos);
    BOOST_TEST(plan.find("Huisvesting en onderdak") != std::string::npos);
    BOOST_TEST(plan.find("AVG art. 6 lid 1 onder e") != std::string::npos);
    BOOST_TEST(plan.find("Data van aanvang vrijheidsbeneming en invrijheidstelling [CRIM]") != std::string::npos);
    BOOST_TEST(plan.find("pm.20d.2.ad") != std::string::npos);
    BOOST_TEST(!dot_edge(dot, "gemeente", "dji", "Detentie- en re-integratieplan:").empty());
    // PM 20d lid 3: care data, special category, on the same edge: marked SPEC.
    const std::string care = dot_edge(dot, "dji", "gemeente", "Zorg of maatschappelijke ondersteuning:");
    BOOST_REQUIRE(!care.empty());
    BOOST_TEST(care.find("Zorgtrajecten, zorgaanbieder, zorggemeente [SPEC]") != std::string::npos);
    BOOST_TEST(care.find("SPEC\", tooltip") != std::string::npos);  // in the edge's label
    BOOST_TEST(care.find("color=\"#b00020:#7b2d8e\"") != std::string::npos);  // SPEC and CRIM on this edge
    // Bjsg 11a: criminal-law data to the mayor: red, marked CRIM.
    const std::string bij = dot_edge(dot, "minister_rb", "burgemeester", "Openbare orde bij terugkeer:");
    BOOST_REQUIRE(!bij.empty());
    BOOST_TEST(bij.find("Justitiële gegevens (veroordelingen) [CRIM]") != std::string::npos);
    BOOST_TEST(bij.find("color=\"#b00020\"") != std::string::npos);
    BOOST_TEST(bij.find("\\nNID, CRIM\"") != std::string::npos);  // with the BSN (Wabb art. 10)
    // WGS 2.29 lid 2: the GGD gives health data to the ZVH: purple and dashed (no CRIM on that edge).
    const std::string ggd = dot_edge(dot, "ggd", "zvh", "Complexe casuïstiek in een Zorg- en Veiligheidshuis:");
    BOOST_REQUIRE(!ggd.empty());
    BOOST_TEST(ggd.find("style=dashed") != std::string::npos);
    BOOST_TEST(ggd.find("color=\"#7b2d8e\"") != std::string::npos);
    BOOST_TEST(ggd.find("Overige gezondheidsgegevens [SPEC]") != std::string::npos);
    // WGS 2.25: every class to the ZVH: a red and purple double line.
    const std::string zvh = dot_edge(dot, "politie", "zvh", "Complexe casuïstiek in een Zorg- en Veiligheidshuis:");
    BOOST_REQUIRE(!zvh.empty());
    BOOST_TEST(zvh.find("color=\"#b00020:#7b2d8e\"") != std::string::npos);
    // The legend spells out each number: purpose, categories, bases.
    BOOST_TEST(dot.find("legend [shape=plain") != std::string::npos);
    BOOST_TEST(dot.find("<B>Openbare orde bij terugkeer</B>") != std::string::npos);
    // No flow that no permit allows: nothing goes to a housing corporation for the D&R plan.
    BOOST_TEST(dot_edge(dot, "dji", "woningcorporatie", "Detentie").empty());
}

BOOST_AUTO_TEST_CASE(edges_follow_the_date) {
    const std::string before = docgen::flows_dot(shipped(), on("2020-01-01", docgen::Lang::en));
    // The consent regime: DJI to the college only; PM 20d does not exist yet, nor the WGS.
    const std::string consent = dot_edge(before, "dji", "gemeente", "Detention and re-integration plan:");
    BOOST_REQUIRE(!consent.empty());
    BOOST_TEST(consent.find("dir=both") == std::string::npos);
    BOOST_TEST(consent.find("GDPR art. 6(1)(a)") != std::string::npos);
    BOOST_TEST(dot_edge(before, "gemeente", "dji", "Detention").empty());
    BOOST_TEST(before.find("\"zvh\"") == std::string::npos);
    const std::string now = docgen::flows_dot(shipped(), on("2026-01-01", docgen::Lang::en));
    BOOST_TEST(!dot_edge(now, "gemeente", "dji", "Detention and re-integration plan:").empty());
    BOOST_TEST(!dot_edge(now, "zvh", "zvh", "Complex cases").empty());  // to another ZVH
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(docgen_timeline)

BOOST_AUTO_TEST_CASE(a_bar_per_provision_with_its_dates) {
    const auto& set = compiled_form(shipped());
    const auto t = docgen::build_timeline(shipped(), on("2026-01-01"));
    BOOST_REQUIRE_EQUAL(t.bars.size(), set.provisions.size());
    std::set<std::string> ids;
    for (const auto& b : t.bars) ids.insert(b.provision);
    BOOST_TEST(ids.size() == set.provisions.size());

    BOOST_TEST(t.x(t.start) == t.left);
    BOOST_TEST(t.x(t.end + 1) == t.right);
    const auto day = [](const char* s) { return *grondslag::parse_date(s); };
    // A year is a ninth of the chart, 2018 to 2026.
    BOOST_TEST(t.x(day("2022-01-01")) - t.left > (t.right - t.left) * 4 / 9 - 1);
    BOOST_TEST(t.x(day("2022-01-01")) - t.left < (t.right - t.left) * 4 / 9 + 1);

    for (const auto& b : t.bars) {
        if (b.provision == "pm.20d.2") {
            BOOST_TEST(b.x0 == t.x(day("2021-07-01")));
            BOOST_TEST(b.open_end);
            BOOST_TEST(b.x1 == t.right);
            BOOST_TEST(b.in_force);
            BOOST_TEST(b.group == "pm");
        } else if (b.provision == "bjsg.11a.1.oud") {
            BOOST_TEST(b.x0 == t.left);  // from 2012: clipped to 2018
            BOOST_TEST(b.x1 == t.x(day("2024-07-01")));  // until 2024-06-30 inclusive
            BOOST_TEST(!b.in_force);
        } else if (b.provision == "toestemming.2019") {
            BOOST_TEST(b.x0 == t.x(day("2019-05-01")));
            BOOST_TEST(b.x1 == t.x(day("2021-07-01")));
            BOOST_TEST(!b.open_end);
        } else if (b.provision == "wgs.2.25") {
            BOOST_TEST(b.x0 == t.x(day("2025-03-01")));
        }
    }
    BOOST_TEST(t.as_of_x == t.x(day("2026-01-01")));

    // Bars of one module stand together, one row each.
    for (std::size_t i = 1; i < t.bars.size(); ++i) BOOST_TEST(t.bars[i].y > t.bars[i - 1].y);
    std::vector<std::string> order;
    for (const auto& b : t.bars)
        if (order.empty() || order.back() != b.group) order.push_back(b.group);
    BOOST_TEST(std::set<std::string>(order.begin(), order.end()).size() == order.size());
}

BOOST_AUTO_TEST_CASE(the_axis_reaches_a_later_as_of_date_and_colours_follow_the_law) {
    // An as-of date after the last provision: the axis runs to its year, and its label stays in the picture.
    const auto t = docgen::build_timeline(shipped(), on("2031-06-15"));
    BOOST_TEST(t.first_year == 2018);
    BOOST_TEST(t.last_year == 2031);
    BOOST_TEST(t.as_of_x > t.left);
    BOOST_TEST(t.as_of_x < t.right);
    const std::string svg = docgen::timeline_svg(shipped(), on("2031-06-15"));
    BOOST_TEST(svg.find(">2031</text>") != std::string::npos);
    BOOST_TEST(svg.find("text-anchor=\"end\" fill=\"#d00000\"") != std::string::npos);  // not cut at the right edge
    // A module's colour is its own: the same with another module in the set, in every run.
    const auto colour_of_group = [](const std::string& text, const std::string& caption_start) {
        const auto at = text.find("class=\"group\"");
        for (auto i = at; i != std::string::npos; i = text.find("class=\"group\"", i + 1)) {
            const auto end = text.find("</text>", i);
            const std::string element = text.substr(i, end - i);
            if (element.find(">" + caption_start) == std::string::npos) continue;
            const auto fill = element.find("fill=\"");
            return element.substr(fill + 6, 7);
        }
        return std::string();
    };
    const auto with_module = grondslag::Policies::load_directories(
        {std::string(GRONDSLAG_SOURCE_DIR) + "/policies", std::string(GRONDSLAG_SOURCE_DIR) + "/examples/amsterdam/policies"});
    BOOST_REQUIRE(with_module.ok());
    const std::string other = docgen::timeline_svg(with_module, on("2026-01-01"));
    const std::string base = docgen::timeline_svg(shipped(), on("2026-01-01"));
    std::size_t compared = 0;
    for (std::size_t i = base.find("class=\"group\""); i != std::string::npos; i = base.find("class=\"group\"", i + 1)) {
        const auto open = base.find('>', i) + 1;
        const std::string caption = base.substr(open, base.find("</text>", open) - open);
        BOOST_TEST(colour_of_group(other, caption) == colour_of_group(base, caption), caption);
        ++compared;
    }
    BOOST_TEST(compared > 10u);
}

BOOST_AUTO_TEST_CASE(svg_marks_regimes_and_the_date) {
    const std::string svg = docgen::timeline_svg(shipped(), on("2026-01-01"));
    BOOST_TEST(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") == 0);
    std::size_t bars = 0;
    for (auto at = svg.find("class=\"bar\""); at != std::string::npos; at = svg.find("class=\"bar\"", at + 1)) ++bars;
    BOOST_TEST(bars == compiled_form(shipped()).provisions.size());
    BOOST_TEST(svg.find("data-provision=\"toestemming.2019\" data-from=\"2019-05-01\" data-until=\"2021-06-30\"") != std::string::npos);
    BOOST_TEST(svg.find("DPAN (geen wettelijke grondslag)") != std::string::npos);
    BOOST_TEST(svg.find("Toestemmingsregime") != std::string::npos);
    BOOST_TEST(svg.find("Wjsg 51c 2019-01-01") != std::string::npos);
    BOOST_TEST(svg.find("Wet straffen en beschermen 2021-07-01") != std::string::npos);
    BOOST_TEST(svg.find("WGS 2025-03-01") != std::string::npos);
    BOOST_TEST(svg.find("class=\"as-of\" data-date=\"2026-01-01\"") != std::string::npos);
    BOOST_TEST(svg.find("peildatum 2026-01-01") != std::string::npos);
    const std::string en = docgen::timeline_svg(shipped(), on("2026-01-01", docgen::Lang::en));
    BOOST_TEST(en.find("DPAN (no statutory basis)") != std::string::npos);
    BOOST_TEST(en.find("as of 2026-01-01") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(docgen_dpv)

BOOST_AUTO_TEST_CASE(purposes_categories_and_rules) {
    const auto& set = compiled_form(shipped());
    const auto doc = docgen::dpv_jsonld(shipped(), {});
    BOOST_TEST(doc["@context"]["dpv"] == "https://w3id.org/dpv#");
    std::size_t purposes = 0, data = 0, special = 0, handling = 0;
    const nlohmann::json* bij = nullptr;
    for (const auto& node : doc["@graph"]) {
        const auto& type = node["@type"];
        const auto is = [&](const char* t) { return type == t || (type.is_array() && std::find(type.begin(), type.end(), t) != type.end()); };
        purposes += is("dpv:Purpose");
        data += is("dpv:PersonalData");
        special += is("dpv:SpecialCategoryPersonalData");
        handling += is("dpv:PersonalDataHandling");
        if (node["@id"] == "gsl:rule:bjsg.11a.1.nieuw") bij = &node;
    }
    BOOST_TEST(purposes == set.purposes.size());
    BOOST_TEST(data == set.categories.size());
    std::size_t spec = 0;
    for (const auto& c : set.categories) spec += c.data_class == grondslag::ast::DataClass::spec;
    BOOST_TEST(special == spec);  // zorgtraject, medisch, ...
    BOOST_TEST(special >= 2u);
    BOOST_TEST(handling == set.rules.size());
    BOOST_REQUIRE(bij);
    BOOST_TEST((*bij)["dpv:hasRule"][0]["@type"] == "dpv:Permission");
    BOOST_TEST((*bij)["dpv:hasRecipient"][0]["@id"] == "gsl:actor:burgemeester");
    BOOST_TEST((*bij)["dpv:hasStorageCondition"]["dpv:hasDuration"]["@value"] == "P9M");

    const auto now = docgen::dpv_jsonld(shipped(), {"2026-01-01"});
    for (const auto& node : now["@graph"]) BOOST_TEST(node["@id"] != "gsl:rule:bjsg.11a.1.oud");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(docgen_vocabulary)

// The workbench builds its form from the vocabulary alone: every declared name with its label in the
// reader's language, a purpose's facts exactly those its rules read, and no internal name (the phase
// fact) offered as a fact to fill in.
BOOST_AUTO_TEST_CASE(the_vocabulary_names_what_a_request_can_say_with_labels) {
    const auto& set = grondslag::compiled_form(shipped());
    const auto nl = docgen::vocabulary_json(shipped(), docgen::Lang::nl);
    const auto en = docgen::vocabulary_json(shipped(), docgen::Lang::en);
    BOOST_TEST(nl["policy_set"] == set.source_hash);
    BOOST_TEST(nl["actors"].size() == set.actors.size());
    BOOST_TEST(nl["categories"].size() == set.categories.size());
    BOOST_TEST(nl["purposes"].size() == set.purposes.size());
    BOOST_TEST(nl["facts"].size() + (set.phase_slot >= 0 ? 1u : 0u) == set.facts.size());
    for (std::size_t i = 0; i < set.actors.size(); ++i) {
        BOOST_TEST(nl["actors"][i]["label"] == set.actors[i].label.nl);
        BOOST_TEST(en["actors"][i]["label"] == set.actors[i].label.en);
    }
    std::size_t spec = 0;
    for (const auto& c : nl["categories"]) spec += c.value("class", "") == "SPEC";
    BOOST_TEST(spec > 0u);
    // dr_plan's rules read consent records and detention facts; its phases are listed, not offered as a fact.
    const auto purpose = [&](const std::string& name) {
        for (const auto& p : nl["purposes"])
            if (p["name"] == name) return p;
        BOOST_FAIL("no purpose " << name);
        return nlohmann::json();
    };
    const auto dr = purpose("dr_plan");
    BOOST_TEST(dr["phases"].size() == 5u);
    const std::vector<std::string> facts = dr["facts"];
    BOOST_TEST((std::find(facts.begin(), facts.end(), "toestemmingen") != facts.end()));
    BOOST_TEST((std::find(facts.begin(), facts.end(), "gedetineerd") != facts.end()));
    for (const auto& f : nl["facts"]) BOOST_TEST(f["name"] != set.facts[set.slots[set.phase_slot].fact].name);
    // Every fact a purpose names is a declared fact, and read by some rule for that purpose.
    std::set<std::string> declared;
    for (const auto& f : nl["facts"]) declared.insert(f["name"]);
    for (const auto& p : nl["purposes"])
        for (const auto& f : p["facts"]) BOOST_TEST(declared.count(f.get<std::string>()) == 1u, f);
    // A record lists its fields with their types; an enumeration its values.
    for (const auto& f : nl["facts"]) {
        if (f["name"] == "veroordeling") {
            BOOST_TEST(f["type"] == "record");
            BOOST_TEST(f["fields"].size() >= 5u);
            bool soort = false;
            for (const auto& field : f["fields"])
                if (field["name"] == "soort") soort = field["type"] == "enum" && !field["values"].empty();
            BOOST_TEST(soort);
        }
        if (f["type"] == "enum") BOOST_TEST(!f["values"].empty(), f["name"]);
    }
}

// The register as JSON says what the register pages say: the same provisions, rules and texts.
BOOST_AUTO_TEST_CASE(the_register_as_json_is_the_register) {
    docgen::DocOptions options;
    options.as_of = "2026-01-01";
    const auto reg = docgen::build_register(shipped(), options);
    const auto j = docgen::register_json(reg);
    BOOST_TEST(j["as_of"] == "2026-01-01");
    BOOST_REQUIRE(j["sections"].size() == reg.sections.size());
    std::size_t permits = 0;
    for (std::size_t i = 0; i < reg.sections.size(); ++i) {
        BOOST_TEST(j["sections"][i]["provision"] == reg.sections[i].provision);
        BOOST_TEST(j["sections"][i]["source_url"] == reg.sections[i].source_url);
        BOOST_TEST(j["sections"][i]["permits"].size() == reg.sections[i].activities.size());
        BOOST_TEST(j["sections"][i]["prohibitions"].size() == reg.sections[i].prohibitions.size());
        for (std::size_t k = 0; k < reg.sections[i].activities.size(); ++k, ++permits) {
            BOOST_TEST(j["sections"][i]["permits"][k]["rule"] == reg.sections[i].activities[k].rule);
            BOOST_TEST(j["sections"][i]["permits"][k]["questions"].size() == 5u);
        }
    }
    BOOST_TEST(permits > 50u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(docgen_says)

// A `says` in both languages reaches each reader in theirs; one text alone reaches both as written; the
// DPV export tags the two and leaves one text untagged.
BOOST_AUTO_TEST_CASE(the_register_gives_each_reader_the_text_in_their_language) {
    const auto& set = grondslag::compiled_form(shipped());
    std::size_t bilingual = 0;
    for (const auto& r : set.rules) bilingual += !r.says.empty() && !r.says_en.empty();
    for (const auto& p : set.provisions) bilingual += !p.says.empty() && !p.says_en.empty();
    BOOST_TEST(bilingual == set.rules.size() + set.provisions.size());  // the shipped set gives both everywhere
    docgen::DocOptions options;
    options.as_of = "2026-01-01";
    const auto nl = docgen::build_register(shipped(), options);
    options.lang = docgen::Lang::en;
    const auto en = docgen::build_register(shipped(), options);
    BOOST_REQUIRE(nl.sections.size() == en.sections.size());
    std::size_t compared = 0;
    for (std::size_t i = 0; i < nl.sections.size(); ++i) {
        const auto& prov = *std::find_if(set.provisions.begin(), set.provisions.end(),
                                         [&](const auto& p) { return p.id == nl.sections[i].provision; });
        BOOST_TEST(nl.sections[i].says == prov.says);
        BOOST_TEST(en.sections[i].says == prov.says_en);
        for (std::size_t k = 0; k < nl.sections[i].activities.size(); ++k, ++compared) {
            const auto& rule = *std::find_if(set.rules.begin(), set.rules.end(),
                                             [&](const auto& r) { return r.id == nl.sections[i].activities[k].rule; });
            BOOST_TEST(nl.sections[i].activities[k].says == rule.says);
            BOOST_TEST(en.sections[i].activities[k].says == rule.says_en);
        }
    }
    BOOST_TEST(compared > 50u);

    const auto one = grondslag::Policies::load_sources({{"one.gsl", R"(module one rank wet
actor a "A" / "A"
actor b "B" / "B"
category c class ORD "C" / "C"
purpose p "P" / "P" needs c recipients b
basis one.b kind art6 "B" / "B"
provision one.p law "X" article "1" bwb BWBR0009398 valid from 2020-01-01
  says "Eén tekst."
rule one.r under one.p
  permit c
  from a to b for p
  basis one.b
  says "Only English here."
)"}});
    BOOST_REQUIRE_MESSAGE(one.ok(), one.render_diagnostics());
    options.lang = docgen::Lang::nl;
    const auto one_nl = docgen::build_register(one, options);
    options.lang = docgen::Lang::en;
    const auto one_en = docgen::build_register(one, options);
    BOOST_REQUIRE(one_nl.sections.size() == 1u);
    BOOST_TEST(one_nl.sections[0].says == "Eén tekst.");
    BOOST_TEST(one_en.sections[0].says == "Eén tekst.");
    BOOST_TEST(one_en.sections[0].activities.at(0).says == "Only English here.");
    const auto dpv = docgen::dpv_jsonld(one, {});
    const auto shipped_dpv = docgen::dpv_jsonld(shipped(), {});
    std::size_t untagged = 0, tagged_pairs = 0;
    const auto visit = [&](const nlohmann::json& graph) {
        for (const auto& node : graph) {
            const auto count = [&](const nlohmann::json& comment) {
                if (comment.is_object()) untagged += !comment.contains("@language");
                if (comment.is_array() && comment.size() == 2 && comment[0]["@language"] == "nl" && comment[1]["@language"] == "en")
                    ++tagged_pairs;
            };
            if (node.contains("rdfs:comment")) count(node["rdfs:comment"]);
            if (node.contains("dpv:hasRule"))
                for (const auto& r : node["dpv:hasRule"])
                    if (r.contains("rdfs:comment")) count(r["rdfs:comment"]);
        }
    };
    visit(dpv["@graph"]);
    BOOST_TEST(untagged == 2u);
    untagged = 0;
    visit(shipped_dpv["@graph"]);
    BOOST_TEST(untagged == 0u);
    BOOST_TEST(tagged_pairs > 50u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(docgen_conditions)

namespace {

// One rule whose condition uses every kind of test, with and, or and not, in a set of its own.
const Policies& every_test() {
    static const Policies p = Policies::load_sources({{"t.gsl", R"gsl(module t rank wet
actor dji "DJI" / "DJI"
actor gemeente "College van B en W" / "Municipal executive"
actor politie "Politie" / "Police"
category onderdak class ORD "Huisvesting" / "Housing"
category medisch class SPEC "Medische gegevens" / "Medical data"
purpose plan "Plan" / "Plan" needs onderdak, medisch recipients gemeente
fact noodzakelijk: bool "Noodzakelijk voor dit doel" / "Necessary for this purpose"
fact collectief: bool "Betreft een groep" / "Concerns a group"
fact terugkeer: date "Verwachte terugkeer" / "Expected return"
fact toestemmingen: consents "Toestemmingen" / "Consents"
fact veroordeling: record {
    soort: one of (vrijheidsstraf, tbs, pij),
    maanden: int,
    artikelen: list of article,
    jeugdstrafrecht: bool
  } "Veroordeling" / "Conviction"
basis t.e kind art6 "AVG art. 6 lid 1 onder e" / "GDPR art. 6(1)(e)"
basis t.a kind art6 from consent "AVG art. 6 lid 1 onder a" / "GDPR art. 6(1)(a)"
provision t.p law "T" article "1" bwb BWBR0009398 valid from 2020-01-01
rule t.r under t.p permit onderdak from dji, politie to gemeente for plan
  when noodzakelijk
       and not veroordeling.jeugdstrafrecht
       and (veroordeling.soort in [tbs, pij] or veroordeling.maanden >= 12)
       and veroordeling.artikelen contains any of ["242", "302"]
       and date >= terugkeer - 3 months
       and not sender in [politie]
       and not (known(collectief) and collectief)
       and explicit consent for medisch
  basis t.e
rule t.vrij under t.p permit onderdak from dji to gemeente for plan basis t.e
)gsl"}});
    BOOST_REQUIRE(p.ok());
    return p;
}

const grondslag::ir::Rule& rule_named(const grondslag::ir::PolicySet& set, const std::string& id) {
    for (const auto& r : set.rules)
        if (r.id == id) return r;
    BOOST_FAIL("no rule " << id);
    return set.rules.front();
}

}  // namespace

// A condition reads as a sentence in the reader's language, with its and/or/not: labels for facts,
// actors and categories, words for comparisons and dates, a `not` carried to the atom it negates.
BOOST_AUTO_TEST_CASE(a_condition_reads_as_a_sentence_with_its_structure) {
    const auto& set = grondslag::compiled_form(every_test());
    const auto& rule = rule_named(set, "t.r");
    const auto nl = grondslag::condition_clause(set, rule, grondslag::Language::nl);
    BOOST_REQUIRE(nl.has_value());
    BOOST_TEST(grondslag::condition_sentence(*nl, grondslag::Language::nl) ==
               "Noodzakelijk voor dit doel, niet veroordeling: jeugdstrafrecht, (veroordeling: soort is tbs of pij of "
               "veroordeling: maanden is ten minste 12), veroordeling: artikelen bevat 242 of 302, de datum van het "
               "verzoek ligt op of na verwachte terugkeer min 3 maanden, de verstrekker is niet Politie, niet "
               "(betreft een groep is opgegeven en betreft een groep) en uitdrukkelijke toestemming van de betrokkene "
               "voor medische gegevens.");
    const auto en = grondslag::condition_clause(set, rule, grondslag::Language::en);
    BOOST_TEST(grondslag::condition_sentence(*en, grondslag::Language::en) ==
               "Necessary for this purpose, not conviction: jeugdstrafrecht, (conviction: soort is tbs or pij or "
               "conviction: maanden is at least 12), conviction: artikelen contains 242 or 302, the request date "
               "is on or after expected return minus 3 months, the sender is not Police, not (concerns a group is "
               "given and concerns a group) and explicit consent of the data subject for medical data.");
    // A part with commas of its own sets the parts apart by semicolons.
    docgen::ConditionClause listed{docgen::ConditionClause::Kind::any, {},
                                   {{docgen::ConditionClause::Kind::atom, "a, b", {}}, {docgen::ConditionClause::Kind::atom, "c", {}}}};
    BOOST_TEST(grondslag::condition_sentence(listed, grondslag::Language::nl) == "A, b; of c.");
    // The tree: all of eight parts; the third any of two; the seventh a negation of a conjunction.
    using Kind = docgen::ConditionClause::Kind;
    BOOST_TEST((nl->kind == Kind::all));
    BOOST_REQUIRE(nl->children.size() == 8u);
    BOOST_TEST((nl->children[2].kind == Kind::any));
    BOOST_TEST(nl->children[2].children.size() == 2u);
    BOOST_TEST((nl->children[6].kind == Kind::negation));
    BOOST_TEST((nl->children[6].children.front().kind == Kind::all));
    BOOST_TEST(!grondslag::condition_clause(set, rule_named(set, "t.vrij"), grondslag::Language::nl).has_value());
}

// Every shipped rule's condition reads without the policy notation: no operators, brackets of lists or
// unresolved nodes, and in both languages.
BOOST_AUTO_TEST_CASE(every_shipped_condition_reads_without_policy_notation) {
    const auto& set = grondslag::compiled_form(shipped());
    std::size_t described = 0;
    for (const auto& rule : set.rules) {
        for (const auto lang : {grondslag::Language::nl, grondslag::Language::en}) {
            const auto clause = grondslag::condition_clause(set, rule, lang);
            if (!clause) continue;
            const std::string s = grondslag::condition_sentence(*clause, lang);
            for (const char* notation : {">=", "<=", " = ", "!=", " in [", "contains any", "known(", "?", "_"})
                BOOST_TEST(s.find(notation) == std::string::npos, rule.id << ": " << notation << " in " << s);
            ++described;
        }
    }
    BOOST_TEST(described > 200u);
    // The register and its JSON carry the sentence and the tree.
    const auto reg = docgen::build_register(shipped(), on("2026-01-01"));
    const auto j = docgen::register_json(reg);
    std::size_t with_condition = 0;
    for (const auto& s : j["sections"])
        for (const auto& p : s["permits"])
            if (!p["condition"].get<std::string>().empty()) {
                ++with_condition;
                BOOST_TEST(p["condition_clauses"].is_object());
            }
    BOOST_TEST(with_condition > 50u);
    const std::string md = docgen::register_markdown(reg);
    BOOST_TEST(md.find("| Voorwaarde | ") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
