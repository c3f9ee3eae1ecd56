// The rules pass: each rule's clauses resolved against the declarations and its legal checks
// (grounds, validity, exceptions and their cycles, prevailing forbids).
#include "compiler_pass.hpp"
#include "compiler.hpp"

#include <algorithm>
#include <functional>
#include <set>


namespace grondslag::checker {

// ---- rules -----------------------------------------------------------
void Compiler::declare_rule(const ast::RuleDecl& r, const ast::Module& m) {
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

Mask Compiler::actor_mask(const ast::ActorSelection& s) {
    if (s.anyone) return all_bits(set_->actors.size());
    Mask m = 0;
    for (const auto& n : s.names) {
        const int id = lookup(set_->actor_ids, n, "actor or group");
        if (id >= 0) m |= set_->actors[id].members;
    }
    return m;
}

std::string Compiler::span_text(Day from, Day until) {
    std::string s = from > far_past ? "from " + format_date(from) : std::string("from any date");
    if (until < far_future) s += " until " + format_date(until);
    return s;
}

int Compiler::retention_anchor(const ast::RuleDecl& r, const ast::Name& fact) {
    const int id = lookup(set_->fact_ids, fact, "fact");
    if (id < 0) return -1;
    const Fact& f = set_->facts[id];
    if (f.type != ValueType::date) {
        report_.error("E128", fact.at,
                      "rule '" + r.id.text + "' counts a retention period from '" + fact.text +
                          "', which is not a date fact; 'after' names a fact declared ': date', such as the end of a measure");
        return -1;
    }
    return f.first_slot;
}

void Compiler::compile_rule(const ast::RuleDecl& r, Rule& rule) {
    rule.effect = r.effect;
    rule.says = r.says;
    rule.says_en = r.says_en;
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
    limit_to_phases(r, rule);
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
        Obligation ob{o.kind, o.period, -1, -1, -1, -1};
        if (o.kind == ast::ObligationKind::notify) ob.actor = lookup(set_->actor_ids, o.actor, "actor");
        if (!o.anchor.text.empty()) ob.anchor = retention_anchor(r, o.anchor);
        if (o.kind == ast::ObligationKind::use_number) {
            ob.category = lookup(set_->category_ids, o.category, "data category");
            if (ob.category >= 0 && set_->categories[ob.category].data_class != DataClass::nid)
                report_.error("E127", o.category.at,
                              "rule '" + r.id.text + "' obliges the parties to use '" + o.category.text +
                                  "', which is not an identifying number (class " +
                                  class_name(set_->categories[ob.category].data_class) +
                                  "); 'use' names a category of class NID, such as bsn");
        }
        if (ast::under_provision(o.kind) || !o.provision.text.empty()) {
            ob.provision = lookup(set_->provision_ids, o.provision, "provision");
            // A duty named in an answer must bind on every day the rule can permit.
            if (ob.provision >= 0 && rule.provision >= 0) {
                const Provision& duty = set_->provisions[ob.provision];
                if (duty.from > rule.from || duty.until < rule.until)
                    report_.error("E123", o.provision.at,
                                  "rule '" + r.id.text + "' applies " + span_text(rule.from, rule.until) +
                                      ", but the " + std::string(ast::duty_name(o.kind)) + " of '" + duty.id + "' is in force " +
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

// `phase A, B`: the rule speaks of requests that name one of these phases of its one purpose. A permit's
// limit is three-valued like any condition, so a request without a phase names `phase` among the
// missing facts and is not permitted by it; a forbid's limit holds only where the request names the
// phase (known(phase) and phase in [...]), so a request without a phase is decided as if the phase's
// forbids were not there: it asks about the purpose as a whole.
void Compiler::limit_to_phases(const ast::RuleDecl& r, Rule& rule) {
    if (r.phases.empty()) return;
    const Location& at = r.phases.front().at;
    if (r.purposes.any || r.purposes.names.size() != 1) {
        report_.error("E126", at, "a rule limited to phases names exactly one purpose, the one the phases belong to");
        return;
    }
    const auto it = set_->purpose_ids.find(r.purposes.names.front().text);
    if (it == set_->purpose_ids.end()) return;  // reported as an unknown purpose
    const Purpose& purpose = set_->purposes[it->second];
    Mask mask = 0;
    for (const auto& n : r.phases) {
        const auto ph = std::find_if(purpose.phases.begin(), purpose.phases.end(), [&](const Phase& p) { return p.name == n.text; });
        if (ph != purpose.phases.end()) {
            mask |= Mask{1} << ph->value;
            continue;
        }
        std::string message = "unknown phase '" + n.text + "' of purpose '" + purpose.name + "'";
        if (purpose.phases.empty()) {
            message += "; the purpose is not divided into phases";
        } else {
            message += "; its phases are ";
            for (std::size_t i = 0; i < purpose.phases.size(); ++i) message += (i ? ", " : "") + purpose.phases[i].name;
        }
        report_.error("E126", n.at, message);
    }
    if (set_->phase_slot < 0 || mask == 0) return;
    rule.phases = mask;
    const auto slot = static_cast<std::uint16_t>(set_->phase_slot);
    auto join = [&](std::vector<std::uint32_t> kids) { return join_nodes(Op::all, kids, at); };
    Node in;
    in.op = Op::enum_in;
    in.slot = slot;
    in.mask = mask;
    in.at = at;
    int limit = add_node(in);
    if (rule.effect == Effect::forbid) {
        Node known;
        known.op = Op::known;
        known.slot = slot;
        known.at = at;
        limit = join({static_cast<std::uint32_t>(add_node(known)), static_cast<std::uint32_t>(limit)});
    }
    rule.condition = rule.condition < 0 ? limit
                                        : join({static_cast<std::uint32_t>(limit), static_cast<std::uint32_t>(rule.condition)});
    rule.slots_used.insert(std::lower_bound(rule.slots_used.begin(), rule.slots_used.end(), slot), slot);
    rule.slots_used.erase(std::unique(rule.slots_used.begin(), rule.slots_used.end()), rule.slots_used.end());
}

// E124: a provision declared `duty` obliges the sender to provide, which is processing necessary for a
// legal obligation (AVG art. 6(1)(c)); one declared `power` leaves the choice to the sender, which is no
// legal obligation and rests on its public task (6(1)(e), open to objection under art. 21). A permit whose
// art. 6 grounds are of the other kind only contradicts its provision. The two grounds are known by the ids
// the AVG module declares them under (and the Wbp's, art. 8 onder c and e, before 25 May 2018).
void Compiler::check_provision_kind(const ast::RuleDecl& r, const Rule& rule) {
    if (rule.provision < 0) return;
    const Provision& p = set_->provisions[rule.provision];
    if (p.kind == ast::ProvisionKind::unstated) return;
    const auto obligation = [](const std::string& id) { return id == "avg.6.1.c" || id == "wbp.8.c"; };
    const auto task = [](const std::string& id) { return id == "avg.6.1.e" || id == "wbp.8.e"; };
    const ast::Name* has_obligation = nullptr;
    const ast::Name* has_task = nullptr;
    for (const auto& b : r.bases) {
        if (obligation(b.text) && !has_obligation) has_obligation = &b;
        if (task(b.text) && !has_task) has_task = &b;
    }
    if (p.kind == ast::ProvisionKind::duty && has_task && !has_obligation)
        report_.error("E124", has_task->at,
                      "permit '" + r.id.text + "' rests on " + has_task->text + " (public task) only, but its provision '" +
                          p.id + "' is declared a duty: a duty to provide is a legal obligation of the sender (AVG art. "
                          "6(1)(c)); name avg.6.1.c, or declare the provision a power if the text lets the sender choose");
    if (p.kind == ast::ProvisionKind::power && has_obligation && !has_task)
        report_.error("E124", has_obligation->at,
                      "permit '" + r.id.text + "' rests on " + has_obligation->text +
                          " (legal obligation) only, but its provision '" + p.id +
                          "' is declared a power: a power to provide lays no legal obligation on the sender (AVG art. "
                          "6(1)(c)); name avg.6.1.e, or declare the provision a duty if the text obliges the sender");
}

void Compiler::check_bases(const ast::RuleDecl& r, const Rule& rule) {
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
    check_provision_kind(r, rule);
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

// A permit may not be an exception to a forbid declared to prevail over every permit.
void Compiler::check_prevailing_forbids() {
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
void Compiler::check_exception_cycles() {
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

}  // namespace grondslag::checker
