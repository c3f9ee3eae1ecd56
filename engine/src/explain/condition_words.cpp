// A rule's condition in words of the reader's language, with its and/or/not structure: as a clause tree
// (the workbench shows it as nested lists), as one sentence (the register's cell), and one atom at a time
// (explain's lines). It reads the compiled condition, the same nodes the evaluator and the verifier read,
// so the words cannot drift from what is decided; facts, actors, categories and phases are named by their
// labels.
#include "condition_words.hpp"

#include <cctype>
#include <string>
#include <vector>

namespace grondslag {

namespace {

using ir::Op;
using Lang = Language;

const char* pick(Lang lang, const char* nl, const char* en) { return lang == Lang::nl ? nl : en; }

// The label in the language; the name when the policies give none (the register lists missing labels).
std::string label_of(const ir::Label& label, const std::string& name, Lang lang) {
    const std::string& text = lang == Lang::nl ? label.nl : label.en;
    return text.empty() ? name : text;
}

}  // namespace

std::string period_words(Period p, Language lang) {
    const bool one = p.amount == 1;
    const char* nl = p.unit == PeriodUnit::days ? (one ? "dag" : "dagen") : p.unit == PeriodUnit::months ? (one ? "maand" : "maanden") : "jaar";
    const char* en = p.unit == PeriodUnit::days ? (one ? "day" : "days") : p.unit == PeriodUnit::months ? (one ? "month" : "months") : (one ? "year" : "years");
    return std::to_string(p.amount) + " " + pick(lang, nl, en);
}

namespace {

// A label inside a sentence: "Noodzakelijk voor dit doel" becomes "noodzakelijk voor dit doel"; a label that
// starts with an abbreviation ("DJI", "CIZ") keeps its capitals.
std::string inside(std::string label) {
    if (label.size() > 1 && std::isupper(static_cast<unsigned char>(label[0])) && std::islower(static_cast<unsigned char>(label[1])))
        label[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(label[0])));
    return label;
}

std::string spaced(std::string name) {
    for (char& c : name)
        if (c == '_') c = ' ';
    return name;
}

// "a", "a of b", "a, b of c" (Dutch) / "a, b or c".
std::string alternatives(const std::vector<std::string>& items, Lang lang, const char* nl = " of ", const char* en = " or ") {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += i + 1 == items.size() ? pick(lang, nl, en) : ", ";
        out += items[i];
    }
    return out;
}

class Describer {
public:
    Describer(const ir::PolicySet& set, ir::Mask purposes, Lang lang) : set_(set), purposes_(purposes), lang_(lang) {}

    // Node `index` as a clause that holds when the node has the value `want`; a `not` is carried down to the
    // atoms, which have their own negative words, except over a compound (then a negation clause).
    ConditionClause clause(int index, bool want) const {
        const ir::Node& n = set_.nodes[static_cast<std::size_t>(index)];
        if (n.op == Op::negate) return clause(child(n, 0), !want);
        if (n.op == Op::all || n.op == Op::any) {
            if (!want) return {ConditionClause::Kind::negation, {}, {clause(index, true)}};
            ConditionClause c{n.op == Op::all ? ConditionClause::Kind::all : ConditionClause::Kind::any, {}, {}};
            for (std::uint32_t i = 0; i < n.count; ++i) {
                ConditionClause part = clause(child(n, i), true);
                if (part.kind == c.kind) {  // (a and b) and c reads as a and b and c
                    for (auto& p : part.children) c.children.push_back(std::move(p));
                } else {
                    c.children.push_back(std::move(part));
                }
            }
            return c;
        }
        return {ConditionClause::Kind::atom, atom(n, want), {}};
    }

private:
    const ir::PolicySet& set_;
    ir::Mask purposes_;  // the rule's purposes: their phases are named first
    Lang lang_;

    int child(const ir::Node& n, std::uint32_t i) const { return static_cast<int>(set_.children[n.first + i]); }

    // A fact, or a field of a record fact ("veroordeling: soort"); the request's phase is "de fase".
    std::string slot_noun(std::uint16_t slot) const {
        const ir::Slot& s = set_.slots[slot];
        if (static_cast<int>(slot) == set_.phase_slot) return pick(lang_, "de fase", "the phase");
        if (s.fact < 0) return s.path;
        const ir::Fact& f = set_.facts[static_cast<std::size_t>(s.fact)];
        const std::string label = inside(label_of(f.label, f.name, lang_));
        if (f.type != ir::ValueType::record) return label;
        const auto dot = s.path.find('.');
        return label + ": " + spaced(dot == std::string::npos ? s.path : s.path.substr(dot + 1));
    }

