// Every diagnostic the checker can give, each with its code and position.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <string>
#include <vector>
#include <fstream>

#include <unistd.h>

#include "grondslag/input_limits.hpp"

#include "support.hpp"

namespace {

// The checker's cases as files, the way Soufflé keeps tests/semantic/<case>.dl beside <case>.err:
// tests/diagnostics/<code>_<name>.gsl is a module loaded beside the test vocabulary and laws
// (tests/fixtures/), and <code>_<name>.err is every diagnostic the run must render, exactly (file:line:col,
// code, message, source line and caret). GRONDSLAG_UPDATE_DIAGNOSTICS=1 writes the .err files anew.
const std::string diagnostics_dir = std::string(GRONDSLAG_SOURCE_DIR) + "/tests/diagnostics";

std::vector<std::string> diagnostic_cases() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(diagnostics_dir))
        if (entry.path().extension() == ".gsl") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(diagnostics)

BOOST_DATA_TEST_CASE(each_case_renders_its_expected_diagnostics, boost::unit_test::data::make(diagnostic_cases()), name) {
    const std::string gsl = name + ".gsl", err = diagnostics_dir + "/" + name + ".err";
    auto p = test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws},
                                 {gsl.c_str(), read_text(diagnostics_dir + "/" + gsl)}});
    BOOST_TEST(!p.ok());
    const std::string rendered = p.render_diagnostics();
    if (std::getenv("GRONDSLAG_UPDATE_DIAGNOSTICS")) std::ofstream(err, std::ios::binary) << rendered;
    BOOST_REQUIRE_MESSAGE(std::filesystem::exists(err), "no " << name << ".err (GRONDSLAG_UPDATE_DIAGNOSTICS=1 writes it)");
    BOOST_TEST(rendered == read_text(err), name << ": rendered\n" << rendered);
    // The file's name states the code it is about: that code must be among the diagnostics.
    const std::string code = name.substr(0, name.find('_'));
    BOOST_TEST(rendered.find("error[" + code + "]") != std::string::npos, name << " gives no " << code);
}

BOOST_AUTO_TEST_CASE(every_diagnostics_case_has_its_expected_output_and_no_output_is_orphaned) {
    std::size_t cases = 0;
    for (const auto& entry : std::filesystem::directory_iterator(diagnostics_dir)) {
        const auto ext = entry.path().extension();
        BOOST_TEST((ext == ".gsl" || ext == ".err"), entry.path().filename() << " is neither a case nor its output");
        auto other = entry.path();
        other.replace_extension(ext == ".gsl" ? ".err" : ".gsl");
        BOOST_TEST(std::filesystem::exists(other), entry.path().filename() << " has no " << other.filename());
        cases += ext == ".gsl";
    }
    BOOST_TEST(cases >= 72u);
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
