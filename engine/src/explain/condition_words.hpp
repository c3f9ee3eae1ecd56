// Conditions of the compiled form in words (condition_words.cpp): for the register and the workbench
// (docgen) and for explain's lines, so that both say a condition the same way.
#pragma once
#include <optional>
#include <string>

#include "grondslag/explain.hpp"
#include "ir.hpp"

namespace grondslag {

// A rule's condition as a clause tree in the language; nullopt when the rule has none.
std::optional<ConditionClause> condition_clause(const ir::PolicySet& set, const ir::Rule& rule, Language lang);

// The clause as one sentence, capitalised and ended with a full stop; nested compounds in parentheses, and
// parts with commas of their own set apart by semicolons: "Noodzakelijk voor dit doel en (a of b)."
std::string condition_sentence(const ConditionClause& clause, Language lang);

// Node `node` in words, holding when it has the value `want` (lower case, no full stop): "de verstrekker
// is niet DJI". Phases are named as the purposes in `purposes` name them.
std::string condition_words(const ir::PolicySet& set, ir::Mask purposes, int node, bool want, Language lang);

// "3 maanden", "1 day": a period in words.
std::string period_words(Period p, Language lang);

}  // namespace grondslag
