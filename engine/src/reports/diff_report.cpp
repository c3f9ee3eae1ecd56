// The renderings of a diff report: text, JSON, Markdown (a pull-request comment), SARIF 2.1.0 and
// JUnit XML. Regions are grouped for reading by their transition and the rules on either side.
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "xml_text.hpp"
#include "sarif.hpp"
#include "grondslag/diff.hpp"

namespace grondslag {

using nlohmann::json;

const char* transition_name(Transition t) {
    switch (t) {
        case Transition::widen: return "widen";
        case Transition::narrow: return "narrow";
        case Transition::change: return "change";
    }
    return "?";
}

std::size_t DiffReport::count(Transition t) const {
    std::size_t n = 0;
    for (const auto& r : regions) n += r.transition == t;
    return n;
}

namespace {

bool fails(const DiffRegion& r, DiffReport::FailOn fail_on) {
    return fail_on == DiffReport::FailOn::any || (fail_on == DiffReport::FailOn::widen && r.transition == Transition::widen);
}

std::size_t unreproduced(const DiffReport& d) {
    std::size_t n = 0;
    for (const auto& r : d.regions) n += !r.reproduced;
    return n;
}

// Regions with the same transition and the same rules on both sides, in order of first appearance.
struct Group {
    const DiffRegion* first;
    std::vector<const DiffRegion*> regions;
};
std::vector<Group> groups(const DiffReport& d) {
    std::vector<Group> out;
    std::map<std::tuple<int, std::string, std::string, std::string, std::string>, std::size_t> index;
    for (const auto& r : d.regions) {
        auto key = std::make_tuple(static_cast<int>(r.transition), r.old_side.decision, r.old_side.rule, r.new_side.decision,
                                   r.new_side.rule);
        auto [it, fresh] = index.emplace(key, out.size());
        if (fresh) out.push_back(Group{&r, {}});
        out[it->second].regions.push_back(&r);
    }
    return out;
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
    return s;
}

std::string describe(const DiffSide& s) {
    std::string out = s.decision;
    if (s.rule.empty()) return out + (s.decision == "deny" ? " (no rule permits)" : "");
    out += " by " + s.rule;
    std::vector<std::string> parts;
    if (!s.provision.empty()) parts.push_back("provision " + s.provision);
    if (!s.bases.empty()) parts.push_back("basis " + join(s.bases));
    if (!s.obligations.empty()) parts.push_back(join(s.obligations));
    if (!parts.empty()) out += " (" + join(parts, "; ") + ")";
    return out;
}

// The last date a request can carry (the decoder's range): a region that reaches it has no end.
constexpr const char* last_request_date = "2999-12-31";

std::string date_range(const std::string& first, const std::string& last) {
    if (first.empty() || last.empty()) return "dates: see witness";
    if (last == last_request_date) return "from " + first + " on (no end date)";
    return first == last ? "on " + first : first + " .. " + last;
}

std::string dates(const DiffRegion& r) { return date_range(r.first_date, r.last_date); }

json side_json(const DiffSide& s) {
    json j{{"decision", s.decision}, {"rule", s.rule}, {"provision", s.provision}, {"bases", s.bases}, {"obligations", s.obligations}};
    if (!s.at.id.empty()) j["location"] = {{"file", s.at.file}, {"line", s.at.line}, {"column", s.at.column}};
    return j;
}

std::string markdown_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '|' || c == '*' || c == '_' || c == '`') out += '\\';
        out += c;
    }
    return out;
}

