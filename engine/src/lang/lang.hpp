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

// The comparison that holds exactly when `op` does not.
inline CompareOp negated(CompareOp op) {
    switch (op) {
        case CompareOp::eq: return CompareOp::ne;
        case CompareOp::ne: return CompareOp::eq;
        case CompareOp::lt: return CompareOp::ge;
        case CompareOp::le: return CompareOp::gt;
        case CompareOp::gt: return CompareOp::le;
        case CompareOp::ge: return CompareOp::lt;
    }
    return op;
}

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

// retain and log carry a period, notify an actor; the others the provision that lays the duty down:
// secrecy (the recipient keeps the data secret), inform (the person is informed, AVG art. 13/14 or a
// law's own duty), motivation (a written motivation when informing the person is set aside, Wet PARTA
// art. 11), shield (the data are shielded once the case is closed, WGS art. 2.31 lid 8), retain_minimum
// (the holder keeps its file at least a period, Jeugdwet art. 7.3.8 lid 3; also a period), use_number
// (the parties identify the person by a legal number when they provide data, Wmo 2015 art. 5.2.9).
// retain may name its provision; retain and retain_minimum may count from a date fact instead of the
// request date (Wvggz art. 8:32: from the end of the measure).
enum class ObligationKind : std::uint8_t { retain, log, notify, secrecy, inform, motivation, shield, retain_minimum, use_number };

// The kinds that always name the provision laying them down (retain may).
inline bool under_provision(ObligationKind k) {
    return k == ObligationKind::secrecy || k == ObligationKind::inform || k == ObligationKind::motivation ||
           k == ObligationKind::shield || k == ObligationKind::retain_minimum || k == ObligationKind::use_number;
}

// The duty as a message names it ("the secrecy duty of 'pm.58'").
inline const char* duty_name(ObligationKind k) {
    switch (k) {
        case ObligationKind::inform: return "duty to inform the person";
        case ObligationKind::motivation: return "duty to motivate not informing the person";
        case ObligationKind::shield: return "duty to shield after closing";
        case ObligationKind::retain_minimum: return "minimum retention term";
        case ObligationKind::use_number: return "duty to use the number";
        case ObligationKind::retain: return "retention term";
        default: return "secrecy duty";
    }
}

// The clause that writes it ("secrecy", "inform", "motivate", "shield", "retain at least", "use").
inline const char* duty_clause(ObligationKind k) {
    switch (k) {
        case ObligationKind::inform: return "inform";
        case ObligationKind::motivation: return "motivate";
        case ObligationKind::shield: return "shield";
        case ObligationKind::retain_minimum: return "retain at least";
        case ObligationKind::use_number: return "use";
        case ObligationKind::retain: return "retain";
        case ObligationKind::log: return "log";
        case ObligationKind::notify: return "notify";
        default: return "secrecy";
    }
}

// The obligation's `kind` in the answer (docs/contract.md).
inline const char* obligation_kind_name(ObligationKind k) {
    switch (k) {
        case ObligationKind::retain: return "retain";
        case ObligationKind::log: return "log";
        case ObligationKind::notify: return "notify";
        case ObligationKind::secrecy: return "secrecy";
        case ObligationKind::inform: return "inform";
        case ObligationKind::motivation: return "motivation";
        case ObligationKind::shield: return "shield_after_close";
        case ObligationKind::retain_minimum: return "retain_at_least";
        case ObligationKind::use_number: return "use_number";
    }
    return "";
}

}  // namespace grondslag::ast
