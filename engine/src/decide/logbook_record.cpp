#include "logbook_record.hpp"

#include <algorithm>
#include <charconv>

#include "dates.hpp"
#include "grondslag/version.hpp"
#include "json_text.hpp"
#include "log_identifiers.hpp"

namespace grondslag {

namespace {

std::string json_string(std::string_view s) {
    std::string out;
    append_json_string(out, s);
    return out;
}

// JSON text as it stands inside a JSON string (without the quotes).
std::string escaped(std::string_view json) {
    std::string out = json_string(json);
    return out.substr(1, out.size() - 2);
}

bool is_hex(std::string_view s) {
    bool zero = true;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        zero = zero && c == '0';
    }
    return !zero;
}

// A time as the span's JSON string of nanoseconds since the epoch, in `text`.
std::string_view nanos_text(std::chrono::system_clock::time_point t, char (&text)[24]) {
    text[0] = '"';
    const auto n = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
    char* end = std::to_chars(text + 1, text + sizeof text - 1, n).ptr;
    *end++ = '"';
    return std::string_view(text, static_cast<std::size_t>(end - text));
}

}  // namespace

LogbookFragments::LogbookFragments(const ir::PolicySet& s) : set(s) {
    for (const auto& a : set.actors) actor.push_back(json_string(a.name));
    for (const auto& p : set.purposes) purpose.push_back(json_string(p.name));
    for (const auto& c : set.categories) item_head.push_back(escaped("{\"data\":" + json_string(c.name) + ",\"decision\":"));
    for (const ir::Rule& r : set.rules) {
        const std::string rule_and_provision = ",\"rule\":" + json_string(r.id) + ",\"provision\":" +
                                               (r.provision >= 0 ? json_string(set.provisions[r.provision].id) : std::string("\"\""));
        std::string basis;
        set.name_bases(r, [&](bool is_basis, const std::string& id) {
            if (is_basis) basis = id;
        });
        std::string permit = rule_and_provision + ",\"basis\":" + json_string(basis);
        if (!r.citations.empty()) permit += ",\"citation\":" + json_string(r.citations.front());
        permit_tail.push_back(escaped(permit + "}"));
        forbid_tail.push_back(escaped(rule_and_provision + "}"));
        activity.push_back(json_string("urn:grondslag:register:" + set.source_hash + ":" + r.id));
    }
    head = "\"grondslag.engine\":" + json_string(engine_version()) + ",\"grondslag.contract\":" + json_string(contract_version());
}

LoggedDecision logged_decision(const ir::PolicySet& set, const Request& r, const Decision* d, std::string_view error,
                               LoggedItem* items) {
    LoggedDecision out;
    out.decided = d != nullptr;
    out.id_json = r.id_json;
    out.traceparent = r.traceparent;
    out.at = std::chrono::system_clock::now();
    if (!d) {
        out.error = error;
        return out;
    }
    out.sender = r.sender;
    out.recipient = r.recipient;
    out.purpose = r.purpose;
    out.date = r.date;
    out.subject = r.subject;
    if (const int slot = set.phase_slot; slot >= 0 && r.given[static_cast<std::size_t>(slot)]) {
        const auto& phases = set.purposes[r.purpose].phases;
        for (std::size_t i = 0; i < phases.size(); ++i)
            if (phases[i].value == r.values[static_cast<std::size_t>(slot)]) out.phase = static_cast<int>(i);
    }
    for (std::size_t i = 0; i < d->items.size(); ++i) {
        const ItemResult& item = d->items[i];
        items[i] = LoggedItem{item.category, item.verdict, item.reason, item.rule};
    }
    out.items = items;
    out.item_count = d->items.size();
    return out;
}

