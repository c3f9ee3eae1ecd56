// grondslag diff: the two compiled sets encoded side by side (encoding.hpp's Encoding, once per set,
// with its own variable prefix) over shared request variables, and the cells in which their per-item
// decisions differ enumerated with Z3 until none is left. docs/ci.md explains the output.
#include "grondslag/diff.hpp"

#include <z3++.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

#include "encoding.hpp"
#include "policies_access.hpp"

namespace grondslag {

namespace {

using nlohmann::json;
using verifier::Encoding;

// ---- names shared by the two sets -----------------------------------------------------------

// A joint name space over two lists of names: joint index -> index in each set (-1: unknown there).
struct JointNames {
    std::vector<std::string> names;
    std::vector<int> in_old, in_new;
};

JointNames join_names(const std::vector<std::string>& o, const std::vector<std::string>& n) {
    JointNames j;
    std::map<std::string, int> old_index;
    for (std::size_t i = 0; i < o.size(); ++i) old_index[o[i]] = static_cast<int>(i);
    for (std::size_t i = 0; i < n.size(); ++i) {
        j.names.push_back(n[i]);
        auto it = old_index.find(n[i]);
        j.in_old.push_back(it == old_index.end() ? -1 : it->second);
        j.in_new.push_back(static_cast<int>(i));
    }
    std::set<std::string> in_new(n.begin(), n.end());
    for (std::size_t i = 0; i < o.size(); ++i)
        if (!in_new.count(o[i])) {
            j.names.push_back(o[i]);
            j.in_old.push_back(static_cast<int>(i));
            j.in_new.push_back(-1);
        }
    return j;
}

template <class T>
std::vector<std::string> names_of(const std::vector<T>& v) {
    std::vector<std::string> out;
    for (const auto& x : v) out.push_back(x.name);
    return out;
}

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
        for (const auto& o : r.obligations) s += "|" + obligation_text(set_, o);
        for (const auto& c : r.citations) s += "|cite " + c;
        return s;
    }

