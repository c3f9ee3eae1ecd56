// grondslag diff on known edits of the shipped policies: each edit gives exactly the regions it
// should, every witness replays through decide on both sets, and random requests decided by both
// evaluators differ only inside a reported region (the enumeration misses nothing they find).
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "evaluator.hpp"
#include "grondslag/diff.hpp"
#include "random_requests.hpp"
#include "request.hpp"
#include "policies_access.hpp"

using nlohmann::json;
namespace ir = grondslag::ir;
using grondslag::DiffReport;
using grondslag::Transition;

namespace grondslag {
std::ostream& operator<<(std::ostream& out, Transition t) { return out << transition_name(t); }
}  // namespace grondslag

namespace {

std::map<std::string, std::string> shipped() {
    std::map<std::string, std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(std::string(GRONDSLAG_SOURCE_DIR) + "/policies")) {
        if (e.path().extension() != ".gsl") continue;
        std::ifstream in(e.path());
        std::ostringstream text;
        text << in.rdbuf();
        files["policies/" + e.path().filename().string()] = text.str();
    }
    return files;
}

grondslag::Policies load(const std::map<std::string, std::string>& files) {
    std::vector<grondslag::PolicySource> sources;
    for (const auto& [path, text] : files) sources.push_back({path, text});
    grondslag::Policies p = grondslag::Policies::load_sources(std::move(sources));
    BOOST_REQUIRE_MESSAGE(p.ok(), p.render_diagnostics());
    return p;
}

// Replaces `from` by `to` once, inside the declaration that starts with `anchor` in `file`.
std::map<std::string, std::string> edit(std::map<std::string, std::string> files, const std::string& file,
                                        const std::string& anchor, const std::string& from, const std::string& to) {
    std::string& text = files.at("policies/" + file);
    const auto at = text.find(anchor);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, anchor);
    const auto pos = text.find(from, at);
    BOOST_REQUIRE_MESSAGE(pos != std::string::npos, from);
    text.replace(pos, from.size(), to);
    return files;
}

std::size_t cells_of(const ir::PolicySet& set, const std::string& rule_id) {
    const ir::Rule& r = set.rules[static_cast<std::size_t>(set.rule_ids.at(rule_id))];
    return static_cast<std::size_t>(__builtin_popcountll(r.senders) * __builtin_popcountll(r.recipients) *
                                    __builtin_popcountll(r.purposes) * __builtin_popcountll(r.categories));
}

// The cells of a rule that a request can reach: PM 20d lets director, reclassering and college give
// "aan elkaar", to one of the others, so a rule's cells from a party to itself never permit.
std::size_t cells_between_others(const ir::PolicySet& set, const std::string& rule_id) {
    const ir::Rule& r = set.rules[static_cast<std::size_t>(set.rule_ids.at(rule_id))];
    const std::size_t self = static_cast<std::size_t>(__builtin_popcountll(r.senders & r.recipients));
    return cells_of(set, rule_id) - self * static_cast<std::size_t>(__builtin_popcountll(r.purposes) *
                                                                    __builtin_popcountll(r.categories));
}

// Random requests (aimed at the rules of both sets) decided by both evaluators: every item whose
// decision or deciding rule differs lies in a reported region with that change. Needs the same
// vocabulary on both sides (the compiled requests are shared).
// `aimed`: when given, the requests are aimed at these rules and the dates at [aimed_from, aimed_until].
std::size_t differential(const grondslag::Policies& o, const grondslag::Policies& n, const DiffReport& report,
                         std::size_t count, const std::vector<std::string>& aimed = {}, const char* aimed_from = "",
                         const char* aimed_until = "") {
    const ir::PolicySet &so = compiled_form(o), &sn = compiled_form(n);
    std::map<std::string, std::string> renamed;
    for (const auto& [a, b] : report.renamed) renamed[b] = a;
    grondslag::Evaluator eo(so), en(sn);
    test_support::Generator go(so, 7), gn(sn, 11);
    if (!aimed.empty()) {
        const grondslag::Day from = *grondslag::parse_date(aimed_from), until = *grondslag::parse_date(aimed_until);
        go.aim(aimed, from, until);
        gn.aim(aimed, from, until);
    }
    grondslag::Request r;
    grondslag::Decision dold, dnew;
    std::size_t differing = 0;
    for (std::size_t k = 0; k < count; ++k) {
        (k % 2 ? gn : go).make(r);
        eo.decide(r, dold);
        en.decide(r, dnew);
        for (std::size_t i = 0; i < dold.items.size(); ++i) {
            const auto& a = dold.items[i];
            const auto& b = dnew.items[i];
            const std::string rule_old = a.rule >= 0 ? so.rules[static_cast<std::size_t>(a.rule)].id : "";
            std::string rule_new = b.rule >= 0 ? sn.rules[static_cast<std::size_t>(b.rule)].id : "";
            const std::string canonical_new = renamed.count(rule_new) ? renamed[rule_new] : rule_new;
            if (a.verdict == b.verdict && rule_old == canonical_new) continue;
            ++differing;
            const std::string day = grondslag::format_date(r.date);
            bool covered = false;
            for (const auto& g : report.regions)
                covered |= g.sender == so.actors[r.sender].name && g.recipient == so.actors[r.recipient].name &&
                           g.purpose == so.purposes[r.purpose].name && g.category == so.categories[a.category].name &&
                           g.old_side.rule == rule_old && g.new_side.rule == rule_new && g.first_date <= day && day <= g.last_date;
            BOOST_CHECK_MESSAGE(covered, "no region for " << so.actors[r.sender].name << " -> " << so.actors[r.recipient].name
                                                           << " " << so.purposes[r.purpose].name << " "
                                                           << so.categories[a.category].name << " on " << day << ": "
                                                           << rule_old << " -> " << rule_new);
        }
    }
    return differing;
}

