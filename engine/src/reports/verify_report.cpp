// The renderings of a verification report: text, JSON and SARIF 2.1.0 (no Z3 here: a bundle
// records a report, and the serving path does not load Z3).
#include <cstdio>
#include <map>
#include <sstream>

#include "sarif.hpp"
#include "grondslag/verify.hpp"

namespace grondslag {

using nlohmann::json;

std::size_t VerifyReport::violations() const {
    std::size_t n = 0;
    for (const auto& f : findings) n += f.level == FindingLevel::violation;
    return n;
}

int VerifyReport::exit_code() const {
    if (!error.empty()) return exit_input;
    if (violations() > 0) return exit_findings;
    if (!unknowns.empty()) return exit_unknown;
    return exit_ok;
}

namespace {

const char* level_name(FindingLevel l) { return l == FindingLevel::violation ? "violation" : "warning"; }

json rule_json(const RuleRef& r) { return json{{"id", r.id}, {"file", r.file}, {"line", r.line}, {"column", r.column}}; }

std::string property_description(const std::string& p) {
    static const std::map<std::string, std::string> d = {
        {"dead-rule", "A rule applies to no request within its validity."},
        {"never-wins", "A permit applies but is always overridden."},
        {"forbid-always-lifted", "A forbid never denies: wherever it applies, an exception permits."},
        {"exception-cycle", "Two rules each declare they prevail over the other."},
        {"exception-unused", "A declared exception between rules that never apply together."},
        {"ground", "A SPEC, CRIM or NID item is permitted by a rule without the matching ground."},
        {"consent", "A consent-based permit decides without the consent it tests."},
        {"minimality-category", "A category can be permitted for a purpose that does not declare it necessary."},
        {"minimality-recipient", "A recipient can receive for a purpose that does not declare it."},
        {"purpose-unserved", "A purpose declares data necessary, but no rule can permit any data for it."},
        {"time", "A rule applies outside its provision's validity."},
        {"versions", "Successive versions of a provision overlap or leave a gap."},
        {"unknown", "A check ended unknown (timeout or Z3 limit): nothing is proven."},
    };
    auto it = d.find(p);
    return it == d.end() ? p : it->second;
}

}  // namespace

json VerifyReport::to_json() const {
    json out;
    out["policy_set"] = policy_set;
    out["exit_code"] = exit_code();
    if (!error.empty()) out["error"] = error;
    out["checks"] = checks;
    out["seconds"] = seconds;
    out["proven"] = proven;
    json fs = json::array();
    for (const auto& f : findings) {
        json j{{"property", f.property}, {"level", level_name(f.level)}, {"message", f.message}};
        if (!f.suggestion.empty()) j["suggestion"] = f.suggestion;
        j["rules"] = json::array();
        for (const auto& r : f.rules) j["rules"].push_back(rule_json(r));
        if (!f.witness.is_null()) {
            j["witness"] = f.witness;
            j["witness_answer"] = {{"data", f.witness_item}, {"decision", f.witness_decision}, {"rule", f.witness_rule}};
        }
        fs.push_back(j);
    }
    out["findings"] = fs;
    json us = json::array();
    for (const auto& u : unknowns) us.push_back({{"check", u.check}, {"reason", u.reason}});
    out["unknown"] = us;
    json ps = json::array();
    for (const auto& p : purposes)
    {
        json entry{{"purpose", p.purpose},
                   {"categories", {{"declared", p.declared_categories}, {"reachable", p.reachable_categories}}},
                   {"recipients", {{"declared", p.declared_recipients}, {"reachable", p.reachable_recipients}}}};
        if (!p.phase.empty()) entry["phase"] = p.phase;
        ps.push_back(entry);
    }
    out["purposes"] = ps;
    json pv = json::array();
    for (const auto& p : provenance) {
        json grounds = json::array();
        for (const auto& g : p.grounds)
            grounds.push_back({{"basis", g.basis}, {"kind", g.kind}, {"module", g.module}, {"rank", g.rank},
                               {"from_consent", g.from_consent}});
        pv.push_back({{"rule", p.rule}, {"module", p.module}, {"rank", p.rank}, {"categories", p.categories},
                      {"grounds", grounds}, {"lifts", p.lifts}, {"at", rule_json(p.at)}});
    }
    out["provenance"] = pv;
    return out;
}

json VerifyReport::to_sarif(const std::string& source_root) const {
    std::map<std::string, int> rule_index;
    json rules = json::array();
    auto rule_of = [&](const std::string& property) {
        auto it = rule_index.find(property);
        if (it != rule_index.end()) return it->second;
        const int i = static_cast<int>(rules.size());
        rules.push_back({{"id", property},
                         {"name", property},
                         {"shortDescription", {{"text", property_description(property)}}},
                         {"help", {{"text", "docs/verification.md of grondslag: what the property proves and how to read a finding"}}}});
        rule_index[property] = i;
        return i;
    };
    auto location = [&](const RuleRef& r) {
        json region{{"startLine", std::max<std::uint32_t>(1, r.line)}};
        if (r.column > 0) region["startColumn"] = r.column;
        return json{{"physicalLocation", {{"artifactLocation", sarif_artifact(r.file, source_root)}, {"region", region}}},
                    {"message", {{"text", r.id}}}};
    };
    json results = json::array();
    for (const auto& f : findings) {
        json res{{"ruleId", f.property},
                 {"ruleIndex", rule_of(f.property)},
                 {"level", f.level == FindingLevel::violation ? "error" : "warning"},
                 {"message", {{"text", f.suggestion.empty() ? f.message : f.message + ". Suggestion: " + f.suggestion}}}};
        json locs = json::array(), related = json::array();
        for (std::size_t i = 0; i < f.rules.size(); ++i) {
            if (f.rules[i].file.empty()) continue;
            if (locs.empty()) locs.push_back(location(f.rules[i]));
            else {
                json l = location(f.rules[i]);
                l["id"] = static_cast<int>(related.size());
                related.push_back(l);
            }
        }
        res["locations"] = locs;
        if (!related.empty()) res["relatedLocations"] = related;
        if (!f.witness.is_null())
            res["properties"] = {{"witness", f.witness},
                                 {"witness_answer", {{"data", f.witness_item}, {"decision", f.witness_decision}, {"rule", f.witness_rule}}}};
        results.push_back(res);
    }
    for (const auto& u : unknowns)
        results.push_back({{"ruleId", "unknown"},
                           {"ruleIndex", rule_of("unknown")},
                           {"level", "error"},
                           {"message", {{"text", "unknown: " + u.check + " (" + u.reason + ")"}}}});
    json run{{"tool", {{"driver", sarif_driver("grondslag verify", rules)}}},
             {"results", results},
             {"properties", {{"policy_set", policy_set}, {"checks", checks}, {"seconds", seconds}}}};
    return json{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", json::array({run})}};
}

std::string VerifyReport::to_text(bool verbose) const {
    std::ostringstream out;
    if (!error.empty()) {
        out << "error: " << error << "\n";
        return out.str();
    }
    for (const auto& f : findings) {
        out << level_name(f.level) << "[" << f.property << "]: " << f.message << "\n";
        for (const auto& r : f.rules) out << "    " << r.file << ":" << r.line << ": " << r.id << "\n";
        if (!f.suggestion.empty()) out << "    suggestion: " << f.suggestion << "\n";
        if (!f.witness.is_null()) {
            out << "    witness: " << f.witness.dump() << "\n";
            out << "    decides '" << f.witness_item << "': " << f.witness_decision;
            if (!f.witness_rule.empty()) out << " by " << f.witness_rule;
            out << "\n";
        }
    }
    for (const auto& u : unknowns) out << "unknown: " << u.check << " (" << u.reason << ")\n";
    // Without --verbose: the tables of purposes where something reachable is not declared (their findings
    // are above), and one line for the rest.
    auto mismatch = [](const PurposeReach& p) {
        for (const auto& r : p.reachable_categories)
            if (std::find(p.declared_categories.begin(), p.declared_categories.end(), r) == p.declared_categories.end()) return true;
        for (const auto& r : p.reachable_recipients)
            if (std::find(p.declared_recipients.begin(), p.declared_recipients.end(), r) == p.declared_recipients.end()) return true;
        return false;
    };
    std::size_t shown = 0, whole = 0, phases = 0;
    for (const auto& p : purposes) {
        shown += verbose || mismatch(p);
        (p.phase.empty() ? whole : phases) += 1;
    }
    if (!purposes.empty() && shown < purposes.size())
        out << "\nreach: " << whole << " purposes and " << phases << " phases"
            << (shown == 0 ? ": every category and recipient a rule can reach is declared" : "; the others below")
            << " (--verbose: every table)\n";
    if (shown > 0) {
        out << "\nreach per purpose (declared / reachable):\n";
        for (const auto& p : purposes) {
            if (!verbose && !mismatch(p)) continue;
            out << "  purpose " << p.purpose;
            if (!p.phase.empty()) out << ", phase " << p.phase;
            out << "\n";
            auto table = [&](const char* what, const std::vector<std::string>& declared, const std::vector<std::string>& reachable) {
                std::vector<std::string> all = declared;
                for (const auto& r : reachable)
                    if (std::find(all.begin(), all.end(), r) == all.end()) all.push_back(r);
                if (all.empty()) {
                    out << "    " << what << ": none declared, none reachable\n";
                    return;
                }
                char line[160];
                std::snprintf(line, sizeof line, "    %-26s %-9s %s\n", what, "declared", "reachable");
                out << line;
                for (const auto& name : all) {
                    const bool d = std::find(declared.begin(), declared.end(), name) != declared.end();
                    const bool r = std::find(reachable.begin(), reachable.end(), name) != reachable.end();
                    std::snprintf(line, sizeof line, "      %-24s %-9s %s%s\n", name.c_str(), d ? "yes" : "-", r ? "yes" : "-",
                                  r && !d ? "   <- not declared" : "");
                    out << line;
                }
            };
            table("category", p.declared_categories, p.reachable_categories);
            table("recipient", p.declared_recipients, p.reachable_recipients);
        }
    }
    if (!provenance.empty() && !verbose) {
        std::map<std::string, std::size_t> by_rank;
        for (const auto& p : provenance) ++by_rank[p.rank];
        out << "\npermits of SPEC, CRIM and NID data: " << provenance.size() << " rule(s), by the rank of their instrument:";
        bool first = true;
        for (const auto& [rank, n] : by_rank) {
            out << (first ? " " : ", ") << rank << " " << n;
            first = false;
        }
        out << " (--verbose: each rule, its data and grounds)\n";
    }
    if (!provenance.empty() && verbose) {
        out << "\npermits of SPEC, CRIM and NID data, by instrument (module, rank: rule: data on grounds):\n";
        for (const auto& p : provenance) {
            out << "  " << p.module << ", " << p.rank << ": " << p.rule << ":";
            for (const auto& c : p.categories) out << " " << c;
            out << " on";
            for (std::size_t i = 0; i < p.grounds.size(); ++i) {
                const auto& g = p.grounds[i];
                out << (i ? ", " : " ") << g.basis << " (" << g.kind << (g.from_consent ? ", consent" : "") << "; " << g.module
                    << ", " << g.rank << ")";
            }
            if (!p.lifts.empty()) {
                out << "; lifts";
                for (std::size_t i = 0; i < p.lifts.size(); ++i) out << (i ? ", " : " ") << p.lifts[i];
            }
            out << "\n";
        }
    }
    out << "\n";
    for (const auto& p : proven) out << "proven: " << p << "\n";
    std::size_t warnings = findings.size() - violations();
    char summary[200];
    std::snprintf(summary, sizeof summary, "%zu violation(s), %zu warning(s), %zu unknown; %zu checks in %.2f s\n", violations(),
                  warnings, unknowns.size(), checks, seconds);
    out << summary;
    return out.str();
}

}  // namespace grondslag