// The cells of a group for reading: per purpose and dates, the categories that change for the same
// sender -> recipient pairs, one line each.
std::vector<std::string> compact(const std::vector<const DiffRegion*>& regions) {
    std::map<std::tuple<std::string, std::string, std::string>, std::map<std::pair<std::string, std::string>, std::set<std::string>>> by;
    for (const DiffRegion* r : regions) by[{r->purpose, r->first_date, r->last_date}][{r->sender, r->recipient}].insert(r->category);
    std::vector<std::string> lines;
    for (const auto& [key, pairs] : by) {
        std::map<std::set<std::string>, std::vector<std::string>> same_categories;
        std::map<std::set<std::string>, std::map<std::string, std::set<std::string>>> flows;  // categories -> sender -> recipients
        for (const auto& [pair, categories] : pairs) flows[categories][pair.first].insert(pair.second);
        for (const auto& [categories, by_sender] : flows) {
            const auto& [purpose, first, last] = key;
            const std::string dates_text = date_range(first, last);
            // Senders with the same recipients share a line: "{a, b} -> {c, d}".
            std::map<std::set<std::string>, std::vector<std::string>> senders_by_recipients;
            for (const auto& [sender, recipients] : by_sender) senders_by_recipients[recipients].push_back(sender);
            std::string flows_text;
            for (const auto& [recipients, senders] : senders_by_recipients) {
                auto set_text = [](const std::vector<std::string>& v) { return v.size() == 1 ? v[0] : "{" + join(v) + "}"; };
                flows_text += "\n      " + set_text(senders) + " -> " + set_text(std::vector<std::string>(recipients.begin(), recipients.end()));
            }
            lines.push_back("for " + purpose + ", " + dates_text + ": " + join(std::vector<std::string>(categories.begin(), categories.end())) +
                            flows_text);
        }
    }
    return lines;
}

std::string transition_text(Transition t) {
    switch (t) {
        case Transition::widen: return "deny -> permit";
        case Transition::narrow: return "permit -> deny";
        case Transition::change: return "same decision, other rule, basis or obligations";
    }
    return "";
}

}  // namespace

int DiffReport::exit_code(FailOn fail_on) const {
    if (!error.empty()) return exit_input;
    for (const auto& r : regions)
        if (fails(r, fail_on)) return exit_findings;
    if (!unknowns.empty() || !complete || unreproduced(*this) > 0) return exit_unknown;
    return exit_ok;
}

json DiffReport::to_json() const {
    json j;
    j["old"] = {{"label", old_label}, {"policy_set", old_set}};
    j["new"] = {{"label", new_label}, {"policy_set", new_set}};
    if (!error.empty()) {
        j["error"] = error;
        return j;
    }
    j["complete"] = complete;
    j["proof"] = complete && regions.empty() && unknowns.empty();
    j["summary"] = {{"regions", regions.size()},
                    {"widen", count(Transition::widen)},
                    {"narrow", count(Transition::narrow)},
                    {"change", count(Transition::change)},
                    {"checks", checks},
                    {"seconds", seconds}};
    json renames = json::array();
    for (const auto& [o, n] : renamed) renames.push_back({{"old", o}, {"new", n}});
    j["rules"] = {{"renamed", renames}, {"removed", removed_rules}, {"added", added_rules}, {"edited", edited_rules}};
    j["facts"] = {{"added", added_facts}, {"removed", removed_facts}};
    json gs = json::array();
    for (const auto& g : groups(*this)) {
        json cells = json::array();
        for (const DiffRegion* r : g.regions)
            cells.push_back({{"sender", r->sender},
                             {"recipient", r->recipient},
                             {"purpose", r->purpose},
                             {"category", r->category},
                             {"first_date", r->first_date},
                             {"last_date", r->last_date},
                             {"open_ended", r->last_date == last_request_date},
                             {"witness", r->witness},
                             {"reproduced", r->reproduced}});
        gs.push_back({{"transition", transition_name(g.first->transition)},
                      {"old", side_json(g.first->old_side)},
                      {"new", side_json(g.first->new_side)},
                      {"regions", cells}});
    }
    j["groups"] = gs;
    json u = json::array();
    for (const auto& x : unknowns) u.push_back({{"check", x.check}, {"reason", x.reason}});
    j["unknown"] = u;
    return j;
}

