#include "answer.hpp"

#include "json_text.hpp"

namespace grondslag {

namespace {

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
                char buf[10];
                format_date_into(add_period(date, o.period), buf);
                out.append(buf, 10);
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

void write_reason(const ir::PolicySet& set, const Request& r, const ItemResult& item, std::string& out) {
    std::string reason;
    switch (item.reason) {
        case DenyReason::forbidden: {
            const ir::Rule& f = set.rules[item.rule];
            reason = "forbidden by " + f.id;
            if (!f.citations.empty()) reason += " (" + f.citations.front() + ")";
            // Before any basis existed, say so: that is the reason a reader looks for.
            if (item.later_start)
                reason += "; no rule in force on " + format_date(r.date) + " permits it, the earliest applies from " +
                          format_date(item.in_force_from);
            break;
        }
        case DenyReason::no_candidate:
            reason = "no rule permits this data from this sender to this recipient for this purpose";
            break;
        case DenyReason::not_in_force:
            reason = "no rule in force on " + format_date(r.date) + " permits it";
            if (item.later_start) reason += "; the earliest applies from " + format_date(item.in_force_from);
            break;
        case DenyReason::conditions:
            reason = "no rule in force permits it: the conditions of the rules considered do not hold";
            break;
        case DenyReason::none: break;
    }
    append_json_string(out, reason);
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
        append_json_string(out, set.categories[item.category].name);
        if (item.verdict == Verdict::permit) {
            const ir::Rule& rule = set.rules[item.rule];
            out += ",\"decision\":\"permit\",";
            out += rule.permit_json;
            write_obligations(set, rule, r.date, out);
        } else {
            out += ",\"decision\":\"deny\",\"reason\":";
            write_reason(set, r, item, out);
            if (item.reason == DenyReason::forbidden) {
                out += ",\"rule\":";
                append_json_string(out, set.rules[item.rule].id);
                out += ",\"provision\":";
                append_json_string(out, set.provisions[set.rules[item.rule].provision].id);
            }
            out += ",\"missing_facts\":[";
            for (std::uint32_t k = item.missing_begin; k < item.missing_end; ++k) {
                if (k != item.missing_begin) out += ',';
                append_json_string(out, set.facts[d.missing[k]].name);
            }
            out += "],\"considered\":[";
            for (std::uint32_t k = item.considered_begin; k < item.considered_end; ++k) {
                if (k != item.considered_begin) out += ',';
                append_json_string(out, set.rules[d.considered[k]].id);
            }
            out += ']';
        }
        out += '}';
    }
    out += "],\"policy_set\":";
    append_json_string(out, set.source_hash);
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
