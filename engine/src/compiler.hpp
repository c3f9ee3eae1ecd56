#pragma once
#include <memory>
#include <vector>

#include "ast.hpp"
#include "ir.hpp"

namespace grondslag {

// Resolves names, checks types and the rules' legal constraints, and builds the
// compiled form. Collects every semantic error in `report`; returns nullptr when
// there is any.
std::unique_ptr<ir::PolicySet> compile(const std::vector<ast::Module>& modules, DiagnosticReport& report);

// "PM art. 20d lid 2 onder d" from a provision's parts.
std::string provision_citation(const ir::Provision& p);

}  // namespace grondslag
