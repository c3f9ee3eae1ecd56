// Rules by content: a rule written out by names, independent of the ids a compilation gave, so that
// the rules both sets hold unchanged (or only renamed) are paired and left out of the comparison,
// and answers that show the same provision, bases, obligations and citations count as alike.
#include "differ.hpp"

#include <algorithm>
#include <functional>
#include <map>

namespace grondslag::diffing {

namespace {

// The names in a mask, sorted; only those `keep` accepts (the names both sets know: a request with
// any other name is rejected by one set and compared on its own, see Differ::boxes).
template <class Keep>
std::string mask_names(ir::Mask m, const std::vector<std::string>& names, Keep keep) {
    std::vector<std::string> v;
    for (std::size_t i = 0; i < names.size() && i < ir::max_universe; ++i)
        if ((m >> i & 1) && keep(names[i])) v.push_back(names[i]);
    std::sort(v.begin(), v.end());
    std::string out = "{";
    for (const auto& s : v) out += s + ",";
    return out + "}";
}

const char* type_name(ir::ValueType t) {
    switch (t) {
        case ir::ValueType::boolean: return "bool";
        case ir::ValueType::integer: return "int";
        case ir::ValueType::date: return "date";
        case ir::ValueType::enumeration: return "enum";
        case ir::ValueType::text_set: return "texts";
        case ir::ValueType::consents: return "consents";
        case ir::ValueType::record: return "record";
    }
    return "?";
}

// ---- rules by content -----------------------------------------------------------------------

// A rule written out by names, independent of the ids a compilation gave: two rules with the same
// text here apply to the same requests and answer the same way.
class Canon {
public:
    // `other`: the set compared with; names it does not know are left out of masks.
    Canon(const ir::PolicySet& set, const ir::PolicySet& other)
        : set_(set), other_(other), actors_(names_of(set.actors)), categories_(names_of(set.categories)), purposes_(names_of(set.purposes)) {}

    // Everything a rule does except its own id; exceptions name their rules through `rule_name`.
    template <class RuleName>
    std::string content(int index, RuleName rule_name) const {
        const ir::Rule& r = set_.rules[static_cast<std::size_t>(index)];
        std::string s = r.effect == ir::Effect::permit ? "permit" : "forbid";
        s += "|" + (r.provision >= 0 ? set_.provisions[static_cast<std::size_t>(r.provision)].id : std::string());
        auto actor = [&](const std::string& n) { return other_.actor_ids.count(n) > 0; };
        s += "|" + mask_names(r.categories, categories_, [&](const std::string& n) { return other_.category_ids.count(n) > 0; }) +
             mask_names(r.senders, actors_, actor) + mask_names(r.recipients, actors_, actor) +
             mask_names(r.purposes, purposes_, [&](const std::string& n) { return other_.purpose_ids.count(n) > 0; });
        s += "|" + std::to_string(r.from) + ".." + std::to_string(r.until);
        s += "|" + (r.condition < 0 ? std::string("always") : node(r.condition));
        s += "|except";
        std::vector<std::string> ex;
        for (int e : r.excepts) ex.push_back(rule_name(e));
        std::sort(ex.begin(), ex.end());
        for (const auto& e : ex) s += " " + e;
        s += r.prevails ? "|prevails" : "|";
        s += "|" + answer(index);
        return s;
    }

    // What the answer of a deciding rule shows besides its id: provision, bases, obligations, citations.
    std::string answer(int index) const {
        const ir::Rule& r = set_.rules[static_cast<std::size_t>(index)];
        std::string s = r.effect == ir::Effect::permit ? "permit|" : "forbid|";
        if (r.provision >= 0) s += set_.provisions[static_cast<std::size_t>(r.provision)].id;
        for (int b : r.bases) s += "|basis " + set_.bases[static_cast<std::size_t>(b)].id;
        for (const auto& o : r.obligations) s += "|" + ir::obligation_clause(set_, o);
        for (const auto& c : r.citations) s += "|cite " + c;
        return s;
    }

private:
    const ir::PolicySet& set_;
    const ir::PolicySet& other_;
    std::vector<std::string> actors_, categories_, purposes_;

    // An enum value or text the other set's slot of the same path and type also knows.
    std::function<bool(const std::string&)> known_value(std::uint16_t slot, bool texts) const {
        const ir::Slot& mine = set_.slots[slot];
        for (const ir::Slot& s : other_.slots)
            if (s.path == mine.path && s.type == mine.type) {
                const std::vector<std::string>& values = texts ? s.texts : s.enum_values;
                return [&values, texts](const std::string& v) {
                    return texts || std::find(values.begin(), values.end(), v) != values.end();
                };
            }
        return [](const std::string&) { return true; };
    }

