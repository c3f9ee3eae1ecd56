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

void append_nanos(std::string& out, std::chrono::system_clock::time_point t) {
    char text[24];
    text[0] = '"';
    const auto n = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
    char* end = std::to_chars(text + 1, text + sizeof text - 1, n).ptr;
    *end++ = '"';
    out.append(text, static_cast<std::size_t>(end - text));
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

void write_logbook_record(const LogbookFragments& f, const LogbookContext& c, std::string_view request_sha256,
                          const Request& r, const Decision* d, std::string_view error, std::string& out) {
    // The trace: a valid traceparent (version 00; the header's, else the request's) continues the caller's;
    // anything else starts one.
    std::string_view traceparent = !c.traceparent.empty() ? c.traceparent : d ? r.traceparent : std::string_view();
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
    const auto now = std::chrono::system_clock::now();
    append_nanos(out, c.start.time_since_epoch().count() ? c.start : now);
    out += ",\"end_time_unix_nano\":";
    append_nanos(out, c.end.time_since_epoch().count() ? c.end : now);
    out += d ? ",\"status\":{\"code\":\"STATUS_CODE_OK\"},\"attributes\":{" : ",\"status\":{\"code\":\"STATUS_CODE_ERROR\"},\"attributes\":{";
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
    if (d) {
        out += ",\"grondslag.sender\":";
        out += f.actor[r.sender];
        out += ",\"grondslag.recipient\":";
        out += f.actor[r.recipient];
        out += ",\"grondslag.purpose\":";
        out += f.purpose[r.purpose];
        if (const int slot = f.set.phase_slot; slot >= 0 && r.given[static_cast<std::size_t>(slot)])
            for (const ir::Phase& phase : f.set.purposes[r.purpose].phases)
                if (phase.value == r.values[static_cast<std::size_t>(slot)]) {
                    out += ",\"grondslag.phase\":";
                    append_json_string(out, phase.name);
                }
        out += ",\"grondslag.request_date\":\"";
        char date[10];
        format_date_into(r.date, date);
        out.append(date, 10);
        out += '"';
    }
    // The person and the id only as keyed hashes: a BSN used as either is never logged.
    if (!c.subject_key.empty()) {
        if (d && !r.subject.empty()) {
            out += ",\"dpl.core.data_subject_id\":\"";
            out += hmac_sha256_tag(c.subject_key, r.subject);
            out += "\",\"dpl.core.data_subject_id_type\":\"pseudonym-hmac-sha256\"";
        }
        if (!r.id_json.empty()) {
            out += ",\"grondslag.request_id\":\"";
            out += hmac_sha256_tag(c.subject_key, r.id_json);
            out += '"';
        }
    }
    std::size_t permits = 0;
    if (d)
        for (const ItemResult& item : d->items) permits += item.verdict == Verdict::permit;
    out += !d || permits == 0 ? ",\"grondslag.decision\":\"deny\"" : permits == d->items.size() ? ",\"grondslag.decision\":\"permit\""
                                                                                                : ",\"grondslag.decision\":\"partial\"";
    out += ",\"grondslag.policy_set\":\"";
    out += f.set.source_hash;
    out += '"';
    if (!d) {
        out += ",\"grondslag.error\":";
        append_json_string(out, error);
        out += ",\"grondslag.items\":\"[]\"}}";
        return;
    }
    out += ",\"grondslag.items\":\"[";
    for (std::size_t i = 0; i < d->items.size(); ++i) {
        const ItemResult& item = d->items[i];
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
    for (std::size_t i = 0; i < d->items.size(); ++i) {
        const ItemResult& item = d->items[i];
        if (item.verdict != Verdict::permit) continue;
        bool seen = false;
        for (std::size_t k = 0; k < i && !seen; ++k) seen = d->items[k].verdict == Verdict::permit && d->items[k].rule == item.rule;
        if (seen) continue;
        out += first ? ",\"dpl.core.processing_activity_id\":[" : ",";
        out += f.activity[static_cast<std::size_t>(item.rule)];
        first = false;
    }
    if (!first) out += ']';
    out += "}}";
}

}  // namespace grondslag
