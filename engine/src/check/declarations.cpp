// The declarations pass: modules, actors and their groups, categories, facts and their slots, grounds,
// provisions and purposes, each name declared once and resolved (E100-E102, E108, E120).
#include "compiler_pass.hpp"
#include "compiler.hpp"

#include <algorithm>
#include <functional>
#include <set>

namespace grondslag::checker {

void Compiler::check_modules() {
    NameMap names;
    for (std::size_t i = 0; i < modules_.size(); ++i) {
        const auto& m = modules_[i];
        set_->modules.push_back(ir::Module{m.name.text, m.rank, m.name.at});
        const Location* prev = nullptr;
        auto it = names.find(m.name.text);
        if (it != names.end()) prev = &modules_[it->second].name.at;
        declare_unique(names, m.name.text, static_cast<int>(i), m.name.at, "module", prev);
    }
}

void Compiler::declare_actor(const ast::ActorDecl& a, int module) {
    const int id = static_cast<int>(set_->actors.size());
    auto it = set_->actor_ids.find(a.name.text);
    if (!declare_unique(set_->actor_ids, a.name.text, id, a.name.at, "actor",
                        it != set_->actor_ids.end() ? &set_->actors[it->second].at : nullptr))
        return;
    actor_owner_.push_back({module, a.open});
    Actor actor;
    actor.name = a.name.text;
    actor.label = label(a.label);
    actor.at = a.name.at;
    set_->actors.push_back(actor);
    actor_groups_.push_back(a.group);
}

void Compiler::resolve_groups() {
    auto& actors = set_->actors;
    for (std::size_t i = 0; i < actors.size(); ++i) {
        if (!actor_groups_[i]) continue;
        actors[i].parent = lookup(set_->actor_ids, *actor_groups_[i], "actor or group");
        // A module never adds members to another module's group unless its owner opened it: a
        // member receives whatever the group's rules permit.
        const int group = actors[i].parent;
        if (group >= 0 && actor_owner_[group].module != actor_owner_[i].module && !actor_owner_[group].open)
            report_.error("E120", actor_groups_[i]->at,
                          "module '" + module_name(actor_owner_[i].module) + "' cannot add actor '" + actors[i].name +
                              "' to group '" + actors[group].name + "' of module '" +
                              module_name(actor_owner_[group].module) +
                              "': a member receives everything the group's rules permit; the owner can open the "
                              "group to members with 'actor " + actors[group].name + " open'");
    }
    for (std::size_t i = 0; i < actors.size(); ++i) {
        // Walk up; a walk longer than the number of actors is a cycle.
        int g = static_cast<int>(i);
        std::size_t steps = 0;
        while (g >= 0 && steps <= actors.size()) {
            if (i < max_universe && g < static_cast<int>(max_universe)) actors[g].members |= Mask{1} << i;
            g = actors[g].parent;
            ++steps;
        }
        if (steps > actors.size()) {
            report_.error("E112", actor_groups_[i]->at, "actor '" + actors[i].name + "' belongs to itself through its groups");
            actors[i].parent = -1;
        }
    }
}

void Compiler::declare_category(const ast::CategoryDecl& c) {
    const int id = static_cast<int>(set_->categories.size());
    auto it = set_->category_ids.find(c.name.text);
    if (!declare_unique(set_->category_ids, c.name.text, id, c.name.at, "data category",
                        it != set_->category_ids.end() ? &set_->categories[it->second].at : nullptr))
        return;
    set_->categories.push_back(Category{c.name.text, c.data_class, label(c.label), c.name.at});
}

void Compiler::declare_fact(const ast::FactDecl& f) {
    const int id = static_cast<int>(set_->facts.size());
    auto it = set_->fact_ids.find(f.name.text);
    if (!declare_unique(set_->fact_ids, f.name.text, id, f.name.at, "fact",
                        it != set_->fact_ids.end() ? &set_->facts[it->second].at : nullptr))
        return;
    Fact fact;
    fact.name = f.name.text;
    fact.type = value_type(f.type.kind);
    fact.label = label(f.label);
    fact.at = f.name.at;
    fact.first_slot = static_cast<int>(set_->slots.size());
    if (fact.type == ValueType::record) {
        std::set<std::string> seen;
        for (const auto& field : f.type.fields) {
            if (!seen.insert(field.name.text).second)
                report_.error("E101", field.name.at, "duplicate field '" + field.name.text + "' in record fact '" + f.name.text + "'");
            if (field.type->kind == ast::TypeKind::consents)
                report_.error("E102", field.type->at, "a record field cannot hold consents; declare a fact of type consents");
            add_slot(f.name.text + "." + field.name.text, *field.type, id);
        }
    } else {
        add_slot(f.name.text, f.type, id);
        if (fact.type == ValueType::consents) {
            if (set_->consent_fact >= 0)
                report_.error("E114", f.name.at, "only one fact may hold consents; '" +
                                                     set_->facts[set_->consent_fact].name + "' already does");
            else
                set_->consent_fact = id;
        }
    }
    fact.slot_count = static_cast<int>(set_->slots.size()) - fact.first_slot;
    set_->facts.push_back(fact);
}

void Compiler::add_slot(const std::string& path, const ast::Type& t, int fact) {
    Slot s;
    s.path = path;
    s.type = value_type(t.kind);
    s.fact = fact;
    s.articles = t.articles;
    std::set<std::string> seen;
    for (const auto& v : t.enum_values) {
        if (!seen.insert(v.text).second) report_.error("E101", v.at, "duplicate value '" + v.text + "'");
        s.enum_values.push_back(v.text);
    }
    if (s.enum_values.size() > max_universe)
        report_.error("E111", t.at, "an enumeration has at most 64 values");
    set_->slots.push_back(s);
}

void Compiler::declare_basis(const ast::BasisDecl& b, const ast::Module& m) {
    const int id = static_cast<int>(set_->bases.size());
    auto it = set_->basis_ids.find(b.id.text);
    if (!declare_unique(set_->basis_ids, b.id.text, id, b.id.at, "basis",
                        it != set_->basis_ids.end() ? &set_->bases[it->second].at : nullptr))
        return;
    check_prefix(b.id, m, "basis");
    set_->bases.push_back(Basis{b.id.text, b.kind, label(b.label), b.id.at, module_index(m), b.from_consent});
}

void Compiler::declare_provision(const ast::ProvisionDecl& p, const ast::Module& m) {
    const int id = static_cast<int>(set_->provisions.size());
    auto it = set_->provision_ids.find(p.id.text);
    if (!declare_unique(set_->provision_ids, p.id.text, id, p.id.at, "provision",
                        it != set_->provision_ids.end() ? &set_->provisions[it->second].at : nullptr))
        return;
    check_prefix(p.id, m, "provision");
    Provision prov;
    prov.id = p.id.text;
    prov.law = p.law;
    prov.article = p.article;
    prov.lid = p.lid;
    prov.onder = p.onder;
    prov.source_id = p.source_id;
    prov.kind = p.kind;
    prov.from = p.validity.from;
    prov.until = p.validity.until.value_or(far_future);
    prov.says = p.says;
    prov.says_en = p.says_en;
    prov.at = p.id.at;
    check_validity_order(p.validity);
    prov.citation = provision_citation(prov);
    set_->provisions.push_back(prov);
}

void Compiler::check_validity_order(const ast::Validity& v) {
    if (v.dates_valid && v.until && *v.until < v.from)
        report_.error("E109", v.until_at,
                      "validity ends (" + format_date(*v.until) + ") before it begins (" + format_date(v.from) + ")");
}

void Compiler::declare_purpose(const ast::PurposeDecl& p, int module) {
    const int id = static_cast<int>(set_->purposes.size());
    auto it = set_->purpose_ids.find(p.name.text);
    if (!declare_unique(set_->purpose_ids, p.name.text, id, p.name.at, "purpose",
                        it != set_->purpose_ids.end() ? &set_->purposes[it->second].at : nullptr))
        return;
    purpose_owner_.push_back({module, p.open_needs, p.open_recipients});
    Purpose purpose;
    purpose.name = p.name.text;
    purpose.label = label(p.label);
    purpose.at = p.name.at;
    for (const auto& c : p.needs) {
        const int cid = lookup(set_->category_ids, c, "data category");
        if (cid >= 0 && cid < static_cast<int>(max_universe)) purpose.needs |= Mask{1} << cid;
    }
    for (const auto& a : p.recipients) {
        const int aid = lookup(set_->actor_ids, a, "actor or group");
        if (aid >= 0) purpose.recipients |= set_->actors[aid].members;
    }
    set_->purposes.push_back(purpose);
}

// `extend purpose`: categories and recipients added to another module's purpose, only where its
// owner opened them; the verifier's minimality checks then hold the purpose to the extended lists.
void Compiler::extend_purpose(const ast::ExtendDecl& e, int module) {
    const int id = lookup(set_->purpose_ids, e.purpose, "purpose");
    if (id < 0) return;
    const PurposeOwner& owner = purpose_owner_[id];
    const std::string& purpose = set_->purposes[id].name;
    if (owner.module == module) {
        report_.error("E120", e.purpose.at, "purpose '" + purpose + "' is declared in this module: list its needs and "
                                            "recipients where it is declared instead of extending it");
        return;
    }
    auto refuse = [&](const Location& at, const char* part) {
        report_.error("E120", at, "module '" + module_name(module) + "' cannot add " + part + " to purpose '" + purpose +
                                      "' of module '" + module_name(owner.module) + "': its owner has not opened them ('open " +
                                      (std::string(part) == "recipients" ? "recipients" : "needs") + "' on the purpose)");
    };
    if (!e.needs.empty() && !owner.open_needs) refuse(e.needs_at, "needs");
    if (!e.recipients.empty() && !owner.open_recipients) refuse(e.recipients_at, "recipients");
    Purpose& target = set_->purposes[id];
    for (const auto& c : e.needs) {
        const int cid = lookup(set_->category_ids, c, "data category");
        if (cid >= 0 && cid < static_cast<int>(max_universe)) target.needs |= Mask{1} << cid;
    }
    for (const auto& a : e.recipients) {
        const int aid = lookup(set_->actor_ids, a, "actor or group");
        if (aid >= 0) target.recipients |= set_->actors[aid].members;
    }
}

// Phases of a purpose's work process (WGS art. 2.31: registration, assessment, gathering, ...): each
// needs a part of what the purpose needs and reaches a part of its recipients.
void Compiler::declare_phases(const ast::PurposeDecl& p) {
    if (p.phases.empty()) return;
    auto it = set_->purpose_ids.find(p.name.text);
    if (it == set_->purpose_ids.end()) return;
    Purpose& purpose = set_->purposes[it->second];
    if (purpose.at.file != p.name.at.file || purpose.at.line != p.name.at.line || purpose.at.column != p.name.at.column)
        return;  // a duplicate declaration, reported already
    std::set<std::string> seen;
    for (const auto& ph : p.phases) {
        if (!seen.insert(ph.name.text).second) {
            report_.error("E101", ph.name.at, "duplicate phase '" + ph.name.text + "' of purpose '" + purpose.name + "'");
            continue;
        }
        Phase phase;
        phase.name = ph.name.text;
        phase.label = label(ph.label);
        phase.at = ph.name.at;
        for (const auto& c : ph.needs) {
            const int cid = lookup(set_->category_ids, c, "data category");
            if (cid < 0 || cid >= static_cast<int>(max_universe)) continue;
            if (!(purpose.needs >> cid & 1))
                report_.error("E125", c.at, "phase '" + ph.name.text + "' needs '" + c.text + "', which purpose '" + purpose.name +
                                                "' does not declare necessary; a phase needs a part of what its purpose needs");
            phase.needs |= Mask{1} << cid;
        }
        for (const auto& a : ph.recipients) {
            const int aid = lookup(set_->actor_ids, a, "actor or group");
            if (aid < 0) continue;
            if (set_->actors[aid].members & ~purpose.recipients)
                report_.error("E125", a.at, "phase '" + ph.name.text + "' names recipient '" + a.text + "', which purpose '" +
                                                purpose.name + "' does not list; a phase reaches a part of its purpose's recipients");
            phase.recipients |= set_->actors[aid].members;
        }
        auto value = std::find(phase_values_.begin(), phase_values_.end(), phase.name);
        phase.value = static_cast<int>(value - phase_values_.begin());
        if (value == phase_values_.end()) phase_values_.push_back(phase.name);
        purpose.phases.push_back(std::move(phase));
    }
}

// The request's `phase` is one slot, an enumeration of every phase name, held by a fact that is not
// declared by name: a request gives it as its own field, not under `facts`.
void Compiler::declare_phase_slot() {
    if (phase_values_.empty()) return;
    if (auto it = set_->fact_ids.find("phase"); it != set_->fact_ids.end())
        report_.error("E101", set_->facts[it->second].at,
                      "a fact cannot be named 'phase' where purposes are divided into phases: the request's own field 'phase' "
                      "names the phase");
    if (phase_values_.size() > max_universe)
        report_.error("E111", set_->purposes.front().at,
                      "a policy set declares at most 64 phase names; this one declares " + std::to_string(phase_values_.size()));
    Slot s;
    s.path = "phase";
    s.type = ValueType::enumeration;
    s.enum_values = phase_values_;
    s.fact = static_cast<int>(set_->facts.size());
    Fact f;
    f.name = "phase";
    f.type = ValueType::enumeration;
    f.label = Label{"Fase van het werkproces", "Phase of the work process"};
    f.first_slot = static_cast<int>(set_->slots.size());
    f.slot_count = 1;
    set_->phase_slot = f.first_slot;
    set_->slots.push_back(std::move(s));
    set_->facts.push_back(std::move(f));
}

void Compiler::check_universe_sizes() {
    auto check = [&](std::size_t n, const char* what, const Location& at) {
        if (n > max_universe)
            report_.error("E111", at, std::string("a policy set declares at most 64 ") + what + "; this one declares " + std::to_string(n));
    };
    if (!set_->actors.empty()) check(set_->actors.size(), "actors", set_->actors[max_universe < set_->actors.size() ? max_universe : 0].at);
    if (!set_->categories.empty()) check(set_->categories.size(), "data categories", set_->categories[max_universe < set_->categories.size() ? max_universe : 0].at);
    if (!set_->purposes.empty()) check(set_->purposes.size(), "purposes", set_->purposes[max_universe < set_->purposes.size() ? max_universe : 0].at);
}

}  // namespace grondslag::checker
