// The two sets' requests made one: a joint name space over their actors, purposes, categories and
// enum values, their request variables tied together (or, where one set cannot read a request, that
// set's decoding error), and the links asserted only where the variables of a query occur.
#include "differ.hpp"

#include <map>
#include <set>
#include <unordered_set>

namespace grondslag::diffing {

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

ir::Mask to_joint(ir::Mask m, const JointNames& j, bool old_side) {
    ir::Mask out = 0;
    for (std::size_t k = 0; k < j.names.size(); ++k) {
        const int i = old_side ? j.in_old[k] : j.in_new[k];
        if (i >= 0 && (m >> i & 1)) out |= ir::Mask{1} << k;
    }
    return out;
}

ir::Mask from_joint(ir::Mask m, const JointNames& j, bool old_side) {
    ir::Mask out = 0;
    for (std::size_t k = 0; k < j.names.size(); ++k) {
        const int i = old_side ? j.in_old[k] : j.in_new[k];
        if (i >= 0 && (m >> k & 1)) out |= ir::Mask{1} << i;
    }
    return out;
}

std::pair<z3::expr, z3::expr> Differ::link_index(const z3::expr& joint, const JointNames& names, const z3::expr& o,
                                                 const z3::expr& n) {
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

void Differ::link_requests() {
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
        // A fact or field only one set declares is read by that set only; the other decides as if it were
        // not given (its decoder would refuse it, but that is a change of vocabulary, reported as such, not of
        // what is decided: otherwise every request that gives it would differ).
        if (it == new_slots.end()) continue;
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
        if (!old_paths.count(new_.slots[k].path)) report_.added_facts.push_back(new_.slots[k].path);
    for (const auto& path : old_paths)
        if (!new_slots.count(path)) report_.removed_facts.push_back(path);

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

void Differ::link(const z3::expr& e) {
    std::unordered_set<unsigned> seen;
    std::vector<unsigned> vars;
    Encoding::constants(e, seen, vars);
    links_.push_back(e);
    link_vars_.push_back(std::move(vars));
}

z3::expr Differ::support(std::vector<z3::expr> exprs) {
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

z3::expr Differ::consent_given(const Encoding& e, const ir::PolicySet& set) {
    if (set.consent_fact < 0) return ctx_.bool_val(false);
    return e.given[static_cast<std::size_t>(set.facts[static_cast<std::size_t>(set.consent_fact)].first_slot)];
}

}  // namespace grondslag::diffing
