// The kinds of the rule language that the syntax tree and the compiled form share: data classes, kinds
// of ground, ranks, comparisons, effects and obligations. The compiled form (ir.hpp) includes this and
// never the syntax tree; the names live in grondslag::ast, where the parser first produces them.
#pragma once
#include <cstdint>

namespace grondslag::ast {

enum class DataClass : std::uint8_t { ord, spec, crim, nid };
enum class BasisKind : std::uint8_t { art6, art9, art10, nid };

inline const char* class_name(DataClass c) {
    switch (c) {
        case DataClass::ord: return "ORD";
        case DataClass::spec: return "SPEC";
        case DataClass::crim: return "CRIM";
        case DataClass::nid: return "NID";
    }
    return "?";
}

// The rank of an instrument in the hierarchy of norms, highest first (a lower value outranks a
// higher one); `none` for a module that states none (legal_order.hpp).
enum class Rank : std::uint8_t {
    eu_verordening,
    wet,
    amvb,
    ministeriele_regeling,
    gemeentelijke_verordening,
    bestuursregeling,
    convenant,
    none
};

enum class CompareOp : std::uint8_t { eq, ne, lt, le, gt, ge };

enum class Effect : std::uint8_t { permit, forbid };

// secrecy: the recipient keeps the data secret under a declared provision (the provision states who is
// bound and the exceptions; the obligation names it).
// Whether a provision obliges (`duty`: "verstrekt", "bericht", AVG 6(1)(c), no objection under AVG 21)
// or permits (`power`: "kan verstrekken", "is bevoegd", 6(1)(e), open to objection); `unstated` when
// the policy does not say.
enum class ProvisionKind : std::uint8_t { unstated, duty, power };

inline const char* provision_kind_name(ProvisionKind k) {
    switch (k) {
        case ProvisionKind::unstated: return "";
        case ProvisionKind::duty: return "duty";
        case ProvisionKind::power: return "power";
    }
    return "";
}

enum class ObligationKind : std::uint8_t { retain, log, notify, secrecy };

}  // namespace grondslag::ast
