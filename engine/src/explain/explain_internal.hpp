// The explanation's analysis on the compiled forms, for the answer writer
// (`decide --why-not`) and for explain.cpp.
#pragma once
#include <string>

#include "grondslag/explain.hpp"
#include "ir.hpp"
#include "request.hpp"

namespace grondslag {

// Analyses one data item of a decoded request: the same verdict and deciding
// rule as the evaluator, with every candidate rule's conditions walked.
ItemExplanation analyse_item(const ir::PolicySet& set, const Request& request, std::uint16_t category);

// Appends `,"why_not":[...]` for a denied item: per candidate permit its
// failing conditions, missing facts, consent state, first date and blockers.
void append_why_not(const ir::PolicySet& set, const Request& request, std::uint16_t category, std::string& out);

}  // namespace grondslag
