// `decide --why-not`: for each denied item, per candidate permit what failed, which facts were missing,
// the consent state, the first date it could apply and the forbids that block it, as JSON in the answer.
// The answer writer reaches this only through the function the Decider hands it (AnswerOptions::why_not).
#include <nlohmann/json.hpp>

#include "explain_internal.hpp"
#include "json_text.hpp"

namespace grondslag {

namespace {

void write_check(const ConditionCheck& c, std::string& out) {
    nlohmann::ordered_json j;
    j["condition"] = c.text;
    j["state"] = c.value == Truth::unknown ? "unknown" : "fails";
    nlohmann::ordered_json facts = nlohmann::ordered_json::array();
    for (const auto& f : c.facts) facts.push_back(f.fact.name);
    j["facts"] = facts;
    j["expected"] = c.expected;
    j["actual"] = c.actual ? nlohmann::ordered_json(*c.actual) : nlohmann::ordered_json(nullptr);
    if (c.from) j["from"] = *c.from;
    if (c.until) j["until"] = *c.until;
    out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write_requirements(const std::vector<Requirement>& reqs, std::string& out) {
    out += '[';
    for (std::size_t i = 0; i < reqs.size(); ++i) {
        if (i) out += ',';
        if (reqs[i].check) {
            write_check(*reqs[i].check, out);
            continue;
        }
        out += "{\"any_of\":[";
        for (std::size_t k = 0; k < reqs[i].any_of.size(); ++k) {
            if (k) out += ',';
            write_requirements(reqs[i].any_of[k], out);
        }
        out += "]}";
    }
    out += ']';
}

}  // namespace

void append_why_not(const ir::PolicySet& set, const Request& r, std::uint16_t category, std::string& out) {
    const ItemExplanation item = analyse_item(set, r, category);
    out += ",\"why_not\":[";
    bool first = true;
    for (const RuleAnalysis& a : item.rules) {
        if (!a.permit) continue;
        if (!first) out += ',';
        first = false;
        out += "{\"rule\":";
        append_json_string(out, a.rule);
        out += ",\"provision\":";
        append_json_string(out, a.provision);
        out += ",\"in_force\":";
        out += a.validity == RuleAnalysis::Validity::in_force ? "true" : "false";
        if (a.valid_from) out += ",\"valid_from\":\"" + *a.valid_from + "\"";
        if (a.valid_until) out += ",\"valid_until\":\"" + *a.valid_until + "\"";
        out += ",\"failing\":";
        write_requirements(a.failing, out);
        out += ",\"missing_facts\":[";
        for (std::size_t i = 0; i < a.missing_facts.size(); ++i) {
            if (i) out += ',';
            append_json_string(out, a.missing_facts[i].name);
        }
        out += "],\"consent\":[";
        bool first_consent = true;
        for_each_check(a.failing, [&](const ConditionCheck& c) {
            if (c.kind != ConditionCheck::Kind::consent) return;
            if (!first_consent) out += ',';
            first_consent = false;
            out += "{\"category\":";
            append_json_string(out, c.consent_category->name);
            out += c.explicit_consent ? ",\"explicit\":true" : ",\"explicit\":false";
            out += ",\"state\":\"" + c.consent_state + "\"";
            if (c.consent_date) out += ",\"date\":\"" + *c.consent_date + "\"";
            out += '}';
        });
        out += ']';
        if (a.first_date) out += ",\"first_date\":\"" + *a.first_date + "\"";
        out += ",\"blocked_by\":[";
        for (std::size_t i = 0; i < a.blocked_by.size(); ++i) {
            if (i) out += ',';
            append_json_string(out, a.blocked_by[i]);
        }
        out += "]}";
    }
    out += ']';
}

}  // namespace grondslag
