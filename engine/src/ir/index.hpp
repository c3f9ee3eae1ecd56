// The compiled form's lookups, made from the set (ir/index.cpp).
#pragma once
#include "ir.hpp"

namespace grondslag {

// Lists every rule in the index cells (sender, recipient, purpose, category) it covers, within the
// index's budget; the rest are the wide rules (index_candidates).
void build_index(ir::PolicySet& set);
// The request decoder's name lookups (NameIndex), built from the set's name maps; compile calls it,
// and so does reading a compiled image.
void index_names(ir::PolicySet& set);
// The candidate loop's dense copy of each rule (PolicySet::rule_entries) and the wide rules' bit sets,
// after the index is laid out.
void index_candidates(ir::PolicySet& set);

}  // namespace grondslag