    static std::string obligation_text(const ir::PolicySet& set, const ir::Obligation& o) {
        static const char* units[] = {"days", "months", "years"};
        switch (o.kind) {
            case ast::ObligationKind::retain:
                return "retain " + std::to_string(o.period.amount) + " " + units[static_cast<int>(o.period.unit)];
            case ast::ObligationKind::log:
                return "log " + std::to_string(o.period.amount) + " " + units[static_cast<int>(o.period.unit)];
            case ast::ObligationKind::notify:
                return "notify " + (o.actor >= 0 ? set.actors[static_cast<std::size_t>(o.actor)].name : std::string("?"));
            case ast::ObligationKind::secrecy:
                return "secrecy under " +
                       (o.provision >= 0 ? set.provisions[static_cast<std::size_t>(o.provision)].id : std::string("?"));
        }
        return "?";
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

// ---- the comparison -------------------------------------------------------------------------

class Differ {
public:
    Differ(const Policies& o, const Policies& n, const DiffOptions& options, DiffReport& report)
        : old_p_(o), new_p_(n), old_(compiled_form(o)), new_(compiled_form(n)), options_(options), report_(report),
          eo_(ctx_, old_, "o!"), en_(ctx_, new_, same_vocabulary(old_, new_) ? "o!" : "n!"), solver_(ctx_), err_old_(ctx_.bool_val(false)),
          err_new_(ctx_.bool_val(false)),
          cells_{ctx_.int_const("sender"), ctx_.int_const("recipient"), ctx_.int_const("purpose"), ctx_.int_const("category")} {
        z3::set_param("memory_max_size", static_cast<int>(options.memory_mb));
        z3::params p(ctx_);
        p.set("timeout", options.timeout_ms);
        solver_.set(p);
    }

    void run() {
        match_rules();
        link_requests();
        enumerate();
    }

private:
    // Both sets name the same actors, purposes and categories in the same order, and every fact they
    // share has the same type and values: then both encodings use the same variables, so the rules
    // that did not change become the same Z3 terms on both sides and only the changed ones are
    // compared (the links below are then trivially true).
    static bool same_vocabulary(const ir::PolicySet& o, const ir::PolicySet& n) {
        if (names_of(o.actors) != names_of(n.actors) || names_of(o.purposes) != names_of(n.purposes) ||
            names_of(o.categories) != names_of(n.categories))
            return false;
        for (const ir::Slot& a : o.slots)
            for (const ir::Slot& b : n.slots)
                if (a.path == b.path && (a.type != b.type || a.enum_values != b.enum_values)) return false;
        return true;
    }

    const Policies& old_p_;
    const Policies& new_p_;
    const ir::PolicySet& old_;
    const ir::PolicySet& new_;
    const DiffOptions& options_;
    DiffReport& report_;
    z3::context ctx_;
    Encoding eo_, en_;
    z3::solver solver_;
    z3::expr err_old_, err_new_;        // the set's decoder rejects the request (a deny without rule)
    std::vector<z3::expr> cells_;       // joint sender, recipient, purpose, category
    JointNames joint_[4];
    std::vector<int> class_old_, class_new_;
    std::vector<int> changed_old_, changed_new_;
    bool same_order_ = true;

    // Rules paired by content; renamed rules found; the rules without an identical partner are the
    // only ones that can make a difference (when the unchanged rules keep their order).
    void match_rules() {
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

    // joint == j ties each set's own variable to that name's index there; a name a set does not know
    // is a decoding error in that set. Returns the error condition per side.
    std::pair<z3::expr, z3::expr> link_index(const z3::expr& joint, const JointNames& names, const z3::expr& o, const z3::expr& n) {
        z3::expr_vector err_o(ctx_), err_n(ctx_);
        z3::expr_vector tie(ctx_);
        tie.push_back(joint >= 0 && joint < static_cast<int>(names.names.size()));
        for (std::size_t j = 0; j < names.names.size(); ++j) {
            const z3::expr is = joint == static_cast<int>(j);
            if (names.in_old[j] >= 0) tie.push_back(z3::implies(is, o == names.in_old[j]));
            else err_o.push_back(is);
            if (names.in_new[j] >= 0) tie.push_back(z3::implies(is, n == names.in_new[j]));
            else err_n.push_back(is);
        }
        link(z3::mk_and(tie));
        return {z3::mk_or(err_o), z3::mk_or(err_n)};
    }

    void link_requests() {
        z3::expr_vector eo(ctx_), en(ctx_);
        auto add = [&](const std::pair<z3::expr, z3::expr>& e) {
            eo.push_back(e.first);
            en.push_back(e.second);
        };
        link(eo_.date == en_.date);
        joint_[0] = join_names(names_of(old_.actors), names_of(new_.actors));
        joint_[1] = joint_[0];
        joint_[2] = join_names(names_of(old_.purposes), names_of(new_.purposes));
        joint_[3] = join_names(names_of(old_.categories), names_of(new_.categories));
        add(link_index(cells_[0], joint_[0], eo_.sender, en_.sender));
        add(link_index(cells_[1], joint_[1], eo_.recipient, en_.recipient));
        add(link_index(cells_[2], joint_[2], eo_.purpose, en_.purpose));
        add(link_index(cells_[3], joint_[3], eo_.category, en_.category));

        // Facts, slot by slot (a record's fields are slots "fact.field").
        std::map<std::string, int> new_slots;
        for (std::size_t k = 0; k < new_.slots.size(); ++k) new_slots[new_.slots[k].path] = static_cast<int>(k);
        std::set<std::string> old_paths;
        for (std::size_t i = 0; i < old_.slots.size(); ++i) {
            const ir::Slot& so = old_.slots[i];
            old_paths.insert(so.path);
            auto it = new_slots.find(so.path);
            if (it == new_slots.end()) {
                en.push_back(eo_.given[i]);  // the other set has no such fact or field: its decoder rejects it
                continue;
            }
            const std::size_t k = static_cast<std::size_t>(it->second);
            const ir::Slot& sn = new_.slots[k];
            link(eo_.given[i] == en_.given[k]);
            if (so.type != sn.type) {
                // A value of one type is not a value of the other: at most one set accepts it.
                const z3::expr old_accepts = ctx_.bool_const(("accepts!" + so.path).c_str());
                eo.push_back(eo_.given[i] && !old_accepts);
                en.push_back(en_.given[k] && old_accepts);
                continue;
            }
            switch (so.type) {
                case ir::ValueType::enumeration:
                    if (so.enum_values == sn.enum_values) {
                        link(eo_.value[i] == en_.value[k]);
                    } else {
                        const JointNames values = join_names(so.enum_values, sn.enum_values);
                        const z3::expr joint = ctx_.int_const(("enum!" + so.path).c_str());
                        auto [bad_o, bad_n] = link_index(joint, values, eo_.value[i], en_.value[k]);
                        eo.push_back(eo_.given[i] && bad_o);
                        en.push_back(en_.given[k] && bad_n);
                    }
                    break;
                case ir::ValueType::text_set:
                    for (std::size_t b = 0; b < so.texts.size(); ++b)
                        for (std::size_t c = 0; c < sn.texts.size(); ++c)
                            if (so.texts[b] == sn.texts[c]) link(eo_.text_bits[i][b] == en_.text_bits[k][c]);
                    break;
                default: link(eo_.value[i] == en_.value[k]); break;
            }
        }
        for (std::size_t k = 0; k < new_.slots.size(); ++k)
            if (!old_paths.count(new_.slots[k].path)) eo.push_back(en_.given[k]);

        // Consents, by category name. A consent record for a category one set does not know is
        // modelled as rejected by that set only when the consent is active (docs/ci.md, limits).
        const JointNames& cats = joint_[3];
        const z3::expr old_consents_given = consent_given(eo_, old_), new_consents_given = consent_given(en_, new_);
        for (std::size_t j = 0; j < cats.names.size(); ++j) {
            const int io = cats.in_old[j], in = cats.in_new[j];
            if (io >= 0 && in >= 0) {
                link(eo_.active[io] == en_.active[in]);
                link(eo_.explicit_active[io] == en_.explicit_active[in]);
            } else if (io >= 0) {
                en.push_back(old_consents_given && eo_.active[io]);
            } else {
                eo.push_back(new_consents_given && en_.active[in]);
            }
        }
        err_old_ = z3::mk_or(eo);
        err_new_ = z3::mk_or(en);
    }

    // Constraints tying the two sets' request variables together, asserted only where their
    // variables occur (as the verifier asserts only the parts of the domain that matter).
    std::vector<z3::expr> links_;
    std::vector<std::vector<unsigned>> link_vars_;
    void link(const z3::expr& e) {
        std::unordered_set<unsigned> seen;
        std::vector<unsigned> vars;
        Encoding::constants(e, seen, vars);
        links_.push_back(e);
        link_vars_.push_back(std::move(vars));
    }
    // The links and domain parts that constrain the variables of `exprs`, closed under shared variables
    // (a civil date's parts bring its value, whose link brings the other set's value, and so on).
    z3::expr support(std::vector<z3::expr> exprs) {
        std::unordered_set<unsigned> seen, vars;
        std::vector<char> used(links_.size(), 0);
        for (bool grew = true; grew;) {
            grew = false;
            std::vector<z3::expr> all = exprs;
            all.push_back(eo_.domain_of(exprs));
            all.push_back(en_.domain_of(exprs));
            std::vector<unsigned> found;
            for (const auto& e : all) Encoding::constants(e, seen, found);
            vars.insert(found.begin(), found.end());
            for (std::size_t k = 0; k < links_.size(); ++k) {
                if (used[k]) continue;
                bool touches = false;
                for (unsigned v : link_vars_[k]) touches |= vars.count(v) > 0;
                if (!touches) continue;
                used[k] = 1;
                grew = true;
                exprs.push_back(links_[k]);
            }
        }
        z3::expr_vector out(ctx_);
        for (std::size_t k = 0; k < links_.size(); ++k)
            if (used[k]) out.push_back(links_[k]);
        out.push_back(eo_.domain_of(exprs));
        out.push_back(en_.domain_of(exprs));
        return z3::mk_and(out);
    }

    z3::expr consent_given(const Encoding& e, const ir::PolicySet& set) {
        if (set.consent_fact < 0) return ctx_.bool_val(false);
        return e.given[static_cast<std::size_t>(set.facts[static_cast<std::size_t>(set.consent_fact)].first_slot)];
    }

    // The answer's class over the rules of a slice: -1 a deny without rule, else the deciding rule's class.
    z3::expr class_term(const Encoding::Decision& d, const std::vector<int>& rules, const std::vector<int>& classes) {
        z3::expr out = ctx_.int_val(-1);
        for (int i : rules) out = z3::ite(d.decided == i, ctx_.int_val(classes[static_cast<std::size_t>(i)]), out);
        return out;
    }

    // A box of requests in joint names: the cells and dates of one changed rule, or everything.
    struct Box {
        ir::Mask cells[4] = {~ir::Mask{0}, ~ir::Mask{0}, ~ir::Mask{0}, ~ir::Mask{0}};
        Day from = ir::far_past, until = ir::far_future;
        bool sliced = true;   // only the rules that can apply in the box are encoded
        int rejected_by = 0;  // 1, 2: only the requests the old (new) set's decoder rejects and the other accepts
    };

    static ir::Mask to_joint(ir::Mask m, const JointNames& j, bool old_side) {
        ir::Mask out = 0;
        for (std::size_t k = 0; k < j.names.size(); ++k) {
            const int i = old_side ? j.in_old[k] : j.in_new[k];
            if (i >= 0 && (m >> i & 1)) out |= ir::Mask{1} << k;
        }
        return out;
    }
    static ir::Mask from_joint(ir::Mask m, const JointNames& j, bool old_side) {
        ir::Mask out = 0;
        for (std::size_t k = 0; k < j.names.size(); ++k) {
            const int i = old_side ? j.in_old[k] : j.in_new[k];
            if (i >= 0 && (m >> k & 1)) out |= ir::Mask{1} << i;
        }
        return out;
    }
    Encoding::Region side_region(const Box& b, bool old_side) const {
        Encoding::Region g;
        g.senders = from_joint(b.cells[0], joint_[0], old_side);
        g.recipients = from_joint(b.cells[1], joint_[1], old_side);
        g.purposes = from_joint(b.cells[2], joint_[2], old_side);
        g.categories = from_joint(b.cells[3], joint_[3], old_side);
        g.from = b.from;
        g.until = b.until;
        return g;
    }

    // Where the two sets can decide differently. Outside every changed rule's cells and dates only
    // unchanged rules apply, in the same order, so both sets decide alike there (docs/ci.md); a name
    // one set does not know is a deny there, so those requests are searched as a whole.
    std::vector<Box> boxes() const {
        bool fits = true;
        for (const auto& j : joint_) fits &= j.names.size() <= ir::max_universe;
        if (!same_order_ || !fits) return {Box{.sliced = false}};
        std::vector<Box> out;
        auto add = [&](const ir::Rule& r, bool old_side) {
            Box b;
            b.cells[0] = to_joint(r.senders, joint_[0], old_side);
            b.cells[1] = to_joint(r.recipients, joint_[1], old_side);
            b.cells[2] = to_joint(r.purposes, joint_[2], old_side);
            b.cells[3] = to_joint(r.categories, joint_[3], old_side);
            b.from = r.from;
            b.until = r.until;
            out.push_back(b);
        };
        for (int r : changed_old_) add(old_.rules[static_cast<std::size_t>(r)], true);
        for (int r : changed_new_) add(new_.rules[static_cast<std::size_t>(r)], false);
        // A request one set rejects changes only where the other permits: the cells of its permits.
        if (!(err_old_.simplify().is_false() && err_new_.simplify().is_false())) {
            for (std::size_t r = 0; r < new_.rules.size(); ++r)
                if (new_.rules[r].effect == ir::Effect::permit) {
                    add(new_.rules[r], false);
                    out.back().rejected_by = 1;
                }
            for (std::size_t r = 0; r < old_.rules.size(); ++r)
                if (old_.rules[r].effect == ir::Effect::permit) {
                    add(old_.rules[r], true);
                    out.back().rejected_by = 2;
                }
        }
        return out;
    }

    DiffSide side(const ir::PolicySet& set, const z3::model& m, const Encoding::Decision& d, const z3::expr& err) {
        DiffSide s;
        const bool rejected = m.eval(err, true).is_true();
        const std::int64_t w = m.eval(d.winner, true).get_numeral_int64();
        const std::int64_t r = rejected ? -1 : m.eval(d.decided, true).get_numeral_int64();
        s.decision = !rejected && w >= 0 ? "permit" : "deny";
        if (r < 0) return s;
        const ir::Rule& rule = set.rules[static_cast<std::size_t>(r)];
        s.rule = rule.id;
        if (rule.provision >= 0) s.provision = set.provisions[static_cast<std::size_t>(rule.provision)].id;
        for (int b : rule.bases) s.bases.push_back(set.bases[static_cast<std::size_t>(b)].id);
        for (const auto& o : rule.obligations) s.obligations.push_back(Canon::obligation_text(set, o));
        s.at.id = rule.id;
        if (rule.at.file) s.at.file = rule.at.file->path;
        s.at.line = rule.at.line;
        s.at.column = rule.at.column;
        return s;
    }

    static void merge_facts(json& into, const json& from) {
        for (auto it = from.begin(); it != from.end(); ++it) {
            if (!into.contains(it.key())) {
                into[it.key()] = it.value();
                continue;
            }
            json& mine = into[it.key()];
            if (mine.is_object() && it.value().is_object()) {
                for (auto f = it.value().begin(); f != it.value().end(); ++f)
                    if (!mine.contains(f.key())) mine[f.key()] = f.value();
            } else if (mine.is_array() && it.value().is_array()) {
                for (const auto& x : it.value()) {
                    bool present = false;
                    for (const auto& y : mine)
                        present |= y == x || (x.is_object() && y.is_object() && x.value("categorie", "") == y.value("categorie", ""));
                    if (!present) mine.push_back(x);
                }
            }
        }
    }

    std::string cell_name(const z3::model& m, int which) {
        const std::int64_t j = m.eval(cells_[static_cast<std::size_t>(which)], true).get_numeral_int64();
        return joint_[which].names.at(static_cast<std::size_t>(j));
    }

    bool reproduces(Decider& decider, const json& witness, const DiffSide& expected) {
        std::string out;
        decider.decide_json(witness.dump(), out);
        const json answer = json::parse(out, nullptr, false);
        if (answer.is_discarded()) return false;
        if (!answer.contains("items") || answer["items"].empty()) return expected.decision == "deny" && expected.rule.empty();
        const json& item = answer["items"][0];
        return item.value("decision", "") == expected.decision && item.value("rule", "") == expected.rule;
    }

    z3::check_result check(const char* what) {
        ++report_.checks;
        const z3::check_result r = solver_.check();
        if (r == z3::unknown) report_.unknowns.push_back({what, solver_.reason_unknown()});
        return r;
    }

    // Is there a request in the region (already asserted) with a date in [a, b]?
    bool some_date(Day a, Day b, std::optional<z3::model>* model = nullptr) {
        solver_.push();
        solver_.add(eo_.date >= a && eo_.date <= b);
        const bool sat = check("dating a region") == z3::sat;
        if (sat && model) model->emplace(solver_.get_model());
        solver_.pop();
        return sat;
    }

    // The earliest and latest request date of the region (already asserted). Between two successive
    // validity dates of the rules involved the answer can only change with the facts, so each such
    // interval is tried once and the outer ones are narrowed to the exact day by bisection.
    // Returns a model of the region on its earliest date: the witness shown (a request on the day a
    // change starts reads better than one somewhere in the middle).
    std::optional<z3::model> date_range(const std::vector<int>& rules_old, const std::vector<int>& rules_new, Day lo, Day hi,
                                        DiffRegion& g, const std::pair<Day, Day>* hint) {
        std::optional<z3::model> earliest;
        // The range of an earlier region with the same change is confirmed (or refuted) in four checks.
        if (hint && hint->first >= lo && hint->second <= hi && some_date(hint->first, hint->first, &earliest) &&
            some_date(hint->second, hint->second) && (hint->first == lo || !some_date(lo, hint->first - 1)) &&
            (hint->second == hi || !some_date(hint->second + 1, hi))) {
            g.first_date = format_date(hint->first);
            g.last_date = format_date(hint->second);
            return earliest;
        }
        earliest.reset();
        std::set<Day> cuts{lo, hi + 1};
        auto add = [&](const ir::Rule& r) {
            if (r.from > lo && r.from <= hi) cuts.insert(r.from);
            if (r.until >= lo && r.until < hi) cuts.insert(r.until + 1);
        };
        for (int r : rules_old) add(old_.rules[static_cast<std::size_t>(r)]);
        for (int r : rules_new) add(new_.rules[static_cast<std::size_t>(r)]);
        const std::vector<Day> c(cuts.begin(), cuts.end());
        int first = -1, last = -1;
        for (std::size_t i = 0; i + 1 < c.size() && first < 0; ++i)
            if (some_date(c[i], c[i + 1] - 1)) first = static_cast<int>(i);
        for (std::size_t i = c.size() - 1; i-- > 0 && first >= 0 && last < 0;)
            if (static_cast<int>(i) == first || some_date(c[i], c[i + 1] - 1)) last = static_cast<int>(i);
        if (first < 0 || last < 0) return std::nullopt;
        Day a = c[first], b = c[first + 1] - 1;  // earliest: some date in [a, b], find the least
        if (some_date(a, a, &earliest)) b = a;    // usually the interval's first day
        while (a < b) {
            const Day mid = a + (b - a) / 2;
            if (some_date(a, mid)) b = mid;
            else a = mid + 1;
        }
        if (!earliest && !some_date(a, a, &earliest)) return std::nullopt;
        g.first_date = format_date(a);
        a = c[last];
        b = c[last + 1] - 1;  // latest
        if (some_date(b, b)) a = b;
        while (a < b) {
            const Day mid = b - (b - a) / 2;
            if (some_date(mid, b)) a = mid;
            else b = mid - 1;
        }
        g.last_date = format_date(b);
        return earliest;
    }

    struct Blocked {
        std::int64_t cell[4];
        std::int64_t out_old, out_new;
    };
    std::vector<Blocked> blocked_;
    std::map<std::pair<std::int64_t, std::int64_t>, std::pair<Day, Day>> ranges_;  // last date range per change

    // Finds every region in one box; false when a check ended unknown or the limit was reached.
    bool search(const Box& box, Decider& decide_old, Decider& decide_new) {
        const Encoding::Region go = side_region(box, true), gn = side_region(box, false);
        std::vector<int> rules_old, rules_new;
        if (box.sliced) {
            if (box.rejected_by != 1) rules_old = eo_.slice(go);  // a set that rejects decides nothing
            if (box.rejected_by != 2) rules_new = en_.slice(gn);
        } else {
            for (std::size_t i = 0; i < old_.rules.size(); ++i) rules_old.push_back(static_cast<int>(i));
            for (std::size_t i = 0; i < new_.rules.size(); ++i) rules_new.push_back(static_cast<int>(i));
        }
        const Encoding::Decision dec_old = eo_.decision(eo_.applies, rules_old), dec_new = en_.decision(en_.applies, rules_new);
        const z3::expr out_old = z3::ite(err_old_, ctx_.int_val(-1), class_term(dec_old, rules_old, class_old_));
        const z3::expr out_new = z3::ite(err_new_, ctx_.int_val(-1), class_term(dec_new, rules_new, class_new_));
        solver_.push();
        // A request one set rejects is denied there without a rule; against it only a permit counts
        // as a change (a forbid's deny on the other side is still a deny).
        const z3::expr permit_old = !err_old_ && dec_old.winner >= 0, permit_new = !err_new_ && dec_new.winner >= 0;
        const z3::expr differs =
            options_.deny_reasons
                ? z3::ite(err_old_ || err_new_, permit_old != permit_new, out_old != out_new)
                : permit_old != permit_new || (permit_old && permit_new && out_old != out_new);
        solver_.add(differs);
        if (box.sliced) {
            // Inside the box and known to both sets (the requests a set rejects have a box of their own).
            z3::expr_vector in(ctx_);
            for (std::size_t k = 0; k < 4; ++k) in.push_back(eo_.in_mask(cells_[k], box.cells[k], joint_[k].names.size()));
            in.push_back(eo_.date >= std::max(box.from, eo_.min_day) && eo_.date <= std::min(box.until, eo_.max_day));
            in.push_back(box.rejected_by == 1 ? err_old_ : !err_old_);
            in.push_back(box.rejected_by == 2 ? err_new_ : !err_new_);
            solver_.add(z3::mk_and(in));
            solver_.add(support({differs, z3::mk_and(in), cells_[0], cells_[1], cells_[2], cells_[3]}));
        } else {
            solver_.add(support({differs, err_old_, err_new_, cells_[0], cells_[1], cells_[2], cells_[3]}));
        }
        auto block = [&](const Blocked& b) {
            z3::expr_vector same(ctx_);
            for (std::size_t k = 0; k < 4; ++k) same.push_back(cells_[k] == ctx_.int_val(b.cell[k]));
            same.push_back(out_old == ctx_.int_val(b.out_old));
            same.push_back(out_new == ctx_.int_val(b.out_new));
            solver_.add(!z3::mk_and(same));
        };
        for (const Blocked& b : blocked_) {
            bool inside = true;
            for (std::size_t k = 0; k < 4 && box.sliced; ++k) inside &= (box.cells[k] >> b.cell[k] & 1) != 0;
            if (inside) block(b);
        }
        bool finished = true;
        while (true) {
            if (report_.regions.size() >= options_.max_regions) {
                report_.unknowns.push_back({"enumerating regions", "stopped after " + std::to_string(options_.max_regions) +
                                                                      " regions (--max-regions): the list is incomplete"});
                finished = false;
                break;
            }
            const z3::check_result r = check("enumerating regions");
            if (r == z3::unsat) break;
            if (r == z3::unknown) {
                finished = false;
                break;
            }
            const z3::model m = solver_.get_model();
            DiffRegion g;
            g.sender = cell_name(m, 0);
            g.recipient = cell_name(m, 1);
            g.purpose = cell_name(m, 2);
            g.category = cell_name(m, 3);
            g.old_side = side(old_, m, dec_old, err_old_);
            g.new_side = side(new_, m, dec_new, err_new_);
            g.transition = g.old_side.decision == g.new_side.decision ? Transition::change
                           : g.new_side.decision == "permit"           ? Transition::widen
                                                                       : Transition::narrow;
            Blocked b;
            for (std::size_t k = 0; k < 4; ++k) b.cell[k] = m.eval(cells_[k], true).get_numeral_int64();
            b.out_old = m.eval(out_old, true).get_numeral_int64();
            b.out_new = m.eval(out_new, true).get_numeral_int64();
            solver_.push();
            for (std::size_t k = 0; k < 4; ++k) solver_.add(cells_[k] == ctx_.int_val(b.cell[k]));
            solver_.add(out_old == ctx_.int_val(b.out_old) && out_new == ctx_.int_val(b.out_new));
            const auto known = ranges_.find({b.out_old, b.out_new});
            const std::optional<z3::model> earliest =
                date_range(rules_old, rules_new, std::max(box.from, eo_.min_day), std::min(box.until, eo_.max_day), g,
                           known == ranges_.end() ? nullptr : &known->second);
            solver_.pop();
            if (!g.first_date.empty())
                ranges_[{b.out_old, b.out_new}] = {*parse_date(g.first_date), *parse_date(g.last_date)};

            const z3::model& w = earliest ? *earliest : m;
            json witness = eo_.witness(w);
            json facts = en_.witness(w)["facts"];
            merge_facts(facts, witness["facts"]);
            witness["facts"] = facts;
            witness["sender"] = g.sender;
            witness["recipient"] = g.recipient;
            witness["purpose"] = g.purpose;
            witness["data"] = json::array({g.category});
            witness["id"] = "diff-" + std::to_string(report_.regions.size() + 1);
            g.witness = witness;
            g.reproduced = reproduces(decide_old, witness, g.old_side) && reproduces(decide_new, witness, g.new_side);
            report_.regions.push_back(std::move(g));
            blocked_.push_back(b);
            block(b);  // found: look for the next one
        }
        solver_.pop();
        return finished;
    }

    // A box whose slice is large (a changed rule `from anyone to anyone for any purpose`) is split, one
    // category, then one purpose, then one recipient at a time: each part slices to the few rules that
    // can apply there, and Z3 compares two small decisions instead of two whole sets.
    static constexpr std::size_t small_slice = 8;
    void split(const Box& b, std::vector<Box>& out) const {
        if (!b.sliced) {
            out.push_back(b);
            return;
        }
        const std::size_t large = std::max(b.rejected_by == 1 ? 0 : eo_.slice(side_region(b, true)).size(),
                                           b.rejected_by == 2 ? 0 : en_.slice(side_region(b, false)).size());
        for (int dim : {3, 2, 1, 0}) {
            if (large <= small_slice || __builtin_popcountll(b.cells[dim]) <= 1) continue;
            for (std::size_t k = 0; k < joint_[dim].names.size(); ++k) {
                if (!(b.cells[dim] >> k & 1)) continue;
                Box part = b;
                part.cells[dim] = ir::Mask{1} << k;
                split(part, out);
            }
            return;
        }
        out.push_back(b);
    }

    void enumerate() {
        Decider decide_old(old_p_), decide_new(new_p_);
        std::vector<Box> parts;
        for (const Box& b : boxes()) split(b, parts);
        for (const Box& b : parts)
            if (!search(b, decide_old, decide_new)) return;
        report_.complete = report_.unknowns.empty();
    }
};

}  // namespace

DiffReport diff(const Policies& old_set, const Policies& new_set, const DiffOptions& options) {
    DiffReport report;
    report.old_label = options.old_label;
    report.new_label = options.new_label;
    report.old_set = old_set.hash();
    report.new_set = new_set.hash();
    if (!old_set.ok() || !new_set.ok()) {
        report.error = std::string("the ") + (!old_set.ok() ? options.old_label : options.new_label) +
                       " policy set has errors; nothing is compared";
        return report;
    }
    const auto start = std::chrono::steady_clock::now();
    try {
        Differ d(old_set, new_set, options, report);
        d.run();
    } catch (const z3::exception& e) {
        report.unknowns.push_back({"comparing", std::string("Z3: ") + e.msg()});
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

}  // namespace grondslag
