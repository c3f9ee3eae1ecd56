// The parse trees of the rule language: which grammar rules become nodes (PEGTL's parse_tree
// selector), stated once for the two programs that read a tree.
//
// The parser (engine/src/parser.cpp) reads the syntax nodes: tokens whose text it reads (names,
// ids, literals, the keywords that carry a meaning) and the groups whose children it reads
// (declarations, clauses, conditions). The formatter (engine/src/formatter.cpp) re-emits every
// token of a file, so its tree is the parser's plus every other token (the other keywords, the
// punctuation, the comments) and the groups whose layout it decides. A rule in no token is text
// the formatter cannot place: it refuses the file with an internal error, and test_format.cpp
// checks on the grammar itself that every rule that reads text lies in a token.
#pragma once
#include <cstddef>
#include <tao/pegtl/contrib/parse_tree.hpp>
#include <type_traits>

#include "grondslag_grammar.hpp"

namespace grondslag::grammar {

template <typename... Rules>
struct rule_set {
    static constexpr std::size_t size = sizeof...(Rules);
    template <typename Rule>
    static constexpr std::size_t count = (std::size_t{std::is_same_v<Rule, Rules>} + ... + 0);
    template <typename Rule>
    static constexpr bool contains = count<Rule> > 0;
    static constexpr bool each_once = ((count<Rules> == 1) && ...);

    template <typename Node>
    static bool has(const Node& n) {
        return (n.template is_type<Rules>() || ...);
    }
    // Calls f.template operator()<Rule>() for every rule.
    template <typename F>
    static void for_each(F&& f) {
        (f.template operator()<Rules>(), ...);
    }
    using store_content = pegtl::parse_tree::store_content::on<Rules...>;
};

namespace detail {
template <typename... Sets>
struct join;
template <typename Set>
struct join<Set> {
    using type = Set;
};
template <typename... A, typename... B, typename... More>
struct join<rule_set<A...>, rule_set<B...>, More...> : join<rule_set<A..., B...>, More...> {};
}  // namespace detail

template <typename... Sets>
using join = typename detail::join<Sets...>::type;

// ---- the parser's tree -------------------------------------------------------

// One token each: the parser reads their text.
using syntax_tokens = rule_set<
    // declarations
    module_name, rank_name, name, actor_group, actor_open, label_nl, label_en, class_name, open_needs, open_recipients,
    extended_purpose, type_bool, type_int, type_date, article_element, type_consents, qualified_id, basis_kind,
    provision_duty, provision_power, law_name, article_ref, lid_ref, onder_ref, bwb_id, celex_id, cvdr_id, valid_from, valid_until, says_text, says_en,
    // conditions
    integer, period_unit, date_lit, string_lit, field_path, request_date, request_sender, request_recipient,
    literal_true, literal_false, consent_explicit, consent_category, op_le, op_ge, op_ne, op_lt, op_gt, op_eq,
    // rules
    rule_provision, effect_permit, effect_forbid, anyone, prevails_clause, secrecy_provision, duty_provision, citation, phase_name, retain_anchor,
    use_category>;

// The parser reads their children.
using syntax_groups = rule_set<
    // declarations
    actor_decl, category_decl, purpose_decl, needed_categories, purpose_recipients, phase_decl, phase_needs,
    phase_recipients, extend_decl, extend_needs,
    extend_recipients, fact_decl, type_text_list, type_enum, type_record, record_field, basis_decl, basis_consent,
    provision_decl, validity,
    // conditions
    expression, and_expr, negation, comparison, operand, parenthesised, consent_test, known_test, plus_period,
    minus_period, period, member_tail, contains_tail, contains_any_tail, list_value,
    // rules
    rule_decl, any_data, data_class, data_names, senders, recipients, any_purpose, purposes, phase_clause, rule_phases,
    condition, bases,
    exceptions, retain_obligation, log_obligation, notify_obligation, secrecy_obligation, inform_obligation,
    motivate_obligation, shield_obligation, retain_minimum, use_obligation>;

using syntax_nodes = join<syntax_tokens, syntax_groups>;

template <typename Rule>
using syntax_selector = pegtl::parse_tree::selector<Rule, syntax_nodes::store_content>;

// ---- the formatter's tree: the parser's and more -----------------------------

// Every token of a file: the parser's, the other keywords, the punctuation and the comments. The
// formatter never enters a token.
using layout_tokens = join<
    syntax_tokens,
    rule_set<comment, kw_module, kw_rank, kw_actor, kw_in, kw_open, kw_category, kw_class, kw_purpose, purpose_word,
             kw_needs, kw_recipients, kw_extend, kw_fact, kw_list, kw_of, kw_text, kw_one, kw_record, kw_basis, kw_kind,
             kw_from, kw_consent, kw_provision, kw_law, kw_article, kw_lid, kw_onder, kw_bwb, kw_celex, kw_cvdr,
             kw_valid, kw_until, kw_says, kw_rule, kw_under, kw_any, kw_data, kw_to, kw_for, kw_when, kw_except,
             kw_retain, kw_log, kw_notify, kw_secrecy, secrecy_under, kw_inform, kw_motivate, kw_shield, kw_phase, kw_at, kw_least, kw_after, kw_use,
             duty_under, kw_cite, kw_and, kw_or, kw_not, kw_contains,
             kw_known, one<','>, one<'/'>, one<':'>, one<'('>, one<')'>, one<'{'>, one<'}'>, one<'['>, one<']'>,
             one<'+'>, one<'-'>>>;

// The parser's groups and those whose layout the formatter decides.
using layout_groups = join<syntax_groups, rule_set<module_decl, purpose_open, says_clause, cite_clause, value_list>>;

using layout_nodes = join<layout_tokens, layout_groups>;

template <typename Rule>
using layout_selector = pegtl::parse_tree::selector<Rule, layout_nodes::store_content>;

// A rule is a token or a group, listed once: a rule the parser reads is in the formatter's tree as
// it is in the parser's.
static_assert(layout_nodes::each_once, "a rule is listed twice in grondslag_parse_tree.hpp");

}  // namespace grondslag::grammar
