// The layout document of `grondslag fmt` and its printer, after Wadler's "A prettier printer":
// text, spaces, line breaks and comments, in groups, nests, fills and alignments.
//
// The document is kept apart from the builder (formatter.cpp), which decides what the layout of
// the rule language is, so that the question of fitting a layout into a width is answered in one
// place: the printer knows nothing of the language, the builder nothing of columns.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace grondslag::layout {

enum class Kind : std::uint8_t {
    text,
    space,      // one space, none at the start of a line
    line,       // a space, or a line break when its group is broken
    hard,       // a line break
    blank,      // an empty line
    trailing,   // a comment at the end of the line
    own,        // a comment on a line of its own
    group,      // children on one line if they fit, else every `line` breaks
    nest,       // children indented by `indent` more
    fill,       // children aligned at the current column; each `line` breaks only if the next item does not fit
    align,      // children aligned at the current column
};

struct Doc {
    Kind kind;
    std::string text;    // text, trailing, own
    int indent = 0;      // nest
    bool blank = false;  // own comment: an empty line before it
    std::vector<Doc> kids;
};

// The document laid out within `width` columns: a group goes on one line when it fits, a fill
// packs as many items on each line as fit. No line ends in a space; a text that is not empty ends
// in a line end.
std::string print(const Doc& doc, int width);

}  // namespace grondslag::layout
