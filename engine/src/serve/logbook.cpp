#include "grondslag/logbook.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "grondslag/version.hpp"

namespace grondslag {

namespace {

std::string hex(const unsigned char* p, std::size_t n) {
    static const char digits[] = "0123456789abcdef";
    std::string out(2 * n, '0');
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    return out;
}

std::string random_hex(std::size_t bytes) {
    unsigned char b[16] = {};
    if (RAND_bytes(b, static_cast<int>(bytes)) != 1) throw std::runtime_error("no random bytes for a trace id");
    return hex(b, bytes);
}

std::string hmac(std::string_view key, std::string_view text) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(text.data()),
              text.size(), out, &n))
        throw std::runtime_error("HMAC-SHA-256 failed");
    return "hmac-sha256:" + hex(out, n);
}

bool is_hex(std::string_view s, std::size_t n) {
    if (s.size() != n) return false;
    bool zero = true;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        zero = zero && c == '0';
    }
    return !zero;
}

std::string nanos(std::chrono::system_clock::time_point t) {
    return std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

}  // namespace

std::string logbook_subject_hash(std::string_view subject_key, std::string_view subject) { return hmac(subject_key, subject); }

std::string logbook_record(const LogbookContext& c, std::string_view request_sha256, std::string_view request_text,
                           std::string_view answer_text) {
    using nlohmann::json;
    const json request = json::parse(request_text, nullptr, false);
    const json answer = json::parse(answer_text, nullptr, false);
    const bool request_ok = request.is_object(), answer_ok = answer.is_object();
    // The trace: a valid traceparent (version 00) continues the caller's; anything else starts one.
    std::string traceparent(c.traceparent);
    if (traceparent.empty() && request_ok && request.contains("traceparent") && request["traceparent"].is_string())
        traceparent = request["traceparent"].get<std::string>();
    std::string trace_id, parent;
    if (traceparent.size() == 55 && traceparent.compare(0, 3, "00-") == 0 && traceparent[35] == '-' && traceparent[52] == '-' &&
        is_hex(std::string_view(traceparent).substr(3, 32), 32) && is_hex(std::string_view(traceparent).substr(36, 16), 16)) {
        trace_id = traceparent.substr(3, 32);
        parent = traceparent.substr(36, 16);
    } else {
        trace_id = random_hex(16);
    }
    json attributes = json::object();
    attributes["grondslag.engine"] = std::string(engine_version());
    attributes["grondslag.contract"] = std::string(contract_version());
    if (!c.bundle_sha256.empty()) attributes["grondslag.bundle_sha256"] = std::string(c.bundle_sha256);
    if (!c.signer.empty()) attributes["grondslag.signer"] = std::string(c.signer);
    attributes["grondslag.request_sha256"] = "sha256:" + std::string(request_sha256);
    if (request_ok) {
        for (const char* key : {"sender", "recipient", "purpose", "phase", "date"})
            if (request.contains(key) && request[key].is_string())
                attributes[std::string("grondslag.") + (std::string(key) == "date" ? "request_date" : key)] = request[key];
        // The person and the id only as keyed hashes: a BSN used as either is never logged.
        if (!c.subject_key.empty()) {
            if (request.contains("subject") && request["subject"].is_string()) {
                attributes["dpl.core.data_subject_id"] = hmac(c.subject_key, request["subject"].get<std::string>());
                attributes["dpl.core.data_subject_id_type"] = "pseudonym-hmac-sha256";
            }
            if (request.contains("id")) attributes["grondslag.request_id"] = hmac(c.subject_key, request["id"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        }
    }
    std::string status = "STATUS_CODE_OK";
    if (answer_ok) {
        attributes["grondslag.decision"] = answer.value("decision", "");
        if (answer.contains("policy_set")) attributes["grondslag.policy_set"] = answer["policy_set"];
        if (answer.contains("error")) {
            status = "STATUS_CODE_ERROR";
            attributes["grondslag.error"] = answer["error"].value("message", "");
        }
        json items = json::array(), activities = json::array();
        const std::string set = answer.value("policy_set", "");
        for (const auto& item : answer.value("items", json::array())) {
            json one = {{"data", item.value("data", "")}, {"decision", item.value("decision", "")}};
            if (item.contains("rule")) one["rule"] = item["rule"];
            if (item.contains("provision")) one["provision"] = item["provision"];
            if (item.contains("cause")) one["cause"] = item["cause"];
            if (item.contains("basis")) one["basis"] = item["basis"];
            if (item.contains("citations") && item["citations"].is_array() && !item["citations"].empty())
                one["citation"] = item["citations"][0];
            // The processing activity: the register's entry of the permitting rule in this set.
            if (item.value("decision", "") == "permit" && item.contains("rule")) {
                const std::string uri = "urn:grondslag:register:" + set + ":" + item["rule"].get<std::string>();
                if (std::find(activities.begin(), activities.end(), uri) == activities.end()) activities.push_back(uri);
            }
            items.push_back(std::move(one));
        }
        attributes["grondslag.items"] = items.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // OTel attribute values are scalars or arrays of scalars
        if (!activities.empty()) attributes["dpl.core.processing_activity_id"] = activities;
    } else {
        status = "STATUS_CODE_ERROR";
    }
    json span = {{"trace_id", trace_id},
                 {"span_id", random_hex(8)},
                 {"parent_span_id", parent},
                 {"name", "grondslag.decide"},
                 {"kind", "SPAN_KIND_INTERNAL"},
                 {"start_time_unix_nano", nanos(c.start)},
                 {"end_time_unix_nano", nanos(c.end)},
                 {"status", {{"code", status}}},
                 {"attributes", std::move(attributes)}};
    return span.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace grondslag
