// The candidate index and the lookups the compiled form carries beside its rules, made from the set
// itself: the index by the checker; the lookups by the checker and when a compiled image is read
// (they are not in the image's bytes).
#include "index.hpp"

#include <algorithm>
#include <bit>
#include <unordered_map>
#include <vector>

namespace grondslag {

namespace {
using namespace ir;

// Calls fn(i) for every bit i set in m, lowest first: as many steps as bits set, not 64.
template <typename Fn>
void for_each_bit(Mask m, Fn&& fn) {
    for (; m != 0; m &= m - 1) fn(static_cast<std::size_t>(std::countr_zero(m)));
}

// A hash of a list of numbers, for the tables of distinct lists and groups (FNV-1a over the words):
// their order in the compiled form is the order first met, never the table's.
struct WordsHash {
    std::size_t operator()(const std::vector<std::uint32_t>& words) const noexcept {
        std::uint64_t h = 14695981039346656037ull;
        for (const std::uint32_t w : words) h = (h ^ w) * 1099511628211ull;
        return static_cast<std::size_t>(h ^ (h >> 29));
    }
};
}  // namespace

// Lists every rule in the cells it covers, as long as the lists stay within index_budget: one rule
// from many senders to many recipients for many purposes and categories covers up to 64^4 cells,
// so the cheapest rules are listed first and those that do not fit are left to the wide rules
// (index_candidates). Nothing here is sized by the number of cells, only the groups (at most
// 64 x 64 x 64) and the entries, which the budget bounds; counts are 64-bit until they are known
// to fit the 32-bit index.
void build_index(ir::PolicySet& s) {
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
    // The lists hold at most every entry and a length per cell.
    static_assert(2 * index_budget(std::size_t{1} << 24) < std::size_t{1} << 32, "index entries fit 32 bits");

    // Broad rules per (purpose, category): a counting sort over P x C ranges, rules in order.
    const std::size_t ranges = P * C;
    std::vector<std::size_t> starts(ranges + 1, 0);
    auto for_each_pc = [&](const Rule& r, auto&& fn) {
        for_each_bit(within(r.purposes, P), [&](std::size_t p) { for_each_bit(within(r.categories, C), [&](std::size_t c) { fn(p * C + c); }); });
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

    // The other listed rules per (sender, recipient, purpose) group: a counting sort by group, filled
    // category by category and, within a category, in rule order, so that each group's entries come
    // out ordered by category and a cell's rules in rule order, with no sort.
    struct Entry {
        std::uint32_t rule;
        std::uint32_t category;
    };
    auto for_each_group = [&](const Rule& r, auto&& fn) {
        for_each_bit(within(r.senders, A), [&](std::size_t a) {
            for_each_bit(within(r.recipients, A), [&](std::size_t b) {
                for_each_bit(within(r.purposes, P), [&](std::size_t p) { fn((a * A + b) * P + p); });
            });
        });
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
        for (std::size_t c = 0; c < C; ++c)
            for (std::size_t i = 0; i < n; ++i) {
                const Rule& r = s.rules[i];
                if (!listed[i] || is_broad(r) || !(r.categories >> c & 1)) continue;
                const Entry entry{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(c)};
                for_each_group(r, [&](std::size_t g) { entries[fill[g]++] = entry; });
            }
    }
    // Each cell's run of entries is a list, and each group a mask with the lists of its cells. Each
    // distinct list is kept once, in the order first met; each distinct group once, those used most
    // first (on ties the first met; the empty group always first), so that an image writes the
    // groups' numbers in few bytes. Nothing here is sized by the groups but group_of itself. Most
    // groups are empty (no rule from that sender to that recipient for that purpose); they are
    // counted without a look-up.
    std::unordered_map<std::vector<std::uint32_t>, std::uint32_t, WordsHash> list_place;
    struct Distinct {
        std::size_t uses = 0;
        std::uint32_t met = 0;  // the order first met, which group_of holds until the groups are sorted
    };
    std::unordered_map<std::vector<std::uint32_t>, Distinct, WordsHash> distinct_groups;
    Distinct& empty_group = distinct_groups.try_emplace(std::vector<std::uint32_t>{0, 0}, Distinct{groups + 1, 0}).first->second;  // always first
    s.candidate_lists.clear();
    s.group_of.assign(groups, 0);
    // A rule from many senders to many recipients puts the same list in the same (purpose, category) cell
    // of group after group, and the same group for a purpose after group: each is first compared with the
    // last one met for that purpose (and category), and only looked up when it differs.
    std::vector<std::uint32_t> list, key;
    std::vector<std::vector<std::uint32_t>> last_list(P * C), last_key(P);
    std::vector<std::uint32_t> last_place(P * C, 0);
    std::vector<Distinct*> last_group(P, nullptr);
    for (std::size_t g = 0; g < groups; ++g) {
        if (group_starts[g] == group_starts[g + 1]) {
            ++empty_group.uses;
            s.group_of[g] = empty_group.met;
            continue;
        }
        Mask mask = 0;
        key.assign(2, 0);  // the mask's two halves, then the cells' places
        const std::size_t purpose = g % P;
        const auto last = entries.begin() + static_cast<std::ptrdiff_t>(group_starts[g + 1]);
        for (auto it = entries.begin() + static_cast<std::ptrdiff_t>(group_starts[g]); it != last;) {
            const std::uint32_t category = it->category;
            auto end = it;
            while (end != last && end->category == category) ++end;
            mask |= Mask{1} << category;
            const std::size_t cell = purpose * C + category;
            const auto& known = last_list[cell];
            // A run is never empty, so a cell not met yet (its last list empty) never matches.
            const bool same = known.size() == static_cast<std::size_t>(end - it) &&
                              std::equal(it, end, known.begin(), [](const Entry& e, std::uint32_t r) { return e.rule == r; });
            if (!same) {
                list.clear();
                for (auto e = it; e != end; ++e) list.push_back(e->rule);
                auto [at, added] = list_place.try_emplace(list, static_cast<std::uint32_t>(s.candidate_lists.size()));
                if (added) {
                    s.candidate_lists.push_back(static_cast<std::uint32_t>(list.size()));
                    s.candidate_lists.insert(s.candidate_lists.end(), list.begin(), list.end());
                }
                last_list[cell] = list;
                last_place[cell] = at->second;
            }
            key.push_back(last_place[cell]);
            it = end;
        }
        key[0] = static_cast<std::uint32_t>(mask);
        key[1] = static_cast<std::uint32_t>(mask >> 32);
        Distinct*& known_group = last_group[purpose];
        if (!known_group || key != last_key[purpose]) {
            known_group = &distinct_groups.try_emplace(key, Distinct{0, static_cast<std::uint32_t>(distinct_groups.size())}).first->second;
            last_key[purpose] = key;
        }
        ++known_group->uses;
        s.group_of[g] = known_group->met;
    }
    std::vector<std::pair<const std::vector<std::uint32_t>, Distinct>*> by_use;
    by_use.reserve(distinct_groups.size());
    for (auto& d : distinct_groups) by_use.push_back(&d);
    std::sort(by_use.begin(), by_use.end(), [](const auto* x, const auto* y) {
        return x->second.uses != y->second.uses ? x->second.uses > y->second.uses : x->second.met < y->second.met;
    });
    std::vector<std::uint32_t> number_of_met(by_use.size());
    s.cell_groups.clear();
    s.cell_lists.clear();
    for (const auto* d : by_use) {
        number_of_met[d->second.met] = static_cast<std::uint32_t>(s.cell_groups.size());
        const Mask mask = Mask{d->first[0]} | Mask{d->first[1]} << 32;
        s.cell_groups.push_back(PolicySet::CellGroup{mask, static_cast<std::uint32_t>(s.cell_lists.size())});
        s.cell_lists.insert(s.cell_lists.end(), d->first.begin() + 2, d->first.end());
    }
    for (auto& g : s.group_of) g = number_of_met[g];
}

void index_names(ir::PolicySet& set) {
    auto pairs = [](const ir::NameMap& map) { return std::vector<std::pair<std::string, int>>(map.begin(), map.end()); };
    set.actor_index.build(pairs(set.actor_ids));
    set.category_index.build(pairs(set.category_ids));
    set.purpose_index.build(pairs(set.purpose_ids));
    set.fact_index.build(pairs(set.fact_ids));
    for (auto& f : set.facts) {
        if (f.type != ir::ValueType::record) continue;
        std::vector<std::pair<std::string, int>> fields;
        for (int s = f.first_slot; s < f.first_slot + f.slot_count; ++s)
            fields.emplace_back(set.slots[s].path.substr(f.name.size() + 1), s);
        f.fields.build(fields);
    }
}

void index_candidates(ir::PolicySet& set) {
    set.rule_entries.clear();
    set.rule_entries.reserve(set.rules.size());
    for (std::size_t i = 0; i < set.rules.size(); ++i)
        set.rule_entries.push_back(ir::PolicySet::Candidate::of(static_cast<std::uint32_t>(i), set.rules[i]));
    // Every rule in neither list is a wide rule (build_index left it out), and is found by its masks.
    std::vector<char> listed(set.rules.size(), 0);
    for (std::size_t k = 0; k < set.candidate_lists.size(); k += 1 + set.candidate_lists[k])
        for (std::size_t i = k + 1; i <= k + set.candidate_lists[k]; ++i) listed[set.candidate_lists[i]] = 1;
    for (const std::uint32_t r : set.broad) listed[r] = 1;
    set.wide_rules.clear();
    for (std::size_t i = 0; i < set.rules.size(); ++i)
        if (!listed[i]) set.wide_rules.push_back(static_cast<std::uint32_t>(i));
    const std::size_t words = (set.wide_rules.size() + 63) / 64;
    set.wide_words = words;
    auto bits = [&](std::vector<std::uint64_t>& out, std::size_t universe, auto mask_of) {
        out.assign(set.wide_rules.empty() ? 0 : universe * words, 0);
        for (std::size_t k = 0; k < set.wide_rules.size(); ++k) {
            const ir::Mask m = mask_of(set.rules[set.wide_rules[k]]);
            for (std::size_t v = 0; v < universe; ++v)
                if (m >> v & 1) out[v * words + k / 64] |= std::uint64_t{1} << (k % 64);
        }
    };
    bits(set.wide_senders, set.actors.size(), [](const ir::Rule& r) { return r.senders; });
    bits(set.wide_recipients, set.actors.size(), [](const ir::Rule& r) { return r.recipients; });
    bits(set.wide_purposes, set.purposes.size(), [](const ir::Rule& r) { return r.purposes; });
    bits(set.wide_categories, set.categories.size(), [](const ir::Rule& r) { return r.categories; });
}

}  // namespace grondslag
