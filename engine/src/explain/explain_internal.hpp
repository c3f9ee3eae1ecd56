// The explanation's analysis on the compiled forms, for the answer writer
// (`decide --why-not`) and for explain.cpp.
#pragma once
#include <string>
#include <vector>

#include "grondslag/explain.hpp"
#include "ir.hpp"
#include "request.hpp"

namespace grondslag {

// Analyses one data item of a decoded request: the evaluator decides it with a
// trace (verdict, deciding rule, reason, per candidate rule its validity and
// value), and every candidate rule's conditions are described with the
// evaluator's values.
// `described`, when given, receives every condition described, with the condition node it describes: the
// tests hold each ConditionCheck's value to the evaluator's value of its node.
struct DescribedCondition {
    std::string rule;
    int node = -1;
    bool wanted = true;
    Truth value = Truth::unknown;
    std::string text;
};
ItemExplanation analyse_item(const ir::PolicySet& set, const Request& request, std::uint16_t category,
                             std::vector<DescribedCondition>* described = nullptr);

// Every ConditionCheck among requirements, in order; inside alternatives too unless `nested` is false.
template <typename Fn>
void for_each_check(const std::vector<Requirement>& reqs, Fn&& fn, bool nested = true) {
    for (const auto& q : reqs) {
        if (q.check) fn(*q.check);
        else if (nested)
            for (const auto& alternative : q.any_of) for_each_check(alternative, fn, nested);
    }
}

// Appends `,"why_not":[...]` for a denied item (why_not.cpp): per candidate permit its
// failing conditions, missing facts, consent state, first date and blockers.
void append_why_not(const ir::PolicySet& set, const Request& request, std::uint16_t category, std::string& out);

}  // namespace grondslag
