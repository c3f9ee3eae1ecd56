// The grondslag rule language, as a PEGTL grammar.
//
// One file is one module: `module NAME` followed by declarations (actor,
// category, purpose, fact, basis), provisions and rules. The grammar commits
// with must<> after each leading keyword, so a syntax error is reported at the
// first token that cannot belong to the construct, with a message from
// `errors` below. docs/language.md is the reference for readers.
// Which rules become nodes of the parse trees of the parser and of `grondslag fmt`
// is stated in grondslag_parse_tree.hpp: a new keyword or other token rule must be
// one of its layout_tokens, or fmt reports an internal error (it never rewrites a
// file it does not fully cover); a unit test checks this on the grammar.
#pragma once
#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/limit_depth.hpp>

namespace grondslag::grammar {

namespace pegtl = tao::pegtl;
using pegtl::at;
using pegtl::digit;
using pegtl::eof;
using pegtl::eolf;
using pegtl::if_must;
using pegtl::list;
using pegtl::must;
using pegtl::not_at;
using pegtl::one;
using pegtl::opt;
using pegtl::plus;
using pegtl::ranges;
using pegtl::rep;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;
using pegtl::until;

// ---- lexical -------------------------------------------------------------
struct comment : seq<one<'#'>, until<eolf>> {};
struct blank : sor<pegtl::space, comment> {};
struct ws : star<blank> {};

struct ident_first : ranges<'a', 'z', 'A', 'Z', '_'> {};
struct ident_other : ranges<'a', 'z', 'A', 'Z', '0', '9', '_'> {};
template <typename Text>
struct key : seq<Text, not_at<ident_other>> {};

#define GRONDSLAG_KEYWORD(Name, Text) \
    struct Name : key<TAO_PEGTL_STRING(Text)> {}

GRONDSLAG_KEYWORD(kw_module, "module");
GRONDSLAG_KEYWORD(kw_actor, "actor");
GRONDSLAG_KEYWORD(kw_category, "category");
GRONDSLAG_KEYWORD(kw_class, "class");
GRONDSLAG_KEYWORD(kw_purpose, "purpose");
GRONDSLAG_KEYWORD(kw_needs, "needs");
GRONDSLAG_KEYWORD(kw_recipients, "recipients");
GRONDSLAG_KEYWORD(kw_fact, "fact");
GRONDSLAG_KEYWORD(kw_basis, "basis");
GRONDSLAG_KEYWORD(kw_kind, "kind");
GRONDSLAG_KEYWORD(kw_provision, "provision");
GRONDSLAG_KEYWORD(kw_law, "law");
GRONDSLAG_KEYWORD(kw_article, "article");
GRONDSLAG_KEYWORD(kw_lid, "lid");
GRONDSLAG_KEYWORD(kw_onder, "onder");
GRONDSLAG_KEYWORD(kw_bwb, "bwb");
GRONDSLAG_KEYWORD(kw_valid, "valid");
GRONDSLAG_KEYWORD(kw_from, "from");
GRONDSLAG_KEYWORD(kw_until, "until");
GRONDSLAG_KEYWORD(kw_says, "says");
GRONDSLAG_KEYWORD(kw_rule, "rule");
GRONDSLAG_KEYWORD(kw_under, "under");
GRONDSLAG_KEYWORD(kw_permit, "permit");
GRONDSLAG_KEYWORD(kw_forbid, "forbid");
GRONDSLAG_KEYWORD(kw_any, "any");
GRONDSLAG_KEYWORD(kw_data, "data");
GRONDSLAG_KEYWORD(kw_anyone, "anyone");
GRONDSLAG_KEYWORD(kw_to, "to");
GRONDSLAG_KEYWORD(kw_for, "for");
GRONDSLAG_KEYWORD(kw_when, "when");
GRONDSLAG_KEYWORD(kw_except, "except");
GRONDSLAG_KEYWORD(kw_prevails, "prevails");
GRONDSLAG_KEYWORD(kw_retain, "retain");
GRONDSLAG_KEYWORD(kw_log, "log");
GRONDSLAG_KEYWORD(kw_notify, "notify");
GRONDSLAG_KEYWORD(kw_secrecy, "secrecy");
GRONDSLAG_KEYWORD(kw_inform, "inform");
GRONDSLAG_KEYWORD(kw_motivate, "motivate");
GRONDSLAG_KEYWORD(kw_shield, "shield");
GRONDSLAG_KEYWORD(kw_at, "at");
GRONDSLAG_KEYWORD(kw_least, "least");
GRONDSLAG_KEYWORD(kw_after, "after");
GRONDSLAG_KEYWORD(kw_use, "use");
GRONDSLAG_KEYWORD(kw_cite, "cite");
GRONDSLAG_KEYWORD(kw_and, "and");
GRONDSLAG_KEYWORD(kw_or, "or");
GRONDSLAG_KEYWORD(kw_not, "not");
GRONDSLAG_KEYWORD(kw_in, "in");
GRONDSLAG_KEYWORD(kw_of, "of");
GRONDSLAG_KEYWORD(kw_contains, "contains");
GRONDSLAG_KEYWORD(kw_consent, "consent");
GRONDSLAG_KEYWORD(kw_explicit, "explicit");
GRONDSLAG_KEYWORD(kw_known, "known");
GRONDSLAG_KEYWORD(kw_celex, "celex");
GRONDSLAG_KEYWORD(kw_cvdr, "cvdr");
GRONDSLAG_KEYWORD(kw_date, "date");
GRONDSLAG_KEYWORD(kw_sender, "sender");
GRONDSLAG_KEYWORD(kw_recipient, "recipient");
GRONDSLAG_KEYWORD(kw_true, "true");
GRONDSLAG_KEYWORD(kw_false, "false");
GRONDSLAG_KEYWORD(kw_bool, "bool");
GRONDSLAG_KEYWORD(kw_int, "int");
GRONDSLAG_KEYWORD(kw_text, "text");
GRONDSLAG_KEYWORD(kw_list, "list");
GRONDSLAG_KEYWORD(kw_one, "one");
GRONDSLAG_KEYWORD(kw_record, "record");
GRONDSLAG_KEYWORD(kw_consents, "consents");
GRONDSLAG_KEYWORD(kw_days, "days");
GRONDSLAG_KEYWORD(kw_day, "day");
GRONDSLAG_KEYWORD(kw_months, "months");
GRONDSLAG_KEYWORD(kw_month, "month");
GRONDSLAG_KEYWORD(kw_years, "years");
GRONDSLAG_KEYWORD(kw_year, "year");
GRONDSLAG_KEYWORD(kw_rank, "rank");
GRONDSLAG_KEYWORD(kw_open, "open");
GRONDSLAG_KEYWORD(kw_phase, "phase");
GRONDSLAG_KEYWORD(kw_extend, "extend");
GRONDSLAG_KEYWORD(kw_duty, "duty");
GRONDSLAG_KEYWORD(kw_power, "power");
#undef GRONDSLAG_KEYWORD

// Words an expression gives a meaning of their own; they cannot name things.
struct reserved : sor<kw_and, kw_or, kw_not, kw_in, kw_of, kw_contains, kw_consent, kw_explicit, kw_known, kw_date,
                      kw_sender, kw_recipient, kw_true, kw_false, kw_any, kw_anyone> {};

struct name : seq<not_at<reserved>, ident_first, star<ident_other>> {};
struct id_segment : plus<ident_other> {};
// Qualified ids such as pm.20d.2.d or avg.6.1.e
struct qualified_id : seq<ident_first, star<ident_other>, star<one<'.'>, id_segment>> {};

struct string_char : sor<seq<one<'\\'>, one<'"', '\\', 'n'>>, pegtl::utf8::not_one<'"', '\\', '\n', '\r'>> {};
struct string_body : star<string_char> {};
struct string_lit : seq<one<'"'>, string_body, must<one<'"'>>> {};

struct date_lit : seq<rep<4, digit>, one<'-'>, rep<2, digit>, one<'-'>, rep<2, digit>, not_at<ident_other>> {};
struct integer : seq<plus<digit>, not_at<ident_other>> {};

struct comma : seq<ws, one<','>, ws> {};
struct name_list : list<name, comma> {};
struct qualified_list : list<qualified_id, comma> {};

// "Nederlandse naam" / "English name"
struct label_nl : string_lit {};
struct label_en : string_lit {};
struct label : seq<label_nl, opt<ws, one<'/'>, ws, must<label_en>>> {};

// ---- declarations --------------------------------------------------------
struct purpose_word : key<TAO_PEGTL_STRING("purpose")> {};
struct module_name : qualified_id {};
// The rank of the module's instrument in the hierarchy of norms, highest first.
struct rank_name : sor<key<TAO_PEGTL_STRING("eu_verordening")>, key<TAO_PEGTL_STRING("wet")>, key<TAO_PEGTL_STRING("amvb")>,
                       key<TAO_PEGTL_STRING("ministeriele_regeling")>,
                       key<TAO_PEGTL_STRING("gemeentelijke_verordening")>, key<TAO_PEGTL_STRING("bestuursregeling")>,
                       key<TAO_PEGTL_STRING("convenant")>> {};
struct module_rank : if_must<kw_rank, ws, rank_name> {};
struct module_decl : if_must<kw_module, ws, module_name, opt<ws, module_rank>> {};

struct actor_group : name {};
// `open`: other modules may declare members of this group (an extension point its owner opens).
struct actor_open : kw_open {};
struct actor_decl : if_must<kw_actor, ws, name, opt<ws, kw_in, ws, must<actor_group>>, opt<ws, actor_open>, opt<ws, label>> {};

struct class_name : sor<TAO_PEGTL_STRING("ORD"), TAO_PEGTL_STRING("SPEC"), TAO_PEGTL_STRING("CRIM"),
                        TAO_PEGTL_STRING("NID")> {};
struct category_decl : if_must<kw_category, ws, name, ws, kw_class, ws, class_name, opt<ws, label>> {};

struct needed_categories : name_list {};
struct purpose_recipients : name_list {};
// `open needs, recipients`: other modules may add categories or recipients (`extend purpose`).
struct open_needs : kw_needs {};
struct open_recipients : kw_recipients {};
struct open_parts : list<sor<open_needs, open_recipients>, comma> {};
struct purpose_open : if_must<kw_open, ws, open_parts> {};
// `phase NAME needs ... recipients ...`: a step of the work process with its own necessary data and
// recipients, within the purpose's (WGS art. 2.31: registration, assessment, gathering, ...).
struct phase_name : name {};
struct phase_needs : name_list {};
struct phase_recipients : name_list {};
struct phase_decl : if_must<kw_phase, ws, phase_name, opt<ws, label>, ws, kw_needs, ws, phase_needs, ws, kw_recipients,
                            ws, phase_recipients> {};
struct purpose_decl : if_must<kw_purpose, ws, name, opt<ws, label>, ws, kw_needs, ws, needed_categories, ws,
                              kw_recipients, ws, purpose_recipients, opt<ws, purpose_open>, star<ws, phase_decl>> {};
struct extended_purpose : name {};
struct extend_needs : if_must<kw_needs, ws, needed_categories> {};
struct extend_recipients : if_must<kw_recipients, ws, purpose_recipients> {};
struct extend_parts : sor<seq<extend_needs, opt<ws, extend_recipients>>, extend_recipients> {};
struct extend_decl : if_must<kw_extend, ws, purpose_word, ws, extended_purpose, ws, extend_parts> {};

struct type_bool : kw_bool {};
struct type_int : kw_int {};
struct type_date : kw_date {};
// `list of article`: texts in the contract's notation of articles of the Wetboek van Strafrecht
// ("242", "151f", "141(2)"); a request with any other form is refused, not silently unmatched.
struct article_element : kw_article {};
struct list_element : sor<kw_text, article_element> {};
struct type_text_list : seq<kw_list, ws, must<kw_of>, ws, must<list_element>> {};
struct type_consents : kw_consents {};
struct enum_values : list<name, comma> {};
struct type_enum : seq<kw_one, ws, must<kw_of>, ws, must<one<'('>>, ws, must<enum_values>, ws, must<one<')'>>> {};
struct scalar_type : sor<type_bool, type_int, type_date, type_text_list, type_consents, type_enum> {};
struct record_field : seq<name, ws, must<one<':'>>, ws, must<scalar_type>> {};
struct record_fields : list<record_field, comma> {};
struct type_record : seq<kw_record, ws, must<one<'{'>>, ws, must<record_fields>, ws, must<one<'}'>>> {};
struct fact_type : sor<scalar_type, type_record> {};
struct fact_decl : if_must<kw_fact, ws, name, ws, one<':'>, ws, fact_type, opt<ws, label>> {};

struct basis_kind : sor<TAO_PEGTL_STRING("art6"), TAO_PEGTL_STRING("art9"), TAO_PEGTL_STRING("art10"),
                        TAO_PEGTL_STRING("nid")> {};
// `from consent`: a ground that rests on the person's consent, not on a law (AVG 6(1)(a), 9(2)(a)).
struct basis_consent : seq<kw_from, ws, must<kw_consent>> {};
// `basis ID` is a declaration only when what follows can begin one (`kind`, a kind, a label, `from`): a
// rule's `basis` clause written after a later clause (`cite "X" basis law.6e`) is then no declaration,
// and the error is the one that names the clause order, at that `basis`, instead of "expected 'kind'"
// at whatever follows it.
// The look-ahead uses only PEGTL's own rules, so it adds no node to the parse tree; its gaps are white
// space and comments, as `ws`.
struct basis_gap : plus<sor<pegtl::space, seq<one<'#'>, until<pegtl::eolf>>>> {};
struct basis_decl_start
    : seq<kw_basis, at<basis_gap, plus<sor<pegtl::alnum, one<'_', '.'>>>, basis_gap,
                       sor<TAO_PEGTL_STRING("kind"), TAO_PEGTL_STRING("art"), TAO_PEGTL_STRING("nid"), one<'"'>,
                           TAO_PEGTL_STRING("from")>>> {};
struct basis_decl : if_must<basis_decl_start, ws, qualified_id, ws, kw_kind, ws, basis_kind, opt<ws, basis_consent>, ws, label> {};

struct valid_from : date_lit {};
struct valid_until : date_lit {};
struct validity : if_must<kw_valid, ws, kw_from, ws, valid_from, opt<ws, kw_until, ws, must<valid_until>>> {};

struct law_name : string_lit {};
struct article_ref : string_lit {};
struct lid_ref : string_lit {};
struct onder_ref : string_lit {};
struct bwb_id : seq<TAO_PEGTL_STRING("BWBR"), plus<digit>> {};
// EU law has a CELEX number (the AVG: 32016R0679), municipal regulations a CVDR id.
struct celex_id : seq<digit, plus<ident_other>> {};
struct cvdr_id : seq<TAO_PEGTL_STRING("CVDR"), plus<digit>> {};
struct source_id : sor<if_must<kw_bwb, ws, bwb_id>, if_must<kw_celex, ws, celex_id>, if_must<kw_cvdr, ws, cvdr_id>> {};
// A paraphrase, in Dutch and English as labels are ("Nederlands" / "English"); one text stands for both.
struct says_text : string_lit {};
struct says_en : string_lit {};
struct says_clause : if_must<kw_says, ws, says_text, opt<ws, one<'/'>, ws, must<says_en>>> {};
// Whether the provision obliges ("verstrekt", "bericht", "brengt uit": `duty`) or permits ("kan
// verstrekken", "is bevoegd": `power`); optional, after the id as a basis states its kind.
struct provision_duty : kw_duty {};
struct provision_power : kw_power {};
struct provision_kind : sor<provision_duty, provision_power> {};
struct provision_decl
    : if_must<kw_provision, ws, qualified_id, ws, opt<provision_kind, ws>, kw_law, ws, law_name, ws, kw_article, ws, article_ref,
              opt<ws, kw_lid, ws, must<lid_ref>>, opt<ws, kw_onder, ws, must<onder_ref>>, ws, source_id, ws, validity, opt<ws, says_clause>> {};

// ---- expressions ---------------------------------------------------------
struct expression;

struct period_unit : sor<kw_days, kw_day, kw_months, kw_month, kw_years, kw_year> {};
struct period : seq<integer, ws, must<period_unit>> {};

struct field_path : seq<name, star<one<'.'>, name>> {};
struct request_date : kw_date {};
struct request_sender : kw_sender {};
struct request_recipient : kw_recipient {};
struct literal_true : kw_true {};
struct literal_false : kw_false {};
struct consent_explicit : kw_explicit {};
struct consent_category : name {};
struct consent_test : seq<opt<consent_explicit, ws>, kw_consent, opt<ws, kw_for, ws, must<consent_category>>> {};
struct known_test : if_must<kw_known, ws, one<'('>, ws, field_path, ws, one<')'>> {};
struct parenthesised : if_must<one<'('>, ws, expression, ws, one<')'>> {};
struct atom : sor<parenthesised, consent_test, known_test, request_date, request_sender, request_recipient, literal_true,
                  literal_false, date_lit, integer, string_lit, field_path> {};
struct plus_period : seq<one<'+'>, ws, must<period>> {};
struct minus_period : seq<one<'-'>, ws, must<period>> {};
struct operand : seq<atom, opt<ws, sor<plus_period, minus_period>>> {};

struct op_le : TAO_PEGTL_STRING("<=") {};
struct op_ge : TAO_PEGTL_STRING(">=") {};
struct op_ne : TAO_PEGTL_STRING("!=") {};
struct op_lt : one<'<'> {};
struct op_gt : one<'>'> {};
struct op_eq : one<'='> {};
struct compare_op : sor<op_le, op_ge, op_ne, op_lt, op_gt, op_eq> {};
struct list_value : sor<string_lit, integer, name> {};
struct value_list : seq<one<'['>, ws, opt<list<list_value, comma>>, ws, must<one<']'>>> {};
struct compare_tail : seq<compare_op, ws, must<operand>> {};
struct member_tail : if_must<kw_in, ws, value_list> {};
struct contains_any_tail : seq<kw_contains, ws, kw_any, ws, must<kw_of>, ws, must<value_list>> {};
struct contains_tail : if_must<kw_contains, ws, string_lit> {};
struct comparison : seq<operand, opt<ws, sor<compare_tail, member_tail, contains_any_tail, contains_tail>>> {};
struct negation;
struct negated : sor<negation, comparison> {};
struct negation : if_must<kw_not, ws, negated> {};
struct not_expr : sor<negation, comparison> {};
struct and_expr : seq<not_expr, star<ws, kw_and, ws, must<not_expr>>> {};
struct or_expr : seq<and_expr, star<ws, kw_or, ws, must<and_expr>>> {};
struct expression : or_expr {};

// ---- rules ---------------------------------------------------------------
struct effect_permit : kw_permit {};
struct effect_forbid : kw_forbid {};
struct effect : sor<effect_permit, effect_forbid> {};
struct any_data : seq<kw_any, ws, must<kw_data>> {};
struct data_class : if_must<kw_class, ws, class_name> {};
struct data_names : name_list {};
struct data_selection : sor<any_data, data_class, data_names> {};
struct anyone : kw_anyone {};
struct senders : sor<anyone, name_list> {};
struct recipients : sor<anyone, name_list> {};
struct any_purpose : seq<kw_any, ws, must<purpose_word>> {};
struct purposes : sor<any_purpose, name_list> {};
struct rule_provision : qualified_id {};
// A rule limited to phases of its purpose.
struct rule_phases : name_list {};
struct phase_clause : if_must<kw_phase, ws, rule_phases> {};
struct condition : if_must<kw_when, ws, expression> {};
struct bases : if_must<kw_basis, ws, qualified_list> {};
struct exceptions : if_must<kw_except, ws, qualified_list> {};
// A forbid that prevails over every permit it meets, declared once (AVG 5: collective overviews).
struct prevails_clause : kw_prevails {};
// The recipient keeps the data secret under a declared provision (PM art. 58, UAVG art. 30 lid 4).
struct secrecy_under : kw_under {};
struct secrecy_provision : qualified_id {};
struct secrecy_obligation : if_must<kw_secrecy, ws, secrecy_under, ws, secrecy_provision> {};
// Duties towards the person, each laid down by a declared provision: inform them (AVG art. 13/14, Wmo
// 2015 art. 5.3.1), motivate in writing why they are not informed (Wet PARTA art. 11), shield the data
// once the case is closed (WGS art. 2.31 lid 8, Wet PARTA art. 6 lid 3).
struct duty_under : kw_under {};
struct duty_provision : qualified_id {};
struct inform_obligation : if_must<kw_inform, ws, duty_under, ws, duty_provision> {};
struct motivate_obligation : if_must<kw_motivate, ws, duty_under, ws, duty_provision> {};
struct shield_obligation : if_must<kw_shield, ws, duty_under, ws, duty_provision> {};
// Retention: at most a period (`retain 5 years`), or at least a period under the provision that demands
// keeping (`retain at least 20 years under jeugdwet.7.3.8`); counted from the request date, or from a
// date fact (`after einde_maatregel`: Wvggz art. 8:32 counts from the end of the measure).
struct retain_anchor : name {};
struct retain_after : if_must<kw_after, ws, retain_anchor> {};
struct retain_under : if_must<duty_under, ws, duty_provision> {};
struct retain_minimum : if_must<kw_at, ws, kw_least, ws, period, opt<ws, retain_after>, ws, retain_under> {};
struct retain_maximum : seq<period, opt<ws, retain_after>, opt<ws, retain_under>> {};
struct retention : sor<retain_minimum, retain_maximum> {};
struct retain_obligation : if_must<kw_retain, ws, retention> {};
struct log_obligation : if_must<kw_log, ws, period> {};
struct notify_obligation : if_must<kw_notify, ws, name> {};
// The parties identify the person by a legal number when they provide data (Wmo 2015 art. 5.2.9, Wgsh
// art. 8c, Wvggz art. 8:22 lid 1): `use bsn under wmo.5.2.9`.
struct use_category : seq<not_at<kw_under>, name> {};
struct use_obligation : if_must<kw_use, ws, use_category, ws, duty_under, ws, duty_provision> {};
struct obligation : sor<retain_obligation, log_obligation, notify_obligation, secrecy_obligation, inform_obligation,
                        motivate_obligation, shield_obligation, use_obligation> {};
struct citation : string_lit {};
struct cite_clause : if_must<kw_cite, ws, citation> {};
struct rule_decl
    : if_must<kw_rule, ws, qualified_id, ws, kw_under, ws, rule_provision, ws, effect, ws, data_selection, ws,
              kw_from, ws, senders, ws, kw_to, ws, recipients, ws, kw_for, ws, purposes, opt<ws, phase_clause>, opt<ws, validity>,
              opt<ws, condition>, opt<ws, bases>, opt<ws, exceptions>, opt<ws, prevails_clause>, star<ws, obligation>,
              star<ws, cite_clause>, opt<ws, says_clause>> {};

// ---- file ----------------------------------------------------------------
struct declaration
    : sor<actor_decl, category_decl, purpose_decl, extend_decl, fact_decl, basis_decl, provision_decl, rule_decl> {};
struct end_of_file : eof {};
struct file : seq<ws, must<module_decl>, star<ws, declaration>, ws, must<end_of_file>> {};

// ---- error messages for must<> -------------------------------------------
struct errors {
    template <typename Rule>
    static constexpr const char* message = nullptr;
};

#define GRONDSLAG_ERROR(Rule, Text) \
    template <>                      \
    inline constexpr const char* errors::message<Rule> = Text

GRONDSLAG_ERROR(module_decl, "expected 'module NAME' at the start of the file");
GRONDSLAG_ERROR(module_name, "expected a module name after 'module'");
GRONDSLAG_ERROR(rank_name,
                "expected the rank of the module's instrument: eu_verordening, wet, amvb, ministeriele_regeling, "
                "gemeentelijke_verordening, bestuursregeling or convenant");
GRONDSLAG_ERROR(open_parts, "expected what other modules may extend: needs, recipients, or both");
GRONDSLAG_ERROR(purpose_word, "expected 'purpose'");
GRONDSLAG_ERROR(phase_name, "expected the name of the phase after 'phase'");
GRONDSLAG_ERROR(phase_needs, "expected the data categories necessary in the phase after 'needs'");
GRONDSLAG_ERROR(phase_recipients, "expected the recipients of the phase after 'recipients'");
GRONDSLAG_ERROR(rule_phases, "expected one or more phases of the rule's purpose after 'phase', separated by commas");
GRONDSLAG_ERROR(extended_purpose, "expected the name of the purpose to extend");
GRONDSLAG_ERROR(extend_parts, "expected 'needs' or 'recipients' and what the purpose gains");
GRONDSLAG_ERROR(end_of_file,
                "expected a declaration (actor, category, purpose, extend purpose, fact, basis, provision, rule) or the end of "
                "the file; the clauses of a rule come in this order: under, permit/forbid, from, to, for, "
                "phase, valid, when, basis, except, prevails, retain/log/notify/secrecy/inform/motivate/shield/use, cite, says");
GRONDSLAG_ERROR(ws, "expected white space");
GRONDSLAG_ERROR(name, "expected a name (letters, digits, '_'; not a reserved word)");
GRONDSLAG_ERROR(actor_group, "expected the name of the group after 'in'");
GRONDSLAG_ERROR(qualified_id, "expected an id such as pm.20d.2");
GRONDSLAG_ERROR(qualified_list, "expected one or more ids such as avg.6.1.e, separated by commas");
GRONDSLAG_ERROR(label_en, "expected the English name as a \"string\" after '/'");
GRONDSLAG_ERROR(label, "expected a name in quotes: \"Nederlands\" / \"English\"");
GRONDSLAG_ERROR(kw_class, "expected 'class' followed by ORD, SPEC, CRIM or NID");
GRONDSLAG_ERROR(class_name, "expected a data class: ORD, SPEC, CRIM or NID");
GRONDSLAG_ERROR(kw_needs, "expected 'needs' and the data categories necessary for the purpose");
GRONDSLAG_ERROR(needed_categories, "expected the data categories necessary for the purpose");
GRONDSLAG_ERROR(kw_recipients, "expected 'recipients' and the actors that may receive for the purpose");
GRONDSLAG_ERROR(purpose_recipients, "expected the actors that may receive for the purpose");
GRONDSLAG_ERROR(one<':'>, "expected ':'");
GRONDSLAG_ERROR(fact_type, "expected a type: bool, int, date, list of text, consents, one of (...), record { ... }");
GRONDSLAG_ERROR(scalar_type, "expected a type: bool, int, date, list of text, consents, one of (...)");
GRONDSLAG_ERROR(kw_of, "expected 'of'");
GRONDSLAG_ERROR(kw_text, "expected 'text' (a list of text values)");
GRONDSLAG_ERROR(list_element, "expected 'text' (a list of text values) or 'article' (a list of articles of the Wetboek van Strafrecht)");
GRONDSLAG_ERROR(one<'('>, "expected '('");
GRONDSLAG_ERROR(one<')'>, "expected ')'");
GRONDSLAG_ERROR(one<'{'>, "expected '{'");
GRONDSLAG_ERROR(one<'}'>, "expected '}' or ',' and another field");
GRONDSLAG_ERROR(one<']'>, "expected ']' or ',' and another value");
GRONDSLAG_ERROR(one<'"'>, "unterminated string: expected '\"' before the end of the line");
GRONDSLAG_ERROR(enum_values, "expected the values of the enumeration, separated by commas");
GRONDSLAG_ERROR(record_fields, "expected fields 'name: type', separated by commas");
GRONDSLAG_ERROR(kw_kind, "expected 'kind' followed by art6, art9, art10 or nid");
GRONDSLAG_ERROR(basis_kind, "expected the kind of basis: art6, art9, art10 or nid");
GRONDSLAG_ERROR(kw_law, "expected 'duty' or 'power' (optional), then 'law \"name of the law\"'");
GRONDSLAG_ERROR(law_name, "expected the name of the law in quotes");
GRONDSLAG_ERROR(kw_article, "expected 'article \"number\"'");
GRONDSLAG_ERROR(article_ref, "expected the article in quotes, such as \"20d\"");
GRONDSLAG_ERROR(lid_ref, "expected the lid in quotes, such as \"2\"");
GRONDSLAG_ERROR(onder_ref, "expected the onder in quotes, such as \"c\"");
GRONDSLAG_ERROR(source_id, "expected the law's identifier: 'bwb BWBR...', 'celex 3...' or 'cvdr CVDR...'");
GRONDSLAG_ERROR(celex_id, "expected a CELEX number such as 32016R0679");
GRONDSLAG_ERROR(cvdr_id, "expected a CVDR identifier such as CVDR123456");
GRONDSLAG_ERROR(bwb_id, "expected a BWB identifier such as BWBR0009398");
GRONDSLAG_ERROR(validity, "expected 'valid from YYYY-MM-DD'");
GRONDSLAG_ERROR(kw_from, "expected 'from'");
GRONDSLAG_ERROR(valid_from, "expected a date YYYY-MM-DD");
GRONDSLAG_ERROR(valid_until, "expected a date YYYY-MM-DD after 'until'");
GRONDSLAG_ERROR(says_text, "expected a one-line paraphrase in quotes after 'says'");
GRONDSLAG_ERROR(says_en, "expected the English paraphrase as a \"string\" after '/'");
GRONDSLAG_ERROR(secrecy_under, "expected 'under' and the provision that lays down the secrecy duty, as in 'secrecy under pm.58'");
GRONDSLAG_ERROR(secrecy_provision, "expected the id of a declared provision, such as pm.58");
GRONDSLAG_ERROR(duty_under, "expected 'under' and the provision that lays down the duty, as in 'inform under avg.14'");
GRONDSLAG_ERROR(duty_provision, "expected the id of a declared provision, such as avg.14");
GRONDSLAG_ERROR(kw_least, "expected 'least' after 'at', as in 'retain at least 20 years under jeugdwet.7.3.8'");
GRONDSLAG_ERROR(retain_anchor, "expected the name of a date fact after 'after', as in 'retain 20 years after einde_maatregel'");
GRONDSLAG_ERROR(retain_under, "expected 'under' and the provision that demands keeping the data, as in 'retain at least 20 years under jeugdwet.7.3.8'");
GRONDSLAG_ERROR(retention, "expected a period such as '5 years' (keep no longer), or 'at least' and a period (keep at least that long)");
GRONDSLAG_ERROR(use_category, "expected the category of the number after 'use', as in 'use bsn under wmo.5.2.9'");
GRONDSLAG_ERROR(kw_under, "expected 'under' and the provision the rule belongs to");
GRONDSLAG_ERROR(rule_provision, "expected the id of the provision the rule belongs to");
GRONDSLAG_ERROR(effect, "expected 'permit' or 'forbid'");
GRONDSLAG_ERROR(data_selection, "expected data categories, 'class ORD|SPEC|CRIM|NID' or 'any data'");
GRONDSLAG_ERROR(kw_data, "expected 'data' after 'any'");
GRONDSLAG_ERROR(senders, "expected the senders: actors or groups, or 'anyone'");
GRONDSLAG_ERROR(kw_to, "expected 'to' and the recipients");
GRONDSLAG_ERROR(recipients, "expected the recipients: actors or groups, or 'anyone'");
GRONDSLAG_ERROR(kw_for, "expected 'for' and the purposes");
GRONDSLAG_ERROR(purposes, "expected the purposes, or 'any purpose'");
GRONDSLAG_ERROR(expression, "expected a condition");
GRONDSLAG_ERROR(negated, "expected a condition after 'not'");
GRONDSLAG_ERROR(not_expr, "expected a condition after 'and'");
GRONDSLAG_ERROR(and_expr, "expected a condition after 'or'");
GRONDSLAG_ERROR(operand, "expected a value to compare with");
GRONDSLAG_ERROR(period, "expected a period such as '3 months'");
GRONDSLAG_ERROR(period_unit, "expected days, months or years");
GRONDSLAG_ERROR(value_list, "expected a list of values in brackets: [a, b]");
GRONDSLAG_ERROR(string_lit, "expected a text value in quotes");
GRONDSLAG_ERROR(consent_category, "expected a data category after 'consent for'");
GRONDSLAG_ERROR(citation, "expected the citation in quotes after 'cite'");
GRONDSLAG_ERROR(kw_consent, "expected 'consent' after 'from' (a ground that rests on consent)");


#undef GRONDSLAG_ERROR

// Only must<> raises, so a rule with a message can still be tried optionally
// elsewhere (pegtl::must_if would raise on every failure of such a rule).
template <typename Rule>
struct control : pegtl::normal<Rule> {
    template <typename ParseInput, typename... States>
    [[noreturn]] static void raise(const ParseInput& in, States&&...) {
        if constexpr (errors::message<Rule> != nullptr)
            throw pegtl::parse_error(errors::message<Rule>, in);
        else
            throw pegtl::parse_error("unexpected text here", in);
    }
};

// Bounds the parser's recursion (every rule counts as a level; one pair of
// parentheses is about ten), so a deeply nested condition is a syntax error,
// never a stack overflow. Later layers recurse no deeper than the parser did.
constexpr std::size_t max_rule_depth = 1000;
template <typename Rule>
struct depth_limit : pegtl::limit_depth<max_rule_depth> {};

}  // namespace grondslag::grammar