void write_logbook_record(const LogbookFragments& f, const LogbookContext& c, std::string_view request_sha256,
                          const LoggedDecision& d, std::string& out) {
    // The trace: a valid traceparent (version 00; the header's, else the request's) continues the caller's;
    // anything else starts one.
    std::string_view traceparent = !c.traceparent.empty() ? c.traceparent : d.decided ? d.traceparent : std::string_view();
    const bool continued = traceparent.size() == 55 && traceparent.substr(0, 3) == "00-" && traceparent[35] == '-' &&
                           traceparent[52] == '-' && is_hex(traceparent.substr(3, 32)) && is_hex(traceparent.substr(36, 16));
    out += "{\"trace_id\":\"";
    if (continued) out += traceparent.substr(3, 32);
    else append_random_hex(out, 16);
    out += "\",\"span_id\":\"";
    append_random_hex(out, 8);
    out += "\",\"parent_span_id\":\"";
    if (continued) out += traceparent.substr(36, 16);
    out += "\",\"name\":\"grondslag.decide\",\"kind\":\"SPAN_KIND_INTERNAL\",\"start_time_unix_nano\":";
    const auto at = d.at.time_since_epoch().count() ? d.at : std::chrono::system_clock::now();
    char start[24], end[24];
    const std::string_view start_text = nanos_text(c.start.time_since_epoch().count() ? c.start : at, start);
    out += start_text;
    out += ",\"end_time_unix_nano\":";
    // One instant (the usual case in a batch): its text once.
    out += c.end.time_since_epoch().count() ? nanos_text(c.end, end) : c.start.time_since_epoch().count() ? nanos_text(at, end) : start_text;
    out += d.decided ? ",\"status\":{\"code\":\"STATUS_CODE_OK\"},\"attributes\":{" : ",\"status\":{\"code\":\"STATUS_CODE_ERROR\"},\"attributes\":{";
    out += f.head;
    if (!c.bundle_sha256.empty()) {
        out += ",\"grondslag.bundle_sha256\":";
        append_json_string(out, c.bundle_sha256);
    }
    if (!c.signer.empty()) {
        out += ",\"grondslag.signer\":";
        append_json_string(out, c.signer);
    }
    out += ",\"grondslag.request_sha256\":\"sha256:";
    out += request_sha256;
    out += '"';
    if (d.decided) {
        out += ",\"grondslag.sender\":";
        out += f.actor[d.sender];
        out += ",\"grondslag.recipient\":";
        out += f.actor[d.recipient];
        out += ",\"grondslag.purpose\":";
        out += f.purpose[d.purpose];
        if (d.phase >= 0) {
            out += ",\"grondslag.phase\":";
            append_json_string(out, f.set.purposes[d.purpose].phases[static_cast<std::size_t>(d.phase)].name);
        }
        out += ",\"grondslag.request_date\":\"";
        char date[10];
        format_date_into(d.date, date);
        out.append(date, 10);
        out += '"';
    }
    // The person and the id only as keyed hashes: a BSN used as either is never logged.
    if (!c.subject_key.empty()) {
        if (d.decided && !d.subject.empty()) {
            out += ",\"dpl.core.data_subject_id\":\"";
            out += hmac_sha256_tag(c.subject_key, d.subject);
            out += "\",\"dpl.core.data_subject_id_type\":\"pseudonym-hmac-sha256\"";
        }
        if (!d.id_json.empty()) {
            out += ",\"grondslag.request_id\":\"";
            out += hmac_sha256_tag(c.subject_key, d.id_json);
            out += '"';
        }
    }
    std::size_t permits = 0;
    for (std::size_t i = 0; i < d.item_count; ++i) permits += d.items[i].verdict == Verdict::permit;
    out += !d.decided || permits == 0 ? ",\"grondslag.decision\":\"deny\""
           : permits == d.item_count  ? ",\"grondslag.decision\":\"permit\""
                                      : ",\"grondslag.decision\":\"partial\"";
    out += ",\"grondslag.policy_set\":\"";
    out += f.set.source_hash;
    out += '"';
    if (!d.decided) {
        out += ",\"grondslag.error\":";
        append_json_string(out, d.error);
        out += ",\"grondslag.items\":\"[]\"}}";
        return;
    }
    out += ",\"grondslag.items\":\"[";
    for (std::size_t i = 0; i < d.item_count; ++i) {
        const LoggedItem& item = d.items[i];
        if (i) out += ',';
        out += f.item_head[item.category];
        if (item.verdict == Verdict::permit) {
            out += "\\\"permit\\\"";
            out += f.permit_tail[static_cast<std::size_t>(item.rule)];
        } else {
            out += "\\\"deny\\\",\\\"cause\\\":\\\"";
            out += deny_cause_name(item.reason);
            out += "\\\"";
            if (item.reason == DenyReason::forbidden) out += f.forbid_tail[static_cast<std::size_t>(item.rule)];
            else out += '}';
        }
    }
    out += "]\"";
    // The processing activities: the register's entries of the permitting rules in this set, each once.
    bool first = true;
    for (std::size_t i = 0; i < d.item_count; ++i) {
        const LoggedItem& item = d.items[i];
        if (item.verdict != Verdict::permit) continue;
        bool seen = false;
        for (std::size_t k = 0; k < i && !seen; ++k) seen = d.items[k].verdict == Verdict::permit && d.items[k].rule == item.rule;
        if (seen) continue;
        out += first ? ",\"dpl.core.processing_activity_id\":[" : ",";
        out += f.activity[static_cast<std::size_t>(item.rule)];
        first = false;
    }
    if (!first) out += ']';
    out += "}}";
}

}  // namespace grondslag
