// The conditions pass: a rule's `when` typed and lowered to the compiled form's condition nodes.
#include "compiler_pass.hpp"
#include "compiler.hpp"
#include "article_notation.hpp"

#include <algorithm>
#include <functional>
#include <set>

namespace grondslag::checker {

int Compiler::add_node(Node n) {
    set_->nodes.push_back(n);
    return static_cast<int>(set_->nodes.size()) - 1;
}

int Compiler::join_nodes(Op op, const std::vector<std::uint32_t>& kids, const Location& at) {
    Node n;
    n.op = op;
    n.at = at;
    n.first = static_cast<std::uint32_t>(set_->children.size());
    n.count = static_cast<std::uint32_t>(kids.size());
    set_->children.insert(set_->children.end(), kids.begin(), kids.end());
    return add_node(n);
}

bool Compiler::is_boolish(const ast::Expr& e) {
    switch (e.kind) {
        case ast::ExprKind::logical_and: case ast::ExprKind::logical_or: case ast::ExprKind::logical_not:
        case ast::ExprKind::compare: case ast::ExprKind::member: case ast::ExprKind::contains:
        case ast::ExprKind::contains_any: case ast::ExprKind::consent: case ast::ExprKind::known: return true;
        default: return false;
    }
}

int Compiler::compile_bool(const ast::Expr& e) {
    Node n;
    n.at = e.at;
    switch (e.kind) {
        case ast::ExprKind::logical_and:
        case ast::ExprKind::logical_or: {
            std::vector<std::uint32_t> kids;
            for (const auto& c : e.children) kids.push_back(static_cast<std::uint32_t>(compile_bool(*c)));
            return join_nodes(e.kind == ast::ExprKind::logical_and ? Op::all : Op::any, kids, e.at);
        }
        case ast::ExprKind::logical_not: {
            const auto child = static_cast<std::uint32_t>(compile_bool(*e.children[0]));
            n.op = Op::negate;
            n.first = static_cast<std::uint32_t>(set_->children.size());
            n.count = 1;
            set_->children.push_back(child);
            return add_node(n);
        }
        case ast::ExprKind::bool_literal:
            n.op = Op::constant;
            n.mask = e.number ? 1 : 0;
            return add_node(n);
        case ast::ExprKind::consent: {
            if (set_->consent_fact < 0) {
                report_.error("E114", e.at, "a consent test needs a fact of type consents; none is declared");
                return add_node(n);
            }
            n.op = Op::consent;
            n.explicit_consent = e.explicit_consent;
            if (e.consent_category) n.category = static_cast<std::int16_t>(lookup(set_->category_ids, *e.consent_category, "data category"));
            n.slot = static_cast<std::uint16_t>(set_->facts[set_->consent_fact].first_slot);
            current_rule_->slots_used.push_back(n.slot);
            current_rule_->uses_consent = true;
            return add_node(n);
        }
        case ast::ExprKind::path: {
            TypedTerm t = compile_term(e, nullptr);
            if (t.type == TermType::invalid) return add_node(n);
            if (t.type != TermType::boolean) {
                report_.error("E102", e.at, "'" + join(e.path) + "' is " + describe(t) + ", not a condition; compare it with a value");
                return add_node(n);
            }
            n.op = Op::fact_true;
            n.slot = static_cast<std::uint16_t>(t.slot);
            return add_node(n);
        }
        case ast::ExprKind::known: {
            // known(x) is true or false, never unknown: it lets a forbid say "when it is known that ...".
            const ast::Expr& target = *e.children[0];
            auto fit = set_->fact_ids.find(target.path[0]);
            if (fit != set_->fact_ids.end() && target.path.size() == 1 &&
                (set_->facts[fit->second].type == ValueType::consents || set_->facts[fit->second].type == ValueType::record)) {
                if (set_->facts[fit->second].type == ValueType::record) {
                    report_.error("E102", target.at, "'known' applies to one field of a record, such as '" +
                                                         set_->slots[set_->facts[fit->second].first_slot].path + "'");
                    return add_node(n);
                }
                n.op = Op::known;
                n.slot = static_cast<std::uint16_t>(set_->facts[fit->second].first_slot);
                return add_node(n);
            }
            TypedTerm t = compile_term(target, nullptr);
            if (t.type == TermType::invalid) return add_node(n);
            n.op = Op::known;
            n.slot = static_cast<std::uint16_t>(t.slot);
            return add_node(n);
        }
        case ast::ExprKind::compare: return compile_compare(e);
        case ast::ExprKind::member: return compile_member(e);
        case ast::ExprKind::contains:
        case ast::ExprKind::contains_any: return compile_contains(e);
        default:
            report_.error("E102", e.at, "this is a value, not a condition");
            return add_node(n);
    }
}

std::string Compiler::join(const std::vector<std::string>& parts) {
    std::string s;
    for (const auto& p : parts) s += (s.empty() ? "" : ".") + p;
    return s;
}

std::string Compiler::describe(const TypedTerm& t) const {
    switch (t.type) {
        case TermType::boolean: return "a bool";
        case TermType::integer: return "an int";
        case TermType::date: return "a date";
        case TermType::enumeration: return "an enumeration";
        case TermType::text_set: return "a list of text";
        case TermType::actor: return "an actor";
        case TermType::name: return "a name";
        case TermType::text: return "a text";
        case TermType::invalid: return "invalid";
    }
    return "?";
}

// `hint` is the other side of a comparison: a bare name then means one of its enum values or an actor.
TypedTerm Compiler::compile_term(const ast::Expr& e, const TypedTerm* hint) {
    TypedTerm t;
    t.at = e.at;
    switch (e.kind) {
        case ast::ExprKind::request_date:
            t.term.kind = Term::Kind::request_date;
            t.type = TermType::date;
            return t;
        case ast::ExprKind::request_sender:
        case ast::ExprKind::request_recipient:
            t.type = TermType::actor;
            t.is_sender = e.kind == ast::ExprKind::request_sender;
            t.is_recipient = !t.is_sender;
            return t;
        case ast::ExprKind::int_literal:
            t.term.constant = e.number;
            t.type = TermType::integer;
            return t;
        case ast::ExprKind::date_literal:
            t.term.constant = e.number;
            t.type = TermType::date;
            return t;
        case ast::ExprKind::bool_literal:
            t.term.constant = e.number;
            t.type = TermType::boolean;
            return t;
        case ast::ExprKind::string_literal:
            t.type = TermType::text;
            t.name = e.text;
            return t;
        case ast::ExprKind::add_period:
        case ast::ExprKind::subtract_period: {
            TypedTerm base = compile_term(*e.children[0], nullptr);
            if (base.type == TermType::invalid) return base;
            if (base.type != TermType::date) {
                report_.error("E102", e.at, "only a date can be moved by a period; this is " + describe(base));
                return TypedTerm{};
            }
            if (base.term.period_sign != 0) {
                report_.error("E102", e.at, "a date can be moved by one period only");
                return TypedTerm{};
            }
            base.term.period_sign = e.kind == ast::ExprKind::add_period ? 1 : -1;
            base.term.period = e.period;
            if (base.term.kind == Term::Kind::constant) {
                base.term.constant = e.kind == ast::ExprKind::add_period ? add_period(static_cast<Day>(base.term.constant), e.period)
                                                                      : subtract_period(static_cast<Day>(base.term.constant), e.period);
                base.term.period_sign = 0;
            }
            return base;
        }
        case ast::ExprKind::path: {
            const std::string full = join(e.path);
            auto fit = set_->fact_ids.find(e.path[0]);
            if (fit == set_->fact_ids.end()) {
                if (e.path.size() == 1 && hint && (hint->type == TermType::enumeration || hint->type == TermType::actor)) {
                    t.type = TermType::name;
                    t.name = e.path[0];
                    return t;
                }
                lookup(set_->fact_ids, ast::Name{e.path[0], e.at}, "fact");
                return TypedTerm{};
            }
            const Fact& f = set_->facts[fit->second];
            int slot = f.first_slot;
            if (f.type == ValueType::record) {
                if (e.path.size() != 2) {
                    report_.error("E102", e.at, "'" + full + "' is a record; name one of its fields, such as '" +
                                                    set_->slots[f.first_slot].path + "'");
                    return TypedTerm{};
                }
                slot = -1;
                for (int s = f.first_slot; s < f.first_slot + f.slot_count; ++s)
                    if (set_->slots[s].path == full) slot = s;
                if (slot < 0) {
                    report_.error("E100", e.at, "record fact '" + f.name + "' has no field '" + e.path[1] + "'");
                    return TypedTerm{};
                }
            } else if (e.path.size() != 1) {
                report_.error("E102", e.at, "fact '" + f.name + "' is not a record; it has no fields");
                return TypedTerm{};
            }
            const Slot& s = set_->slots[slot];
            if (s.type == ValueType::consents) {
                report_.error("E102", e.at, "consents are tested with 'consent' or 'explicit consent', not by name");
                return TypedTerm{};
            }
            t.term.kind = Term::Kind::slot;
            t.term.slot = static_cast<std::uint16_t>(slot);
            t.slot = slot;
            t.type = s.type == ValueType::boolean     ? TermType::boolean
                     : s.type == ValueType::integer   ? TermType::integer
                     : s.type == ValueType::date      ? TermType::date
                     : s.type == ValueType::enumeration ? TermType::enumeration
                                                        : TermType::text_set;
            if (current_rule_) current_rule_->slots_used.push_back(static_cast<std::uint16_t>(slot));
            return t;
        }
        default:
            if (is_boolish(e)) report_.error("E102", e.at, "a condition cannot be compared here; use and/or/not");
            else report_.error("E102", e.at, "not a value");
            return TypedTerm{};
    }
}

int Compiler::enum_index(const Slot& s, const std::string& value, const Location& at) {
    for (std::size_t i = 0; i < s.enum_values.size(); ++i)
        if (s.enum_values[i] == value) return static_cast<int>(i);
    std::string allowed;
    for (const auto& v : s.enum_values) allowed += (allowed.empty() ? "" : ", ") + v;
    report_.error("E110", at, "'" + value + "' is not a value of '" + s.path + "' (" + allowed + ")");
    return -1;
}

int Compiler::compile_compare(const ast::Expr& e) {
    Node n;
    n.at = e.at;
    TypedTerm lhs = compile_term(*e.children[0], nullptr);
    TypedTerm rhs = compile_term(*e.children[1], &lhs);
    if (lhs.type == TermType::invalid || rhs.type == TermType::invalid) return add_node(n);
    const bool equality = e.op == ast::CompareOp::eq || e.op == ast::CompareOp::ne;
    // Enumerations and actors compare with a bare name: turn into a membership test.
    if ((lhs.type == TermType::enumeration || lhs.type == TermType::actor) && (rhs.type == TermType::name)) {
        if (!equality) {
            report_.error("E102", e.at, "'<', '>' do not apply to " + describe(lhs) + "; use = or !=");
            return add_node(n);
        }
        const Mask mask = name_mask(lhs, {ast::Name{rhs.name, rhs.at}});
        Node m = membership_node(lhs, mask, e.at);
        const int id = add_node(m);
        return e.op == ast::CompareOp::ne ? negate(id, e.at) : id;
    }
    if (lhs.type != rhs.type || lhs.type == TermType::text_set || lhs.type == TermType::text ||
        lhs.type == TermType::actor || lhs.type == TermType::name || lhs.type == TermType::enumeration) {
        report_.error("E102", e.at, "cannot compare " + describe(lhs) + " with " + describe(rhs));
        return add_node(n);
    }
    if (lhs.type == TermType::boolean && !equality) {
        report_.error("E102", e.at, "'<', '>' do not apply to a bool; use = or !=");
        return add_node(n);
    }
    n.op = Op::compare;
    n.cmp = e.op;
    n.lhs = lhs.term;
    n.rhs = rhs.term;
    return add_node(n);
}

int Compiler::negate(int child, const Location& at) {
    Node n;
    n.op = Op::negate;
    n.at = at;
    n.first = static_cast<std::uint32_t>(set_->children.size());
    n.count = 1;
    set_->children.push_back(static_cast<std::uint32_t>(child));
    return add_node(n);
}

Mask Compiler::name_mask(const TypedTerm& lhs, const std::vector<ast::Name>& names) {
    Mask mask = 0;
    for (const auto& v : names) {
        if (lhs.type == TermType::actor) {
            const int id = lookup(set_->actor_ids, v, "actor or group");
            if (id >= 0) mask |= set_->actors[id].members;
        } else {
            const int i = enum_index(set_->slots[lhs.slot], v.text, v.at);
            if (i >= 0) mask |= Mask{1} << i;
        }
    }
    return mask;
}

Node Compiler::membership_node(const TypedTerm& lhs, Mask mask, const Location& at) {
    Node m;
    m.at = at;
    m.mask = mask;
    if (lhs.type == TermType::actor) {
        m.op = Op::actor_in;
        m.slot = lhs.is_sender ? 0 : 1;
    } else {
        m.op = Op::enum_in;
        m.slot = static_cast<std::uint16_t>(lhs.slot);
    }
    return m;
}

int Compiler::compile_member(const ast::Expr& e) {
    Node n;
    n.at = e.at;
    TypedTerm lhs = compile_term(*e.children[0], nullptr);
    if (lhs.type == TermType::invalid) return add_node(n);
    if (lhs.type == TermType::enumeration || lhs.type == TermType::actor) {
        return add_node(membership_node(lhs, name_mask(lhs, e.values), e.at));
    }
    if (lhs.type == TermType::integer) {
        // int in [1, 2, 3]: a disjunction of equalities.
        std::vector<std::uint32_t> kids;
        for (const auto& v : e.values) {
            Node eq;
            eq.op = Op::compare;
            eq.at = v.at;
            eq.lhs = lhs.term;
            try {
                eq.rhs.constant = std::stoll(v.text);
            } catch (const std::exception&) {
                report_.error("E102", v.at, "'" + v.text + "' is not an int");
            }
            kids.push_back(static_cast<std::uint32_t>(add_node(eq)));
        }
        n.op = Op::any;
        n.first = static_cast<std::uint32_t>(set_->children.size());
        n.count = static_cast<std::uint32_t>(kids.size());
        set_->children.insert(set_->children.end(), kids.begin(), kids.end());
        return add_node(n);
    }
    if (lhs.type == TermType::text_set) {
        report_.error("E102", e.at, "a list of text is tested with 'contains', not 'in'");
        return add_node(n);
    }
    report_.error("E102", e.at, "'in [...]' applies to an enumeration, an int, sender or recipient, not to " + describe(lhs));
    return add_node(n);
}

int Compiler::compile_contains(const ast::Expr& e) {
    Node n;
    n.at = e.at;
    TypedTerm lhs = compile_term(*e.children[0], nullptr);
    if (lhs.type == TermType::invalid) return add_node(n);
    if (lhs.type != TermType::text_set) {
        report_.error("E102", e.at, "'contains' applies to a list of text, not to " + describe(lhs));
        return add_node(n);
    }
    Slot& s = set_->slots[lhs.slot];
    for (const auto& v : e.values) {
        if (s.articles && !is_article(v.text))
            report_.error("E122", v.at, "'" + v.text + "' is not an article in the contract's notation, which '" + s.path +
                                            "' holds: its number and letter, a lid in parentheses, such as \"141(2)\"");
        auto it = std::find(s.texts.begin(), s.texts.end(), v.text);
        std::size_t bit = static_cast<std::size_t>(it - s.texts.begin());
        if (it == s.texts.end()) {
            if (s.texts.size() >= max_universe) {
                report_.error("E111", v.at, "at most 64 different values of '" + s.path + "' may be mentioned");
                continue;
            }
            s.texts.push_back(v.text);
        }
        n.mask |= Mask{1} << bit;
    }
    n.op = Op::contains_any;
    n.slot = static_cast<std::uint16_t>(lhs.slot);
    return add_node(n);
}

}  // namespace grondslag::checker