std::string DiffReport::to_text() const {
    std::ostringstream out;
    out << "grondslag diff " << old_label << " (" << old_set << ") -> " << new_label << " (" << new_set << ")\n";
    if (!error.empty()) {
        out << "error: " << error << "\n";
        return out.str();
    }
    for (const auto& [o, n] : renamed) out << "rule renamed: " << o << " -> " << n << " (same content)\n";
    if (!removed_rules.empty()) out << "rules removed: " << join(removed_rules) << "\n";
    if (!added_rules.empty()) out << "rules added: " << join(added_rules) << "\n";
    if (!edited_rules.empty()) out << "rules edited: " << join(edited_rules) << "\n";
    if (!added_facts.empty()) out << "facts added: " << join(added_facts) << " (the old set decides as if not given)\n";
    if (!removed_facts.empty()) out << "facts removed: " << join(removed_facts) << " (the new set decides as if not given)\n";
    for (const auto& g : groups(*this)) {
        const DiffRegion& f = *g.first;
        out << "\n" << transition_name(f.transition) << ": " << transition_text(f.transition) << ", " << g.regions.size()
            << " region(s)\n";
        out << "  " << old_label << ": " << describe(f.old_side) << "\n";
        out << "  " << new_label << ": " << describe(f.new_side) << "\n";
        const RuleRef& at = f.new_side.at.id.empty() ? f.old_side.at : f.new_side.at;
        if (!at.id.empty()) out << "  at " << at.file << ":" << at.line << ":" << at.column << "\n";
        for (const auto& line : compact(g.regions)) out << "  - " << line << "\n";
        for (const DiffRegion* r : g.regions)
            if (!r->reproduced) out << "  witness NOT reproduced by decide: " << r->witness.dump() << "\n";
        out << "  witness: " << f.witness.dump() << "\n";
    }
    for (const auto& u : unknowns) out << "\nunknown: " << u.check << ": " << u.reason << "\n";
    out << "\n";
    if (regions.empty() && complete && unknowns.empty())
        out << "proven: no request is decided differently ("
            << (checks == 0 ? std::string("the sets agree rule for rule and in their names; ") : std::string()) << checks
            << " checks in " << seconds << " s)\n";
    else
        out << regions.size() << " region(s): " << count(Transition::widen) << " widen, " << count(Transition::narrow)
            << " narrow, " << count(Transition::change) << " change" << (complete ? " (complete)" : " (INCOMPLETE)") << "; "
            << checks << " checks in " << seconds << " s\n";
    return out.str();
}

std::string DiffReport::to_markdown() const {
    std::ostringstream out;
    out << "### grondslag diff: `" << markdown_escape(old_label) << "` → `" << markdown_escape(new_label) << "`\n\n";
    if (!error.empty()) {
        out << "**Error:** " << markdown_escape(error) << "\n";
        return out.str();
    }
    if (regions.empty() && complete && unknowns.empty()) {
        out << "✅ **No decision changes.** Z3 proved that every request is decided the same way by both policy sets ("
            << checks << " checks).\n";
    } else {
        out << "| change | regions |\n|---|---|\n";
        out << "| deny → permit (widen) | " << count(Transition::widen) << " |\n";
        out << "| permit → deny (narrow) | " << count(Transition::narrow) << " |\n";
        out << "| other rule, basis or obligations | " << count(Transition::change) << " |\n\n";
        if (!complete || !unknowns.empty()) out << "⚠️ **The list is incomplete:** a check ended unknown.\n\n";
    }
    if (!renamed.empty() || !removed_rules.empty() || !added_rules.empty() || !edited_rules.empty()) {
        out << "Rules: ";
        std::vector<std::string> parts;
        for (const auto& [o, n] : renamed) parts.push_back("renamed `" + o + "` → `" + n + "`");
        for (const auto& r : removed_rules) parts.push_back("removed `" + r + "`");
        for (const auto& r : added_rules) parts.push_back("added `" + r + "`");
        for (const auto& r : edited_rules) parts.push_back("edited `" + r + "`");
        out << join(parts) << "\n\n";
    }
    if (!added_facts.empty() || !removed_facts.empty()) {
        std::vector<std::string> parts;
        for (const auto& f : added_facts) parts.push_back("added `" + f + "`");
        for (const auto& f : removed_facts) parts.push_back("removed `" + f + "`");
        out << "Request facts: " << join(parts) << " (a set that does not declare one decides as if it were not given)\n\n";
    }
    for (const auto& g : groups(*this)) {
        const DiffRegion& f = *g.first;
        out << "#### " << (f.transition == Transition::widen ? "🔓 " : f.transition == Transition::narrow ? "🔒 " : "🔁 ")
            << transition_text(f.transition) << " (" << g.regions.size() << ")\n\n";
        out << "- **" << markdown_escape(old_label) << ":** " << markdown_escape(describe(f.old_side)) << "\n";
        out << "- **" << markdown_escape(new_label) << ":** " << markdown_escape(describe(f.new_side)) << "\n\n";
        out << "| sender | recipient | purpose | data | dates |\n|---|---|---|---|---|\n";
        for (const DiffRegion* r : g.regions)
            out << "| " << markdown_escape(r->sender) << " | " << markdown_escape(r->recipient) << " | "
                << markdown_escape(r->purpose) << " | " << markdown_escape(r->category) << " | " << dates(*r) << " |\n";
        out << "\n<details><summary>witness request</summary>\n\n```json\n" << f.witness.dump(2) << "\n```\n</details>\n\n";
    }
    return out.str();
}

