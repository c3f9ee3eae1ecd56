// What an editor shows for the names of a policy set (grondslag lsp): a name's declaration and its text on
// hover, where it is declared, and the names to complete. Built once per loaded set, from its compiled
// form, so every answer reads the same declarations the checker resolved.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grondslag/grondslag.hpp"

namespace grondslag {

struct NamePlace {
    std::string path;          // the source's path as loaded
    std::uint32_t line = 0;    // 1-based
    std::uint32_t column = 0;  // 1-based, in bytes
};

struct NameCompletion {
    std::string name;
    std::string kind;    // actor, category, purpose, fact, basis, provision, rule, module
    std::string detail;  // the label (Dutch / English), or the provision's citation
};

class PolicyIndex {
public:
    // Requires policies.ok(); the index keeps the set alive.
    explicit PolicyIndex(Policies policies);

    // Markdown about `name` (an actor, category, purpose, fact, basis, provision, rule or module): what
    // kind of declaration it is, its labels, and for a provision or rule its citation, validity, text in
    // Dutch and English and the link to the official text. Empty when the set declares no such name.
    std::string hover(std::string_view name) const;
    // Where `name` is declared. A name that is both a provision and a rule (avg.9.1) gives the provision.
    std::optional<NamePlace> declaration(std::string_view name) const;
    // Every declared name, in declaration order by kind.
    const std::vector<NameCompletion>& completions() const { return completions_; }

private:
    struct Entry {
        std::string name, kind, markdown;
        NamePlace place;
    };
    const Entry* find(std::string_view name) const;
    Policies policies_;
    std::vector<Entry> entries_;  // sorted by name, then kind precedence
    std::vector<NameCompletion> completions_;
};

}  // namespace grondslag
