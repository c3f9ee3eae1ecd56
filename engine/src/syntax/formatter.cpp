// `grondslag fmt`: the canonical layout of the rule language, and the builder of its layout document.
//
// The file is parsed with the grammar into a parse tree whose leaves are the
// tokens (keywords, names, ids, literals, punctuation) and the comments. The
// tree's inner nodes (declarations, clauses, lists, conditions) decide the
// layout, which this file writes down as a document of text, breaks, groups
// and fills; format_doc.hpp holds the document and the printer that lays it out
// within `format_width` columns. Tokens are always taken from the source in
// order, one by one, so only white space can change; comments are placed by
// their position among the tokens.
#include "grondslag/format.hpp"

#include <limits>
#include <stdexcept>
#include <tao/pegtl/contrib/parse_tree.hpp>
#include <vector>

#include "format_doc.hpp"
#include "grondslag_parse_tree.hpp"
#include "parser.hpp"

namespace grondslag {
namespace {

namespace g = grammar;
namespace pegtl = tao::pegtl;
namespace pt = tao::pegtl::parse_tree;
using Node = pt::node;
using layout::Doc;
using layout::Kind;

// The tree holds grammar::layout_nodes (grondslag_parse_tree.hpp): every token, never entered, and
// the groups. Every byte of a file that is not white space must lie in a token (leaves_of checks it).
bool is_token(const Node& n) { return g::layout_tokens::has(n); }
bool is_comment(const Node& n) { return n.is_type<g::comment>(); }

struct Leaf {
    const Node* node;
    std::size_t begin, end;       // byte offsets
    std::size_t line, end_line;   // 1-based
    std::string text;             // a comment without its line end and trailing blanks
    bool comment = false;
    bool trailing = false;        // a comment after a token on the same line
    bool blank_before = false;    // an empty line separates it from the previous leaf
};

void collect(const Node& n, std::vector<Leaf>& out) {
    if (!n.is_root() && is_token(n)) {
        Leaf l;
        l.node = &n;
        l.begin = n.m_begin.byte;
        l.end = n.m_end.byte;
        l.line = n.m_begin.line;
        l.end_line = n.m_end.line;
        l.text = n.string();
        l.comment = is_comment(n);
        if (l.comment) {
            while (!l.text.empty() && (l.text.back() == '\n' || l.text.back() == '\r' || l.text.back() == ' ' ||
                                       l.text.back() == '\t'))
                l.text.pop_back();
            l.end_line = l.line;
        }
        out.push_back(std::move(l));
        return;
    }
    for (const auto& c : n.children) collect(*c, out);
}

// White space as the grammar's pegtl::space has it (with vertical tab and form feed).
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// The leaves of a file in order, checked to cover every byte that is not white space.
std::vector<Leaf> leaves_of(const Node& root, std::string_view text) {
    std::vector<Leaf> leaves;
    collect(root, leaves);
    std::size_t at = 0;
    const Leaf* previous = nullptr;
    for (Leaf& l : leaves) {
        if (l.begin < at) throw std::logic_error("overlapping tokens");
        for (std::size_t i = at; i < l.begin; ++i)
            if (!is_space(text[i])) throw std::logic_error("text outside any token at byte " + std::to_string(i));
        if (previous) {
            l.blank_before = l.line >= previous->end_line + 2;
            l.trailing = l.comment && !previous->comment && previous->end_line == l.line;
        }
        at = l.end;
        previous = &l;
    }
    for (std::size_t i = at; i < text.size(); ++i)
        if (!is_space(text[i])) throw std::logic_error("text outside any token at byte " + std::to_string(i));
    return leaves;
}

// ---- building the document from the tree ------------------------------------

class Builder {
public:
    Builder(const std::vector<Leaf>& leaves) {
        for (const Leaf& l : leaves) (l.comment ? comments_ : tokens_).push_back(&l);
        stack_.push_back(&root_);
        root_.kind = Kind::align;
    }

