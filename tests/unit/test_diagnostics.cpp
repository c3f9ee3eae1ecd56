// Every diagnostic the checker can give, each with its code and position.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "grondslag/input_limits.hpp"

#include "support.hpp"

namespace {

struct Bad {
    const char* name;
    const char* text;  // a module loaded beside the test vocabulary and laws
    const char* code;
    unsigned line;
    unsigned column;
};

std::ostream& operator<<(std::ostream& o, const Bad& b) { return o << b.name; }

const Bad bad_policies[] = {
    {"missing module", "actor x\n", "E001", 1, 1},
    {"module without name", "module\n", "E001", 2, 1},
    {"unknown statement", "module m rank wet\nregel m.x\n", "E001", 2, 1},
    {"category without class", "module m rank wet\ncategory c ORD\n", "E001", 2, 12},
    {"bad class", "module m rank wet\ncategory c class SECRET\n", "E001", 2, 18},
    {"purpose without recipients", "module m rank wet\npurpose p needs onderdak\n", "E001", 3, 1},
    {"unterminated string", "module m rank wet\nactor a \"open\n", "E001", 2, 14},
    {"bad type", "module m rank wet\nfact f: float\n", "E001", 2, 9},
    {"enum without parenthesis", "module m rank wet\nfact f: one of x, y\n", "E001", 2, 16},
    {"provision without bwb", "module m rank wet\nprovision m.p law \"X\" article \"1\" valid from 2020-01-01\n", "E001", 2, 35},
    {"bad bwb id", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb 123 valid from 2020-01-01\n", "E001", 2, 39},
    {"provision without validity", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1\n", "E001", 3, 1},
    {"rule without effect", "module m rank wet\nrule m.r under law.d allow onderdak from dji to gemeente for dr_plan basis law.6e\n", "E001", 2, 22},
    {"rule clauses out of order",
     "module m rank wet\nrule m.r under law.d permit onderdak from dji to gemeente for dr_plan basis law.6e when gedetineerd\n",
     "E001", 2, 84},
    {"dangling and", "module m rank wet\nrule m.r under law.d permit onderdak from dji to gemeente for dr_plan when gedetineerd and\n", "E001", 3, 1},
    {"period without unit", "module m rank wet\nrule m.r under law.d permit onderdak from dji to gemeente for dr_plan basis law.6e retain 5\n", "E001", 3, 1},
    {"period too large (found by fuzz_policy)", "module m rank wet\nrule m.r under law.d permit onderdak from dji to gemeente for dr_plan basis law.6e retain 55555555555555555555555555555555555555555554 years\n", "E003", 2, 91},
    {"period over the bound", "module m rank wet\nrule m.r under law.d permit onderdak from dji to gemeente for dr_plan basis law.6e retain 100001 days\n", "E003", 2, 91},
    {"invalid calendar date", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-02-30\n", "E002", 2, 56},
    {"unknown fact", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                     "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan when gedetinerd basis law.6e\n", "E100", 3, 74},
    {"unknown actor", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                      "rule m.r under m.p permit onderdak from dij to gemeente for dr_plan basis law.6e\n", "E100", 3, 41},
    {"unknown category", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                         "rule m.r under m.p permit onderdak2 from dji to gemeente for dr_plan basis law.6e\n", "E100", 3, 27},
    {"unknown purpose", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                        "rule m.r under m.p permit onderdak from dji to gemeente for drplan basis law.6e\n", "E100", 3, 61},
    {"unknown provision", "module m rank wet\nrule m.r under m.nope permit onderdak from dji to gemeente for dr_plan basis law.6e\n", "E100", 2, 16},
    {"unknown basis", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                      "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan basis law.6x\n", "E100", 3, 75},
    {"unknown exception target", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                                 "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan basis law.6e except law.nope\n", "E100", 3, 89},
    {"duplicate rule", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                       "rule m.r under m.p forbid onderdak from dji to gemeente for dr_plan\n"
                       "rule m.r under m.p forbid schulden from dji to gemeente for dr_plan\n", "E101", 4, 6},
    {"duplicate actor", "module m rank wet\nactor dji\n", "E101", 2, 7},
    {"bool compared with int", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                               "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan when gedetineerd > 3 basis law.6e\n", "E102", 3, 86},
    {"date fact as condition", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                               "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan when verwachte_terugkeer basis law.6e\n", "E102", 3, 74},
    {"contains on a bool", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                           "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan when gedetineerd contains \"x\" basis law.6e\n", "E102", 3, 86},
    {"exception cycle", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                        "rule m.a under m.p permit onderdak from dji to gemeente for dr_plan basis law.6e except m.b\n"
                        "rule m.b under m.p forbid onderdak from dji to gemeente for dr_plan except m.a\n", "E103", 4, 76},
    {"rule dated before its provision", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                                        "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan valid from 2021-06-30 basis law.6e\n",
     "E104", 3, 80},
    {"rule outliving its provision", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01 until 2022-01-01\n"
                                     "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan valid from 2021-07-01 until 2022-06-30 basis law.6e\n",
     "E104", 3, 97},
    {"SPEC permit without art. 9 ground", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                                          "rule m.r under m.p permit zorgtraject from dji to gemeente for zorg basis law.6e except law.forbid9\n",
     "E105", 3, 75},
    {"CRIM permit without art. 10 authorisation", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                                                  "rule m.r under m.p permit detentiedata from dji to gemeente for dr_plan basis law.6e\n",
     "E105", 3, 79},
    {"BSN permit without nid basis", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                                     "rule m.r under m.p permit bsn from dji to gemeente for dr_plan basis law.6e\n", "E105", 3, 70},
    {"permit without art. 6 basis", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                                    "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan\n", "E106", 3, 6},
    {"rule excepting itself", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                              "rule m.r under m.p forbid onderdak from dji to gemeente for dr_plan except m.r\n", "E107", 3, 76},
    {"rule id outside its module", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                                   "rule other.r under m.p forbid onderdak from dji to gemeente for dr_plan\n", "E108", 3, 6},
    {"validity ends before it begins", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01 until 2021-01-01\n",
     "E109", 2, 73},
    {"unknown enum value", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                           "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan when risico_delict = brand basis law.6e\n",
     "E110", 3, 90},
    {"group cycle", "module m rank wet\nactor a in b\nactor b in a\n", "E112", 2, 12},
    {"forbid with a basis", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                            "rule m.r under m.p forbid onderdak from dji to gemeente for dr_plan basis law.6e\n", "E113", 3, 75},
    {"second consents fact", "module m rank wet\nfact meer: consents\n", "E114", 2, 6},
    {"record field that does not exist", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                                         "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan when veroordeling.duur > 3 basis law.6e\n",
     "E100", 3, 74},
    {"duplicate module", "module law rank wet\n", "E101", 1, 8},
    {"prevails on a permit", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                             "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan basis law.6e prevails\n", "E115", 3, 82},
    {"exception to a prevailing forbid", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                                         "rule m.f under m.p forbid onderdak from dji to gemeente for dr_plan prevails\n"
                                         "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan basis law.6e except m.f\n",
     "E103", 4, 89},
    {"bad celex number", "module m rank wet\nprovision m.p law \"AVG\" article \"9\" celex X1 valid from 2018-05-25\n", "E001", 2, 43},
    // Ranks and the hierarchy of norms (legal_order.cpp), module boundaries.
    {"instrument without a rank", "module m\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n", "E116", 1, 8},
    {"source that does not fit the rank", "module m rank gemeentelijke_verordening\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n",
     "E117", 2, 11},
    {"EU rank citing a BWB id", "module m rank eu_verordening\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n", "E117", 2, 11},
    {"art. 9 ground laid down by a council regulation", "module m rank gemeentelijke_verordening\nbasis m.g kind art9 \"own\"\n", "E118", 2, 7},
    {"BSN law laid down by a ministerial regulation", "module m rank ministeriele_regeling\nbasis m.g kind nid \"own\"\n", "E118", 2, 7},
    {"task by law laid down by the college", "module m rank bestuursregeling\nbasis m.g kind art6 \"own\"\n", "E118", 2, 7},
    {"national art. 9 ground named by a municipal rule",
     "module m rank gemeentelijke_verordening\nprovision m.p law \"X\" article \"1\" cvdr CVDR1 valid from 2021-07-01\n"
     "rule m.r under m.p permit zorgtraject from dji to gemeente for zorg basis law.6e, law.9g except law.forbid9\n", "E118", 3, 83},
    {"municipal rule setting aside a national forbid",
     "module m rank gemeentelijke_verordening\nprovision m.p law \"X\" article \"1\" cvdr CVDR1 valid from 2021-07-01\n"
     "rule m.r under m.p permit zorgtraject from dji to gemeente for zorg basis law.6e, law.9g except law.forbid9\n", "E119", 3, 97},
    {"public task in a college regulation",
     "module m rank bestuursregeling\nprovision m.p law \"X\" article \"1\" cvdr CVDR1 valid from 2021-07-01\n"
     "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan basis law.6e\n", "E118", 3, 75},
    {"agreement setting aside a law's forbid by consent",
     "module m rank convenant\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
     "rule m.r under m.p permit zorgtraject from dji to gemeente for zorg when explicit consent basis law.6a, law.9a "
     "except law.forbid9\n", "E119", 3, 119},
    {"member added to another module's group", "module m rank wet\nactor bedrijf_z in dji\n", "E120", 2, 20},
    {"purpose extended where its owner did not open it", "module m rank wet\nextend purpose zorg recipients reclassering\n",
     "E120", 2, 21},
    {"needs added where its owner did not open them", "module m rank wet\nextend purpose zorg needs onderdak\n", "E120", 2, 21},
    {"own purpose extended", "module m rank wet\npurpose eigen needs onderdak recipients dji\nextend purpose eigen needs schulden\n",
     "E120", 3, 16},
    {"another module's permit taken over without its obligations",
     "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
     "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan basis law.6e except law.d.plan\n", "E121", 3, 89},
    {"a longer retention than the permit taken over",
     "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
     "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan basis law.6e except law.d.plan retain 61 months "
     "notify reclassering\n", "E121", 3, 89},
    {"a secrecy duty not in force on every day the rule applies",
     "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2016-01-01\n"
     "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan basis law.6e secrecy under law.secret\n", "E123", 3, 96},
    {"a secrecy duty under an unknown provision",
     "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
     "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan basis law.6e secrecy under law.secrets\n", "E100", 3, 96},
    {"a secrecy duty without 'under'",
     "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
     "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan basis law.6e secrecy law.secret\n", "E001", 3, 90},
    {"another module's permit taken over without its secrecy duty",
     "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
     "rule m.r under m.p permit zorgtraject from dji to gemeente for zorg basis law.6e, law.9g except law.forbid9, law.d.zorg\n",
     "E121", 3, 110},
    {"an article in another notation", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
     "rule m.r under m.p forbid onderdak from dji to gemeente for dr_plan when veroordeling.artikelen contains any of [\"242\", \"141 lid 2\"]\n",
     "E122", 3, 121},
    {"a duty to provide resting on the public task only",
     "module avg rank eu_verordening\nbasis avg.6.1.e kind art6 \"public task\"\n"
     "provision avg.p duty law \"X\" article \"1\" celex 32016R0679 valid from 2021-07-01\n"
     "rule avg.r under avg.p permit onderdak from dji to gemeente for dr_plan basis avg.6.1.e\n", "E124", 4, 79},
    {"a power to provide resting on a legal obligation only",
     "module avg rank eu_verordening\nbasis avg.6.1.c kind art6 \"legal obligation\"\n"
     "provision avg.p power law \"X\" article \"1\" celex 32016R0679 valid from 2021-07-01\n"
     "rule avg.r under avg.p permit onderdak from dji to gemeente for dr_plan basis avg.6.1.c\n", "E124", 4, 79},
    {"a provision kind in the wrong place",
     "module m rank wet\nprovision m.p law \"X\" duty article \"1\" bwb BWBR1 valid from 2021-07-01\n", "E001", 2, 23},
    {"known on a whole record", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                                "rule m.r under m.p forbid onderdak from dji to gemeente for dr_plan when known(veroordeling)\n", "E102", 3, 80},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(diagnostics)

BOOST_DATA_TEST_CASE(each_malformed_policy_gives_its_code_at_its_position, boost::unit_test::data::make(bad_policies), bad) {
    auto p = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"bad.gsl", bad.text}});
    BOOST_TEST(!p.ok());
    const auto& all = p.diagnostics().all();
    BOOST_REQUIRE_MESSAGE(!all.empty(), "no diagnostic");
    bool found = false;
    for (const auto& d : all)
        if (d.code == bad.code && d.where.file && d.where.file->path == "bad.gsl" && d.where.line == bad.line &&
            d.where.column == bad.column)
            found = true;
    BOOST_TEST(found, "expected " << bad.code << " at bad.gsl:" << bad.line << ":" << bad.column << ", got:\n"
                                  << p.render_diagnostics());
}

BOOST_AUTO_TEST_CASE(a_universe_over_64_is_E111) {
    // The masks are 64 bits wide: a 65th enumeration value, actor or mentioned text is refused, named.
    auto expect = [](const std::string& text, const std::string& says) {
        auto p = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"bad.gsl", text}});
        bool found = false;
        for (const auto& d : p.diagnostics().all())
            found |= d.code == "E111" && d.message.find(says) != std::string::npos;
        BOOST_TEST(found, "expected E111 '" << says << "', got:\n" << p.render_diagnostics());
    };
    std::string values, actors, texts;
    for (int i = 0; i < 65; ++i) {
        values += (i ? ", v" : "v") + std::to_string(i);
        actors += "actor a" + std::to_string(i) + "\n";
        texts += std::string(i ? ", " : "") + "\"" + std::to_string(100 + i) + "\"";
    }
    expect("module m rank wet\nfact f: one of (" + values + ")\n", "an enumeration has at most 64 values");
    expect("module m rank wet\n" + actors, "a policy set declares at most 64 actors");
    expect("module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
           "rule m.r under m.p forbid onderdak from dji to gemeente for dr_plan when veroordeling.artikelen contains any of [" +
               texts + "]\n",
           "at most 64 different values of 'veroordeling.artikelen' may be mentioned");
}

