#include <boost/test/unit_test.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grondslag_grammar.hpp"
#include "parser.hpp"
#include "support.hpp"

using namespace grondslag;

// Boost.Test prints the operands of a failed comparison.
namespace grondslag::ast {
inline std::ostream& operator<<(std::ostream& o, DataClass v) { return o << static_cast<int>(v); }
inline std::ostream& operator<<(std::ostream& o, BasisKind v) { return o << static_cast<int>(v); }
inline std::ostream& operator<<(std::ostream& o, ExprKind v) { return o << static_cast<int>(v); }
inline std::ostream& operator<<(std::ostream& o, DataSelection::Kind v) { return o << static_cast<int>(v); }
}  // namespace grondslag::ast

BOOST_AUTO_TEST_SUITE(grammar)

BOOST_AUTO_TEST_CASE(grammar_has_no_cycles_without_progress) {
    // PEGTL's analyzer finds left recursion and loops that consume nothing.
    BOOST_TEST(tao::pegtl::analyze<grondslag::grammar::file>() == 0u);
}

static ast::Module parse_ok(const std::string& text) {
    SourceFile file("t.gsl", text);
    DiagnosticReport report;
    auto m = parse_module(file, report);
    BOOST_REQUIRE_MESSAGE(m.has_value(), report.render());
    BOOST_REQUIRE(!report.has_errors());
    return std::move(*m);
}

BOOST_AUTO_TEST_CASE(declarations) {
    auto m = parse_ok(R"(# a comment
module v  # trailing comment
actor g "Groep" / "Group"
actor a in g
category c class SPEC "Zorg" / "Care"
purpose p "Doel" needs c recipients a
fact b: bool
fact n: int
fact d: date
fact l: list of text
fact e: one of (x, y, z)
fact r: record { f: bool, k: one of (u, w) }
fact t: consents
basis v.6e kind art6 "publieke taak" / "public task"
provision v.p law "PM" article "20d" lid "3" onder "b" bwb BWBR0009398 valid from 2021-07-01 until 2024-06-30 says "x"
)");
    BOOST_TEST(m.name.text == "v");
    BOOST_TEST(m.actors.size() == 2u);
    BOOST_TEST(m.actors[1].group->text == "g");
    BOOST_TEST(m.actors[0].label.en == "Group");
    BOOST_TEST(m.categories[0].data_class == ast::DataClass::spec);
    BOOST_TEST(m.purposes[0].needs.size() == 1u);
    BOOST_TEST(m.facts.size() == 7u);
    BOOST_TEST(m.facts[4].type.enum_values.size() == 3u);
    BOOST_TEST(m.facts[5].type.fields.size() == 2u);
    BOOST_TEST(m.bases[0].kind == ast::BasisKind::art6);
    BOOST_TEST(m.provisions[0].onder == "b");
    BOOST_TEST(m.provisions[0].validity.until.has_value());
    BOOST_TEST(m.provisions[0].source_id == "BWBR0009398");
}

BOOST_AUTO_TEST_CASE(eu_and_municipal_identifiers_and_known) {
    auto m = parse_ok(R"(module v rank wet
provision v.a law "AVG" article "9" bwb BWBR0040940 valid from 2018-05-25
provision v.b law "AVG" article "9" celex 32016R0679 valid from 2018-05-25
provision v.c law "Verordening" article "3" cvdr CVDR123456 valid from 2022-01-01
rule v.r under v.a forbid any data from anyone to anyone for any purpose when known(collectief) and collectief
)");
    BOOST_TEST(m.provisions[1].source_id == "CELEX 32016R0679");
    BOOST_TEST(m.provisions[2].source_id == "CVDR123456");
    BOOST_TEST(m.rules[0].condition->children[0]->kind == ast::ExprKind::known);
}

BOOST_AUTO_TEST_CASE(rules_with_every_clause) {
    auto m = parse_ok(R"(module v rank wet
rule v.r under v.p permit a, b from x, y to anyone for any purpose valid from 2021-07-01 until 2022-01-01
  when not (f and g) or h = 3 and date >= t - 3 months and e in [x, y] and l contains "242"
       and l contains any of ["1", "2"] and consent and explicit consent for c and sender in [dji]
       and recipient = gemeente and r.k != u and d < 2020-01-01 + 1 year and true and not false
  basis v.6e, v.9g except v.f retain 5 years log 4 years notify dji cite "A" cite "B" says "S"
rule v.f under v.p forbid class SPEC from anyone to anyone for p1, p2 prevails
rule v.g under v.p forbid any data from anyone to anyone for any purpose
)");
    BOOST_REQUIRE(m.rules.size() == 3u);
    const auto& r = m.rules[0];
    BOOST_TEST(r.data.names.size() == 2u);
    BOOST_TEST(r.recipients.anyone);
    BOOST_TEST(r.purposes.any);
    BOOST_TEST(r.validity->until.has_value());
    BOOST_TEST(r.condition->kind == ast::ExprKind::logical_or);
    BOOST_TEST(r.bases.size() == 2u);
    BOOST_TEST(r.exceptions.size() == 1u);
    BOOST_TEST(r.obligations.size() == 3u);
    BOOST_TEST(r.cites.size() == 2u);
    BOOST_TEST(r.says == "S");
    BOOST_TEST(m.rules[1].data.kind == ast::DataSelection::Kind::data_class);
    BOOST_TEST(m.rules[1].prevails.has_value());
    BOOST_TEST(!m.rules[0].prevails.has_value());
    BOOST_TEST(m.rules[2].data.kind == ast::DataSelection::Kind::any);
}

BOOST_AUTO_TEST_CASE(operator_precedence_not_and_or) {
    auto m = parse_ok("module v rank wet\nrule v.r under v.p permit a from x to y for p when not a and b or c\n");
    const auto& e = *m.rules[0].condition;
    BOOST_REQUIRE(e.kind == ast::ExprKind::logical_or);
    BOOST_TEST(e.children.size() == 2u);
    BOOST_REQUIRE(e.children[0]->kind == ast::ExprKind::logical_and);
    BOOST_TEST(e.children[0]->children[0]->kind == ast::ExprKind::logical_not);
}

BOOST_AUTO_TEST_CASE(strings_unescape) {
    auto m = parse_ok("module v rank wet\nbasis v.b kind art6 \"a \\\"quoted\\\" word\"\n");
    BOOST_TEST(m.bases[0].label.nl == "a \"quoted\" word");
}

BOOST_AUTO_TEST_CASE(shipped_policies_parse) {
    auto p = grondslag::Policies::load_directories({std::string(GRONDSLAG_SOURCE_DIR) + "/policies"});
    BOOST_TEST(p.ok(), p.render_diagnostics());
    BOOST_TEST(p.rule_count() > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