    Doc build(const Node& root) {
        for (const auto& c : root.children) {
            if (is_token(*c)) continue;
            top_level_ = true;
            if (next_ < tokens_.size()) separator(Kind::hard);
            declaration(*c);
        }
        pull_until(std::numeric_limits<std::size_t>::max());
        // Comments after the last token, at the left margin.
        if (comment_ < comments_.size() && !comments_[comment_]->trailing) append({Kind::hard, "", 0, false, {}});
        while (comment_ < comments_.size()) {
            const Leaf& c = *comments_[comment_++];
            append({c.trailing ? Kind::trailing : Kind::own, c.text, 0, c.blank_before, {}});
        }
        if (next_ != tokens_.size() || stack_.size() != 1) throw std::logic_error("not every token was placed");
        return std::move(root_);
    }

private:
    std::vector<const Leaf*> tokens_;
    std::vector<const Leaf*> comments_;
    std::size_t next_ = 0;     // next token
    std::size_t comment_ = 0;  // next comment
    Doc root_;
    std::vector<Doc*> stack_;
    bool has_separator_ = false;
    Kind separator_ = Kind::space;
    bool prepared_ = false;  // separator and comments before the next token are in the document
    bool top_level_ = false;
    const Leaf* previous_ = nullptr;

    void append(Doc d) { stack_.back()->kids.push_back(std::move(d)); }

    void separator(Kind k) {
        has_separator_ = true;
        separator_ = k;
    }

    // The white space a token gets when the layout asks for none in particular.
    static Kind default_space(const Node& before, const Node& after) {
        if (before.is_type<pegtl::one<'('>>() || before.is_type<pegtl::one<'['>>()) return Kind::text;
        if (after.is_type<pegtl::one<')'>>() || after.is_type<pegtl::one<']'>>() || after.is_type<pegtl::one<','>>() ||
            after.is_type<pegtl::one<':'>>())
            return Kind::text;
        if (before.is_type<g::kw_known>() && after.is_type<pegtl::one<'('>>()) return Kind::text;
        return Kind::space;
    }

    // Puts the separator and the own-line comments before the next token.
    void prepare() {
        if (prepared_ || next_ >= tokens_.size()) return;
        const Leaf& t = *tokens_[next_];
        Kind sep = has_separator_ ? separator_ : (previous_ ? default_space(*previous_->node, *t.node) : Kind::text);
        if (previous_ && sep != Kind::text) append({sep, "", 0, false, {}});
        while (comment_ < comments_.size() && comments_[comment_]->begin < t.begin) {
            const Leaf& c = *comments_[comment_++];
            append({Kind::own, c.text, 0, c.blank_before, {}});
        }
        if (top_level_ && t.blank_before) append({Kind::blank, "", 0, false, {}});
        has_separator_ = false;
        top_level_ = false;
        prepared_ = true;
    }

    void token() {
        prepare();
        const Leaf& t = *tokens_[next_++];
        append({Kind::text, t.text, 0, false, {}});
        prepared_ = false;
        previous_ = &t;
        if (comment_ < comments_.size() && comments_[comment_]->trailing) {
            const Leaf& c = *comments_[comment_];
            if (c.begin >= t.end && (next_ >= tokens_.size() || c.begin < tokens_[next_]->begin)) {
                append({Kind::trailing, c.text, 0, false, {}});
                ++comment_;
            }
        }
    }

    bool next_before(std::size_t end) const { return next_ < tokens_.size() && tokens_[next_]->begin < end; }

    template <typename Rule>
    bool next_is() const {
        static_assert(g::layout_tokens::contains<Rule>, "not a token of the formatter's tree");
        return next_ < tokens_.size() && tokens_[next_]->node->is_type<Rule>();
    }

    void pull_until(std::size_t end) {
        while (next_before(end)) token();
    }

    void open(Kind kind, int indent = 0, bool before = true) {
        if (before) prepare();
        Doc d{kind, "", indent, false, {}};
        append(std::move(d));
        stack_.push_back(&stack_.back()->kids.back());
    }
    void close() { stack_.pop_back(); }

    static std::size_t begin(const Node& n) { return n.m_begin.byte; }
    static std::size_t end(const Node& n) { return n.m_end.byte; }

    static std::vector<const Node*> inner(const Node& n) {
        std::vector<const Node*> out;
        for (const auto& c : n.children)
            if (!is_token(*c)) out.push_back(c.get());
        return out;
    }