BOOST_AUTO_TEST_CASE(rendering_shows_file_line_column_source_and_caret) {
    auto p = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws},
                                 {"bad.gsl", "module m rank wet\ncategory c class SECRET\n"}});
    const std::string out = p.render_diagnostics();
    BOOST_TEST(out == "bad.gsl:2:18: error[E001]: expected a data class: ORD, SPEC, CRIM or NID\n"
                      "    category c class SECRET\n"
                      "                     ^\n");
}

BOOST_AUTO_TEST_CASE(all_semantic_errors_of_a_run_are_collected) {
    auto p = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws},
                                 {"bad.gsl", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                                             "rule m.r under m.p permit onderdak from dij to gemeente for dr_plan basis law.6e\n"
                                             "rule m.s under m.p permit onderdak from dji to gemeenten for dr_plan basis law.6e\n"
                                             "rule m.t under m.p permit onderdak from dji to gemeente for dr_plan when x basis law.6e\n"}});
    BOOST_TEST(p.diagnostics().error_count() == 3u, p.render_diagnostics());
}

BOOST_AUTO_TEST_CASE(a_syntax_error_in_one_file_does_not_hide_errors_in_another) {
    auto p = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws},
                                 {"a.gsl", "module a rank wet\nactor\n"}, {"b.gsl", "module b rank wet\nactor dji\n"}});
    BOOST_TEST(p.diagnostics().error_count() == 2u, p.render_diagnostics());
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_an_error_not_a_crash) {
    const std::string deep = "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                             "rule m.r under m.p forbid onderdak from dji to gemeente for dr_plan when " +
                             std::string(100000, '(') + "gedetineerd" + std::string(100000, ')') + "\n";
    auto p = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"bad.gsl", deep}});
    BOOST_TEST(!p.ok());
    BOOST_TEST(p.render_diagnostics().find("error[E001]: the text is nested too deeply") != std::string::npos, p.render_diagnostics());
    // 80 levels are fine.
    const std::string ok = "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                           "rule m.r under m.p forbid onderdak from dji to gemeente for dr_plan when " +
                           std::string(80, '(') + "gedetineerd" + std::string(80, ')') + "\n";
    auto q = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"ok.gsl", ok}});
    BOOST_TEST(q.ok(), q.render_diagnostics());
}

