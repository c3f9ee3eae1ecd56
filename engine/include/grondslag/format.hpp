// The canonical layout of the rule language (`grondslag fmt`; docs/language.md, "Layout").
//
// The formatter re-emits the tokens and comments of a parsed file in their
// original order and changes only the white space between them, so the
// formatted text always means the same as the source. It checks this itself:
// the output is parsed again and its tokens and comments compared with the
// input's; on any difference the result is an error and no text is returned.
#pragma once
#include <cstddef>
#include <string>

namespace grondslag {

// Lines are wrapped at this many columns where the language allows a break
// (lists, conditions, clauses); strings are never split.
inline constexpr std::size_t format_width = 100;

struct FormatResult {
    bool ok = false;          // parsed and formatted
    std::string text;         // the canonical text, when ok
    std::string diagnostics;  // when not ok: file:line:col: error[E001]: ... with the source line and a caret
};

// Formats one source file; `path` is only shown in diagnostics. Idempotent:
// formatting the result again returns it unchanged.
FormatResult format_source(const std::string& path, const std::string& text);

}  // namespace grondslag
