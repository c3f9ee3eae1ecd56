// The lookups the compiled form carries beside its rules, made from the set itself: by the checker
// after compiling, and by reading a compiled image (they are not in the image's bytes).
#include "index.hpp"

namespace grondslag {

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
    auto core = [&](std::uint32_t index) {
        const ir::Rule& r = set.rules[index];
        return ir::PolicySet::Candidate{index, r.condition, r.from, r.until, r.effect == ast::Effect::permit};
    };
    set.candidate_rules.clear();
    set.broad_rules.clear();
    for (const std::uint32_t i : set.candidates) set.candidate_rules.push_back(core(i));
    for (const std::uint32_t i : set.broad) set.broad_rules.push_back(core(i));
    // Every rule in neither list is a wide rule (build_index left it out), and is found by its masks.
    std::vector<char> listed(set.rules.size(), 0);
    for (const std::uint32_t i : set.candidates) listed[i] = 1;
    for (const std::uint32_t i : set.broad) listed[i] = 1;
    set.wide_rules.clear();
    for (std::size_t i = 0; i < set.rules.size(); ++i)
        if (!listed[i]) set.wide_rules.push_back(core(static_cast<std::uint32_t>(i)));
    const std::size_t words = (set.wide_rules.size() + 63) / 64;
    set.wide_words = words;
    auto bits = [&](std::vector<std::uint64_t>& out, std::size_t universe, auto mask_of) {
        out.assign(set.wide_rules.empty() ? 0 : universe * words, 0);
        for (std::size_t k = 0; k < set.wide_rules.size(); ++k) {
            const ir::Mask m = mask_of(set.rules[set.wide_rules[k].rule]);
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
