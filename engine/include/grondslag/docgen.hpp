// Generated documentation of a policy set, for the people who must know what the
// policies allow without reading them (municipalities, DJI, the data protection
// officer): a register of processing in the structure of AVG art. 30 lid 1, a
// data-flow diagram (Graphviz DOT), a timeline of every provision's validity
// (SVG), an index page, and an export as W3C Data Privacy Vocabulary JSON-LD.
//
// Everything is derived from the compiled policy set: the labels from the
// vocabulary ("NL" / "EN"), the headings from a small message table.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grondslag/explain.hpp"
#include "grondslag/grondslag.hpp"

namespace grondslag::docgen {

enum class Lang { nl, en };

struct DocOptions {
    std::string as_of;  // YYYY-MM-DD: provisions and rules in force on this date
    Lang lang = Lang::nl;
};

// Throws std::invalid_argument when as_of is not a calendar date.
std::int32_t parse_as_of(const std::string& date);

// ---- the register (AVG art. 30 lid 1) -------------------------------------------
struct LabeledItem {
    std::string name;   // the policy name (actor, category, purpose, basis id)
    std::string label;  // in the chosen language
    std::string mark;   // "SPEC", "CRIM", "NID" for special classes of data, else empty
};

// A rule's condition in words, with its structure (explain.hpp).
using ConditionClause = grondslag::ConditionClause;

// One of the five legal questions of the stappenplan grondslag for a permit rule, in words: the question,
// whether the rule answers it for the data it permits ("answered" or "not_applicable"), and the answer.
struct RegisterQuestion {
    std::string question;  // subject_law, special_data, criminal_data, legal_number, provision_duty
    std::string title;     // "1. Materiewet en AVG-grondslag"
    std::string status;    // "answered" or "not_applicable"
    std::string answer;    // the answer in words (the status in words when not applicable)
};

struct RegisterActivity {
    std::string rule;
    std::vector<LabeledItem> controllers;  // a: the senders
    std::vector<LabeledItem> purposes;     // b
    std::string data_subjects;             // c: categories of data subjects
    std::vector<LabeledItem> categories;   // c: categories of personal data
    std::vector<LabeledItem> recipients;   // d
    std::string third_countries;           // e: none in this set
    std::string retention;                 // f: from `retain`, or "not stated"
    std::vector<std::string> measures;     // g: log and notify obligations
    std::vector<LabeledItem> bases;        // legal grounds
    std::vector<LabeledItem> conditions;   // facts the rule's condition reads
    std::string condition;                 // the condition as a sentence; "" when the rule has none
    std::optional<ConditionClause> condition_clauses;  // the same, as a tree
    std::vector<std::string> citations;
    std::string reference;                 // the provision's public page (Juriconnect, ELI or CVDR), or empty
    std::string valid;                     // "2021-07-01 – " or "2012-01-01 – 2024-06-30"
    std::string says;
    std::vector<RegisterQuestion> questions;  // the five legal questions, in the contract's order
};

struct RegisterProhibition {
    std::string rule;
    std::string summary;  // data, parties and purposes in words
    std::string condition;  // when the prohibition applies, as a sentence; "" when always
    std::vector<std::string> citations;
    std::string says;
};

struct RegisterSection {
    std::string provision;  // id
    std::string citation;   // "PM art. 20d lid 1, 2"
    std::string law;
    std::string source;     // "BWBR0009398", "CELEX 32016R0679"
    std::string source_url;
    std::string valid;
    std::string kind;  // "duty" or "power" in words (plicht, bevoegdheid), "" when the provision does not say
    std::string says;
    std::vector<RegisterActivity> activities;
    std::vector<RegisterProhibition> prohibitions;
};

struct Register {
    std::string as_of;
    Lang lang = Lang::nl;
    std::string policy_hash;
    std::vector<RegisterSection> sections;  // provisions in force on the date, in load order
    std::vector<std::string> missing_labels;  // names without a label in the chosen language
};

// Requires policies.ok().
Register build_register(const Policies& policies, const DocOptions& options);
std::string register_markdown(const Register& reg);
std::string register_html(const Register& reg);

// ---- the data-flow diagram ----------------------------------------------------
// Graphviz DOT: actors as nodes, one edge per permitted flow (sender to recipient)
// in force on the date, double-headed when both directions carry the same; the
// edge's label numbers its (purpose, categories, bases) bundles, which a legend
// spells out, and its tooltip holds them in full with the deciding rules. Edges
// carrying special (SPEC) data are purple and dashed, criminal (CRIM) red, both
// a red and purple double line.
std::string flows_dot(const Policies& policies, const DocOptions& options);
// A diagram of one purpose: senders above recipients, or left to right (a party that gives to many has them
// in a column, and the legend heads the drawing). write_documentation renders both and keeps the narrower.
enum class FlowLayout { top_down, left_to_right };

// The flows of one purpose (its name): a picture small enough to read on A4. With a phase of the purpose,
// only what a request naming that phase can reach (its rules, recipients and categories). Empty when
// nothing is permitted for it on the date. A width in points above 0 has Graphviz scale a wider drawing
// down to it.
std::string purpose_flows_dot(const Policies& policies, const DocOptions& options, const std::string& purpose,
                              const std::string& phase = "", FlowLayout layout = FlowLayout::top_down,
                              double fit_width_points = 0);
// The same flows without bundling, for readers who want every label on the drawing: one edge per
// (sender, recipient, purpose) in force, labelled with the purpose, the categories (SPEC, CRIM and
// NID marked) and the bases, coloured as above (flows-full.dot, rendered to flows-full.svg).
std::string flows_full_dot(const Policies& policies, const DocOptions& options);

// ---- the timeline -------------------------------------------------------------
struct TimelineBar {
    std::string provision;
    std::string group;     // module name
    std::string citation;
    std::int32_t from = 0, until = 0;  // days since 1970-01-01; until is inclusive
    bool open_end = false;             // no `until`
    bool in_force = false;             // on the as-of date
    double x0 = 0, x1 = 0, y = 0;      // in the SVG's coordinates
};

struct Timeline {
    // January 1 of 2018 (or of the as-of date's year if earlier) and December 31 of the later of the as-of
    // date's year and the last year a provision starts or ends (at most 60 years).
    int first_year = 0, last_year = 0;
    std::int32_t start = 0, end = 0;
    double left = 0, right = 0;       // x of start and of the day after end
    double as_of_x = 0;
    std::vector<TimelineBar> bars;    // one per provision, grouped by module
    double x(std::int32_t day) const;
};

Timeline build_timeline(const Policies& policies, const DocOptions& options);
std::string timeline_svg(const Policies& policies, const DocOptions& options);

// ---- the whole documentation ---------------------------------------------------
struct DocResult {
    std::vector<std::string> files;  // written, relative to the directory
    std::vector<std::string> notes;  // e.g. "dot is not installed: flows.svg not rendered"
};

// A purpose with permitted flows (flows-NAME.svg) and, for a purpose divided into phases, the phases with
// flows (flows-NAME-PHASE.svg), each by name and label.
struct PurposeDiagram {
    std::string name;
    std::string label;
    std::vector<std::pair<std::string, std::string>> phases;
};

// `purpose_diagrams` are linked from the index, the phases under their purpose.
std::string index_html(const Register& reg, bool have_flows_svg, const std::vector<PurposeDiagram>& purpose_diagrams = {});

// Writes register.md, register.html, flows.dot, flows.svg (when Graphviz's `dot`
// is on PATH), timeline.svg and index.html into `directory` (created when missing).
// Throws std::runtime_error when a file cannot be written.
DocResult write_documentation(const Policies& policies, const DocOptions& options, const std::string& directory);

// ---- for the workbench (GET /v1/vocabulary, GET /v1/register) ---------------------------
// The declared names with their labels: actors (and their group), data categories (and their class),
// purposes (their recipients, necessary data, phases, and the facts their rules read), and facts (type,
// values of an enumeration, fields of a record). Requires policies.ok().
nlohmann::json vocabulary_json(const Policies& policies, Lang lang);
// The register as JSON: per provision in force its citation, source, validity and text, its permits as
// the register's activities (with their five legal questions) and its prohibitions.
nlohmann::json register_json(const Register& reg);

// ---- W3C Data Privacy Vocabulary ---------------------------------------------------
struct DpvOptions {
    std::string as_of;  // empty: every rule and provision, whatever its dates
};
// The policy set as DPV JSON-LD (https://w3id.org/dpv): purposes, legal bases,
// personal data categories, recipients and one dpv:PersonalDataHandling per rule
// with a dpv:Permission or dpv:Prohibition.
nlohmann::json dpv_jsonld(const Policies& policies, const DpvOptions& options);

}  // namespace grondslag::docgen