    template <typename Rule>
    static const Node* child(const Node& n) {
        static_assert(g::layout_nodes::contains<Rule>, "not a node of the formatter's tree");
        for (const auto& c : n.children)
            if (c->is_type<Rule>()) return c.get();
        return nullptr;
    }

    // A list `a, b, c` up to `end`, packed on lines aligned under its first item.
    void fill_list(std::size_t end) {
        open(Kind::fill);
        bool first = true;
        while (next_before(end)) {
            if (!first && !next_is<pegtl::one<','>>()) separator(Kind::line);
            token();
            first = false;
        }
        close();
    }

    // `anyone`, `any purpose`, or a list.
    void selection(const Node& n) {
        if (next_is<g::anyone>() || next_is<g::kw_any>()) pull_until(end(n));
        else fill_list(end(n));
    }

    // Everything inside n in order, inner nodes with their own layout.
    void generic(const Node& n) {
        for (const Node* c : inner(n)) {
            pull_until(begin(*c));
            node(*c);
        }
        pull_until(end(n));
    }

    void node(const Node& n) {
        if (n.is_type<g::expression>() || n.is_type<g::and_expr>()) chain(n);
        else if (n.is_type<g::value_list>()) value_list(n);
        else if (n.is_type<g::type_record>()) record(n);
        else generic(n);
    }

    // The keyword at the left margin, everything after it (clauses, and lines continued after a
    // comment) indented 2.
    void declaration(const Node& n) {
        token();
        open(Kind::nest, 2, false);
        if (n.is_type<g::purpose_decl>()) purpose(n);
        else if (n.is_type<g::extend_decl>()) extend(n);
        else if (n.is_type<g::provision_decl>()) provision(n);
        else if (n.is_type<g::rule_decl>()) rule(n);
        else generic(n);
        close();
    }

    // a and b and c: on one line, or one operand a line with the operator in front.
    void chain(const Node& n) {
        const auto parts = inner(n);
        if (parts.size() == 1) {
            pull_until(begin(*parts[0]));
            node(*parts[0]);
            pull_until(end(n));
            return;
        }
        open(Kind::group);
        open(Kind::align, 0, false);
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (i > 0) separator(Kind::line);
            pull_until(begin(*parts[i]));
            node(*parts[i]);
        }
        pull_until(end(n));
        close();
        close();
    }

    void value_list(const Node& n) {
        token();  // [
        fill_list(end(n) - 1);
        pull_until(end(n));  // ]
    }

    // record { a: bool, b: int }, or one field a line.
    void record(const Node& n) {
        open(Kind::group);
        const auto fields = inner(n);
        pull_until(fields.empty() ? end(n) - 1 : begin(*fields.front()));  // record {
        open(Kind::nest, 2, false);  // the declaration's continuation indent and two more
        for (std::size_t i = 0; i < fields.size(); ++i) {
            pull_until(begin(*fields[i]));  // the comma
            separator(Kind::line);
            generic(*fields[i]);
        }
        pull_until(end(n) - 1);
        close();
        open(Kind::nest, 0, false);
        separator(Kind::line);
        pull_until(end(n));  // }
        close();
        close();
    }

    void clause_start() { separator(Kind::hard); }

    void purpose(const Node& n) {
        const Node* needs = child<g::needed_categories>(n);
        const Node* recipients = child<g::purpose_recipients>(n);
        pull_until(begin(*child<g::kw_needs>(n)));
        clause_start();
        token();  // needs
        fill_list(end(*needs));
        clause_start();
        token();  // recipients
        fill_list(end(*recipients));
        if (const Node* open = child<g::purpose_open>(n)) {
            pull_until(begin(*open));
            clause_start();
            generic(*open);
        }
        // Each phase on a line of its own, its needs and recipients indented beneath it.
        for (const auto& cp : n.children) {
            if (!cp->is_type<g::phase_decl>()) continue;
            const Node& phase = *cp;
            pull_until(begin(phase));
            clause_start();
            pull_until(begin(*child<g::kw_needs>(phase)));  // phase NAME LABEL
            open(Kind::nest, 2, false);
            clause_start();
            token();  // needs
            fill_list(end(*child<g::phase_needs>(phase)));
            clause_start();
            token();  // recipients
            fill_list(end(*child<g::phase_recipients>(phase)));
            close();
        }
        pull_until(end(n));
    }

