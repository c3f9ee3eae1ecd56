// `grondslag fmt`: the canonical layout. Odd layouts, comments in odd places,
// idempotence over every shipped file, and that formatting never changes what
// a policy set means (same syntax tree without positions, same corpus answers,
// still proven by the verifier).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include <tao/pegtl/demangle.hpp>
#include <tao/pegtl/visit.hpp>

#include "grondslag/corpus.hpp"
#include "grondslag/format.hpp"
#include "grondslag/verify.hpp"
#include "grondslag_parse_tree.hpp"
#include "parser.hpp"
#include "support.hpp"

using namespace grondslag;
namespace fs = std::filesystem;

namespace {

std::string fmt(const std::string& text) {
    const FormatResult r = format_source("t.gsl", text);
    BOOST_REQUIRE_MESSAGE(r.ok, r.diagnostics);
    return r.text;
}

// Formats, and checks the result is a fixed point.
std::string fmt_stable(const std::string& text) {
    const std::string once = fmt(text);
    const std::string twice = fmt(once);
    BOOST_TEST(once == twice, "not idempotent:\n" << once << "---\n" << twice);
    return once;
}

std::size_t longest_line(const std::string& text) {
    std::size_t longest = 0, start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::size_t cols = 0;
        for (std::size_t i = start; i < end; ++i)
            if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++cols;
        longest = std::max(longest, cols);
        start = end + 1;
    }
    return longest;
}

// ---- a dump of the syntax tree without positions: what the compiler reads ----

void dump(std::ostream& o, const ast::Expr& e) {
    o << "(" << static_cast<int>(e.kind) << " op" << static_cast<int>(e.op) << " n" << e.number << " t'" << e.text << "'";
    for (const auto& p : e.path) o << " ." << p;
    for (const auto& v : e.values) o << " v'" << v.text << "'";
    o << " p" << e.period.amount << "/" << static_cast<int>(e.period.unit) << " x" << e.explicit_consent;
    if (e.consent_category) o << " c" << e.consent_category->text;
    for (const auto& c : e.children) dump(o, *c);
    o << ")";
}

void dump(std::ostream& o, const std::vector<ast::Name>& names) {
    o << "[";
    for (const auto& n : names) o << n.text << ",";
    o << "]";
}

void dump(std::ostream& o, const ast::Type& t) {
    o << "type" << static_cast<int>(t.kind);
    dump(o, t.enum_values);
    for (const auto& f : t.fields) {
        o << " " << f.name.text << ":";
        dump(o, *f.type);
    }
}

void dump(std::ostream& o, const ast::Validity& v) {
    o << " valid " << v.from << ".." << (v.until ? std::to_string(*v.until) : "-");
}

