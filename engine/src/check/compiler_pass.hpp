// The checker's state while it turns the syntax tree into the compiled form: one Compiler per
// compile(), its passes in the files of check/ (compiler.cpp lists them in order: declarations.cpp,
// rules.cpp, conditions.cpp). Internal to the check stage.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ast.hpp"
#include "ir.hpp"

namespace grondslag::checker {

using namespace ir;
using ast::class_name;

inline ValueType value_type(ast::TypeKind k) {
    switch (k) {
        case ast::TypeKind::boolean: return ValueType::boolean;
        case ast::TypeKind::integer: return ValueType::integer;
        case ast::TypeKind::date: return ValueType::date;
        case ast::TypeKind::text_list: return ValueType::text_set;
        case ast::TypeKind::consents: return ValueType::consents;
        case ast::TypeKind::enumeration: return ValueType::enumeration;
        case ast::TypeKind::record: return ValueType::record;
    }
    return ValueType::boolean;
}

// The type of a value term in a condition.
enum class TermType : std::uint8_t { boolean, integer, date, enumeration, text_set, actor, name, text, invalid };

struct TypedTerm {
    Term term;
    TermType type = TermType::invalid;
    int slot = -1;             // for slot terms
    std::string name;          // for bare names resolved by context (enum value, actor)
    bool is_sender = false;
    bool is_recipient = false;
    Location at;
};

class Compiler {
public:
    Compiler(const std::vector<ast::Module>& modules, DiagnosticReport& report)
        : modules_(modules), report_(report), set_(std::make_unique<PolicySet>()) {}

    std::unique_ptr<PolicySet> run();

private:
    const std::vector<ast::Module>& modules_;
    DiagnosticReport& report_;
    std::unique_ptr<PolicySet> set_;
    std::vector<const ast::RuleDecl*> rule_decls_;

    // ---- helpers ---------------------------------------------------------
    template <typename Map>
    bool declare_unique(Map& map, const std::string& key, int value, const Location& at, const char* what,
                        const Location* previous) {
        if (map.count(key)) {
            std::string msg = std::string("duplicate ") + what + " '" + key + "'";
            if (previous && previous->file) msg += "; first declared at " + previous->to_string();
            report_.error("E101", at, msg);
            return false;
        }
        map.emplace(key, value);
        return true;
    }

    void check_prefix(const ast::Name& id, const ast::Module& m, const char* what);

    int lookup(const NameMap& map, const ast::Name& n, const char* what);

    static std::size_t edit_distance(const std::string& a, const std::string& b);

    // The nearest name within distance 2, the first in alphabetical order among the nearest. One
    // pass over the map without copying or sorting its keys, and no distance computed for a name
    // whose length alone puts it too far (the distance is at least the difference in length).
    static std::string suggestion(const NameMap& map, const std::string& word);

    static Label label(const ast::Label& l) { return Label{l.nl, l.en}; }

    // ---- declarations ----------------------------------------------------
    int module_index(const ast::Module& m) const { return static_cast<int>(&m - modules_.data()); }

    void check_modules();

    void declare_actor(const ast::ActorDecl& a, int module);
    std::vector<std::optional<ast::Name>> actor_groups_;
    struct Owner {
        int module;
        bool open;  // actors: open to members; purposes: see purpose_open_
    };
    std::vector<Owner> actor_owner_;  // per actor

    std::string module_name(int module) const { return modules_[module].name.text; }

    void resolve_groups();

    void declare_category(const ast::CategoryDecl& c);

    void declare_fact(const ast::FactDecl& f);

    void add_slot(const std::string& path, const ast::Type& t, int fact);

    void declare_basis(const ast::BasisDecl& b, const ast::Module& m);

    void declare_provision(const ast::ProvisionDecl& p, const ast::Module& m);

    void check_validity_order(const ast::Validity& v);

    struct PurposeOwner {
        int module;
        bool open_needs, open_recipients;
    };
    std::vector<PurposeOwner> purpose_owner_;  // per purpose

    void declare_purpose(const ast::PurposeDecl& p, int module);

    // `extend purpose`: categories and recipients added to another module's purpose, only where its
    // owner opened them; the verifier's minimality checks then hold the purpose to the extended lists.
    void extend_purpose(const ast::ExtendDecl& e, int module);

    // Phases: each within its purpose's needs and recipients (E125), after the extensions; then the
    // request's phase slot, whose enumeration holds every phase name once.
    void declare_phases(const ast::PurposeDecl& p);
    void declare_phase_slot();
    std::vector<std::string> phase_values_;
    // A rule's `phase` clause, as a condition on the phase slot joined to its own (E126).
    void limit_to_phases(const ast::RuleDecl& r, Rule& rule);

    void check_universe_sizes();

    // ---- rules -----------------------------------------------------------
    void declare_rule(const ast::RuleDecl& r, const ast::Module& m);

    Mask actor_mask(const ast::ActorSelection& s);

    static std::string span_text(Day from, Day until);
    // The slot of the date fact a retention period counts from (E128 when it is not one).
    int retention_anchor(const ast::RuleDecl& r, const ast::Name& fact);

    static Mask all_bits(std::size_t n) { return n >= 64 ? ~Mask{0} : ((Mask{1} << n) - 1); }

    void compile_rule(const ast::RuleDecl& r, Rule& rule);

    void check_bases(const ast::RuleDecl& r, const Rule& rule);
    void check_provision_kind(const ast::RuleDecl& r, const Rule& rule);

    struct ExceptionSite {
        int from;
        int to;
        Location at;
    };
    std::vector<ExceptionSite> exception_sites_;

    // A permit may not be an exception to a forbid declared to prevail over every permit.
    void check_prevailing_forbids();

    // Depth-first, with an explicit stack: a chain of exceptions is as long as the file lets it be
    // (tens of thousands of rules), and a recursive walk overflowed the call stack on it.
    void check_exception_cycles();

    // ---- conditions ------------------------------------------------------
    Rule* current_rule_ = nullptr;

    int add_node(Node n);
    // An `all` or `any` node over `kids` (node indices).
    int join_nodes(Op op, const std::vector<std::uint32_t>& kids, const Location& at);

    static bool is_boolish(const ast::Expr& e);

    int compile_bool(const ast::Expr& e);

    static std::string join(const std::vector<std::string>& parts);

    std::string describe(const TypedTerm& t) const;

    // `hint` is the other side of a comparison: a bare name then means one of its enum values or an actor.
    TypedTerm compile_term(const ast::Expr& e, const TypedTerm* hint);

    int enum_index(const Slot& s, const std::string& value, const Location& at);

    int compile_compare(const ast::Expr& e);

    int negate(int child, const Location& at);

    Mask name_mask(const TypedTerm& lhs, const std::vector<ast::Name>& names);

    Node membership_node(const TypedTerm& lhs, Mask mask, const Location& at);

    int compile_member(const ast::Expr& e);

    int compile_contains(const ast::Expr& e);

};

}  // namespace grondslag::checker
