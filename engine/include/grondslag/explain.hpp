// Explaining one decision: for each data item, which provisions were in force,
// which rule decided and why (the conditions that held, with the facts'
// values), which exceptions applied, the obligations, and for a deny what would
// have to change for a permit (per candidate permit: the conditions that fail
// or are unknown, consent state, the first date it would apply, the forbids
// that would still block it).
//
// Everything is computed from the compiled rules by the evaluator itself: the
// item is decided as `decide` decides it, with a trace of every candidate
// rule, and each condition's three-valued value is the evaluator's. The
// per-item decision and deciding rule are `decide`'s
// (tests/unit/explain/test_explain.cpp checks this on the corpus and random requests).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grondslag/grondslag.hpp"

namespace grondslag {

enum class Language { nl, en };

// A condition's three-valued value on a request, as the evaluator computes it.
enum class Truth { yes, no, unknown };

// A noun of the vocabulary (actor, category, purpose, fact) with its labels;
// a label is empty when the policies give none.
struct Labelled {
    std::string name;
    std::string nl;
    std::string en;
};

// A rule's condition in words, with its structure: an atom ("de verstrekker is niet DJI"), all or any of
// its children, or the negation of its one child (a `not` over a compound; over an atom it is in the words).
// The register and the workbench show it (docgen.hpp); explain says each atom the same way.
struct ConditionClause {
    enum class Kind { atom, all, any, negation };
    Kind kind = Kind::atom;
    std::string text;  // atom
    std::vector<ConditionClause> children;
};

// One atomic condition of a rule, judged against the request, with the value
// the rule needs of it (`wanted` is false under a `not`, or for a forbid to be lifted).
struct ConditionCheck {
    enum class Kind { fact, compare, enumeration, party, contains, consent, known, constant };
    Kind kind = Kind::constant;
    std::string text;      // as written in the policy language, e.g. "veroordeling.onvoorwaardelijk_maanden >= 12"
    std::string words_nl, words_en;  // in words, with `wanted` applied: "veroordeling: onvoorwaardelijk maanden is ten minste 12"
    bool wanted = true;
    Truth value = Truth::unknown;
    bool satisfied = false;  // value == wanted (an unknown value never satisfies)
    struct FactValue {
        Labelled fact;                 // name: the fact's path ("veroordeling.soort"), labels of the fact
        std::optional<std::string> value;  // as the request gave it; nullopt when not given
    };
    std::vector<FactValue> facts;  // the facts the condition reads
    // party: the actors listed (with their labels) and the request's actor on that side, for the sentence.
    std::vector<Labelled> actors;
    std::optional<Labelled> actor;
    std::string expected;  // policy notation, with `wanted` applied: "true", ">= 12", "in [zeden, geweld]", "given"
    std::optional<std::string> actual;  // the request's value in the same notation; nullopt when unknown
    std::optional<std::string> compared_with;  // compare: the other side's value on this request when it is not a constant
    std::optional<std::string> from;    // a date condition that fails: the first request date on which it holds
    std::optional<std::string> until;   // ... or the last date on which it held (it will not hold again)
    // Consent tests: the category, whether explicit consent is needed, and the state of the records.
    std::optional<Labelled> consent_category;
    bool explicit_consent = false;
    // "active", "not_explicit", "withdrawn", "not_yet_given", "absent", "unknown" (no consent records given)
    std::string consent_state;
    std::optional<std::string> consent_date;  // withdrawn on / given on
};

// What must hold for a rule to apply (or, for a forbid, to be lifted): a
// condition, or one of several alternatives (each a list that must all hold).
struct Requirement {
    std::optional<ConditionCheck> check;
    std::vector<std::vector<Requirement>> any_of;
};

struct RuleAnalysis {
    std::string rule;
    std::string provision;
    std::string citation;  // the rule's first citation
    bool permit = false;
    enum class Validity { in_force, not_yet, expired } validity = Validity::in_force;
    std::optional<std::string> valid_from;   // the rule's validity (its provision's, narrowed by its own)
    std::optional<std::string> valid_until;
    Truth value = Truth::unknown;  // its condition on the request (yes when it has none)
    bool applies = false;          // in force, and a permit's condition true / a forbid's not false
    std::vector<ConditionCheck> held;       // conditions that held (for a rule that applies or holds)
    std::vector<Requirement> failing;       // what would have to change for it to apply (for a forbid: to be lifted)
    std::vector<Labelled> missing_facts;    // facts it reads that the request does not give
    std::optional<std::string> first_date;  // a permit: the first date its validity and date conditions allow
    std::vector<std::string> blocked_by;    // a permit: applicable forbids that would still block it
    std::vector<std::string> lifts;         // a permit: applicable forbids it is declared an exception to
};

struct ObligationDue {
    std::string kind;  // the answer's kind: retain, log, notify, secrecy, inform, ... (docs/contract.md)
    std::optional<std::string> until;         // retain, log, retain_at_least, when it can be dated
    std::optional<std::string> period;        // "P20Y" (also "P6M", "P30D"), as the answer: a term counted from a fact
    std::optional<Labelled> counted_from;     // the date fact the term counts from
    std::optional<Labelled> actor;            // notify
    std::optional<Labelled> category;         // use_number
    std::optional<std::string> provision, citation;  // the provision that lays down the duty
};

struct ProvisionInForce {
    std::string id;
    std::string citation;
    std::optional<std::string> valid_from, valid_until;
    bool in_force = false;
    std::string kind;  // "duty", "power" or "" (not declared)
    std::string reference, url;  // Juriconnect, ELI or CVDR, and its public page; empty without a source
};

// One of the five legal questions of the "stappenplan grondslag" on an item, as the answer's "questions"
// state it (docs/contract.md): the same status, reason, provision, grounds and obligations.
struct LegalQuestion {
    std::string question;  // subject_law, special_data, criminal_data, legal_number, provision_duty
    std::string status;    // answered, not_applicable, open, not_reached
    std::string reason;    // open: the answer's reason (English)
    std::string rule;      // open on a forbid: the forbid
    std::string provision; // subject_law answered: the provision; open on a forbid: the forbid's provision
    std::string citation;  // subject_law answered: the provision's citation
    std::vector<Labelled> grounds;  // answered: the grounds that answer it, with their labels
    std::string kind;      // provision_duty answered: "duty", "power" or "" (not declared)
    std::vector<std::pair<std::string, std::string>> secrecy;  // provision_duty answered: (provision, citation)
    std::vector<Labelled> notify;          // provision_duty answered: the actors to inform
    std::vector<Labelled> missing_facts;   // subject_law open on cause conditions
    bool juvenile = false;                 // special_data: the request concerns a juvenile
};

struct ItemExplanation {
    Labelled category;
    bool permit = false;
    std::string rule;       // as decide: the deciding permit, or the prevailing forbid (empty otherwise)
    std::string provision;
    std::string provision_kind;  // "duty" or "power" as the provision declares it, "" when it does not
    // A deny's cause as decide's answer names it: "forbidden", "no_rule", "not_in_force", "conditions"; "" for a permit.
    std::string reason;
    std::optional<std::string> earliest_start;  // no permit in force yet: the earliest later start
    std::string basis;
    Labelled basis_label;  // the basis with its labels, for sentences ("AVG art. 6 lid 1 onder e: ...")
    std::vector<std::string> grounds;
    std::vector<std::string> citations;
    std::vector<ObligationDue> obligations;
    std::vector<ProvisionInForce> provisions;  // provisions of the candidate rules, in force on the date or not
    std::vector<RuleAnalysis> rules;           // every candidate rule, in index order
    std::vector<std::pair<std::string, std::string>> exceptions;  // (permit, forbid it lifts) that applied
    std::vector<Labelled> missing_facts;       // as decide's missing_facts
    std::vector<LegalQuestion> questions;      // the five legal questions, in the contract's order
};

struct Explanation {
    bool ok = false;
    std::string error_path;     // when !ok: the JSON path and message, as decide's error answer
    std::string error_message;
    std::optional<std::string> id;  // the request's id as JSON text
    std::string date;
    Labelled sender, recipient, purpose;
    std::optional<Labelled> phase;  // the phase of the purpose's work process the request names
    std::string decision;  // permit, deny, partial
    std::vector<ItemExplanation> items;
    std::string policy_set;
};

// Explains one request (JSON text of the decision contract).
Explanation explain(const Policies& policies, std::string_view request_json);

// A readable account in Dutch or English.
std::string render_explanation(const Explanation& explanation, Language language);

}  // namespace grondslag