json DiffReport::to_sarif(FailOn fail_on, const std::string& source_root) const {
    json rules = json::array();
    for (Transition t : {Transition::widen, Transition::narrow, Transition::change})
        rules.push_back({{"id", transition_name(t)}, {"shortDescription", {{"text", transition_text(t)}}}});
    json results = json::array();
    for (const auto& r : regions) {
        const RuleRef& at = r.new_side.at.id.empty() ? r.old_side.at : r.new_side.at;
        json result{{"ruleId", transition_name(r.transition)},
                    {"level", fails(r, fail_on) ? "error" : "note"},
                    {"message",
                     {{"text", r.sender + " -> " + r.recipient + " for " + r.purpose + ", " + r.category + ": " +
                                   describe(r.old_side) + " became " + describe(r.new_side) + " (" + dates(r) + ")"}}},
                    {"properties", {{"witness", r.witness}, {"reproduced", r.reproduced}}}};
        if (!at.id.empty())
            result["locations"] = json::array(
                {{{"physicalLocation",
                   {{"artifactLocation", sarif_artifact(at.file, source_root)},
                    {"region", {{"startLine", std::max<std::uint32_t>(at.line, 1)}, {"startColumn", std::max<std::uint32_t>(at.column, 1)}}}}}}});
        results.push_back(result);
    }
    for (const auto& u : unknowns)
        results.push_back({{"ruleId", "unknown"}, {"level", "error"}, {"message", {{"text", u.check + ": " + u.reason}}}});
    return json{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", json::array({{{"tool", {{"driver", sarif_driver("grondslag diff", rules)}}}, {"results", results}}})}};
}

std::string DiffReport::to_junit(FailOn fail_on) const {
    std::ostringstream cases;
    std::size_t tests = 0, failures = 0;
    for (const auto& g : groups(*this)) {
        const DiffRegion& f = *g.first;
        ++tests;
        const std::string name = std::string(transition_name(f.transition)) + ": " + describe(f.old_side) + " -> " + describe(f.new_side);
        cases << "  <testcase classname=\"grondslag.diff\" name=\"" << xml_escape(name) << "\">\n";
        std::ostringstream body;
        for (const DiffRegion* r : g.regions)
            body << r->sender << " -> " << r->recipient << " for " << r->purpose << ": " << r->category << ", " << dates(*r)
                 << "\n  witness: " << r->witness.dump() << "\n";
        if (fails(f, fail_on)) {
            ++failures;
            cases << "    <failure message=\"" << xml_escape(std::to_string(g.regions.size()) + " region(s) change") << "\">"
                  << xml_escape(body.str()) << "</failure>\n";
        } else {
            cases << "    <system-out>" << xml_escape(body.str()) << "</system-out>\n";
        }
        cases << "  </testcase>\n";
    }
    ++tests;
    cases << "  <testcase classname=\"grondslag.diff\" name=\"enumeration complete\">\n";
    if (!complete || !unknowns.empty() || !error.empty()) {
        ++failures;
        std::string why = error;
        for (const auto& u : unknowns) why += u.check + ": " + u.reason + "\n";
        cases << "    <failure message=\"not every region was decided\">" << xml_escape(why) << "</failure>\n";
    }
    cases << "  </testcase>\n";
    std::ostringstream out;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"grondslag diff " << xml_escape(old_label) << " -> "
        << xml_escape(new_label) << "\" tests=\"" << tests << "\" failures=\"" << failures << "\" time=\"" << seconds << "\">\n"
        << cases.str() << "</testsuite>\n";
    return out.str();
}

}  // namespace grondslag
