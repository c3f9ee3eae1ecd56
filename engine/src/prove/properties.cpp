// What every property pass uses: the Verifier's solver and trackers, one query over a slice of the
// rules (solve), and the findings, witnesses and proofs a pass records. The passes themselves are in
// consistency.cpp, grounds.cpp, minimality.cpp and validity.cpp.
#include "properties.hpp"

#include <algorithm>
#include <bit>
#include <exception>
#include <system_error>
#include <thread>

namespace grondslag::verifier {

void check_deadline(const VerifyOptions& options) {
    if (options.deadline != std::chrono::steady_clock::time_point::max() && std::chrono::steady_clock::now() >= options.deadline)
        throw DeadlineReached{};
}

std::string date_text(Day d) {
    if (d <= ir::far_past) return "the beginning";
    if (d >= ir::far_future) return "the end";
    return format_date(d);
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s.empty() ? "(none)" : s;
}

Verifier::Verifier(const ir::PolicySet& set, const VerifyOptions& options, VerifyReport& report, bool slicing)
    : set_(set), options_(options), report_(&report), slicing_(slicing), context_(std::make_unique<z3::context>()),
      ctx_(*context_), enc_(ctx_, set, "", [&options] { check_deadline(options); }), solver_(ctx_),
      second_context_(std::make_unique<z3::context>()) {
    // Z3's memory limit is a global parameter: set before each run, once both contexts exist.
    z3::set_param("memory_max_size", static_cast<int>(options.memory_mb));
    start();
}

Verifier::Verifier(const ir::PolicySet& set, const VerifyOptions& options, VerifyReport& report, bool slicing,
                   std::unique_ptr<z3::context> context)
    : set_(set), options_(options), report_(&report), slicing_(slicing), context_(std::move(context)), ctx_(*context_),
      enc_(ctx_, set, "", [&options] { check_deadline(options); }), solver_(ctx_) {
    start();
}

void Verifier::start() {
    for (std::size_t i = 0; i < set_.rules.size(); ++i) all_rules_.push_back(static_cast<int>(i));
    z3::params p(ctx_);
    p.set("timeout", options_.timeout_ms);
    p.set("core.minimize", true);
    solver_.set(p);
    for (std::size_t i = 0; i < set_.rules.size(); ++i) {
        app_.push_back(ctx_.bool_const(("applies!" + set_.rules[i].id).c_str()));
        tracker_ids_["rule:" + set_.rules[i].id] = static_cast<int>(i);
    }
}

// ---- two Z3 contexts -----------------------------------------------------------

void Verifier::beside(const std::function<void(Verifier&)>& second_part, const std::function<void()>& first_part) {
    std::exception_ptr second_failed, first_failed;
    auto run_second = [&] {
        try {
            if (!second_) {
                // Made once: a second attempt after a failed one has no context left (and Z3 makes none past
                // its memory limit), so it ends as the first did, unknown.
                if (!second_context_) throw z3::exception("the second Z3 context could not be made");
                second_.reset(new Verifier(set_, options_, second_report_, slicing_, std::move(second_context_)));
            }
            second_part(*second_);
        } catch (...) {
            second_failed = std::current_exception();
        }
    };
    std::thread worker;
    try {
        worker = std::thread(run_second);
    } catch (const std::system_error&) {
        run_second();  // no thread to be had: the same checks, one after the other
    }
    try {
        first_part();
    } catch (...) {
        first_failed = std::current_exception();
    }
    if (worker.joinable()) worker.join();
    if (first_failed) std::rethrow_exception(first_failed);
    if (second_failed) std::rethrow_exception(second_failed);
}

Verifier::CellCosts Verifier::cell_costs() {
    CellCosts costs{std::vector<std::size_t>(64 * 64, 9), std::vector<std::size_t>(64 * 64, 9)};
    for (const ir::Rule& r : set_.rules) {
        tick();
        if (r.from > r.until) continue;  // in no slice
        const std::size_t cost = 1 + r.slots_used.size();
        for (ir::Mask u = r.purposes; u; u &= u - 1) {
            const std::size_t row = static_cast<std::size_t>(std::countr_zero(u)) * 64;
            for (ir::Mask x = r.categories; x; x &= x - 1) costs.by_category[row + static_cast<std::size_t>(std::countr_zero(x))] += cost;
            for (ir::Mask x = r.recipients; x; x &= x - 1) costs.by_recipient[row + static_cast<std::size_t>(std::countr_zero(x))] += cost;
        }
    }
    return costs;
}

std::vector<char> Verifier::share(const std::vector<std::size_t>& costs, std::size_t first_already) {
    std::vector<std::size_t> order(costs.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return costs[a] > costs[b]; });
    std::size_t first = first_already, second = 0;
    std::vector<char> to_second(costs.size(), 0);
    for (std::size_t i : order) {
        if (second <= first) {
            to_second[i] = 1;
            second += costs[i];
        } else {
            first += costs[i];
        }
    }
    return to_second;
}

void Verifier::merge(VerifyReport& part) {
    report_->checks += part.checks;
    for (auto& f : part.findings) report_->findings.push_back(std::move(f));
    for (auto& k : part.unknowns) report_->unknowns.push_back(std::move(k));
    for (auto& t : part.purposes) report_->purposes.push_back(std::move(t));
    for (auto& p : part.proven) report_->proven.push_back(std::move(p));
    part = VerifyReport{};
}

void Verifier::remember(const Outcome& o) {
    if (o.purpose < 0) return;
    permitted_category_.emplace(std::make_pair(o.purpose, o.category), o);
    permitted_recipient_.emplace(std::make_pair(o.purpose, o.recipient), o);
}

