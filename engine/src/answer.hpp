// Writing answers in the decision contract's JSON form.
#pragma once
#include <string>

#include "evaluator.hpp"
#include "request.hpp"

namespace grondslag {

struct AnswerOptions {
    bool unverified = false;  // the policy set was served without verification
    bool why_not = false;     // add a why_not array to each denied item (explain_internal.hpp)
};

// Appends one answer (no trailing newline).
void write_answer(const ir::PolicySet& set, const Request& request, const Decision& decision,
                  const AnswerOptions& options, std::string& out);

// An answer for a request that could not be decoded: deny, with the JSON path.
// `line` > 0 in batch mode.
void write_error_answer(const ir::PolicySet& set, const std::string& id_json, const RequestError& error,
                        std::size_t line, const AnswerOptions& options, std::string& out);

}  // namespace grondslag
