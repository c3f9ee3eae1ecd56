// A decision as a record of the Logboek Dataverwerkingen, written from the decision itself (the decoded
// request and the evaluator's result) rather than from the answer's text: the record costs a fraction of
// the decision, so a decision log does not dominate a batch (docs/performance.md, "The decision log").
#pragma once
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

// Appends the record (one line, no newline). `decision` null: the request was not decided (`error` says
// why); its subject is then not recorded, its id (when usable) is.
void write_logbook_record(const LogbookFragments& fragments, const LogbookContext& context, std::string_view request_sha256,
                          const Request& request, const Decision* decision, std::string_view error, std::string& out);

}  // namespace grondslag
