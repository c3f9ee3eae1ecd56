#pragma once
#include <memory>
#include <vector>

#include "ast.hpp"
#include "ir.hpp"

namespace grondslag {

// Resolves names, checks types and the rules' legal constraints, and builds the
// compiled form. Collects every semantic error in `report`; returns nullptr when
// there is any.
// Higher instruments first (lex superior): where several permits win and none is declared an
// exception to another, the first in this order decides, so a lower module never takes over a
// higher one's decisions (and obligations) by the order of --policies. Within a rank, load order.
// `modules` come in load order; compile() takes them in this order.
void order_by_rank(std::vector<ast::Module>& modules);

std::unique_ptr<ir::PolicySet> compile(const std::vector<ast::Module>& modules, DiagnosticReport& report);

// The request decoder's name lookups (NameIndex), built from the set's name maps, and the
// provisions' and actors' names as JSON strings for answers; compile calls it, and so does
// reading a compiled image.
void index_names(ir::PolicySet& set);
// The candidate loop's dense copy of each candidate's rule (PolicySet::Candidate), after the index is laid out.
void index_candidates(ir::PolicySet& set);

// "PM art. 20d lid 2 onder d" from a provision's parts.
std::string provision_citation(const ir::Provision& p);

}  // namespace grondslag
