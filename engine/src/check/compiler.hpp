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

// "PM art. 20d lid 2 onder d" from a provision's parts.
std::string provision_citation(const ir::Provision& p);

}  // namespace grondslag
