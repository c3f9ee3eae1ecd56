#include "xml_text.hpp"
#include "grondslag/corpus.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "ir.hpp"
#include "policies_access.hpp"

namespace grondslag {

using nlohmann::json;

std::size_t CorpusReport::passed() const {
    return static_cast<std::size_t>(std::count_if(cases.begin(), cases.end(), [](const CaseResult& c) { return c.passed; }));
}
std::size_t CorpusReport::failed() const { return cases.size() - passed(); }
double CorpusReport::rule_coverage() const {
    if (rules_total == 0) return 100.0;
    return 100.0 * static_cast<double>(rules_total - rules_uncovered.size()) / static_cast<double>(rules_total);
}

namespace {

std::vector<std::filesystem::path> corpus_files(const std::vector<std::string>& paths, std::vector<std::string>& errors) {
    std::vector<std::filesystem::path> files;
    for (const auto& p : paths) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(p, ec)) {
            files.emplace_back(p);
        } else if (std::filesystem::is_directory(p, ec)) {
            std::vector<std::filesystem::path> found;
            for (auto it = std::filesystem::recursive_directory_iterator(p, ec); !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
                if (it->is_regular_file() && it->path().extension() == ".json") found.push_back(it->path());
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else {
            errors.push_back(p + ": no such file or directory");
        }
    }
    return files;
}

std::string describe_item(const json& item) {
    std::string s = item.value("decision", "?");
    if (item.contains("rule")) s += " by " + item["rule"].get<std::string>();
    if (item.contains("reason")) s += " (" + item["reason"].get<std::string>() + ")";
    return s;
}

// What an expectation may say. An unknown key or value would otherwise be ignored and the case pass while
// asserting nothing, so it is a corpus error (at its JSON path), never a pass or a mismatch.
std::string expectation_problem(const json& expect, const std::string& at) {
    static const std::set<std::string> case_keys{"decision", "items"};
    static const std::set<std::string> item_keys{"decision", "cause", "rule", "provision", "basis", "missing_facts",
                                                 "obligations", "reason_contains"};
    static const std::set<std::string> causes{"forbidden", "no_rule", "not_in_force", "conditions"};
    static const std::set<std::string> decisions{"permit", "deny", "partial"};
    auto known = [](const std::set<std::string>& keys) {
        std::string s;
        for (const auto& k : keys) s += (s.empty() ? "" : ", ") + k;
        return s;
    };
    if (!expect.is_object()) return at + ": expect is an object";
    for (auto it = expect.begin(); it != expect.end(); ++it)
        if (!case_keys.count(it.key()))
            return at + "/" + it.key() + ": unknown expectation '" + it.key() + "' (known: " + known(case_keys) + ")";
    if (expect.contains("decision") && !(expect["decision"].is_string() && decisions.count(expect["decision"].get<std::string>())))
        return at + "/decision: " + expect["decision"].dump() + " is not a decision (permit, deny or partial)";
    if (!expect.contains("items")) return "";
    if (!expect["items"].is_object()) return at + "/items: an object of data categories";
    for (auto item = expect["items"].begin(); item != expect["items"].end(); ++item) {
        const std::string path = at + "/items/" + item.key();
        if (!item->is_object()) return path + ": an object";
        for (auto it = item->begin(); it != item->end(); ++it)
            if (!item_keys.count(it.key()))
                return path + "/" + it.key() + ": unknown expectation '" + it.key() + "' (known: " + known(item_keys) + ")";
        if (!item->contains("decision")) return path + ": an item's expectation names its decision (permit or deny)";
        {
            const json& d = (*item)["decision"];
            if (!d.is_string() || (d != "permit" && d != "deny"))
                return path + "/decision: " + d.dump() + " is not an item's decision (permit or deny)";
        }
        for (const char* key : {"cause", "rule", "provision", "basis", "reason_contains"})
            if (item->contains(key) && !(*item)[key].is_string()) return path + "/" + key + ": a string";
        if (item->contains("cause") && !causes.count((*item)["cause"].get<std::string>()))
            return path + "/cause: " + (*item)["cause"].dump() + " is not a cause (" + known(causes) + ")";
        if (item->contains("cause") && (*item)["decision"] != "deny") return path + "/cause: only a denied item has a cause";
        for (const char* key : {"missing_facts", "obligations"})
            if (item->contains(key) && !(*item)[key].is_array()) return path + "/" + key + ": an array";
    }
    return "";
}

void compare(const json& expect, const json& answer, CaseResult& result) {
    if (answer.contains("error")) {
        result.differences.push_back("the request was rejected: " + answer["error"].value("path", "") + ": " +
                                     answer["error"].value("message", ""));
    }
    if (expect.contains("decision") && expect["decision"] != answer.value("decision", json())) {
        result.differences.push_back("decision: expected " + expect["decision"].get<std::string>() + ", got " +
                                     answer.value("decision", std::string("none")));
    }
    if (!expect.contains("items")) return;
    std::unordered_map<std::string, const json*> items;
    if (answer.contains("items"))
        for (const auto& item : answer["items"]) items[item.value("data", "")] = &item;
    for (auto it = expect["items"].begin(); it != expect["items"].end(); ++it) {
        const std::string data = it.key();
        const json& want = it.value();
        auto got_it = items.find(data);
        if (got_it == items.end()) {
            result.differences.push_back("item " + data + ": not in the answer");
            continue;
        }
        const json& got = *got_it->second;
        const std::string prefix = "item " + data + ": ";
        if (want.contains("decision") && want["decision"] != got.value("decision", json()))
            result.differences.push_back(prefix + "expected " + want["decision"].get<std::string>() + ", got " + describe_item(got));
        for (const char* key : {"cause", "rule", "provision", "basis"}) {
            if (!want.contains(key)) continue;
            if (want[key] != got.value(key, json()))
                result.differences.push_back(prefix + "expected " + key + " " + want[key].dump() + ", got " +
                                             (got.contains(key) ? got[key].dump() : std::string("none")) + " (" + describe_item(got) + ")");
        }
        if (want.contains("missing_facts")) {
            std::set<std::string> a, b;
            for (const auto& f : want["missing_facts"]) a.insert(f.get<std::string>());
            if (got.contains("missing_facts"))
                for (const auto& f : got["missing_facts"]) b.insert(f.get<std::string>());
            if (a != b)
                result.differences.push_back(prefix + "expected missing_facts " + want["missing_facts"].dump() + ", got " +
                                             (got.contains("missing_facts") ? got["missing_facts"].dump() : "[]"));
        }
        if (want.contains("obligations")) {
            // Each expected obligation must be in the answer, matching every field it names.
            const json got_obligations = got.value("obligations", json::array());
            for (const auto& o : want["obligations"]) {
                bool found = false;
                for (const auto& g : got_obligations) {
                    bool match = true;
                    for (auto f = o.begin(); f != o.end(); ++f) match &= g.contains(f.key()) && g[f.key()] == f.value();
                    found |= match;
                }
                if (!found)
                    result.differences.push_back(prefix + "expected obligation " + o.dump() + ", got " + got_obligations.dump());
            }
        }
        if (want.contains("reason_contains")) {
            const std::string reason = got.value("reason", "");
            if (reason.find(want["reason_contains"].get<std::string>()) == std::string::npos)
                result.differences.push_back(prefix + "expected the reason to contain " + want["reason_contains"].dump() +
                                             ", got " + json(reason).dump());
        }
    }
}

}  // namespace

CorpusReport run_corpus(const Policies& policies, const std::vector<std::string>& paths) {
    CorpusReport report;
    const ir::PolicySet& set = compiled_form(policies);
    Decider decider(policies);
    std::set<std::string> exercised, duties_named;
    for (const auto& file : corpus_files(paths, report.load_errors)) {
        std::ifstream in(file, std::ios::binary);
        json doc;
        try {
            in >> doc;
        } catch (const json::exception& e) {
            report.load_errors.push_back(file.string() + ": malformed JSON: " + e.what());
            continue;
        }
        if (!doc.is_object() || !doc.contains("cases") || !doc["cases"].is_array()) {
            report.load_errors.push_back(file.string() + ": a corpus file is an object with a \"cases\" array");
            continue;
        }
        const std::string group = doc.value("group", file.stem().string());
        for (std::size_t i = 0; i < doc["cases"].size(); ++i) {
            const json& c = doc["cases"][i];
            CaseResult result;
            result.file = file.string();
            result.group = group;
            result.name = c.value("name", "case " + std::to_string(i));
            result.justification = c.value("justification", "");
            if (!c.contains("request") || !c.contains("expect")) {
                report.load_errors.push_back(file.string() + ": /cases/" + std::to_string(i) + ": a case needs request and expect");
                continue;
            }
            if (const std::string problem = expectation_problem(c["expect"], "/cases/" + std::to_string(i) + "/expect");
                !problem.empty()) {
                report.load_errors.push_back(file.string() + ": " + problem);
                continue;
            }
            if (result.justification.empty()) result.differences.push_back("the case has no legal justification");
            result.answer.clear();
            decider.decide_json(c["request"].dump(), result.answer);
            const json answer = json::parse(result.answer);
            if (answer.contains("items"))
                for (const auto& item : answer["items"]) {
                    if (item.contains("rule")) exercised.insert(item["rule"].get<std::string>());
                    if (item.contains("considered"))
                        for (const auto& r : item["considered"]) exercised.insert(r.get<std::string>());
                    // A provision that lays down a secrecy duty is exercised when an answer names it.
                    if (item.contains("obligations"))
                        for (const auto& o : item["obligations"])
                            if (o.contains("provision")) duties_named.insert(o["provision"].get<std::string>());
                }
            compare(c["expect"], answer, result);
            result.passed = result.differences.empty();
            report.cases.push_back(std::move(result));
        }
    }
    report.rules_total = set.rules.size();
    report.provisions_total = set.provisions.size();
    std::vector<bool> provision_hit(set.provisions.size(), false);
    for (const auto& r : set.rules) {
        if (exercised.count(r.id)) provision_hit[r.provision] = true;
        else report.rules_uncovered.push_back(r.id);
    }
    for (std::size_t i = 0; i < set.provisions.size(); ++i)
        if (!provision_hit[i] && !duties_named.count(set.provisions[i].id)) report.provisions_uncovered.push_back(set.provisions[i].id);
    return report;
}

std::string corpus_coverage_json(const CorpusReport& report) {
    nlohmann::json provisions = nlohmann::json::object(), rules = nlohmann::json::object();
    for (const CaseResult& c : report.cases) {
        const auto answer = nlohmann::json::parse(c.answer, nullptr, false);
        if (answer.is_discarded() || !answer.contains("items") || !answer["items"].is_array()) continue;
        for (const auto& item : answer["items"]) {
            const nlohmann::json entry = {{"name", c.name}, {"file", c.file}, {"data", item.value("data", "")},
                                          {"decision", item.value("decision", "")}, {"passed", c.passed}};
            if (const std::string rule = item.value("rule", ""); !rule.empty()) rules[rule].push_back(entry);
            if (const std::string provision = item.value("provision", ""); !provision.empty()) provisions[provision].push_back(entry);
        }
    }
    return nlohmann::json{{"cases", report.cases.size()}, {"passed", report.passed()}, {"failed", report.failed()},
                          {"provisions", std::move(provisions)}, {"rules", std::move(rules)}}
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string junit_xml(const CorpusReport& report, const std::string& coverage_failure) {
    std::ostringstream x;
    const bool coverage_failed = !coverage_failure.empty();
    x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    x << "<testsuites name=\"grondslag corpus\" tests=\"" << report.cases.size() + coverage_failed << "\" failures=\""
      << report.failed() + coverage_failed << "\" errors=\"" << report.load_errors.size() << "\">\n";
    std::map<std::string, std::vector<const CaseResult*>> groups;
    for (const auto& c : report.cases) groups[c.group].push_back(&c);
    for (const auto& [group, cases] : groups) {
        std::size_t failures = 0;
        for (const auto* c : cases) failures += !c->passed;
        x << "  <testsuite name=\"" << xml_escape(group) << "\" tests=\"" << cases.size() << "\" failures=\"" << failures << "\">\n";
        for (const auto* c : cases) {
            x << "    <testcase classname=\"" << xml_escape(group) << "\" name=\"" << xml_escape(c->name) << "\" file=\""
              << xml_escape(c->file) << "\"";
            if (c->passed) {
                x << "/>\n";
                continue;
            }
            x << ">\n      <failure message=\"" << xml_escape(c->differences.front()) << "\">";
            for (const auto& d : c->differences) x << xml_escape(d) << "\n";
            x << xml_escape(c->justification) << "</failure>\n    </testcase>\n";
        }
        x << "  </testsuite>\n";
    }
    for (const auto& e : report.load_errors)
        x << "  <testsuite name=\"load\" tests=\"1\" errors=\"1\"><testcase name=\"load\"><error message=\"" << xml_escape(e)
          << "\"/></testcase></testsuite>\n";
    if (coverage_failed)
        x << "  <testsuite name=\"coverage\" tests=\"1\" failures=\"1\"><testcase name=\"coverage\"><failure message=\""
          << xml_escape(coverage_failure) << "\"/></testcase></testsuite>\n";
    x << "</testsuites>\n";
    return x.str();
}

}  // namespace grondslag
