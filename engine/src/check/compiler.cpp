// Resolve-and-check layer: ast::Module[] -> ir::PolicySet.
#include "compiler.hpp"
#include "legal_order.hpp"
#include "index.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "article_notation.hpp"

namespace grondslag {
namespace {

using namespace ir;
using ast::class_name;

ValueType value_type(ast::TypeKind k) {
    switch (k) {
        case ast::TypeKind::boolean: return ValueType::boolean;
        case ast::TypeKind::integer: return ValueType::integer;
        case ast::TypeKind::date: return ValueType::date;
        case ast::TypeKind::text_list: return ValueType::text_set;
        case ast::TypeKind::consents: return ValueType::consents;
        case ast::TypeKind::enumeration: return ValueType::enumeration;
        case ast::TypeKind::record: return ValueType::record;
    }
    return ValueType::boolean;
}

// The type of a value term in a condition.
enum class TermType : std::uint8_t { boolean, integer, date, enumeration, text_set, actor, name, text, invalid };

struct TypedTerm {
    Term term;
    TermType type = TermType::invalid;
    int slot = -1;             // for slot terms
    std::string name;          // for bare names resolved by context (enum value, actor)
    bool is_sender = false;
    bool is_recipient = false;
    Location at;
};

class Compiler {
public:
    Compiler(const std::vector<ast::Module>& modules, DiagnosticReport& report)
        : modules_(modules), report_(report), set_(std::make_unique<PolicySet>()) {}

    std::unique_ptr<PolicySet> run() {
        check_modules();
        for (const auto& m : modules_) for (const auto& a : m.actors) declare_actor(a, module_index(m));
        resolve_groups();
        for (const auto& m : modules_) for (const auto& c : m.categories) declare_category(c);
        for (const auto& m : modules_) for (const auto& f : m.facts) declare_fact(f);
        for (const auto& m : modules_) for (const auto& b : m.bases) declare_basis(b, m);
        for (const auto& m : modules_) for (const auto& p : m.provisions) declare_provision(p, m);
        for (const auto& m : modules_) for (const auto& p : m.purposes) declare_purpose(p, module_index(m));
        for (const auto& m : modules_) for (const auto& e : m.extensions) extend_purpose(e, module_index(m));
        check_universe_sizes();
        // Rules in two passes: ids first, so exceptions may refer forward.
        for (const auto& m : modules_) for (const auto& r : m.rules) declare_rule(r, m);
        std::size_t index = 0;
        for (const auto& m : modules_) for (const auto& r : m.rules) compile_rule(r, set_->rules[index++]);
        check_exception_cycles();
        check_prevailing_forbids();
        check_legal_order(modules_, *set_, report_);
        if (report_.has_errors()) return nullptr;
        build_index();
        index_names(*set_);
        index_candidates(*set_);
        return std::move(set_);
    }

private:
    const std::vector<ast::Module>& modules_;
    DiagnosticReport& report_;
    std::unique_ptr<PolicySet> set_;
    std::vector<const ast::RuleDecl*> rule_decls_;

    // ---- helpers ---------------------------------------------------------
    template <typename Map>
    bool declare_unique(Map& map, const std::string& key, int value, const Location& at, const char* what,
                        const Location* previous) {
        if (map.count(key)) {
            std::string msg = std::string("duplicate ") + what + " '" + key + "'";
            if (previous && previous->file) msg += "; first declared at " + previous->to_string();
            report_.error("E101", at, msg);
            return false;
        }
        map.emplace(key, value);
        return true;
    }

    void check_prefix(const ast::Name& id, const ast::Module& m, const char* what) {
        const std::string prefix = m.name.text + ".";
        if (id.text.rfind(prefix, 0) != 0)
            report_.error("E108", id.at,
                          std::string(what) + " id '" + id.text + "' must start with its module name '" + prefix + "'");
    }

    int lookup(const NameMap& map, const ast::Name& n, const char* what) {
        auto it = map.find(n.text);
        if (it == map.end()) {
            std::string msg = std::string("unknown ") + what + " '" + n.text + "'";
            const std::string hint = suggestion(map, n.text);
            if (!hint.empty()) msg += "; did you mean '" + hint + "'?";
            report_.error("E100", n.at, msg);
            return -1;
        }
        return it->second;
    }

