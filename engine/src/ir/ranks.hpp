// Ranks of instruments over the compiled form (ir/ranks.cpp); the checker's legal order
// (check/legal_order.hpp) and the verifier's provenance both read them. The table and its reasons:
// docs/language.md, "Ranks and the hierarchy of norms".
#pragma once
#include <string>
#include <string_view>
#include <vector>

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

// A module by name (rules record their module's name), and a module's rank; -1 and none when absent.
int module_named(const ir::PolicySet& set, const std::string& name);
ast::Rank rank_of_module(const ir::PolicySet& set, int module);

}  // namespace grondslag