void all_reproduced(const DiffReport& d) {
    for (const auto& g : d.regions) BOOST_CHECK_MESSAGE(g.reproduced, "witness not reproduced: " << g.witness.dump());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(diff)

BOOST_AUTO_TEST_CASE(identical_sets_are_proven_equal) {
    const auto files = shipped();
    const auto d = grondslag::diff(load(files), load(files));
    BOOST_TEST(d.regions.empty());
    BOOST_TEST(d.complete);
    BOOST_TEST(d.unknowns.empty());
    BOOST_TEST(d.exit_code(DiffReport::FailOn::any) == 0);
    BOOST_TEST(d.to_text().find("proven: no request is decided differently") != std::string::npos);
    BOOST_TEST(d.to_json()["proof"] == true);
}

BOOST_AUTO_TEST_CASE(moved_validity_date_narrows_exactly_the_days_between) {
    const auto files = shipped();
    const auto moved = edit(files, "pm.gsl", "provision pm.20d.2 ", "valid from 2021-07-01", "valid from 2021-09-01");
    const auto o = load(files), n = load(moved);
    const auto d = grondslag::diff(o, n);
    BOOST_TEST(d.complete);
    const std::set<std::string> rules{"pm.20d.2.ad", "pm.20d.2.f", "pm.20d.2.a6", "pm.20d.2.b"};
    std::size_t expected = 0;
    for (const auto& r : rules) expected += cells_between_others(compiled_form(o), r);
    BOOST_TEST(d.regions.size() == expected);  // every cell of the four rules, once
    for (const auto& g : d.regions) {
        BOOST_TEST(g.transition == Transition::narrow);
        BOOST_TEST(rules.count(g.old_side.rule) == 1);
        BOOST_TEST(g.first_date == "2021-07-01");
        BOOST_TEST(g.last_date == "2021-08-31");
    }
    all_reproduced(d);
    BOOST_TEST(d.exit_code(DiffReport::FailOn::widen) == 0);
    BOOST_TEST(d.exit_code(DiffReport::FailOn::any) == 1);
    differential(o, n, d, 20000);  // every request decided differently lies in a region
    // Two months of three rules among many: random requests over the whole set seldom reach them.
    BOOST_TEST(differential(o, n, d, 20000, {"pm.20d.2.ad", "pm.20d.2.a6", "pm.20d.2.b"}, "2021-06-15", "2021-09-15") > 0);
}

BOOST_AUTO_TEST_CASE(dropped_condition_widens_the_rule_cells) {
    const auto files = shipped();
    const auto dropped = edit(files, "pm.gsl", "rule pm.20d.2.b ", "\n       and noodzakelijk", "");
    const auto o = load(files), n = load(dropped);
    const auto d = grondslag::diff(o, n);
    BOOST_TEST(d.complete);
    BOOST_TEST(d.regions.size() == cells_between_others(compiled_form(o), "pm.20d.2.b"));
    for (const auto& g : d.regions) {
        BOOST_TEST(g.transition == Transition::widen);
        BOOST_TEST(g.new_side.rule == "pm.20d.2.b");
        BOOST_TEST(g.old_side.rule == "avg.10");  // detention dates are criminal data: denied by art. 10 before
        BOOST_TEST(g.category == "detentiedata");
        BOOST_TEST(g.first_date == "2021-07-01");
        BOOST_TEST(g.witness["facts"].value("noodzakelijk", false) == false);  // not necessary, or unknown
    }
    BOOST_TEST(d.edited_rules == std::vector<std::string>{"pm.20d.2.b"});
    all_reproduced(d);
    BOOST_TEST(d.exit_code(DiffReport::FailOn::widen) == 1);
    differential(o, n, d, 20000);  // every request decided differently lies in a region
    // One rule among nearly three hundred: requests aimed at it show the widening is reached.
    BOOST_TEST(differential(o, n, d, 20000, {"pm.20d.2.b"}, "2021-07-01", "2025-12-31") > 0);
}

BOOST_AUTO_TEST_CASE(added_recipient_widens_only_towards_it) {
    const auto files = shipped();
    const auto added = edit(files, "pm.gsl", "rule pm.20d.2.b ", "to dji, reclassering, gemeente", "to dji, reclassering, gemeente, burgemeester");
    const auto o = load(files), n = load(added);
    const auto d = grondslag::diff(o, n);
    BOOST_TEST(d.complete);
    BOOST_TEST(d.regions.size() == 3u);  // dji, reclassering and gemeente -> burgemeester, detentiedata
    std::set<std::string> senders;
    for (const auto& g : d.regions) {
        BOOST_TEST(g.transition == Transition::widen);
        BOOST_TEST(g.recipient == "burgemeester");
        BOOST_TEST(g.purpose == "dr_plan");
        BOOST_TEST(g.new_side.rule == "pm.20d.2.b");
        senders.insert(g.sender);
    }
    BOOST_TEST(senders == (std::set<std::string>{"dji", "gemeente", "reclassering"}));
    all_reproduced(d);
    differential(o, n, d, 20000);
}

BOOST_AUTO_TEST_CASE(added_exception_lets_the_permit_win_over_the_forbid) {
    const auto files = shipped();
    // The shipped pm.20d.2.b excepts avg.10; the old set here is the same rule without it.
    const auto without = edit(files, "pm.gsl", "rule pm.20d.2.b ", "  except avg.10\n", "");
    const auto o = load(without), n = load(files);
    const auto d = grondslag::diff(o, n);
    BOOST_TEST(d.complete);
    BOOST_TEST(d.regions.size() == cells_between_others(compiled_form(n), "pm.20d.2.b"));
    for (const auto& g : d.regions) {
        BOOST_TEST(g.transition == Transition::widen);
        BOOST_TEST(g.old_side.rule == "avg.10");
        BOOST_TEST(g.new_side.rule == "pm.20d.2.b");
    }
    all_reproduced(d);
    differential(o, n, d, 20000);
}

BOOST_AUTO_TEST_CASE(renamed_rule_changes_nothing) {
    const auto files = shipped();
    const auto renamed = edit(files, "pm.gsl", "rule pm.20d.2.b ", "rule pm.20d.2.b ", "rule pm.20d.2.detentie ");
    const auto o = load(files), n = load(renamed);
    const auto d = grondslag::diff(o, n);
    BOOST_TEST(d.regions.empty());
    BOOST_TEST(d.complete);
    BOOST_REQUIRE(d.renamed.size() == 1u);
    BOOST_TEST(d.renamed[0].first == "pm.20d.2.b");
    BOOST_TEST(d.renamed[0].second == "pm.20d.2.detentie");
    BOOST_TEST(d.exit_code(DiffReport::FailOn::any) == 0);
    BOOST_TEST(differential(o, n, d, 5000) == 0u);
}

BOOST_AUTO_TEST_CASE(new_actor_in_vocabulary_and_rule) {
    const auto files = shipped();
    auto added = edit(files, "vocabulary.gsl", "actor gemeente ", "actor gemeente ", "actor wijkteam \"Wijkteam\" / \"Neighbourhood team\"\nactor gemeente ");
    added = edit(added, "pm.gsl", "rule pm.20d.2.b ", "to dji, reclassering, gemeente", "to dji, reclassering, gemeente, wijkteam");
    const auto d = grondslag::diff(load(files), load(added));
    BOOST_TEST(d.complete);
    BOOST_TEST(d.regions.size() == 3u);  // the old set rejects every request naming wijkteam: a deny
    for (const auto& g : d.regions) {
        BOOST_TEST(g.transition == Transition::widen);
        BOOST_TEST(g.recipient == "wijkteam");
        BOOST_TEST(g.old_side.rule.empty());
        BOOST_TEST(g.new_side.rule == "pm.20d.2.b");
    }
    all_reproduced(d);
}

BOOST_AUTO_TEST_CASE(a_new_fact_changes_only_the_rules_that_read_it) {
    // A fact the old set does not declare: the old set decides as if it were not given, so only the cells of
    // the rule that reads it differ (not every request that gives it), and the fact is listed apart.
    const auto files = shipped();
    auto added = edit(files, "vocabulary.gsl", "fact noodzakelijk:", "fact noodzakelijk:",
                      "fact verzet_ingesteld: bool \"Bezwaar gemaakt\" / \"Objection lodged\"\nfact noodzakelijk:");
    added = edit(added, "pm.gsl", "rule pm.20d.2.b ", "       and noodzakelijk\n", "       and noodzakelijk and not verzet_ingesteld\n");
    const auto d = grondslag::diff(load(files), load(added));
    BOOST_TEST(d.complete);
    BOOST_TEST(d.added_facts == std::vector<std::string>{"verzet_ingesteld"});
    BOOST_TEST(d.removed_facts.empty());
    BOOST_TEST(!d.regions.empty());
    for (const auto& g : d.regions) {
        BOOST_TEST(g.transition == Transition::narrow);
        BOOST_TEST(g.old_side.rule == "pm.20d.2.b");
        BOOST_TEST(g.category == "detentiedata");
        // The new set needs the fact stated false: a request that gives it true, or not at all, is denied.
        BOOST_TEST(g.witness["facts"].value("verzet_ingesteld", true) == true);
    }
    BOOST_TEST(d.edited_rules == std::vector<std::string>{"pm.20d.2.b"});
    all_reproduced(d);
    // The other way round: the fact removed, the same regions widened.
    const auto back = grondslag::diff(load(added), load(files));
    BOOST_TEST(back.removed_facts == std::vector<std::string>{"verzet_ingesteld"});
    BOOST_TEST(back.regions.size() == d.regions.size());
    for (const auto& g : back.regions) BOOST_TEST(g.transition == Transition::widen);
    all_reproduced(back);
}

BOOST_AUTO_TEST_CASE(reports_render) {
    const auto files = shipped();
    const auto d = grondslag::diff(load(files), load(edit(files, "pm.gsl", "rule pm.20d.2.b ", "to dji, reclassering, gemeente",
                                                           "to dji, reclassering, gemeente, burgemeester")));
    const json j = d.to_json();
    BOOST_TEST(j["summary"]["widen"] == 3);
    BOOST_TEST(j["groups"].size() == 1u);
    BOOST_TEST(j["groups"][0]["regions"].size() == 3u);
    const json sarif = d.to_sarif(DiffReport::FailOn::widen);
    BOOST_TEST(sarif["version"] == "2.1.0");
    BOOST_TEST(sarif["runs"][0]["results"].size() == 3u);
    BOOST_TEST(sarif["runs"][0]["results"][0]["level"] == "error");
    BOOST_TEST(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "policies/pm.gsl");
    const std::string junit = d.to_junit(DiffReport::FailOn::widen);
    BOOST_TEST(junit.find("failures=\"1\"") != std::string::npos);
    BOOST_TEST(d.to_junit(DiffReport::FailOn::none).find("failures=\"0\"") != std::string::npos);
    const std::string md = d.to_markdown();
    BOOST_TEST(md.find("| deny → permit (widen) | 3 |") != std::string::npos);
    BOOST_TEST(md.find("burgemeester") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_set_with_errors_is_an_input_error) {
    const auto files = shipped();
    const auto broken = edit(files, "pm.gsl", "rule pm.20d.2.b ", "permit detentiedata", "permit detentiedatum");
    std::vector<grondslag::PolicySource> sources;
    for (const auto& [path, text] : broken) sources.push_back({path, text});
    const auto d = grondslag::diff(load(files), grondslag::Policies::load_sources(std::move(sources)));
    BOOST_TEST(!d.error.empty());
    BOOST_TEST(d.exit_code(DiffReport::FailOn::none) == 2);
}

BOOST_AUTO_TEST_CASE(a_solver_limit_is_unknown_not_a_pass) {
    const auto files = shipped();
    grondslag::DiffOptions options;
    options.max_regions = 2;
    const auto d = grondslag::diff(load(files), load(edit(files, "pm.gsl", "provision pm.20d.2 ", "valid from 2021-07-01", "valid from 2021-09-01")),
                                   options);
    BOOST_TEST(!d.complete);
    BOOST_TEST(d.regions.size() == 2u);
    BOOST_TEST(d.exit_code(DiffReport::FailOn::widen) == 3);  // narrowing only so far, but the list is incomplete
}

BOOST_AUTO_TEST_SUITE_END()
