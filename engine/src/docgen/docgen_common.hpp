// Shared helpers of the documentation generators (docgen*.cpp): the message
// table for headings, labels in the chosen language, masks as lists of names,
// and escaping for HTML/XML, Markdown and DOT.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grondslag/docgen.hpp"
#include "condition_words.hpp"
#include "ir.hpp"

namespace grondslag::docgen::detail {

// A heading or fixed phrase of the message table, in the chosen language.
// Throws std::out_of_range for an unknown key (a programming error, caught by the tests).
const std::string& msg(Lang lang, std::string_view key);

// The label in the chosen language; the name itself when the label is missing
// (then `missing`, when given, receives "kind name").
std::string label_of(const ir::Label& label, const std::string& name, Lang lang, std::string_view kind,
                     std::vector<std::string>* missing = nullptr);

const char* class_mark(ir::DataClass c);  // "", "SPEC", "CRIM", "NID"

// Actors in a mask, with a group standing for its members when all of them are in the mask;
// a mask of every actor is one item "anyone".
std::vector<LabeledItem> actor_items(const ir::PolicySet& set, ir::Mask mask, Lang lang,
                                     std::vector<std::string>* missing = nullptr);
std::vector<LabeledItem> category_items(const ir::PolicySet& set, ir::Mask mask, Lang lang,
                                        std::vector<std::string>* missing = nullptr);
std::vector<LabeledItem> purpose_items(const ir::PolicySet& set, ir::Mask mask, Lang lang,
                                       std::vector<std::string>* missing = nullptr);
// The purposes of a rule, and for a rule limited to phases the phases it speaks of.
std::vector<LabeledItem> rule_purpose_items(const ir::PolicySet& set, const ir::Rule& rule, Lang lang,
                                            std::vector<std::string>* missing);
std::vector<LabeledItem> basis_items(const ir::PolicySet& set, const std::vector<int>& bases, Lang lang,
                                     std::vector<std::string>* missing = nullptr);

// The facts a rule's condition reads (consent records included), each once, in the order it reads them.
std::vector<int> facts_read(const ir::PolicySet& set, const ir::Rule& rule);

// The explanation's language for the documents' (condition_words.hpp speaks it).
inline Language language_of(Lang lang) { return lang == Lang::nl ? Language::nl : Language::en; }

ir::Mask all_bits(std::size_t n);
bool in_force(Day from, Day until, Day date);
std::string validity_text(Day from, Day until, Lang lang);  // "2021-07-01 – tot nader order"
std::string period_text(Period p, Lang lang);  // "9 maanden" / "9 months"
std::string source_url(const std::string& source_id);

std::string html_escape(std::string_view s);  // & < > " '
std::string md_escape(std::string_view s);    // table cells: | and line breaks, * _ ` [ ] < >
std::string dot_escape(std::string_view s);   // inside a "..." string

// "label (SPEC)" for an item with a mark.
std::string item_text(const LabeledItem& item);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// Replaces each "{key}" placeholder of a message.
std::string fill(std::string text, std::initializer_list<std::pair<std::string_view, std::string>> values);

}  // namespace grondslag::docgen::detail
