// The hierarchy of norms (lex superior) over a set of modules: every module states the rank of its
// instrument, a ground is laid down only by an instrument of the rank its kind demands, a forbid is
// set aside only through such a ground (or by an instrument of at least its own rank), and a rule
// that takes over another module's permit keeps that permit's obligations. The table of ranks and
// its reasons: docs/language.md, "Ranks and the hierarchy of norms".
//
// Module boundaries on declarations (groups and purposes of another module) are checked where
// they are resolved, in the compiler (E120).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "ast.hpp"
#include "grondslag/diagnostics.hpp"
#include "ir.hpp"
#include "ranks.hpp"

namespace grondslag {

// Reports E116-E119 and E121 on a compiled (possibly partial) set; rules are in the modules' order.
void check_legal_order(const std::vector<ast::Module>& modules, const ir::PolicySet& set, DiagnosticReport& report);

}  // namespace grondslag