    // extend purpose NAME, then its needs and recipients each on a line of its own, as in a purpose.
    void extend(const Node& n) {
        for (const Node* part : {child<g::extend_needs>(n), child<g::extend_recipients>(n)}) {
            if (!part) continue;
            pull_until(begin(*part));
            clause_start();
            token();  // needs or recipients
            const Node* list = child<g::needed_categories>(*part);
            if (!list) list = child<g::purpose_recipients>(*part);
            fill_list(end(*list));
        }
        pull_until(end(n));
    }

    // `says "Nederlands"`, and the English, when given, on a line of its own under it: `  / "English"`.
    void says(const Node& n) {
        token();  // says
        token();  // the text
        if (!next_before(end(n))) return;
        open(Kind::nest, 2, false);
        separator(Kind::hard);
        pull_until(end(n));
        close();
    }

    void provision(const Node& n) {
        const Node* validity = child<g::validity>(n);
        pull_until(begin(*validity));
        open(Kind::group, 0, false);
        separator(Kind::line);
        generic(*validity);
        close();
        if (const Node* text = child<g::says_clause>(n)) {
            clause_start();
            says(*text);
        }
        pull_until(end(n));
    }

    void rule(const Node& n) {
        const Node* effect = child<g::effect_permit>(n);
        if (!effect) effect = child<g::effect_forbid>(n);
        const Node* purposes = child<g::purposes>(n);
        pull_until(begin(*effect));  // rule ID under PROVISION
        clause_start();
        token();  // permit / forbid
        if (const Node* names = child<g::data_names>(n)) fill_list(end(*names));
        else pull_until(begin(*child<g::kw_from>(n)));
        clause_start();
        open(Kind::group);
        token();  // from
        selection(*child<g::senders>(n));
        separator(Kind::line);
        token();  // to
        selection(*child<g::recipients>(n));
        separator(Kind::line);
        token();  // for
        selection(*purposes);
        close();
        for (const auto& cp : n.children) {
            const Node& c = *cp;
            if (begin(c) < end(*purposes) || is_comment(c)) continue;
            clause_start();
            if (c.is_type<g::bases>() || c.is_type<g::exceptions>()) {
                token();  // basis / except
                fill_list(end(c));
            } else if (c.is_type<g::says_clause>()) {
                says(c);
            } else if (is_token(c)) {
                pull_until(end(c));  // prevails
            } else {
                generic(c);
            }
        }
        pull_until(end(n));
    }
};

struct Tree {
    std::unique_ptr<Node> root;
    std::vector<Leaf> leaves;
};

Tree parse_tree(const std::string& path, const std::string& text) {
    pegtl::memory_input<> in(text, path);
    Tree t;
    t.root = pt::parse<g::file, g::layout_selector, g::depth_limit, g::control>(in);
    if (!t.root) throw std::logic_error("the file did not parse");
    t.leaves = leaves_of(*t.root, text);
    return t;
}

bool same_tokens(const std::vector<Leaf>& a, const std::vector<Leaf>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].comment != b[i].comment || a[i].text != b[i].text || a[i].node->type != b[i].node->type) return false;
    }
    return true;
}

}  // namespace

FormatResult format_source(const std::string& path, const std::string& text) {
    FormatResult result;
    {
        // The normal diagnostics for a file that does not parse.
        SourceFile file(path, text);
        DiagnosticReport report;
        if (!parse_module(file, report)) {
            result.diagnostics = report.render();
            return result;
        }
    }
    try {
        const Tree source = parse_tree(path, text);
        const Doc doc = Builder(source.leaves).build(*source.root);
        std::string formatted = layout::print(doc, static_cast<int>(format_width));
        // Only white space may have changed.
        const Tree check = parse_tree(path, formatted);
        if (!same_tokens(source.leaves, check.leaves)) throw std::logic_error("the tokens changed");
        result.text = std::move(formatted);
        result.ok = true;
    } catch (const std::exception& e) {
        result.diagnostics = path + ": internal error in the formatter (" + e.what() + "); the file is left as it is\n";
    }
    return result;
}

}  // namespace grondslag