BOOST_AUTO_TEST_CASE(unknown_name_suggests_the_nearest) {
    auto p = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws},
                                 {"bad.gsl", "module m rank wet\nprovision m.p law \"X\" article \"1\" bwb BWBR1 valid from 2021-07-01\n"
                                             "rule m.r under m.p permit onderdak from dji to gemeente for dr_plan when gedetinerd basis law.6e\n"}});
    BOOST_TEST(p.render_diagnostics().find("did you mean 'gedetineerd'?") != std::string::npos);
}

// Policy inputs the fuzzer found (tests/fuzz/regressions/policy): each loads without a crash and is rejected.
BOOST_AUTO_TEST_CASE(fuzzer_policy_regressions_are_diagnosed) {
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(GRONDSLAG_SOURCE_DIR) + "/tests/fuzz/regressions/policy")) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto p = grondslag::Policies::load_sources({{entry.path().filename().string(), std::move(text)}});
        BOOST_TEST(!p.ok(), entry.path().string());
        ++count;
    }
    BOOST_TEST(count > 0u);
}

// Sources over the size limits are refused before parsing (E005), from memory and from disk;
// a file of exactly the limit is parsed.
BOOST_AUTO_TEST_CASE(policy_sources_over_the_size_limits_are_e005) {
    using grondslag::max_policy_file_bytes;
    const std::string header = "module big rank wet\n#";
    std::string exact = header + std::string(max_policy_file_bytes - header.size() - 1, 'x') + "\n";
    BOOST_REQUIRE_EQUAL(exact.size(), max_policy_file_bytes);
    auto at_limit = grondslag::Policies::load_sources(
        {{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"big.gsl", exact}});
    BOOST_TEST(at_limit.ok(), at_limit.render_diagnostics());

    auto over = grondslag::Policies::load_sources(
        {{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"big.gsl", exact + "x"}});
    BOOST_TEST(!over.ok());
    BOOST_TEST(over.diagnostics().error_count() == 1u);
    BOOST_TEST(over.render_diagnostics().find("error[E005]: the policy file 'big.gsl' has more than 4194304 bytes") !=
               std::string::npos, over.render_diagnostics());

    // Five files at the file limit pass the set's limit of 16 MiB at the fifth.
    std::vector<grondslag::PolicySource> many;
    for (int i = 0; i < 5; ++i) many.push_back({"p" + std::to_string(i) + ".gsl", exact});
    auto set = grondslag::Policies::load_sources(std::move(many));
    BOOST_TEST(!set.ok());
    BOOST_TEST(set.render_diagnostics().find("error[E005]: the policy files have more than 16777216 bytes together") !=
               std::string::npos, set.render_diagnostics());

    // On disk: a sparse 5 GB file is refused without being read.
    const auto dir = std::filesystem::temp_directory_path() / ("grondslag-limit-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    { std::ofstream(dir / "voc.gsl") << test_support::vocabulary; }
    { std::ofstream(dir / "huge.gsl"); }
    std::filesystem::resize_file(dir / "huge.gsl", std::uintmax_t{5} << 30);
    auto disk = grondslag::Policies::load_directories({dir.string()});
    std::filesystem::remove_all(dir);
    BOOST_TEST(!disk.ok());
    BOOST_TEST(disk.render_diagnostics().find("E005") != std::string::npos, disk.render_diagnostics());
}

BOOST_AUTO_TEST_SUITE_END()
