// grondslag diff: the two compiled sets encoded side by side (encoding.hpp's Encoding, once per set,
// with its own variable prefix) over shared request variables, and the cells in which their per-item
// decisions differ enumerated with Z3 until none is left. docs/ci.md explains the output. This file
// holds the order of the work (diff, Differ::run) and the search; differ.hpp says where the rest is.
#include "grondslag/diff.hpp"

#include <z3++.h>

#include <algorithm>
#include <chrono>

#include "differ.hpp"
#include "policies_access.hpp"

namespace grondslag::diffing {

Differ::Differ(const Policies& o, const Policies& n, const DiffOptions& options, DiffReport& report)
    : old_p_(o), new_p_(n), old_(compiled_form(o)), new_(compiled_form(n)), options_(options), report_(report),
      eo_(ctx_, old_, "o!"), en_(ctx_, new_, same_vocabulary(old_, new_) ? "o!" : "n!"), solver_(ctx_), err_old_(ctx_.bool_val(false)),
      err_new_(ctx_.bool_val(false)),
      cells_{ctx_.int_const("sender"), ctx_.int_const("recipient"), ctx_.int_const("purpose"), ctx_.int_const("category")} {
    z3::set_param("memory_max_size", static_cast<int>(options.memory_mb));
    z3::params p(ctx_);
    p.set("timeout", options.timeout_ms);
    solver_.set(p);
}

void Differ::run() {
    match_rules();    // diff_canon.cpp: rules paired by content; only the changed ones can differ
    link_requests();  // diff_joint.cpp: one request for both sets, and where each set rejects it
    enumerate();      // below: every region of requests the two sets decide differently
}

bool Differ::same_vocabulary(const ir::PolicySet& o, const ir::PolicySet& n) {
    if (names_of(o.actors) != names_of(n.actors) || names_of(o.purposes) != names_of(n.purposes) ||
        names_of(o.categories) != names_of(n.categories))
        return false;
    for (const ir::Slot& a : o.slots)
        for (const ir::Slot& b : n.slots)
            if (a.path == b.path && (a.type != b.type || a.enum_values != b.enum_values)) return false;
    return true;
}

z3::expr Differ::class_term(const Encoding::Decision& d, const std::vector<int>& rules, const std::vector<int>& classes) {
    z3::expr out = ctx_.int_val(-1);
    for (int i : rules) out = z3::ite(d.decided == i, ctx_.int_val(classes[static_cast<std::size_t>(i)]), out);
    return out;
}

Encoding::Region Differ::side_region(const Box& b, bool old_side) const {
    Encoding::Region g;
    g.senders = from_joint(b.cells[0], joint_[0], old_side);
    g.recipients = from_joint(b.cells[1], joint_[1], old_side);
    g.purposes = from_joint(b.cells[2], joint_[2], old_side);
    g.categories = from_joint(b.cells[3], joint_[3], old_side);
    g.from = b.from;
    g.until = b.until;
    return g;
}

std::vector<Differ::Box> Differ::boxes() const {
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

z3::check_result Differ::check(const char* what) {
    ++report_.checks;
    const z3::check_result r = solver_.check();
    if (r == z3::unknown) report_.unknowns.push_back({what, solver_.reason_unknown()});
    return r;
}

bool Differ::search(const Box& box, Decider& decide_old, Decider& decide_new) {
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
        g.reproduced = reproduces(decide_old, old_, witness, g.old_side) && reproduces(decide_new, new_, witness, g.new_side);
        report_.regions.push_back(std::move(g));
        blocked_.push_back(b);
        block(b);  // found: look for the next one
    }
    solver_.pop();
    return finished;
}

void Differ::split(const Box& b, std::vector<Box>& out) const {
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

void Differ::enumerate() {
    Decider decide_old(old_p_), decide_new(new_p_);
    std::vector<Box> parts;
    for (const Box& b : boxes()) split(b, parts);
    for (const Box& b : parts)
        if (!search(b, decide_old, decide_new)) return;
    report_.complete = report_.unknowns.empty();
}

}  // namespace grondslag::diffing

namespace grondslag {

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
        diffing::Differ d(old_set, new_set, options, report);
        d.run();
    } catch (const z3::exception& e) {
        report.unknowns.push_back({"comparing", std::string("Z3: ") + e.msg()});
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

}  // namespace grondslag
