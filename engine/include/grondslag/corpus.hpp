// Running a corpus of legal test cases against a policy set (`grondslag test`).
#pragma once
#include <string>
#include <vector>

#include "grondslag/grondslag.hpp"

namespace grondslag {

struct CaseResult {
    std::string file;
    std::string group;
    std::string name;
    std::string justification;
    bool passed = false;
    std::vector<std::string> differences;  // "item onderdak: expected permit, got deny (...)"
    std::string answer;                    // the engine's answer
};

struct CorpusReport {
    std::vector<CaseResult> cases;
    std::vector<std::string> load_errors;  // unreadable files, malformed cases
    std::vector<std::string> rules_uncovered;       // rules no case decided or considered
    std::vector<std::string> provisions_uncovered;  // provisions none of whose rules was exercised
    std::size_t rules_total = 0;
    std::size_t provisions_total = 0;
    std::size_t passed() const;
    std::size_t failed() const;
    double rule_coverage() const;  // percent of rules exercised
};

// Reads every *.json file under each path (files or directories, recursively).
CorpusReport run_corpus(const Policies& policies, const std::vector<std::string>& paths);

// Which cases decide by which provision and rule, from the answers the report holds: {"cases", "passed",
// "failed", "provisions": {ID: [{"name","file","data","decision","passed"}]}, "rules": {ID: [...]}} (JSON
// text). An item decided by a permit or a prohibition counts for its rule and that rule's provision.
std::string corpus_coverage_json(const CorpusReport& report);

// `coverage_failure`, when not empty, is reported as one more failing test case ("coverage"), so a run that
// fails on --min-coverage never shows 0 failures in its JUnit file.
std::string junit_xml(const CorpusReport& report, const std::string& coverage_failure = "");

}  // namespace grondslag
