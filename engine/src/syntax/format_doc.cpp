// The printer of the layout document (format_doc.hpp): which breaks are taken, how far each line
// is indented, where a comment goes. It measures in characters (UTF-8 code points), not bytes.
#include "format_doc.hpp"

#include <algorithm>
#include <limits>
#include <string_view>

namespace grondslag::layout {
namespace {

constexpr int infinite = std::numeric_limits<int>::max() / 4;

int columns(std::string_view s) {
    int n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

bool is_break(const Doc& d) {
    return d.kind == Kind::line || d.kind == Kind::hard || d.kind == Kind::blank || d.kind == Kind::trailing ||
           d.kind == Kind::own;
}

// Width on one line; infinite when it holds a forced break.
int flat_width(const Doc& d) {
    switch (d.kind) {
    case Kind::text: return columns(d.text);
    case Kind::space:
    case Kind::line: return 1;
    case Kind::hard:
    case Kind::blank:
    case Kind::trailing:
    case Kind::own: return infinite;
    default: {
        int w = 0;
        for (const Doc& k : d.kids) {
            w += flat_width(k);
            if (w >= infinite) return infinite;
        }
        return w;
    }
    }
}

// Width up to the first possible break; `stopped` tells whether one was met.
int first_segment(const Doc& d, bool& stopped) {
    if (is_break(d)) {
        stopped = true;
        return 0;
    }
    if (d.kind == Kind::text) return columns(d.text);
    if (d.kind == Kind::space) return 1;
    int w = 0;
    for (const Doc& k : d.kids) {
        w += first_segment(k, stopped);
        if (stopped) break;
    }
    return w;
}

int segment_after(const std::vector<Doc>& kids, std::size_t from, int trail) {
    int w = 0;
    for (std::size_t i = from; i < kids.size(); ++i) {
        bool stopped = false;
        w += first_segment(kids[i], stopped);
        if (stopped) return w;
    }
    return w + trail;
}

class Printer {
public:
    explicit Printer(int width) : width_(width) {}

    void print(const Doc& d, int indent, bool flat, int trail) {
        switch (d.kind) {
        case Kind::text: text(d.text); break;
        case Kind::space:
            space(indent);
            break;
        case Kind::line:
            if (flat) {
                space(indent);
            } else {
                newline(indent, 1);
            }
            break;
        case Kind::hard: newline(indent, 1); break;
        case Kind::blank: newline(indent, 2); break;
        case Kind::trailing:
            if (pending_newlines_ > 0 || !any_) {
                own(d.text, indent, false);
            } else {
                pending_space_ = false;
                out_ += "  ";
                column_ += 2;
                text(d.text);
                newline(indent, 1);
                after_comment_ = true;
            }
            break;
        case Kind::own: own(d.text, indent, d.blank); break;
        case Kind::group: {
            const bool fits = flat || (effective_column() + flat_width(d) + trail <= width_);
            children(d.kids, indent, fits, trail);
            break;
        }
        case Kind::nest: children(d.kids, indent + d.indent, flat, trail); break;
        case Kind::align: children(d.kids, effective_column(), flat, trail); break;
        case Kind::fill: {
            const int at = effective_column();
            for (std::size_t i = 0; i < d.kids.size(); ++i) {
                const Doc& k = d.kids[i];
                if (k.kind == Kind::line) {
                    const int next = segment_after(d.kids, i + 1, trail);
                    if (flat || column_ + 1 + next <= width_) {
                        if (pending_newlines_ == 0) pending_space_ = true;
                    } else {
                        newline(at, 1);
                    }
                } else {
                    print(k, at, flat, segment_after(d.kids, i + 1, trail));
                }
            }
            break;
        }
        }
    }

    std::string finish() {
        while (!out_.empty() && out_.back() == ' ') out_.pop_back();
        if (any_) out_ += '\n';
        return std::move(out_);
    }

private:
    int width_;
    std::string out_;
    int column_ = 0;
    int pending_newlines_ = 0;
    int pending_indent_ = 0;
    bool pending_space_ = false;
    bool after_comment_ = false;  // the pending line end is a comment's
    bool any_ = false;

    void children(const std::vector<Doc>& kids, int indent, bool flat, int trail) {
        for (std::size_t i = 0; i < kids.size(); ++i) print(kids[i], indent, flat, segment_after(kids, i + 1, trail));
    }

    // A space right after a comment's line end: the next token starts the line, indented as the
    // construct it continues.
    void space(int indent) {
        if (pending_newlines_ == 0) pending_space_ = true;
        else if (after_comment_) pending_indent_ = indent;
    }

    int effective_column() const {
        if (pending_newlines_ > 0) return pending_indent_;
        return column_ + (pending_space_ ? 1 : 0);
    }

    void newline(int indent, int count) {
        after_comment_ = false;
        pending_newlines_ = std::max(pending_newlines_, count);
        pending_indent_ = indent;
        pending_space_ = false;
    }

    void text(std::string_view s) {
        if (pending_newlines_ > 0) {
            while (!out_.empty() && out_.back() == ' ') out_.pop_back();
            if (any_) out_.append(static_cast<std::size_t>(pending_newlines_), '\n');
            out_.append(static_cast<std::size_t>(pending_indent_), ' ');
            column_ = pending_indent_;
            pending_newlines_ = 0;
        } else if (pending_space_) {
            out_ += ' ';
            ++column_;
        }
        pending_space_ = false;
        out_ += s;
        column_ += columns(s);
        any_ = true;
    }

    void own(const std::string& comment, int indent, bool blank) {
        if (any_ && pending_newlines_ == 0) newline(indent, 1);
        if (blank) pending_newlines_ = 2;
        text(comment);
        newline(pending_newlines_ > 0 ? pending_indent_ : indent_of_last_line(), 1);
        after_comment_ = true;
    }

    // After an own-line comment the next token starts where the comment started.
    int indent_of_last_line() const {
        const auto start = out_.rfind('\n');
        std::size_t i = start == std::string::npos ? 0 : start + 1;
        int n = 0;
        while (i < out_.size() && out_[i] == ' ') ++i, ++n;
        return n;
    }
};

}  // namespace

std::string print(const Doc& doc, int width) {
    Printer printer(width);
    printer.print(doc, 0, false, 0);
    return printer.finish();
}

}  // namespace grondslag::layout
