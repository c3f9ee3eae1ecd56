// A decision as a record of the Logboek Dataverwerkingen (Logius): one OpenTelemetry span as a JSON
// line, with the dpl.core.* attributes and the receipt of the decision. The person and the request's id
// are never written in the clear: only as HMAC-SHA-256 under the operator's subject key, and left out
// without one (docs/serve.md, "The decision log").
#pragma once
#include <chrono>
#include <string>
#include <string_view>

namespace grondslag {

struct LogbookContext {
    std::string_view bundle_sha256;  // the served bundle's digest, when served from one
    std::string_view signer;         // its signer's key id, when checked
    std::string_view subject_key;    // the HMAC key's bytes; empty: no subject and no id in the record
    std::string_view traceparent;    // a W3C traceparent header; empty: the request's field, or a new trace
    std::chrono::system_clock::time_point start, end;
};

// The record (no newline) for one decision: the request's sha256 (hex), its text as received (empty when it
// was not kept: a line over the limit), the answer as given.
std::string logbook_record(const LogbookContext& context, std::string_view request_sha256, std::string_view request,
                           std::string_view answer);

}  // namespace grondslag