    std::string enum_value(std::uint16_t slot, std::size_t value) const {
        const ir::Slot& s = set_.slots[slot];
        const std::string& name = s.enum_values[value];
        // A phase by its label in the rule's own purposes first: purposes may name their phases alike.
        if (static_cast<int>(slot) == set_.phase_slot)
            for (const bool own : {true, false})
                for (std::size_t p = 0; p < set_.purposes.size(); ++p)
                    if (((purposes_ >> p & 1) != 0) == own)
                        for (const ir::Phase& ph : set_.purposes[p].phases)
                            if (ph.name == name) return inside(label_of(ph.label, ph.name, lang_));
        return spaced(name);
    }

    std::vector<std::string> enum_values(std::uint16_t slot, ir::Mask mask) const {
        std::vector<std::string> out;
        const auto& values = set_.slots[slot].enum_values;
        for (std::size_t v = 0; v < values.size() && v < 64; ++v)
            if (mask >> v & 1) out.push_back(enum_value(slot, v));
        return out;
    }

    // "is a", "is a of b" / "is geen van: a, b"; "is niet a".
    std::string is_one_of(const std::vector<std::string>& values, bool want) const {
        if (want) return pick(lang_, "is ", "is ") + alternatives(values, lang_);
        if (values.size() == 1) return pick(lang_, "is niet ", "is not ") + values.front();
        return pick(lang_, "is geen van: ", "is none of: ") + alternatives(values, lang_, " en ", " and ");
    }

    bool date_term(const ir::Term& t, const ir::Term& other) const {
        auto is_date = [&](const ir::Term& x) {
            return x.kind == ir::Term::Kind::request_date || (x.kind == ir::Term::Kind::slot && set_.slots[x.slot].type == ir::ValueType::date);
        };
        return is_date(t) || is_date(other);
    }

    std::string term(const ir::Term& t, const ir::Term& other) const {
        std::string s;
        switch (t.kind) {
            case ir::Term::Kind::request_date: s = pick(lang_, "de datum van het verzoek", "the request date"); break;
            case ir::Term::Kind::slot: s = slot_noun(t.slot); break;
            case ir::Term::Kind::constant:
                if (date_term(t, other)) s = format_date(static_cast<Day>(t.constant));
                else if (other.kind == ir::Term::Kind::slot && set_.slots[other.slot].type == ir::ValueType::boolean)
                    s = t.constant ? pick(lang_, "ja", "yes") : pick(lang_, "nee", "no");
                else s = std::to_string(t.constant);
                break;
        }
        if (t.period_sign != 0) s += (t.period_sign > 0 ? pick(lang_, " plus ", " plus ") : pick(lang_, " min ", " minus ")) + period_words(t.period, lang_);
        return s;
    }

    std::string relation(ast::CompareOp op, bool dates) const {
        switch (op) {
            case ast::CompareOp::eq: return pick(lang_, "is", "is");
            case ast::CompareOp::ne: return pick(lang_, "is niet", "is not");
            case ast::CompareOp::lt: return dates ? pick(lang_, "ligt vóór", "is before") : pick(lang_, "is minder dan", "is less than");
            case ast::CompareOp::le: return dates ? pick(lang_, "ligt op of vóór", "is on or before") : pick(lang_, "is ten hoogste", "is at most");
            case ast::CompareOp::gt: return dates ? pick(lang_, "ligt na", "is after") : pick(lang_, "is meer dan", "is more than");
            case ast::CompareOp::ge: return dates ? pick(lang_, "ligt op of na", "is on or after") : pick(lang_, "is ten minste", "is at least");
        }
        return "?";
    }

    std::string actors(ir::Mask mask) const {
        std::vector<std::string> names;
        for (int a : ir::actors_compressed(set_, mask)) {
            const ir::Actor& actor = set_.actors[static_cast<std::size_t>(a)];
            names.push_back(label_of(actor.label, actor.name, lang_));
        }
        return alternatives(names, lang_);
    }

