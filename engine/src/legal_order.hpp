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
#include "grondslag/verify.hpp"
#include "ir.hpp"

namespace grondslag {

std::string_view rank_keyword(ast::Rank rank);  // "gemeentelijke_verordening"
std::string_view rank_label(ast::Rank rank);    // "a municipal regulation of the council (gemeentelijke verordening)"

// The lowest rank whose instruments may lay down a ground of this kind that rests on a law
// (consent grounds rest on no law and need none).
ast::Rank lowest_rank_for(ast::BasisKind kind);

// True when `rank` is at least as high as `floor` in the hierarchy.
inline bool ranks_at_least(ast::Rank rank, ast::Rank floor) {
    return rank != ast::Rank::none && static_cast<int>(rank) <= static_cast<int>(floor);
}

// Every permit of SPEC, CRIM or NID data with its instrument, grounds and the forbids it lifts.
std::vector<PermitProvenance> permit_provenance(const ir::PolicySet& set);

// Reports E116-E119 and E121 on a compiled (possibly partial) set; rules are in the modules' order.
void check_legal_order(const std::vector<ast::Module>& modules, const ir::PolicySet& set, DiagnosticReport& report);

}  // namespace grondslag
