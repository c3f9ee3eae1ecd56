// Which applicable forbid a deny names (ir.hpp, forbid_precedence).
#include <algorithm>
#include <bit>
#include <numeric>

#include "ir.hpp"

namespace grondslag::ir {

std::vector<std::uint32_t> forbid_precedence(const PolicySet& set) {
    // The requests a rule can speak to: its senders x recipients x purposes x categories.
    auto scope = [](const Rule& r) {
        return static_cast<std::uint64_t>(std::popcount(r.senders)) * static_cast<std::uint64_t>(std::popcount(r.recipients)) *
               static_cast<std::uint64_t>(std::popcount(r.purposes)) * static_cast<std::uint64_t>(std::popcount(r.categories));
    };
    std::vector<std::uint32_t> order(set.rules.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return scope(set.rules[a]) < scope(set.rules[b]);
    });
    std::vector<std::uint32_t> rank(set.rules.size());
    for (std::uint32_t k = 0; k < order.size(); ++k) rank[order[k]] = k;
    return rank;
}

}  // namespace grondslag::ir
