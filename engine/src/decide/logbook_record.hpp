// A decision as a record of the Logboek Dataverwerkingen, written from the decision itself (the decoded
// request and the evaluator's result) rather than from the answer's text: the record costs a fraction of
// the decision, so a decision log does not dominate a batch (docs/performance.md, "The decision log").
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "evaluator.hpp"
#include "grondslag/logbook.hpp"
#include "request.hpp"

namespace grondslag {

// The record's fixed texts for one compiled set, escaped once: names as JSON strings, and each item's
// parts as they appear inside the `grondslag.items` attribute, a JSON string that holds a JSON array
// (OpenTelemetry attribute values are scalars or arrays of scalars).
struct LogbookFragments {
    explicit LogbookFragments(const ir::PolicySet& set);
    const ir::PolicySet& set;
    std::vector<std::string> actor, purpose;  // JSON strings
    std::vector<std::string> item_head;       // per category: {"data":NAME,"decision":  (escaped)
    std::vector<std::string> permit_tail;     // per rule: ,"rule":..,"provision":..,"basis":..,"citation":..}  (escaped)
    std::vector<std::string> forbid_tail;     // per rule: ,"rule":..,"provision":..}  (escaped)
    std::vector<std::string> activity;        // per rule: "urn:grondslag:register:SET:RULE" (a JSON string)
    std::string head;                         // the attributes every record of this build and set starts with
};

// What a record says of one decision: the decided request's parts it names and, per item, the decision,
// rule and cause. A view: taken from the decoded request and the evaluator's result where they lie, or
// from a LogbookCapture, where a batch keeps its decisions for the thread that writes the log.
struct LoggedItem {
    std::uint16_t category = 0;
    Verdict verdict = Verdict::deny;
    DenyReason reason = DenyReason::none;
    int rule = -1;
};
struct LoggedDecision {
    bool decided = false;  // false: the request was not decided, `error` says why
    std::uint16_t sender = 0, recipient = 0, purpose = 0;
    int phase = -1;        // into the purpose's phases, when the request names one
    Day date = 0;
    std::string_view subject, id_json, traceparent, error;
    const LoggedItem* items = nullptr;
    std::size_t item_count = 0;
    std::chrono::system_clock::time_point at;  // when it was decided (the record's time unless the context gives one)
};

// The view of a decision; `decision` null: the request was not decided (`error` says why); its subject is
// then not recorded, its id (when usable) is. `items` must hold room for the decision's items (at most
// ir::max_universe).
LoggedDecision logged_decision(const ir::PolicySet& set, const Request& request, const Decision* decision, std::string_view error,
                               LoggedItem* items);

// Appends the record (one line, no newline).
void write_logbook_record(const LogbookFragments& fragments, const LogbookContext& context, std::string_view request_sha256,
                          const LoggedDecision& decision, std::string& out);

}  // namespace grondslag
