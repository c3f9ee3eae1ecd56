#include "answer.hpp"

#include "explain_internal.hpp"
#include "json_text.hpp"

namespace grondslag {

namespace {

void append_date(std::string& out, Day d) {
    char buf[10];
    format_date_into(d, buf);
    out.append(buf, 10);
}


void write_obligations(const ir::PolicySet& set, const ir::Rule& rule, Day date, std::string& out) {
    out += ",\"obligations\":[";
    bool first = true;
    for (const auto& o : rule.obligations) {
        if (!first) out += ',';
        first = false;
        switch (o.kind) {
            case ast::ObligationKind::retain:
            case ast::ObligationKind::log: {
                out += o.kind == ast::ObligationKind::retain ? "{\"kind\":\"retain\",\"until\":\"" : "{\"kind\":\"log\",\"until\":\"";
                append_date(out, add_period(date, o.period));
                out += "\"}";
                break;
            }
            case ast::ObligationKind::notify:
                out += "{\"kind\":\"notify\",\"actor\":";
                append_json_string(out, set.actors[o.actor].name);
                out += '}';
                break;
        }
    }
    out += ']';
}

// Reasons are written from fragments made at load time; only dates are formatted here.
void write_reason(const ir::PolicySet& set, const Request& r, const ItemResult& item, std::string& out) {
    auto in_force = [&] {
        out += "no rule in force on ";
        append_date(out, r.date);
        out += " permits it";
    };
    switch (item.reason) {
        case DenyReason::forbidden:
            out += set.rules[item.rule].forbid_json;
            // Before any basis existed, say so: that is the reason a reader looks for.
            if (item.later_start) {
                out += "; ";
                in_force();
                out += ", the earliest applies from ";
                append_date(out, item.in_force_from);
            }
            out += '"';
            return;
        case DenyReason::no_candidate:
            out += "\"reason\":\"no rule permits this data from this sender to this recipient for this purpose\"";
            return;
        case DenyReason::not_in_force:
            out += "\"reason\":\"";
            in_force();
            if (item.later_start) {
                out += "; the earliest applies from ";
                append_date(out, item.in_force_from);
            }
            out += '"';
            return;
        case DenyReason::conditions:
            out += "\"reason\":\"no rule in force permits it: the conditions of the rules considered do not hold\"";
            return;
        case DenyReason::none:
            out += "\"reason\":\"\"";
            return;
    }
}

}  // namespace

void write_answer(const ir::PolicySet& set, const Request& r, const Decision& d, const AnswerOptions& options,
                  std::string& out) {
    out += '{';
    if (!r.id_json.empty()) {
        out += "\"id\":";
        out += r.id_json;
        out += ',';
    }
    std::size_t permits = 0;
    for (const auto& item : d.items) permits += item.verdict == Verdict::permit;
    out += "\"decision\":";
    out += permits == d.items.size() ? "\"permit\"" : permits == 0 ? "\"deny\"" : "\"partial\"";
    out += ",\"items\":[";
    for (std::size_t i = 0; i < d.items.size(); ++i) {
        const ItemResult& item = d.items[i];
        if (i) out += ',';
        out += "{\"data\":";
        out += set.category_json[item.category];
        if (item.verdict == Verdict::permit) {
            const ir::Rule& rule = set.rules[item.rule];
            out += ",\"decision\":\"permit\",";
            out += rule.permit_json;
            write_obligations(set, rule, r.date, out);
        } else {
            out += ",\"decision\":\"deny\",";
            write_reason(set, r, item, out);
            if (item.reason == DenyReason::forbidden) {
                out += ",\"rule\":";
                out += set.rule_json[item.rule];
                out += ",\"provision\":";
                append_json_string(out, set.provisions[set.rules[item.rule].provision].id);
            }
            out += ",\"missing_facts\":[";
            for (std::uint32_t k = item.missing_begin; k < item.missing_end; ++k) {
                if (k != item.missing_begin) out += ',';
                out += set.fact_json[d.missing[k]];
            }
            out += "],\"considered\":[";
            for (std::uint32_t k = item.considered_begin; k < item.considered_end; ++k) {
                if (k != item.considered_begin) out += ',';
                out += set.rule_json[d.considered[k]];
            }
            out += ']';
            if (options.why_not) append_why_not(set, r, item.category, out);
        }
        out += '}';
    }
    out += "],\"policy_set\":\"";
    out += set.source_hash;
    out += '"';
    if (options.unverified) out += ",\"unverified\":true";
    out += '}';
}

void write_error_answer(const ir::PolicySet& set, const std::string& id_json, const RequestError& error,
                        std::size_t line, const AnswerOptions& options, std::string& out) {
    out += '{';
    if (!id_json.empty()) {
        out += "\"id\":";
        out += id_json;
        out += ',';
    }
    out += "\"decision\":\"deny\",\"items\":[],\"error\":{\"path\":";
    append_json_string(out, error.path);
    out += ",\"message\":";
    append_json_string(out, error.message);
    if (line > 0) out += ",\"line\":" + std::to_string(line);
    out += "},\"policy_set\":";
    append_json_string(out, set.source_hash);
    if (options.unverified) out += ",\"unverified\":true";
    out += '}';
}

}  // namespace grondslag