// ---- one query ---------------------------------------------------------------

void Verifier::progress(const std::string& what) {
    if (options_.progress) options_.progress(what);
}

Verifier::Outcome Verifier::check(const Region& g, const Query& query, const std::string& what, bool with_core) {
    return solve(g, enc_.slice(g), true, query, what, with_core);
}

Verifier::Outcome Verifier::check_rules(const Region& g, const std::vector<int>& rules, const Query& query,
                                        const std::string& what, bool with_core) {
    return solve(g, rules, false, query, what, with_core);
}

void Verifier::before_check() {
    check_deadline(options_);
    if (options_.deadline == std::chrono::steady_clock::time_point::max()) return;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(options_.deadline - std::chrono::steady_clock::now());
    const unsigned ms = static_cast<unsigned>(std::clamp<std::int64_t>(left.count(), 1, options_.timeout_ms));
    if (ms != solver_timeout_) {
        solver_.set("timeout", ms);
        solver_timeout_ = ms;
    }
}

void Verifier::tick() {
    if ((++ticks_ & 4095) == 0) check_deadline(options_);
}

Verifier::Outcome Verifier::solve(const Region& g, const std::vector<int>& sliced_rules, bool decides, const Query& query,
                                  const std::string& what, bool with_core) {
    before_check();
    ++report_->checks;
    Outcome o;
    // Without slicing (the reference the tests compare with): every rule and the whole domain.
    const std::vector<int>& rules = slicing_ ? sliced_rules : all_rules_;
    decides = decides || !slicing_;
    const Decision decision = decides ? enc_.decision(app_, rules) : Decision{ctx_.int_val(-1), ctx_.int_val(-1), ctx_.int_val(-1)};
    std::vector<z3::expr> parts{enc_.in_region(g), query(decision)};
    for (int i : rules) parts.push_back(enc_.applies[i]);
    solver_.push();
    solver_.add(slicing_ ? enc_.domain_of(parts) : enc_.domain);
    solver_.add(parts[0]);
    solver_.add(parts[1]);
    for (int i : rules) {
        if (with_core) solver_.add(app_[i] == enc_.applies[i], ("rule:" + set_.rules[i].id).c_str());
        else solver_.add(app_[i] == enc_.applies[i]);
    }
    const z3::check_result r = solver_.check();
    if (r == z3::sat) {
        o.res = Res::sat;
        const z3::model m = solver_.get_model();
        o.witness = enc_.witness(m);
        o.item = o.witness["data"][0];
        if (decides) {
            const std::int64_t w = m.eval(decision.winner, true).get_numeral_int64();
            const std::int64_t d = m.eval(decision.decided, true).get_numeral_int64();
            o.decision = w >= 0 ? "permit" : "deny";
            o.rule = d >= 0 ? set_.rules[static_cast<std::size_t>(d)].id : "";
            o.answered = true;
            if (w >= 0) {
                o.purpose = m.eval(enc_.purpose, true).get_numeral_int64();
                o.category = m.eval(enc_.category, true).get_numeral_int64();
                o.recipient = m.eval(enc_.recipient, true).get_numeral_int64();
                remember(o);
            }
        }
    } else if (r == z3::unsat) {
        o.res = Res::unsat;
        if (with_core) {
            const z3::expr_vector core = solver_.unsat_core();
            for (unsigned i = 0; i < core.size(); ++i) {
                auto it = tracker_ids_.find(core[i].decl().name().str());
                if (it != tracker_ids_.end()) o.core.push_back(it->second);
            }
            std::sort(o.core.begin(), o.core.end());
        }
    } else {
        report_->unknowns.push_back({what, solver_.reason_unknown()});
    }
    solver_.pop();
    return o;
}

// ---- findings and proofs ------------------------------------------------------

int Verifier::rank_of(const std::string& module) const {
    for (const ir::Module& m : set_.modules)
        if (m.name == module) return static_cast<int>(m.rank);
    return static_cast<int>(ast::Rank::none);
}

RuleRef Verifier::ref(int r) const {
    const ir::Rule& rule = set_.rules[r];
    RuleRef out;
    out.id = rule.id;
    if (rule.at.file) out.file = rule.at.file->path;
    out.line = rule.at.line;
    out.column = rule.at.column;
    return out;
}

Finding& Verifier::add(std::string property, FindingLevel level, std::string message, int rule,
                       const std::vector<int>& involved) {
    Finding f;
    f.property = std::move(property);
    f.level = level;
    f.message = std::move(message);
    if (rule >= 0) f.rules.push_back(ref(rule));
    for (int r : involved)
        if (r != rule) f.rules.push_back(ref(r));
    report_->findings.push_back(std::move(f));
    return report_->findings.back();
}

void Verifier::attach(Finding& f, const Outcome& o) {
    f.witness = o.witness;
    f.witness_item = o.item;
    f.witness_decision = o.decision;
    f.witness_rule = o.rule;
}

std::size_t Verifier::count(const std::string& property) const {
    std::size_t n = 0;
    for (const auto& f : report_->findings) n += f.property == property;
    return n;
}

void Verifier::begin() { unknowns_before_ = report_->unknowns.size(); }

void Verifier::proven(const std::string& property, const std::string& text) {
    if (count(property) == 0 && report_->unknowns.size() == unknowns_before_) report_->proven.push_back(text);
}

std::string Verifier::names(const std::vector<int>& rules, int except) const {
    std::vector<std::string> v;
    for (int r : rules)
        if (r != except) v.push_back(set_.rules[r].id);
    return join(v);
}

}  // namespace grondslag::verifier