    static std::size_t edit_distance(const std::string& a, const std::string& b) {
        std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
        for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i) {
            cur[0] = i;
            for (std::size_t j = 1; j <= b.size(); ++j)
                cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            std::swap(prev, cur);
        }
        return prev[b.size()];
    }

    // The nearest name within distance 2, the first in alphabetical order among the nearest. One
    // pass over the map without copying or sorting its keys, and no distance computed for a name
    // whose length alone puts it too far (the distance is at least the difference in length).
    static std::string suggestion(const NameMap& map, const std::string& word) {
        const std::string* best = nullptr;
        std::size_t best_distance = 3;
        for (const auto& [k, v] : map) {
            const std::size_t gap = k.size() > word.size() ? k.size() - word.size() : word.size() - k.size();
            if (gap > best_distance || (gap == best_distance && !best)) continue;
            const std::size_t d = edit_distance(k, word);
            if (d < best_distance || (d == best_distance && best && k < *best)) {
                best_distance = d;
                best = &k;
            }
        }
        return best ? *best : std::string();
    }

    static Label label(const ast::Label& l) { return Label{l.nl, l.en}; }

    // ---- declarations ----------------------------------------------------
    int module_index(const ast::Module& m) const { return static_cast<int>(&m - modules_.data()); }

    void check_modules() {
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

    void declare_actor(const ast::ActorDecl& a, int module) {
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
    std::vector<std::optional<ast::Name>> actor_groups_;
    struct Owner {
        int module;
        bool open;  // actors: open to members; purposes: see purpose_open_
    };
    std::vector<Owner> actor_owner_;  // per actor

    std::string module_name(int module) const { return modules_[module].name.text; }

    void resolve_groups() {
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

    void declare_category(const ast::CategoryDecl& c) {
        const int id = static_cast<int>(set_->categories.size());
        auto it = set_->category_ids.find(c.name.text);
        if (!declare_unique(set_->category_ids, c.name.text, id, c.name.at, "data category",
                            it != set_->category_ids.end() ? &set_->categories[it->second].at : nullptr))
            return;
        set_->categories.push_back(Category{c.name.text, c.data_class, label(c.label), c.name.at});
    }

    void declare_fact(const ast::FactDecl& f) {
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

    void add_slot(const std::string& path, const ast::Type& t, int fact) {
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

    void declare_basis(const ast::BasisDecl& b, const ast::Module& m) {
        const int id = static_cast<int>(set_->bases.size());
        auto it = set_->basis_ids.find(b.id.text);
        if (!declare_unique(set_->basis_ids, b.id.text, id, b.id.at, "basis",
                            it != set_->basis_ids.end() ? &set_->bases[it->second].at : nullptr))
            return;
        check_prefix(b.id, m, "basis");
        set_->bases.push_back(Basis{b.id.text, b.kind, label(b.label), b.id.at, module_index(m), b.from_consent});
    }

    void declare_provision(const ast::ProvisionDecl& p, const ast::Module& m) {
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
        prov.from = p.validity.from;
        prov.until = p.validity.until.value_or(far_future);
        prov.says = p.says;
        prov.at = p.id.at;
        check_validity_order(p.validity);
        prov.citation = provision_citation(prov);
        set_->provisions.push_back(prov);
    }

    void check_validity_order(const ast::Validity& v) {
        if (v.dates_valid && v.until && *v.until < v.from)
            report_.error("E109", v.until_at,
                          "validity ends (" + format_date(*v.until) + ") before it begins (" + format_date(v.from) + ")");
    }

    struct PurposeOwner {
        int module;
        bool open_needs, open_recipients;
    };
    std::vector<PurposeOwner> purpose_owner_;  // per purpose

    void declare_purpose(const ast::PurposeDecl& p, int module) {
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
    void extend_purpose(const ast::ExtendDecl& e, int module) {
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

    void check_universe_sizes() {
        auto check = [&](std::size_t n, const char* what, const Location& at) {
            if (n > max_universe)
                report_.error("E111", at, std::string("a policy set declares at most 64 ") + what + "; this one declares " + std::to_string(n));
        };
        if (!set_->actors.empty()) check(set_->actors.size(), "actors", set_->actors[max_universe < set_->actors.size() ? max_universe : 0].at);
        if (!set_->categories.empty()) check(set_->categories.size(), "data categories", set_->categories[max_universe < set_->categories.size() ? max_universe : 0].at);
        if (!set_->purposes.empty()) check(set_->purposes.size(), "purposes", set_->purposes[max_universe < set_->purposes.size() ? max_universe : 0].at);
    }

    // ---- rules -----------------------------------------------------------
    void declare_rule(const ast::RuleDecl& r, const ast::Module& m) {
        const int id = static_cast<int>(set_->rules.size());
        auto it = set_->rule_ids.find(r.id.text);
        const Location* prev = it != set_->rule_ids.end() ? &set_->rules[it->second].at : nullptr;
        if (prev) {
            report_.error("E101", r.id.at, "duplicate rule '" + r.id.text + "'; first declared at " + prev->to_string());
        } else {
            set_->rule_ids.emplace(r.id.text, id);
        }
        check_prefix(r.id, m, "rule");
        Rule rule;
        rule.id = r.id.text;
        rule.module = m.name.text;
        rule.at = r.id.at;
        set_->rules.push_back(rule);
    }

    Mask actor_mask(const ast::ActorSelection& s) {
        if (s.anyone) return all_bits(set_->actors.size());
        Mask m = 0;
        for (const auto& n : s.names) {
            const int id = lookup(set_->actor_ids, n, "actor or group");
            if (id >= 0) m |= set_->actors[id].members;
        }
        return m;
    }

    static std::string span_text(Day from, Day until) {
        std::string s = from > far_past ? "from " + format_date(from) : std::string("from any date");
        if (until < far_future) s += " until " + format_date(until);
        return s;
    }

    static Mask all_bits(std::size_t n) { return n >= 64 ? ~Mask{0} : ((Mask{1} << n) - 1); }

    void compile_rule(const ast::RuleDecl& r, Rule& rule) {
        rule.effect = r.effect;
        rule.says = r.says;
        rule.provision = lookup(set_->provision_ids, r.provision, "provision");
        // Validity: the provision's, narrowed by the rule's own dates.
        if (rule.provision >= 0) {
            const Provision& p = set_->provisions[rule.provision];
            rule.from = p.from;
            rule.until = p.until;
            if (r.validity && r.validity->dates_valid) {
                check_validity_order(*r.validity);
                if (r.validity->from < p.from)
                    report_.error("E104", r.validity->from_at,
                                  "rule '" + r.id.text + "' starts on " + format_date(r.validity->from) +
                                      ", before its provision '" + p.id + "' is in force (" + format_date(p.from) + ")");
                const Day until = r.validity->until.value_or(far_future);
                if (until > p.until)
                    report_.error("E104", r.validity->until ? r.validity->until_at : r.validity->at,
                                  "rule '" + r.id.text + "' applies until " +
                                      (r.validity->until ? format_date(until) : std::string("further notice")) +
                                      ", after its provision '" + p.id + "' ends (" + format_date(p.until) + ")");
                rule.from = std::max(rule.from, r.validity->from);
                rule.until = std::min(rule.until, until);
            }
        }
        // Data.
        switch (r.data.kind) {
            case ast::DataSelection::Kind::any: rule.categories = all_bits(set_->categories.size()); break;
            case ast::DataSelection::Kind::data_class:
                for (std::size_t i = 0; i < set_->categories.size() && i < max_universe; ++i)
                    if (set_->categories[i].data_class == r.data.data_class) rule.categories |= Mask{1} << i;
                break;
            case ast::DataSelection::Kind::names:
                for (const auto& n : r.data.names) {
                    const int id = lookup(set_->category_ids, n, "data category");
                    if (id >= 0 && id < static_cast<int>(max_universe)) rule.categories |= Mask{1} << id;
                }
                break;
        }
        rule.senders = actor_mask(r.senders);
        rule.recipients = actor_mask(r.recipients);
        if (r.purposes.any) {
            rule.purposes = all_bits(set_->purposes.size());
        } else {
            for (const auto& n : r.purposes.names) {
                const int id = lookup(set_->purpose_ids, n, "purpose");
                if (id >= 0 && id < static_cast<int>(max_universe)) rule.purposes |= Mask{1} << id;
            }
        }
        // Condition.
        if (r.condition) {
            current_rule_ = &rule;
            rule.condition = compile_bool(*r.condition);
            current_rule_ = nullptr;
            std::sort(rule.slots_used.begin(), rule.slots_used.end());
            rule.slots_used.erase(std::unique(rule.slots_used.begin(), rule.slots_used.end()), rule.slots_used.end());
        }
        // Bases.
        for (const auto& b : r.bases) {
            const int id = lookup(set_->basis_ids, b, "basis");
            if (id >= 0) rule.bases.push_back(id);
        }
        if (r.effect == Effect::forbid && !r.bases.empty())
            report_.error("E113", r.bases.front().at, "a forbid takes no legal basis; only a permit names its basis");
        if (r.effect == Effect::permit) check_bases(r, rule);
        // Exceptions.
        for (const auto& e : r.exceptions) {
            const int id = lookup(set_->rule_ids, e, "rule");
            if (id < 0) continue;
            if (&set_->rules[id] == &rule) {
                report_.error("E107", e.at, "rule '" + r.id.text + "' cannot be an exception to itself");
                continue;
            }
            rule.excepts.push_back(id);
            exception_sites_.push_back({static_cast<int>(&rule - set_->rules.data()), id, e.at});
        }
        if (r.prevails) {
            if (r.effect != Effect::forbid)
                report_.error("E115", *r.prevails, "only a forbid can be declared to prevail; a permit names the forbids it excepts");
            rule.prevails = true;
        }
        // Obligations.
        for (const auto& o : r.obligations) {
            Obligation ob{o.kind, o.period, -1, -1};
            if (o.kind == ast::ObligationKind::notify) ob.actor = lookup(set_->actor_ids, o.actor, "actor");
            if (o.kind == ast::ObligationKind::secrecy) {
                ob.provision = lookup(set_->provision_ids, o.provision, "provision");
                // A duty named in an answer must bind on every day the rule can permit.
                if (ob.provision >= 0 && rule.provision >= 0) {
                    const Provision& duty = set_->provisions[ob.provision];
                    if (duty.from > rule.from || duty.until < rule.until)
                        report_.error("E123", o.provision.at,
                                      "rule '" + r.id.text + "' applies " + span_text(rule.from, rule.until) +
                                          ", but the secrecy duty of '" + duty.id + "' is in force " +
                                          span_text(duty.from, duty.until) +
                                          "; name a provision in force on every day the rule applies");
                }
            }
            rule.obligations.push_back(ob);
        }
        // The rule's own citations; without any, its provision's.
        rule.citations = r.cites;
        if (rule.citations.empty() && rule.provision >= 0) rule.citations.push_back(set_->provisions[rule.provision].citation);
    }

    void check_bases(const ast::RuleDecl& r, const Rule& rule) {
        bool art6 = false, art9 = false, art10 = false, nid = false;
        for (int b : rule.bases) {
            switch (set_->bases[b].kind) {
                case BasisKind::art6: art6 = true; break;
                case BasisKind::art9: art9 = true; break;
                case BasisKind::art10: art10 = true; break;
                case BasisKind::nid: nid = true; break;
            }
        }
        const Location at = r.bases.empty() ? r.id.at : r.bases.front().at;
        if (!art6) report_.error("E106", at, "permit '" + r.id.text + "' names no AVG art. 6 basis (a basis of kind art6)");
        for (std::size_t i = 0; i < set_->categories.size() && i < max_universe; ++i) {
            if (!(rule.categories & (Mask{1} << i))) continue;
            const auto& c = set_->categories[i];
            const bool missing = (c.data_class == DataClass::spec && !art9) || (c.data_class == DataClass::crim && !art10) ||
                                 (c.data_class == DataClass::nid && !nid);
            if (missing) {
                const char* need = c.data_class == DataClass::spec ? "art. 9(2) ground (a basis of kind art9)"
                                   : c.data_class == DataClass::crim ? "art. 10 authorisation (a basis of kind art10)"
                                                                     : "law that allows the BSN (a basis of kind nid)";
                report_.error("E105", at, "permit '" + r.id.text + "' permits " + class_name(c.data_class) +
                                              " data ('" + c.name + "') but names no " + need);
            }
        }
    }

    struct ExceptionSite {
        int from;
        int to;
        Location at;
    };
    std::vector<ExceptionSite> exception_sites_;

    // A permit may not be an exception to a forbid declared to prevail over every permit.
    void check_prevailing_forbids() {
        for (const auto& s : exception_sites_) {
            const Rule& from = set_->rules[s.from];
            const Rule& to = set_->rules[s.to];
            if (from.effect == Effect::permit && to.prevails)
                report_.error("E103", s.at, "'" + from.id + "' is declared an exception to '" + to.id +
                                                "', which is declared to prevail over every permit");
        }
    }

    // Depth-first, with an explicit stack: a chain of exceptions is as long as the file lets it be
    // (tens of thousands of rules), and a recursive walk overflowed the call stack on it.
    void check_exception_cycles() {
        const std::size_t n = set_->rules.size();
        std::vector<int> state(n, 0);  // 0 new, 1 on stack, 2 done
        std::vector<int> stack;                // the path from the root of the walk
        std::vector<std::size_t> next_edge;    // per entry of `stack`: the next of its excepts to follow
        std::set<int> reported;
        auto enter = [&](int v) {
            state[v] = 1;
            stack.push_back(v);
            next_edge.push_back(0);
        };
        for (std::size_t root = 0; root < n; ++root) {
            if (state[root] != 0) continue;
            enter(static_cast<int>(root));
            while (!stack.empty()) {
                const int v = stack.back();
                const std::vector<int>& excepts = set_->rules[v].excepts;
                if (next_edge.back() == excepts.size()) {
                    state[v] = 2;
                    stack.pop_back();
                    next_edge.pop_back();
                    continue;
                }
                const int w = excepts[next_edge.back()++];
                if (state[w] == 1) {
                    // A cycle w -> ... -> v -> w: each rule claims to prevail over the other.
                    std::string path;
                    auto it = std::find(stack.begin(), stack.end(), w);
                    for (; it != stack.end(); ++it) path += set_->rules[*it].id + " -> ";
                    path += set_->rules[w].id;
                    if (reported.insert(w).second) {
                        Location at = set_->rules[v].at;
                        for (const auto& s : exception_sites_)
                            if (s.from == v && s.to == w) at = s.at;
                        report_.error("E103", at, "exceptions form a cycle: " + path);
                    }
                } else if (state[w] == 0) {
                    enter(w);
                }
            }
        }
    }

    // ---- conditions ------------------------------------------------------
    Rule* current_rule_ = nullptr;

    int add_node(Node n) {
        set_->nodes.push_back(n);
        return static_cast<int>(set_->nodes.size()) - 1;
    }

    static bool is_boolish(const ast::Expr& e) {
        switch (e.kind) {
            case ast::ExprKind::logical_and: case ast::ExprKind::logical_or: case ast::ExprKind::logical_not:
            case ast::ExprKind::compare: case ast::ExprKind::member: case ast::ExprKind::contains:
            case ast::ExprKind::contains_any: case ast::ExprKind::consent: case ast::ExprKind::known: return true;
            default: return false;
        }
    }

    int compile_bool(const ast::Expr& e) {
        Node n;
        n.at = e.at;
        switch (e.kind) {
            case ast::ExprKind::logical_and:
            case ast::ExprKind::logical_or: {
                std::vector<std::uint32_t> kids;
                for (const auto& c : e.children) kids.push_back(static_cast<std::uint32_t>(compile_bool(*c)));
                n.op = e.kind == ast::ExprKind::logical_and ? Op::all : Op::any;
                n.first = static_cast<std::uint32_t>(set_->children.size());
                n.count = static_cast<std::uint32_t>(kids.size());
                set_->children.insert(set_->children.end(), kids.begin(), kids.end());
                return add_node(n);
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

    static std::string join(const std::vector<std::string>& parts) {
        std::string s;
        for (const auto& p : parts) s += (s.empty() ? "" : ".") + p;
        return s;
    }

    std::string describe(const TypedTerm& t) const {
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
    TypedTerm compile_term(const ast::Expr& e, const TypedTerm* hint) {
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

    int enum_index(const Slot& s, const std::string& value, const Location& at) {
        for (std::size_t i = 0; i < s.enum_values.size(); ++i)
            if (s.enum_values[i] == value) return static_cast<int>(i);
        std::string allowed;
        for (const auto& v : s.enum_values) allowed += (allowed.empty() ? "" : ", ") + v;
        report_.error("E110", at, "'" + value + "' is not a value of '" + s.path + "' (" + allowed + ")");
        return -1;
    }

    int compile_compare(const ast::Expr& e) {
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

    int negate(int child, const Location& at) {
        Node n;
        n.op = Op::negate;
        n.at = at;
        n.first = static_cast<std::uint32_t>(set_->children.size());
        n.count = 1;
        set_->children.push_back(static_cast<std::uint32_t>(child));
        return add_node(n);
    }

    Mask name_mask(const TypedTerm& lhs, const std::vector<ast::Name>& names) {
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

    Node membership_node(const TypedTerm& lhs, Mask mask, const Location& at) {
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

    int compile_member(const ast::Expr& e) {
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

    int compile_contains(const ast::Expr& e) {
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

    // ---- index and answer fragments -------------------------------------
    // Lists every rule in the cells it covers, as long as the lists stay within index_budget: one rule
    // from many senders to many recipients for many purposes and categories covers up to 64^4 cells,
    // so the cheapest rules are listed first and those that do not fit are left to the wide rules
    // (index_candidates). Nothing here is sized by the number of cells, only the groups (at most
    // 64 x 64 x 64) and the entries, which the budget bounds; counts are 64-bit until they are known
    // to fit the 32-bit index.
    void build_index() {
        PolicySet& s = *set_;
        const std::size_t A = s.actors.size(), P = s.purposes.size(), C = s.categories.size();
        const std::size_t groups = A * A * P;
        auto within = [](Mask m, std::size_t n) { return n >= 64 ? m : m & ((Mask{1} << n) - 1); };
        const Mask all_actors = within(~Mask{0}, A);
        auto is_broad = [&](const Rule& r) { return (r.senders & all_actors) == all_actors && (r.recipients & all_actors) == all_actors; };
        auto entries_of = [&](const Rule& r) -> std::size_t {
            const std::size_t pc = count_bits(within(r.purposes, P)) * count_bits(within(r.categories, C));
            return is_broad(r) ? pc : pc * count_bits(within(r.senders, A)) * count_bits(within(r.recipients, A));
        };
        // Which rules are listed: the cheapest first (by index on ties), while the budget lasts.
        const std::size_t n = s.rules.size();
        std::vector<std::size_t> cost(n);
        std::vector<std::uint32_t> order(n);
        for (std::size_t i = 0; i < n; ++i) {
            cost[i] = entries_of(s.rules[i]);
            order[i] = static_cast<std::uint32_t>(i);
        }
        std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) { return cost[x] < cost[y]; });
        std::vector<char> listed(n, 0);
        const std::size_t budget = index_budget(n);
        std::size_t total = 0;
        for (const std::uint32_t i : order) {
            if (total + cost[i] > budget) break;
            total += cost[i];
            listed[i] = 1;
        }
        static_assert(index_budget(std::size_t{1} << 24) < std::size_t{1} << 32, "index entries fit 32 bits");

        // Broad rules per (purpose, category): a counting sort over P x C ranges, rules in order.
        const std::size_t ranges = P * C;
        std::vector<std::size_t> starts(ranges + 1, 0);
        auto for_each_pc = [&](const Rule& r, auto&& fn) {
            for (std::size_t p = 0; p < P; ++p)
                if (r.purposes >> p & 1)
                    for (std::size_t c = 0; c < C; ++c)
                        if (r.categories >> c & 1) fn(p * C + c);
        };
        for (std::size_t i = 0; i < n; ++i)
            if (listed[i] && is_broad(s.rules[i])) for_each_pc(s.rules[i], [&](std::size_t k) { ++starts[k + 1]; });
        for (std::size_t k = 1; k <= ranges; ++k) starts[k] += starts[k - 1];
        s.broad.assign(starts[ranges], 0);
        {
            std::vector<std::size_t> fill(starts.begin(), starts.end() - 1);
            for (std::size_t i = 0; i < n; ++i)
                if (listed[i] && is_broad(s.rules[i]))
                    for_each_pc(s.rules[i], [&](std::size_t k) { s.broad[fill[k]++] = static_cast<std::uint32_t>(i); });
        }
        s.broad_starts.assign(starts.begin(), starts.end());

        // The other listed rules per (sender, recipient, purpose) group: a counting sort by group,
        // rules in order, then each group's entries ordered by category (stable, so rules stay in
        // order within a cell).
        struct Entry {
            std::uint32_t rule;
            std::uint32_t category;
        };
        auto for_each_group = [&](const Rule& r, auto&& fn) {
            for (std::size_t a = 0; a < A; ++a) {
                if (!(r.senders >> a & 1)) continue;
                for (std::size_t b = 0; b < A; ++b) {
                    if (!(r.recipients >> b & 1)) continue;
                    for (std::size_t p = 0; p < P; ++p)
                        if (r.purposes >> p & 1) fn((a * A + b) * P + p);
                }
            }
        };
        std::vector<std::size_t> group_starts(groups + 1, 0);
        for (std::size_t i = 0; i < n; ++i)
            if (listed[i] && !is_broad(s.rules[i])) {
                const std::size_t k = count_bits(within(s.rules[i].categories, C));
                if (k) for_each_group(s.rules[i], [&](std::size_t g) { group_starts[g + 1] += k; });
            }
        for (std::size_t g = 1; g <= groups; ++g) group_starts[g] += group_starts[g - 1];
        std::vector<Entry> entries(group_starts[groups]);
        {
            std::vector<std::size_t> fill(group_starts.begin(), group_starts.end() - 1);
            for (std::size_t i = 0; i < n; ++i) {
                const Rule& r = s.rules[i];
                if (!listed[i] || is_broad(r) || !within(r.categories, C)) continue;
                for_each_group(r, [&](std::size_t g) {
                    for (std::size_t c = 0; c < C; ++c)
                        if (r.categories >> c & 1) entries[fill[g]++] = Entry{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(c)};
                });
            }
        }
        s.cell_groups.assign(groups, PolicySet::CellGroup{});
        s.range_starts.clear();
        s.candidates.clear();
        s.candidates.reserve(entries.size());
        for (std::size_t g = 0; g < groups; ++g) {
            const auto first = entries.begin() + static_cast<std::ptrdiff_t>(group_starts[g]);
            const auto last = entries.begin() + static_cast<std::ptrdiff_t>(group_starts[g + 1]);
            std::stable_sort(first, last, [](const Entry& x, const Entry& y) { return x.category < y.category; });
            PolicySet::CellGroup& group = s.cell_groups[g];
            group.first = static_cast<std::uint32_t>(s.range_starts.size());
            for (auto it = first; it != last; ++it) {
                if (it == first || it->category != (it - 1)->category) {
                    group.categories |= Mask{1} << it->category;
                    s.range_starts.push_back(static_cast<std::uint32_t>(s.candidates.size()));
                }
                s.candidates.push_back(it->rule);
            }
        }
        s.range_starts.push_back(static_cast<std::uint32_t>(s.candidates.size()));
    }

};

}  // namespace

std::string provision_citation(const ir::Provision& p) {
    std::string s = p.law + " art. " + p.article;
    if (!p.lid.empty()) s += " lid " + p.lid;
    if (!p.onder.empty()) s += " onder " + p.onder;
    return s;
}

void order_by_rank(std::vector<ast::Module>& modules) {
    std::stable_sort(modules.begin(), modules.end(), [](const ast::Module& a, const ast::Module& b) {
        auto key = [](const ast::Module& m) { return m.rank == ast::Rank::none ? -1 : static_cast<int>(m.rank); };
        return key(a) < key(b);
    });
}

std::unique_ptr<ir::PolicySet> compile(const std::vector<ast::Module>& modules, DiagnosticReport& report) {
    return Compiler(modules, report).run();
}

}  // namespace grondslag