std::string dump(const ast::Module& m) {
    std::ostringstream o;
    o << "module " << m.name.text << "\n";
    for (const auto& a : m.actors)
        o << "actor " << a.name.text << " " << (a.group ? a.group->text : "-") << " " << a.label.nl << "/" << a.label.en << "\n";
    for (const auto& c : m.categories)
        o << "category " << c.name.text << " " << static_cast<int>(c.data_class) << " " << c.label.nl << "/" << c.label.en << "\n";
    for (const auto& p : m.purposes) {
        o << "purpose " << p.name.text << " " << p.label.nl << "/" << p.label.en;
        dump(o, p.needs);
        dump(o, p.recipients);
        o << "\n";
    }
    for (const auto& f : m.facts) {
        o << "fact " << f.name.text << " ";
        dump(o, f.type);
        o << " " << f.label.nl << "/" << f.label.en << "\n";
    }
    for (const auto& b : m.bases)
        o << "basis " << b.id.text << " " << static_cast<int>(b.kind) << " " << b.label.nl << "/" << b.label.en << "\n";
    for (const auto& p : m.provisions) {
        o << "provision " << p.id.text << " " << static_cast<int>(p.kind) << " " << p.law << "|" << p.article << "|" << p.lid << "|" << p.onder << "|"
          << p.source_id << "|" << p.says;
        dump(o, p.validity);
        o << "\n";
    }
    for (const auto& r : m.rules) {
        o << "rule " << r.id.text << " " << r.provision.text << " " << static_cast<int>(r.effect) << " data"
          << static_cast<int>(r.data.kind) << "/" << static_cast<int>(r.data.data_class);
        dump(o, r.data.names);
        o << " from" << r.senders.anyone;
        dump(o, r.senders.names);
        o << " to" << r.recipients.anyone;
        dump(o, r.recipients.names);
        o << " for" << r.purposes.any;
        dump(o, r.purposes.names);
        if (r.validity) dump(o, *r.validity);
        if (r.condition) dump(o, *r.condition);
        dump(o, r.bases);
        dump(o, r.exceptions);
        o << " prevails" << r.prevails.has_value();
        for (const auto& ob : r.obligations)
            o << " ob" << static_cast<int>(ob.kind) << ":" << ob.period.amount << "/" << static_cast<int>(ob.period.unit)
              << ":" << ob.actor.text;
        for (const auto& c : r.cites) o << " cite'" << c << "'";
        o << " says'" << r.says << "'\n";
    }
    return o.str();
}

std::string ast_dump(const std::string& text) {
    SourceFile file("t.gsl", text);
    DiagnosticReport report;
    auto m = parse_module(file, report);
    BOOST_REQUIRE_MESSAGE(m.has_value(), report.render());
    return dump(*m);
}

// Each comment's text, in order.
std::vector<std::string> comments_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        bool quoted = false;
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (line[i] == '\\' && quoted) ++i;
            else if (line[i] == '"') quoted = !quoted;
            else if (line[i] == '#' && !quoted) {
                std::string c = line.substr(i);
                while (!c.empty() && (c.back() == '\r' || c.back() == ' ' || c.back() == '\t')) c.pop_back();
                out.push_back(c);
                break;
            }
        }
    }
    return out;
}

