// docs/contract.md is what applications rely on: every actor, category, purpose and fact it names must
// stay declared by the shipped policies, with the group, class and type the page gives.
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "grondslag/grondslag.hpp"
#include "ir.hpp"
#include "policies_access.hpp"

namespace {

const std::string root = GRONDSLAG_SOURCE_DIR;

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The cells of a Markdown table row, trimmed; empty for a line that is not a row.
std::vector<std::string> cells(const std::string& line) {
    std::vector<std::string> out;
    if (line.size() < 2 || line.front() != '|') return out;
    std::string cell;
    for (std::size_t i = 1; i < line.size(); ++i) {
        if (line[i] != '|') {
            cell += line[i];
            continue;
        }
        const auto first = cell.find_first_not_of(' '), last = cell.find_last_not_of(' ');
        out.push_back(first == std::string::npos ? std::string() : cell.substr(first, last - first + 1));
        cell.clear();
    }
    return out;
}

// The name in a cell written `name` (the first code span).
std::string code(const std::string& cell) {
    const auto a = cell.find('`');
    const auto b = a == std::string::npos ? a : cell.find('`', a + 1);
    return b == std::string::npos ? std::string() : cell.substr(a + 1, b - a - 1);
}

// Rows of the table that follows the paragraph starting with `intro`, without header and rule lines.
std::vector<std::vector<std::string>> table_after(const std::string& page, const std::string& intro) {
    std::vector<std::vector<std::string>> rows;
    const auto at = page.find("\n" + intro);
    if (at == std::string::npos) return rows;
    std::istringstream lines(page.substr(at + 1));
    std::string line;
    bool in_table = false;
    int seen = 0;
    while (std::getline(lines, line)) {
        auto row = cells(line);
        if (row.empty()) {
            if (in_table) break;
            continue;
        }
        in_table = true;
        if (++seen <= 2) continue;  // header and its rule
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(contract)

BOOST_AUTO_TEST_CASE(every_name_of_the_contract_is_declared) {
    const std::string page = read(root + "/docs/contract.md");
    BOOST_REQUIRE(!page.empty());
    const auto policies = grondslag::Policies::load_directories({root + "/policies"});
    BOOST_REQUIRE(policies.ok());
    const grondslag::ir::PolicySet& set = compiled_form(policies);

    const auto actors = table_after(page, "Actors (`sender`");
    BOOST_TEST(actors.size() >= 16u);
    for (const auto& row : actors) {
        BOOST_REQUIRE(row.size() == 3u);
        const std::string name = code(row[0]);
        const auto it = set.actor_ids.find(name);
        BOOST_TEST_REQUIRE((it != set.actor_ids.end()), "actor " << name << " is not declared");
        const int parent = set.actors[it->second].parent;
        const std::string group = code(row[2]);
        BOOST_TEST((parent < 0 ? std::string() : set.actors[parent].name) == group, "the group of " << name);
    }

    const auto categories = table_after(page, "Data categories (`data`)");
    BOOST_TEST(categories.size() >= 18u);
    for (const auto& row : categories) {
        BOOST_REQUIRE(row.size() == 3u);
        const std::string name = code(row[0]);
        const auto it = set.category_ids.find(name);
        BOOST_TEST_REQUIRE((it != set.category_ids.end()), "category " << name << " is not declared");
        // "CRIM (contains SPEC)": the class is the first word.
        const std::string declared = row[2].substr(0, row[2].find(' '));
        BOOST_TEST(declared == grondslag::ast::class_name(set.categories[it->second].data_class), "the class of " << name);
    }

    const auto purposes = table_after(page, "Purposes (`purpose`)");
    BOOST_TEST(purposes.size() >= 8u);
    for (const auto& row : purposes)
        BOOST_TEST(set.purpose_ids.count(code(row[0])) == 1u, "purpose " << code(row[0]) << " is not declared");

    using grondslag::ir::ValueType;
    const std::map<std::string, ValueType> types{{"bool", ValueType::boolean}, {"date", ValueType::date},
                                                 {"int", ValueType::integer}};
    const auto facts = table_after(page, "Facts (`facts`)");
    BOOST_TEST(facts.size() >= 17u);
    for (const auto& row : facts) {
        BOOST_REQUIRE(row.size() == 3u);
        const std::string name = code(row[0]);
        const auto it = set.fact_ids.find(name);
        BOOST_TEST_REQUIRE((it != set.fact_ids.end()), "fact " << name << " is not declared");
        const ValueType type = set.facts[it->second].type;
        const std::string& stated = row[1];
        if (types.count(stated)) BOOST_TEST((type == types.at(stated)), "the type of " << name);
        else if (stated.rfind("list of consent records", 0) == 0) BOOST_TEST((type == ValueType::consents), name);
        else if (stated.rfind("object", 0) == 0) BOOST_TEST((type == ValueType::record), name);
        else BOOST_TEST((type == ValueType::enumeration), name << ": " << stated);
    }

    // The names the shipped set adds: categories and facts declared, record fields present.
    const auto added = table_after(page, "Names the shipped set adds");
    BOOST_TEST(added.size() >= 10u);
    for (const auto& row : added) {
        BOOST_REQUIRE(row.size() == 3u);
        const std::string name = code(row[1]);
        if (row[0] == "category") BOOST_TEST(set.category_ids.count(name) == 1u, name);
        if (row[0] == "fact") BOOST_TEST(set.fact_ids.count(name.substr(0, name.find(':'))) == 1u, name);
        if (row[0] == "record field") {
            const std::string path = name.substr(0, name.find(':'));
            bool found = false;
            for (const auto& slot : set.slots) found |= slot.path == path;
            BOOST_TEST(found, path);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

#include <nlohmann/json.hpp>

#include "grondslag/corpus.hpp"

BOOST_AUTO_TEST_SUITE(corpus_coverage)

// GET /v1/coverage and the workbench list, per provision and rule, the corpus cases whose items it
// decided: every item of every answer counted once under its rule and once under its provision.
BOOST_AUTO_TEST_CASE(each_decided_item_counts_for_its_rule_and_provision) {
    const auto policies = grondslag::Policies::load_directories({std::string(GRONDSLAG_SOURCE_DIR) + "/policies"});
    BOOST_REQUIRE(policies.ok());
    const auto report = grondslag::run_corpus(policies, {std::string(GRONDSLAG_SOURCE_DIR) + "/corpus"});
    BOOST_REQUIRE(report.load_errors.empty());
    const auto coverage = nlohmann::json::parse(grondslag::corpus_coverage_json(report));
    BOOST_TEST(coverage["cases"] == report.cases.size());
    BOOST_TEST(coverage["passed"] == report.passed());
    std::size_t with_rule = 0, with_provision = 0;
    for (const auto& c : report.cases) {
        const auto answer = nlohmann::json::parse(c.answer);
        for (const auto& item : answer.value("items", nlohmann::json::array())) {
            with_rule += item.contains("rule");
            with_provision += item.contains("provision");
        }
    }
    std::size_t listed_rules = 0, listed_provisions = 0;
    for (const auto& [rule, cases] : coverage["rules"].items()) listed_rules += cases.size();
    for (const auto& [provision, cases] : coverage["provisions"].items()) listed_provisions += cases.size();
    BOOST_TEST(listed_rules == with_rule);
    BOOST_TEST(listed_provisions == with_provision);
    BOOST_TEST(coverage["provisions"].contains("pm.20d.2"));
    for (const auto& entry : coverage["provisions"]["pm.20d.2"]) BOOST_TEST(!entry["name"].get<std::string>().empty());
    // No corpus: no case covers anything.
    const auto empty = nlohmann::json::parse(grondslag::corpus_coverage_json({}));
    BOOST_TEST(empty["cases"] == 0);
    BOOST_TEST(empty["provisions"].empty());
}

BOOST_AUTO_TEST_SUITE_END()
