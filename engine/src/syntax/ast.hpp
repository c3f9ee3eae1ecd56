// The syntax layer's output: one Module per source file, close to the text,
// every node with its location. Names are not resolved here.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dates.hpp"
#include "grondslag/diagnostics.hpp"
#include "lang.hpp"

namespace grondslag::ast {

struct Name {
    std::string text;
    Location at;
};

struct Label {
    std::string nl;
    std::string en;
};

struct ActorDecl {
    Name name;
    std::optional<Name> group;
    bool open = false;  // other modules may declare members
    Label label;
};

struct CategoryDecl {
    Name name;
    DataClass data_class;
    Label label;
};

// A step of a purpose's work process, with the data necessary in it and the recipients that take part.
struct PhaseDecl {
    Name name;
    Label label;
    std::vector<Name> needs;
    std::vector<Name> recipients;
};

struct PurposeDecl {
    Name name;
    Label label;
    std::vector<PhaseDecl> phases;
    std::vector<Name> needs;
    std::vector<Name> recipients;
    bool open_needs = false;       // other modules may add categories
    bool open_recipients = false;  // other modules may add recipients
};

// `extend purpose NAME needs ... recipients ...`: additions to another module's purpose, allowed
// where its owner opened them.
struct ExtendDecl {
    Name purpose;
    std::vector<Name> needs;
    std::vector<Name> recipients;
    Location needs_at, recipients_at;
};

enum class TypeKind : std::uint8_t { boolean, integer, date, text_list, consents, enumeration, record };

struct Type;
struct Field {
    Name name;
    std::unique_ptr<Type> type;
};
struct Type {
    TypeKind kind = TypeKind::boolean;
    bool articles = false;  // text_list: articles in the contract's notation (`list of article`)
    Location at;
    std::vector<Name> enum_values;
    std::vector<Field> fields;
};

struct FactDecl {
    Name name;
    Type type;
    Label label;
};

struct BasisDecl {
    Name id;
    BasisKind kind;
    bool from_consent = false;  // rests on the person's consent, not on a law
    Label label;
};

struct Validity {
    Location at;
    Day from = 0;
    std::optional<Day> until;
    Location from_at;
    Location until_at;
    bool dates_valid = true;
};

struct ProvisionDecl {
    Name id;
    ProvisionKind kind = ProvisionKind::unstated;  // duty or power, when declared
    std::string law;
    std::string article;
    std::string lid;
    std::string onder;
    std::string source_id;  // BWBR..., CELEX ..., CVDR...
    Validity validity;
    std::string says, says_en;  // says_en: the English of `says "NL" / "EN"`, empty when one text stands for both
};

enum class ExprKind : std::uint8_t {
    logical_and, logical_or, logical_not,
    compare,          // children[0] op children[1]
    member,           // children[0] in [values]
    contains,         // children[0] contains "v"
    contains_any,     // children[0] contains any of [values]
    consent,          // consent [for category]
    known,            // known(path): the request gives the fact
    path,             // fact or fact.field; or, by context, an enum value / actor name
    request_date, request_sender, request_recipient,
    bool_literal, int_literal, date_literal, string_literal,
    add_period, subtract_period,  // children[0] +/- period
};

struct Expr {
    ExprKind kind;
    Location at;
    CompareOp op = CompareOp::eq;
    std::vector<std::unique_ptr<Expr>> children;
    std::vector<std::string> path;        // for path
    std::vector<Name> values;             // for member / contains_any; also contains
    std::string text;                     // string literal
    std::int64_t number = 0;              // int, date (days), bool
    Period period;
    bool explicit_consent = false;
    std::optional<Name> consent_category;
};

struct DataSelection {
    enum class Kind : std::uint8_t { names, data_class, any } kind = Kind::names;
    std::vector<Name> names;
    DataClass data_class = DataClass::ord;
    Location at;
};

struct ActorSelection {
    bool anyone = false;
    std::vector<Name> names;
    Location at;
};

struct PurposeSelection {
    bool any = false;
    std::vector<Name> names;
    Location at;
};

struct Obligation {
    ObligationKind kind;
    Location at;
    Period period;
    Name actor;      // notify
    Name provision;  // the kinds under_provision names; retain when it names one
    Name anchor;     // retain, retain_minimum: the date fact the period counts from (empty: the request date)
    Name category;   // use_number: the number's category
};

struct RuleDecl {
    Name id;
    Name provision;
    Effect effect = Effect::forbid;
    DataSelection data;
    ActorSelection senders;
    ActorSelection recipients;
    PurposeSelection purposes;
    std::vector<Name> phases;  // limited to these phases of its purpose; empty: every phase and none
    std::optional<Validity> validity;
    std::unique_ptr<Expr> condition;
    std::vector<Name> bases;
    std::vector<Name> exceptions;
    std::optional<Location> prevails;  // a forbid declared to prevail over every permit it meets
    std::vector<Obligation> obligations;
    std::vector<std::string> cites;
    std::string says, says_en;  // as a provision's
};

struct Module {
    const SourceFile* file = nullptr;
    Name name;
    Rank rank = Rank::none;
    Location rank_at;
    std::vector<ActorDecl> actors;
    std::vector<CategoryDecl> categories;
    std::vector<PurposeDecl> purposes;
    std::vector<ExtendDecl> extensions;
    std::vector<FactDecl> facts;
    std::vector<BasisDecl> bases;
    std::vector<ProvisionDecl> provisions;
    std::vector<RuleDecl> rules;
};

}  // namespace grondslag::ast
