// The check stage's entry: ast::Module[] -> ir::PolicySet. run() below is the pass list; each pass
// is in its own file (declarations.cpp, rules.cpp, conditions.cpp), the candidate index in ir/index.cpp.
#include "compiler.hpp"
#include "compiler_pass.hpp"
#include "index.hpp"
#include "legal_order.hpp"

#include <algorithm>

namespace grondslag::checker {

std::unique_ptr<PolicySet> Compiler::run() {
    check_modules();
    for (const auto& m : modules_) for (const auto& a : m.actors) declare_actor(a, module_index(m));
    resolve_groups();
    for (const auto& m : modules_) for (const auto& c : m.categories) declare_category(c);
    for (const auto& m : modules_) for (const auto& f : m.facts) declare_fact(f);
    for (const auto& m : modules_) for (const auto& b : m.bases) declare_basis(b, m);
    for (const auto& m : modules_) for (const auto& p : m.provisions) declare_provision(p, m);
    for (const auto& m : modules_) for (const auto& p : m.purposes) declare_purpose(p, module_index(m));
    for (const auto& m : modules_) for (const auto& e : m.extensions) extend_purpose(e, module_index(m));
    for (const auto& m : modules_) for (const auto& p : m.purposes) declare_phases(p);
    declare_phase_slot();
    check_universe_sizes();
    // Rules in two passes: ids first, so exceptions may refer forward.
    for (const auto& m : modules_) for (const auto& r : m.rules) declare_rule(r, m);
    std::size_t index = 0;
    for (const auto& m : modules_) for (const auto& r : m.rules) compile_rule(r, set_->rules[index++]);
    check_exception_cycles();
    check_prevailing_forbids();
    check_legal_order(modules_, *set_, report_);
    if (report_.has_errors()) return nullptr;
    build_index(*set_);
    index_names(*set_);
    index_candidates(*set_);
    return std::move(set_);
}

void Compiler::check_prefix(const ast::Name& id, const ast::Module& m, const char* what) {
    const std::string prefix = m.name.text + ".";
    if (id.text.rfind(prefix, 0) != 0)
        report_.error("E108", id.at,
                      std::string(what) + " id '" + id.text + "' must start with its module name '" + prefix + "'");
}

int Compiler::lookup(const NameMap& map, const ast::Name& n, const char* what) {
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

std::size_t Compiler::edit_distance(const std::string& a, const std::string& b) {
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
std::string Compiler::suggestion(const NameMap& map, const std::string& word) {
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

}  // namespace grondslag::checker

namespace grondslag {


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
    return checker::Compiler(modules, report).run();
}

}  // namespace grondslag