    std::string texts(std::uint16_t slot, ir::Mask mask) const {
        std::vector<std::string> out;
        const auto& all = set_.slots[slot].texts;
        for (std::size_t i = 0; i < all.size() && i < 64; ++i)
            if (mask >> i & 1) out.push_back(all[i]);
        return alternatives(out, lang_);
    }

    std::string atom(const ir::Node& n, bool want) const {
        switch (n.op) {
            case Op::constant: return (n.mask != 0) == want ? pick(lang_, "altijd", "always") : pick(lang_, "nooit", "never");
            case Op::fact_true: return want ? slot_noun(n.slot) : pick(lang_, "niet ", "not ") + slot_noun(n.slot);
            case Op::compare: {
                const ast::CompareOp op = want ? n.cmp : ast::negated(n.cmp);
                return term(n.lhs, n.rhs) + " " + relation(op, date_term(n.lhs, n.rhs)) + " " + term(n.rhs, n.lhs);
            }
            case Op::enum_in: return slot_noun(n.slot) + " " + is_one_of(enum_values(n.slot, n.mask), want);
            case Op::actor_in: {
                const std::string side = n.slot == 0 ? pick(lang_, "de verstrekker", "the sender") : pick(lang_, "de ontvanger", "the recipient");
                return side + (want ? pick(lang_, " is ", " is ") : pick(lang_, " is niet ", " is not ")) + actors(n.mask);
            }
            case Op::contains_any:
                return slot_noun(n.slot) + (want ? pick(lang_, " bevat ", " contains ") : pick(lang_, " bevat geen van: ", " contains none of: ")) +
                       texts(n.slot, n.mask);
            case Op::consent: {
                std::string what = pick(lang_, "deze gegevens", "these data");
                if (n.category >= 0) {
                    const ir::Category& c = set_.categories[static_cast<std::size_t>(n.category)];
                    what = inside(label_of(c.label, c.name, lang_));
                }
                const char* nl = n.explicit_consent ? "uitdrukkelijke toestemming van de betrokkene voor " : "toestemming van de betrokkene voor ";
                const char* en = n.explicit_consent ? "explicit consent of the data subject for " : "consent of the data subject for ";
                return (want ? std::string() : std::string(pick(lang_, "geen ", "no "))) + pick(lang_, nl, en) + what;
            }
            case Op::known:
                return slot_noun(n.slot) + (want ? pick(lang_, " is opgegeven", " is given") : pick(lang_, " is niet opgegeven", " is not given"));
            case Op::all:
            case Op::any:
            case Op::negate: break;
        }
        return "?";
    }
};

void sentence_of(const ConditionClause& c, Lang lang, bool nested, std::string& out) {
    switch (c.kind) {
        case ConditionClause::Kind::atom: out += c.text; return;
        case ConditionClause::Kind::negation:
            out += pick(lang, "niet (", "not (");
            sentence_of(c.children.front(), lang, false, out);
            out += ")";
            return;
        case ConditionClause::Kind::all:
        case ConditionClause::Kind::any: {
            if (nested) out += "(";
            const bool all = c.kind == ConditionClause::Kind::all;
            std::vector<std::string> parts;
            bool commas = false;  // a part with its own commas: the parts are then set apart by semicolons
            for (const auto& child : c.children) {
                parts.emplace_back();
                sentence_of(child, lang, true, parts.back());
                commas = commas || parts.back().find(',') != std::string::npos;
            }
            const std::string last = std::string(commas ? ";" : "") + (all ? pick(lang, " en ", " and ") : pick(lang, " of ", " or "));
            for (std::size_t i = 0; i < parts.size(); ++i) {
                if (i) out += i + 1 == parts.size() ? last : (commas ? "; " : ", ");
                out += parts[i];
            }
            if (nested) out += ")";
            return;
        }
    }
}

}  // namespace

std::optional<ConditionClause> condition_clause(const ir::PolicySet& set, const ir::Rule& rule, Language lang) {
    if (rule.condition < 0) return std::nullopt;
    return Describer(set, rule.purposes, lang).clause(rule.condition, true);
}

std::string condition_words(const ir::PolicySet& set, ir::Mask purposes, int node, bool want, Language lang) {
    std::string out;
    sentence_of(Describer(set, purposes, lang).clause(node, want), lang, false, out);
    return out;
}

std::string condition_sentence(const ConditionClause& clause, Language lang) {
    std::string out;
    sentence_of(clause, lang, false, out);
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out + ".";
}

}  // namespace grondslag
