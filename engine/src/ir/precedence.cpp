// Which applicable forbid a deny names (ir.hpp, forbid_precedence).
#include <algorithm>
#include <numeric>

#include "ir.hpp"

namespace grondslag::ir {

std::vector<std::uint32_t> forbid_precedence(const PolicySet& set) {
    // The requests a rule can speak to: its senders x recipients x purposes x categories, once per rule
    // (an Evaluator is made per explained item, and the sort compares each rule many times).
    std::vector<std::uint64_t> scope(set.rules.size());
    for (std::size_t i = 0; i < set.rules.size(); ++i) {
        const Rule& r = set.rules[i];
        scope[i] = std::uint64_t{count_bits(r.senders)} * count_bits(r.recipients) * count_bits(r.purposes) * count_bits(r.categories);
    }
    std::vector<std::uint32_t> order(set.rules.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return scope[a] < scope[b]; });
    std::vector<std::uint32_t> rank(set.rules.size());
    for (std::uint32_t k = 0; k < order.size(); ++k) rank[order[k]] = k;
    return rank;
}

}  // namespace grondslag::ir