// Formatting keeps meaning and every comment, and is stable.
void check_preserved(const std::string& text) {
    const std::string out = fmt_stable(text);
    BOOST_TEST(ast_dump(text) == ast_dump(out));
    BOOST_TEST(comments_of(text) == comments_of(out), "comments changed in:\n" << out);
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const fs::path root = GRONDSLAG_SOURCE_DIR;

// Every .gsl file the repository ships.
std::vector<fs::path> shipped_files() {
    std::vector<fs::path> out;
    for (const char* dir : {"policies", "examples", "tests/golden", "tests/bench/cedar/policies"})
        for (const auto& e : fs::recursive_directory_iterator(root / dir))
            if (e.is_regular_file() && e.path().extension() == ".gsl" && e.path().stem() != "syntax_error")
                out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<PolicySource> sources_of(const std::vector<std::string>& dirs, bool formatted) {
    std::vector<PolicySource> out;
    for (const auto& d : dirs) {
        std::vector<fs::path> files;
        for (const auto& e : fs::recursive_directory_iterator(root / d))
            if (e.is_regular_file() && e.path().extension() == ".gsl") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) out.push_back({f.string(), formatted ? fmt(read(f)) : read(f)});
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(format)

// Ranks, extension points and consent grounds: one line each, an extension laid out as a purpose.
BOOST_AUTO_TEST_CASE(ranks_and_extension_points) {
    const std::string out = fmt_stable(
        "module m   rank  gemeentelijke_verordening actor a open \"A\" actor b in a purpose p needs c recipients a open "
        "recipients,needs extend purpose q needs c,d recipients a extend purpose r recipients b "
        "basis m.a kind art6 from  consent \"a\" fact v: record {a: list  of  article, b: list of text}");
    BOOST_TEST(out == R"(module m rank gemeentelijke_verordening
actor a open "A"
actor b in a
purpose p
  needs c
  recipients a
  open recipients, needs
extend purpose q
  needs c, d
  recipients a
extend purpose r
  recipients b
basis m.a kind art6 from consent "a"
fact v: record { a: list of article, b: list of text }
)");
}

BOOST_AUTO_TEST_CASE(everything_on_one_line) {
    const std::string out = fmt_stable(
        "module m actor a actor b in a \"B\" / \"Bee\" category c class ORD category d class SPEC purpose p needs c, d "
        "recipients a, b fact f: bool fact r: record { x: int, y: one of (u, w) } basis m.b kind art6 \"b\" "
        "provision m.p law \"L\" article \"1\" bwb BWBR1 valid from 2020-01-01 says \"s\" rule m.r under m.p permit c "
        "from a to b for p valid from 2021-01-01 until 2022-12-31 when f and not (r.x>3 or r.y=u) basis m.b retain 2 "
        "years log 1 year notify a cite \"c1\" cite \"c2\" says \"s\" rule m.f under m.p forbid any data from anyone to "
        "anyone for any purpose when known(f) and f prevails");
    BOOST_TEST(out == R"(module m
actor a
actor b in a "B" / "Bee"
category c class ORD
category d class SPEC
purpose p
  needs c, d
  recipients a, b
fact f: bool
fact r: record { x: int, y: one of (u, w) }
basis m.b kind art6 "b"
provision m.p law "L" article "1" bwb BWBR1 valid from 2020-01-01
  says "s"
rule m.r under m.p
  permit c
  from a to b for p
  valid from 2021-01-01 until 2022-12-31
  when f and not (r.x > 3 or r.y = u)
  basis m.b
  retain 2 years
  log 1 year
  notify a
  cite "c1"
  cite "c2"
  says "s"
rule m.f under m.p
  forbid any data
  from anyone to anyone for any purpose
  when known(f) and f
  prevails
)");
}

BOOST_AUTO_TEST_CASE(blank_lines_collapse_and_paragraphs_stay) {
    const std::string out = fmt_stable("\n\n\nmodule m\n\n\n\nactor a\nactor b\n\n\n\n\nactor c\n\n\n");
    BOOST_TEST(out == "module m\n\nactor a\nactor b\n\nactor c\n");
}

BOOST_AUTO_TEST_CASE(spread_over_many_lines) {
    const std::string out = fmt_stable("module\n  m\nactor\n  a\nrule\nm.r\nunder\nm.p\npermit\nc\n,\nd\nfrom\na\nto\na\nfor\np\n"
                                       "when\nf\nand\ng\n");
    BOOST_TEST(out == "module m\nactor a\nrule m.r under m.p\n  permit c, d\n  from a to a for p\n  when f and g\n");
}

BOOST_AUTO_TEST_CASE(tabs_and_crlf) {
    const std::string out = fmt_stable("module m\r\n\tactor\ta\t\"A\"\t/\t\"B\"\r\n\r\n\r\nactor b # c\r\n");
    BOOST_TEST(out == "module m\nactor a \"A\" / \"B\"\n\nactor b  # c\n");
    BOOST_TEST(out.find('\r') == std::string::npos);
    BOOST_TEST(out.find('\t') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(vertical_tab_and_form_feed_are_white_space) {
    // Found by fuzz_format: the grammar's white space includes \v and \f.
    const std::string out = fmt_stable("module m\v\factor\va\f\n");
    BOOST_TEST(out == "module m\nactor a\n");
}

BOOST_AUTO_TEST_CASE(tab_inside_a_string_and_a_comment_is_kept) {
    const std::string out = fmt_stable("module m\nactor a \"x\ty\"  #\tnote\n");
    BOOST_TEST(out == "module m\nactor a \"x\ty\"  #\tnote\n");
}

BOOST_AUTO_TEST_CASE(comments_in_odd_places) {
    const std::string text =
        "# head\n\n\n\nmodule m # after module\nactor a \"A\" # trailing\n  / \"B\"\nactor\tb in a\r\n"
        "category c class ORD\npurpose p # p\n needs c, # after c\n c recipients a\nfact f: bool\n"
        "fact r: record { x: bool, # x\n y: int }\nbasis m.b kind art6 \"b\"\n"
        "provision m.p law \"L\" article \"1\" bwb BWBR1 # src\n valid from 2020-01-01 # v\n\n\n# before rule\n"
        "rule m.r under m.p permit # eff\n c from a # snd\n to a for p\n # own in rule\n when f and # in cond\n"
        " (f or # inner\n not f) and r.y >= 3 and r.y in [1, # in list\n 2]\n basis m.b # last\n"
        "# after last rule\n\n\n# end\n\n\n";
    check_preserved(text);
    const std::string out = fmt(text);
    // Trailing comments stay at the end of their line, two spaces after the code.
    BOOST_TEST(out.find("module m  # after module\n") != std::string::npos);
    BOOST_TEST(out.find("  basis m.b  # last\n") != std::string::npos);
    // Comments on their own line stay on their own line, at the indentation of what follows.
    BOOST_TEST(out.find("\n  # own in rule\n  when f\n") != std::string::npos);
    // Comments after the last rule go to the left margin, with their paragraphs.
    const std::string end = "\n  basis m.b  # last\n# after last rule\n\n# end\n";
    BOOST_TEST(out.substr(out.size() - end.size()) == end);
    BOOST_TEST(out.rfind("# head\n\nmodule m", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(comment_between_clauses_and_before_declarations) {
    const std::string out = fmt_stable(
        "module m\nrule m.r under m.p permit c from a to a for p\n# why the condition\nwhen f\n\n"
        "# the next rule\nrule m.s under m.p forbid c from a to a for p\n");
    BOOST_TEST(out == "module m\nrule m.r under m.p\n  permit c\n  from a to a for p\n  # why the condition\n  when f\n\n"
                      "# the next rule\nrule m.s under m.p\n  forbid c\n  from a to a for p\n");
}

BOOST_AUTO_TEST_CASE(comment_only_at_end_of_file_without_newline) {
    const std::string out = fmt_stable("module m\nactor a\n# the end");
    BOOST_TEST(out == "module m\nactor a\n# the end\n");
}

BOOST_AUTO_TEST_CASE(unicode_in_strings_counts_characters_not_bytes) {
    // A list of strings with accents wraps at the same places as the same list without them.
    std::string plain = "module m\nrule m.r under m.p permit c from a to a for p when f contains any of [";
    std::string accented = plain;
    for (int i = 0; i < 40; ++i) {
        plain += std::string(i ? ", " : "") + "\"cafe" + std::to_string(i) + "\"";
        accented += std::string(i ? ", " : "") + "\"café" + std::to_string(i) + "\"";
    }
    plain += "]\n";
    accented += "]\n";
    const std::string a = fmt_stable(plain), b = fmt_stable(accented);
    BOOST_TEST(std::count(a.begin(), a.end(), '\n') == std::count(b.begin(), b.end(), '\n'));
    BOOST_TEST(longest_line(b) <= format_width);
    check_preserved("module m\nactor a \"Zorg- en Veiligheidshuis — complexe casuïstiek\" / \"日本語\"\n");
}

BOOST_AUTO_TEST_CASE(very_long_condition_and_lists_wrap_within_the_width) {
    std::string text = "module m\nrule m.r under m.p permit ";
    for (int i = 0; i < 60; ++i) text += std::string(i ? ", " : "") + "category_" + std::to_string(i);
    text += " from a to a for p when ";
    for (int i = 0; i < 150; ++i) text += std::string(i ? (i % 7 ? " and " : " or ") : "") + "fact_" + std::to_string(i);
    text += " and x contains any of [";
    for (int i = 0; i < 300; ++i) text += std::string(i ? ", " : "") + "\"" + std::to_string(i) + "\"";
    text += "] basis ";
    for (int i = 0; i < 40; ++i) text += std::string(i ? ", " : "") + "m.basis." + std::to_string(i);
    text += "\n";
    const std::string out = fmt_stable(text);
    BOOST_TEST(longest_line(out) <= format_width);
    BOOST_TEST(ast_dump(text) == ast_dump(out));
    // Continuation lines of a list are aligned under its first item.
    BOOST_TEST(out.find("\n  permit category_0, category_1,") != std::string::npos);
    BOOST_TEST(out.find("\n         category_") != std::string::npos);
    // A broken condition has one operand a line, the operator in front, aligned under the first.
    BOOST_TEST(out.find("\n  when fact_0 and fact_1 and") != std::string::npos);
    BOOST_TEST(out.find("\n       or fact_7 and fact_8 and") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(long_senders_recipients_and_purposes_each_get_a_line) {
    const std::string out = fmt_stable(
        "module m\nrule m.r under m.p forbid any data from minister_rb, minister_jenv, burgemeester, reclassering, om "
        "to minister_rb, minister_jenv, burgemeester, reclassering, om for veiligheid\n");
    BOOST_TEST(out == "module m\nrule m.r under m.p\n  forbid any data\n"
                      "  from minister_rb, minister_jenv, burgemeester, reclassering, om\n"
                      "  to minister_rb, minister_jenv, burgemeester, reclassering, om\n  for veiligheid\n");
}

BOOST_AUTO_TEST_CASE(long_provision_header_moves_validity_to_its_own_line) {
    const std::string out = fmt_stable(
        "module m\nprovision m.p law \"Besluit justitiële en strafvorderlijke gegevens\" article \"11a\" lid \"1, 3\" "
        "onder \"a\" bwb BWBR0016544 valid from 2012-01-01 until 2024-06-30 says \"x\"\n");
    BOOST_TEST(out == "module m\nprovision m.p law \"Besluit justitiële en strafvorderlijke gegevens\" article \"11a\" "
                      "lid \"1, 3\" onder \"a\" bwb BWBR0016544\n  valid from 2012-01-01 until 2024-06-30\n  says \"x\"\n");
}

BOOST_AUTO_TEST_CASE(parentheses_are_kept_as_written) {
    const std::string out = fmt_stable("module m\nrule m.r under m.p permit c from a to a for p when ((f)) and (g or h) "
                                       "and date >= x - 3 months and date < 2024-01-01 + 1 day\n");
    BOOST_TEST(out.find("when ((f)) and (g or h) and date >= x - 3 months and date < 2024-01-01 + 1 day") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_syntax_error_is_reported_with_its_position) {
    const FormatResult r = format_source("bad.gsl", "module m\nrule m.r under m.p permit c from a for p\n");
    BOOST_TEST(!r.ok);
    BOOST_TEST(r.text.empty());
    BOOST_TEST(r.diagnostics.find("bad.gsl:2:") == 0u, r.diagnostics);
    BOOST_TEST(r.diagnostics.find("error[E001]") != std::string::npos);
    BOOST_TEST(!format_source("empty.gsl", "").ok);
    BOOST_TEST(!format_source("only_comment.gsl", "# nothing\n").ok);
}

BOOST_AUTO_TEST_CASE(every_shipped_file_is_stable_and_keeps_its_meaning) {
    const auto files = shipped_files();
    BOOST_TEST(files.size() >= 15u);
    for (const auto& f : files) {
        BOOST_TEST_CONTEXT(f.string()) {
            const std::string text = read(f);
            check_preserved(text);
            BOOST_TEST(longest_line(fmt(text)) <= 400u);
        }
    }
}

// The shipped files re-laid out at random: every run of white space between tokens replaced by
// spaces, tabs, line ends (LF or CRLF), empty lines or comments. Each variant formats to a fixed
// point with the same syntax tree and every comment kept.
std::string scramble(const std::string& text, std::mt19937& random, int& comments) {
    static const char* const gaps[] = {" ", "\t", "\n", "\r\n", "\n\n\n", "  \t ", "\n   "};
    std::string out;
    bool quoted = false, after_comment = false;  // a comment must end its line
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (quoted) {
            out += c;
            if (c == '\\' && i + 1 < text.size()) out += text[++i];
            else if (c == '"') quoted = false;
            ++i;
        } else if (c == '"') {
            quoted = true;
            out += c;
            ++i;
        } else if (c == '#') {
            const std::size_t end = text.find('\n', i);
            out += text.substr(i, end == std::string::npos ? std::string::npos : end - i);
            i = end == std::string::npos ? text.size() : end;
            after_comment = true;
            if (i == text.size()) out += '\n';
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
            unsigned pick = random() % 10;
            if (after_comment && (pick == 0 || pick == 1 || pick == 5 || pick == 7)) pick = 2;
            if (pick < 7) out += gaps[pick];
            else out += (pick == 7 ? " " : "\n") + std::string("# z") + std::to_string(comments++) + "\n";
            after_comment = false;
        } else {
            out += c;
            after_comment = false;
            ++i;
        }
    }
    return out;
}

BOOST_AUTO_TEST_CASE(shipped_files_scrambled_at_random_format_to_a_fixed_point) {
    std::mt19937 random(20261123);
    for (const auto& f : shipped_files()) {
        const std::string text = read(f);
        for (int round = 0; round < 8; ++round) {
            int comments = 0;
            const std::string variant = scramble(text, random, comments);
            BOOST_TEST_CONTEXT(f.string() << " round " << round) {
                check_preserved(variant);
                BOOST_TEST(ast_dump(variant) == ast_dump(text));
            }
        }
    }
}

// Inputs fuzz_format found (tests/fuzz/regressions/format): formatted to a fixed point, or a syntax
// error, never the formatter's internal error.
BOOST_AUTO_TEST_CASE(fuzzer_regressions_format_or_give_a_syntax_error) {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(root / "tests/fuzz/regressions/format")) {
        ++n;
        BOOST_TEST_CONTEXT(e.path().string()) {
            const FormatResult once = format_source("fuzz.gsl", read(e.path()));
            if (once.ok) {
                const FormatResult twice = format_source("fuzz.gsl", once.text);
                BOOST_TEST(twice.ok);
                BOOST_TEST(twice.text == once.text);
            } else {
                BOOST_TEST(once.diagnostics.find("error[E001]") != std::string::npos, once.diagnostics);
            }
        }
    }
    BOOST_TEST(n > 0u);
}

BOOST_AUTO_TEST_CASE(formatted_policies_decide_the_corpus_the_same) {
    struct Set {
        std::vector<std::string> dirs;
        std::string corpus;
    };
    for (const Set& set : {Set{{"policies"}, "corpus"},
                           Set{{"policies", "examples/amsterdam/policies"}, "examples/amsterdam/corpus"}}) {
        const Policies before = Policies::load_sources(sources_of(set.dirs, false));
        const Policies after = Policies::load_sources(sources_of(set.dirs, true));
        BOOST_REQUIRE(before.ok());
        BOOST_REQUIRE_MESSAGE(after.ok(), after.render_diagnostics());
        BOOST_TEST(before.rule_count() == after.rule_count());
        BOOST_TEST(before.provision_count() == after.provision_count());
        const CorpusReport a = run_corpus(before, {(root / set.corpus).string()});
        const CorpusReport b = run_corpus(after, {(root / set.corpus).string()});
        BOOST_REQUIRE(a.cases.size() == b.cases.size());
        BOOST_TEST(a.cases.size() > 0u);
        BOOST_TEST(b.failed() == 0u);
        for (std::size_t i = 0; i < a.cases.size(); ++i) {
            // The answers differ only in the policy_set hash, which is over the source text.
            auto ja = nlohmann::json::parse(a.cases[i].answer), jb = nlohmann::json::parse(b.cases[i].answer);
            ja.erase("policy_set");
            jb.erase("policy_set");
            BOOST_TEST(ja == jb, a.cases[i].name);
        }
    }
}

BOOST_AUTO_TEST_CASE(formatted_policies_are_still_proven) {
    const Policies after = Policies::load_sources(sources_of({"policies", "examples/amsterdam/policies"}, true));
    BOOST_REQUIRE(after.ok());
    const VerifyReport report = verify(after, VerifyOptions{});
    BOOST_TEST(report.exit_code() == 0);
}

// ---- the parse trees (grondslag_parse_tree.hpp) and the grammar -------------

namespace {

namespace g = grondslag::grammar;
namespace pegtl = tao::pegtl;

template <typename Rule>
struct lookahead : std::false_type {};  // reads no text
template <typename... Rules>
struct lookahead<pegtl::at<Rules...>> : std::true_type {};
template <typename... Rules>
struct lookahead<pegtl::not_at<Rules...>> : std::true_type {};

// The rules of the grammar that read text outside every rule of Tokens: the rules without sub-rules
// reached from `file` through no token, other than white space and the end of the file.
template <typename Tokens>
struct OutsideTokens {
    std::set<std::string_view> seen;
    std::vector<std::string> found;

    template <typename Rule>
    void walk(std::string_view parent) {
        if constexpr (!Tokens::template contains<Rule> && !lookahead<Rule>::value &&
                      !std::is_same_v<Rule, pegtl::space> && !std::is_same_v<Rule, g::end_of_file>) {
            const std::string_view name = pegtl::demangle<Rule>();
            if (!seen.insert(name).second) return;
            if constexpr (Rule::subs_t::size == 0) found.push_back(std::string(name) + " in " + std::string(parent));
            else walk_all(typename Rule::subs_t(), name);
        }
    }

    template <typename... Rules>
    void walk_all(pegtl::type_list<Rules...>, std::string_view parent) {
        (walk<Rules>(parent), ...);
    }

    std::string report() const {
        std::string out;
        for (const auto& f : found) out += "\n  " + f;
        return out;
    }
};

}  // namespace

// A keyword or other token rule added to the grammar without being one of the formatter's tokens
// would make fmt refuse every file that uses it.
BOOST_AUTO_TEST_CASE(every_grammar_rule_that_reads_text_lies_in_a_formatter_token) {
    OutsideTokens<g::layout_tokens> outside;
    outside.walk<g::file>("the grammar");
    BOOST_TEST(outside.seen.size() > 50u);
    BOOST_TEST(outside.found.empty(), "text outside the formatter's tokens:" << outside.report());

    // The check sees a missing token: the parser's tokens alone leave out the other keywords,
    // the punctuation and the comments.
    OutsideTokens<g::syntax_tokens> parser_only;
    parser_only.walk<g::file>("the grammar");
    const auto names = parser_only.report();
    for (const char* missing : {"kw_module", "kw_when", "grammar::comment", "grammar::comma"})
        BOOST_TEST(names.find(missing) != std::string::npos, missing << " not found in" << names);
}

// Every node of the two trees is a rule of the grammar: none is left behind when a rule is renamed
// or removed.
BOOST_AUTO_TEST_CASE(every_parse_tree_node_is_a_rule_of_the_grammar) {
    std::vector<std::string_view> unknown;
    g::layout_nodes::for_each([&]<typename Rule>() {
        if (!pegtl::contains_v<g::file, Rule>) unknown.push_back(pegtl::demangle<Rule>());
    });
    BOOST_TEST(unknown.empty());
}

BOOST_AUTO_TEST_SUITE_END()