    std::string slot(std::uint16_t i) const {
        const ir::Slot& s = set_.slots[i];
        return "$" + s.path + ":" + type_name(s.type);
    }
    std::string term(const ir::Term& t) const {
        std::string s;
        switch (t.kind) {
            case ir::Term::Kind::slot: s = slot(t.slot); break;
            case ir::Term::Kind::request_date: s = "date"; break;
            case ir::Term::Kind::constant: s = std::to_string(t.constant); break;
        }
        if (t.period_sign != 0)
            s += (t.period_sign > 0 ? "+" : "-") + std::to_string(t.period.amount) + "u" +
                 std::to_string(static_cast<int>(t.period.unit));
        return s;
    }
    std::string node(int index) const {
        const ir::Node& n = set_.nodes[static_cast<std::size_t>(index)];
        auto children = [&](const char* op) {
            std::string s = std::string("(") + op;
            for (std::uint32_t k = 0; k < n.count; ++k) s += " " + node(static_cast<int>(set_.children[n.first + k]));
            return s + ")";
        };
        switch (n.op) {
            case ir::Op::constant: return n.mask != 0 ? "true" : "false";
            case ir::Op::all: return children("and");
            case ir::Op::any: return children("or");
            case ir::Op::negate: return children("not");
            case ir::Op::fact_true: return "(is " + slot(n.slot) + ")";
            case ir::Op::compare:
                return "(cmp" + std::to_string(static_cast<int>(n.cmp)) + " " + term(n.lhs) + " " + term(n.rhs) + ")";
            case ir::Op::enum_in:
                return "(in " + slot(n.slot) + " " + mask_names(n.mask, set_.slots[n.slot].enum_values, known_value(n.slot, false)) + ")";
            case ir::Op::actor_in:
                return std::string("(actor ") + (n.slot == 0 ? "sender " : "recipient ") +
                       mask_names(n.mask, actors_, [&](const std::string& a) { return other_.actor_ids.count(a) > 0; }) + ")";
            case ir::Op::contains_any:
                return "(contains " + slot(n.slot) + " " + mask_names(n.mask, set_.slots[n.slot].texts, known_value(n.slot, true)) + ")";
            case ir::Op::consent:
                return std::string("(consent ") + (n.explicit_consent ? "explicit " : "") + slot(n.slot) + " " +
                       (n.category < 0 ? std::string("item") : categories_[static_cast<std::size_t>(n.category)]) + ")";
            case ir::Op::known: return "(known " + slot(n.slot) + ")";
        }
        return "?";
    }
};

}  // namespace

void Differ::match_rules() {
    const Canon co(old_, new_), cn(new_, old_);
    auto raw_old = [&](int e) { return old_.rules[static_cast<std::size_t>(e)].id; };
    auto raw_new = [&](int e) { return new_.rules[static_cast<std::size_t>(e)].id; };
    std::vector<std::string> canonical_new(new_.rules.size());
    for (std::size_t i = 0; i < new_.rules.size(); ++i) canonical_new[i] = new_.rules[i].id;
    // Renames: a rule whose id is gone, and a new id with exactly its content.
    std::vector<char> taken(new_.rules.size(), 0);
    for (std::size_t i = 0; i < old_.rules.size(); ++i) {
        if (new_.rule_ids.count(old_.rules[i].id)) continue;
        const std::string c = co.content(static_cast<int>(i), raw_old);
        bool renamed = false;
        for (std::size_t k = 0; k < new_.rules.size() && !renamed; ++k) {
            if (taken[k] || old_.rule_ids.count(new_.rules[k].id)) continue;
            if (cn.content(static_cast<int>(k), raw_new) != c) continue;
            taken[k] = 1;
            canonical_new[k] = old_.rules[i].id;
            report_.renamed.emplace_back(old_.rules[i].id, new_.rules[k].id);
            renamed = true;
        }
        if (!renamed) report_.removed_rules.push_back(old_.rules[i].id);
    }
    for (std::size_t k = 0; k < new_.rules.size(); ++k)
        if (!taken[k] && !old_.rule_ids.count(new_.rules[k].id)) report_.added_rules.push_back(new_.rules[k].id);

    auto name_new = [&](int e) { return canonical_new[static_cast<std::size_t>(e)]; };
    std::map<std::string, int> new_by_content;
    for (std::size_t k = 0; k < new_.rules.size(); ++k)
        new_by_content[canonical_new[k] + "#" + cn.content(static_cast<int>(k), name_new)] = static_cast<int>(k);
    std::vector<char> paired_new(new_.rules.size(), 0);
    int last_partner = -1;
    for (std::size_t i = 0; i < old_.rules.size(); ++i) {
        auto it = new_by_content.find(old_.rules[i].id + "#" + co.content(static_cast<int>(i), raw_old));
        if (it == new_by_content.end()) {
            changed_old_.push_back(static_cast<int>(i));
            if (new_.rule_ids.count(old_.rules[i].id)) report_.edited_rules.push_back(old_.rules[i].id);
            continue;
        }
        paired_new[static_cast<std::size_t>(it->second)] = 1;
        // The evaluator lets the first applicable permit win: the unchanged rules must keep their order.
        if (it->second < last_partner) same_order_ = false;
        last_partner = it->second;
    }
    for (std::size_t k = 0; k < new_.rules.size(); ++k)
        if (!paired_new[k]) changed_new_.push_back(static_cast<int>(k));

    // Classes of answers: the same (canonical) rule giving the same provision, bases, obligations
    // and citations answers alike on both sides.
    std::map<std::string, int> classes;
    auto class_of = [&](const std::string& key) {
        auto [it, fresh] = classes.emplace(key, static_cast<int>(classes.size()));
        return it->second;
    };
    for (std::size_t i = 0; i < old_.rules.size(); ++i) class_old_.push_back(class_of(old_.rules[i].id + "#" + co.answer(static_cast<int>(i))));
    for (std::size_t k = 0; k < new_.rules.size(); ++k) class_new_.push_back(class_of(canonical_new[k] + "#" + cn.answer(static_cast<int>(k))));
}

}  // namespace grondslag::diffing
