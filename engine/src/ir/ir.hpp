// The compiled policy set: the one intermediate form that the evaluator, the
// verifier and the renderers read. Names are resolved to dense ids, groups are
// expanded to actor masks, conditions are a flat node array, and candidate
// rules are indexed by (sender, recipient, purpose, category).
#pragma once
#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lang.hpp"
#include "dates.hpp"
#include "grondslag/diagnostics.hpp"

namespace grondslag::ir {

using Mask = std::uint64_t;

// std::popcount without a POPCNT instruction (the x86-64 baseline has none) is a call into
// libgcc on every candidate lookup; this is a few inline operations.
constexpr std::size_t count_bits(Mask m) {
    m = m - ((m >> 1) & 0x5555555555555555ull);
    m = (m & 0x3333333333333333ull) + ((m >> 2) & 0x3333333333333333ull);
    m = (m + (m >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return static_cast<std::size_t>((m * 0x0101010101010101ull) >> 56);
}
static_assert(count_bits(0) == 0 && count_bits(~Mask{0}) == 64 && count_bits(0x8000000000000001ull) == 2 &&
              count_bits(0xF0F0) == 8);

// Name -> id maps that a request's string_view can query without a copy.
struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
using NameMap = std::unordered_map<std::string, int, NameHash, std::equal_to<>>;

// The request path's name lookup: an open-addressing table built at load time,
// one probe in the common case. A name is keyed by its length and two 8-byte
// loads (its first and last bytes): reading every byte was the largest cost of
// decoding a request. For names of at most 16 bytes the key is the whole name,
// so a match needs no further comparison; longer names compare their middle
// bytes as words. No load reads outside the name.
class NameIndex {
public:
    void build(const std::vector<std::pair<std::string, int>>& names) {
        std::size_t capacity = 8;
        while (capacity < names.size() * 4) capacity *= 2;
        slots_.assign(capacity, Entry{});
        text_.clear();
        for (const auto& [name, id] : names) text_ += name;
        mask_ = capacity - 1;
        std::size_t offset = 0;
        for (const auto& [name, id] : names) {
            const Key k = key(name);
            std::size_t i = hash(k) & mask_;
            while (slots_[i].id >= 0) i = (i + 1) & mask_;
            slots_[i] = Entry{k, id, static_cast<std::uint32_t>(offset)};
            offset += name.size();
        }
    }
    int find(std::string_view name) const {
        if (slots_.empty()) return -1;
        const Key k = key(name);
        for (std::size_t i = hash(k) & mask_;; i = (i + 1) & mask_) {
            const Entry& e = slots_[i];
            if (e.id < 0) return -1;
            if (e.key.a == k.a && e.key.b == k.b && e.key.n == k.n &&
                (k.n <= 16 || same_middle(text_.data() + e.text, name.data(), k.n)))
                return e.id;
        }
    }

private:
    struct Key {
        std::uint64_t a = 0, b = 0, n = 0;
    };
    struct Entry {
        Key key;
        int id = -1;
        std::uint32_t text = 0;  // the name's offset in text_
    };
    static std::uint64_t load8(const char* p) {
        std::uint64_t v;
        std::memcpy(&v, p, 8);
        return v;
    }
    static Key key(std::string_view s) {
        const std::size_t n = s.size();
        Key k;
        k.n = n;
        if (n >= 8) {
            k.a = load8(s.data());
            k.b = load8(s.data() + n - 8);
        } else if (n >= 4) {
            std::uint32_t x, y;
            std::memcpy(&x, s.data(), 4);
            std::memcpy(&y, s.data() + n - 4, 4);
            k.a = x;
            k.b = y;
        } else if (n > 0) {
            k.a = static_cast<unsigned char>(s[0]) | std::uint64_t{static_cast<unsigned char>(s[n / 2])} << 8 |
                  std::uint64_t{static_cast<unsigned char>(s[n - 1])} << 16;
        }
        return k;
    }
    // Bytes [8, n - 8) of two names of length n > 16, in 8-byte words (the last one overlapping).
    static bool same_middle(const char* x, const char* y, std::size_t n) {
        for (std::size_t off = 8; off < n - 8; off += 8) {
            const std::size_t at = off + 8 <= n - 8 ? off : n - 16;
            if (load8(x + at) != load8(y + at)) return false;
        }
        return true;
    }
    static std::size_t hash(const Key& k) {
        std::uint64_t h = (k.a ^ k.n) * 0x9E3779B97F4A7C15ull;
        h ^= (k.b + (h >> 29)) * 0xFF51AFD7ED558CCDull;
        return static_cast<std::size_t>(h ^ (h >> 32));
    }
    std::vector<Entry> slots_;
    std::string text_;  // every name, one after another
    std::size_t mask_ = 0;
};  // one bit per actor, category, purpose, enum value or mentioned text
constexpr std::size_t max_universe = 64;
// The candidate index lists a rule in every cell it covers only while the lists stay within this
// many entries (cells or broad ranges, over all rules): rules that would take more are tested by
// their masks instead (PolicySet::wide_rules). So the index grows linearly with the set, whatever
// its rules cover (docs/language.md, "Limits").
constexpr std::size_t index_budget_base = std::size_t{1} << 18;
constexpr std::size_t index_budget_per_rule = 64;
constexpr std::size_t index_budget(std::size_t rules) { return index_budget_base + index_budget_per_rule * rules; }
constexpr Day far_past = -1000000;
constexpr Day far_future = 1000000;

using ast::BasisKind;
using ast::DataClass;
using ast::Effect;

struct Label {
    std::string nl;
    std::string en;
};

struct Actor {
    std::string name;
    Label label;
    int parent = -1;        // group the actor belongs to
    Mask members = 0;       // this actor and every actor that belongs to it, transitively
    Location at;
};

struct Category {
    std::string name;
    DataClass data_class = DataClass::ord;
    Label label;
    Location at;
};

// A step of a purpose's work process: the data necessary in it and the recipients taking part, within
// the purpose's own.
struct Phase {
    std::string name;
    Label label;
    Mask needs = 0;
    Mask recipients = 0;
    int value = 0;  // its value in the enumeration of PolicySet::phase_slot
    Location at;
};

struct Purpose {
    std::string name;
    Label label;
    Mask needs = 0;        // categories necessary for the purpose
    Mask recipients = 0;   // actors that may receive for it (groups expanded)
    Location at;
    std::vector<Phase> phases;  // empty: not divided into phases
};

enum class ValueType : std::uint8_t { boolean, integer, date, enumeration, text_set, consents, record };

// A slot holds one scalar value of a request: a fact, or one field of a record fact.
struct Slot {
    std::string path;                      // "gedetineerd", "veroordeling.soort"
    ValueType type = ValueType::boolean;
    std::vector<std::string> enum_values;  // for enumeration
    std::vector<std::string> texts;        // for text_set: bit i = the list contains texts[i]
    bool articles = false;                 // text_set of articles in the contract's notation (is_article)
    int fact = -1;
};

struct Fact {
    std::string name;
    ValueType type = ValueType::boolean;
    Label label;
    int first_slot = -1;  // scalar facts: their slot; records: first field slot
    int slot_count = 0;
    NameIndex fields;     // records: field name -> slot
    Location at;
};

struct Basis {
    std::string id;
    BasisKind kind = BasisKind::art6;
    Label label;
    Location at;
    int module = -1;            // the module (instrument) that declares it
    bool from_consent = false;  // rests on consent, not on a law
};

// A module and the rank of its instrument (legal_order.hpp).
struct Module {
    std::string name;
    ast::Rank rank = ast::Rank::none;
    Location at;
};

struct Provision {
    std::string id;
    std::string law;
    std::string article;
    std::string lid;
    std::string onder;
    std::string source_id;  // BWBR..., CELEX ..., CVDR...
    ast::ProvisionKind kind = ast::ProvisionKind::unstated;  // duty or power (lang.hpp)
    Day from = far_past;
    Day until = far_future;
    std::string says, says_en;  // says_en: the English text, empty when `says` stands for both (says_in)
    std::string citation;  // "PM art. 20d lid 2 onder d"
    Location at;
};

enum class Op : std::uint8_t {
    constant,      // mask != 0 means true
    all,           // children: and
    any,           // children: or
    negate,        // child
    fact_true,     // bool slot
    compare,       // lhs cmp rhs
    enum_in,       // slot value in mask
    actor_in,      // sender (slot 0) or recipient (slot 1) in mask
    contains_any,  // text_set slot intersects mask
    consent,       // active consent for category (or the item's category when category < 0)
    known,         // the request gives the slot: never unknown itself
};

struct Term {
    enum class Kind : std::uint8_t { slot, request_date, constant } kind = Kind::constant;
    std::uint16_t slot = 0;
    std::int64_t constant = 0;
    std::int8_t period_sign = 0;  // 0: none, +1 or -1
    Period period;
};

struct Node {
    Op op = Op::constant;
    ast::CompareOp cmp = ast::CompareOp::eq;
    bool explicit_consent = false;
    std::int16_t category = -1;
    std::uint16_t slot = 0;
    std::uint32_t first = 0;  // children in Program::children
    std::uint32_t count = 0;
    Mask mask = 0;
    Term lhs;
    Term rhs;
    Location at;
};

struct Obligation {
    ast::ObligationKind kind;
    Period period;
    int actor = -1;      // notify
    int provision = -1;  // the provision that lays down the duty (ast::under_provision kinds; retain may name one)
    int anchor = -1;     // retain, retain_minimum: the slot of the date fact the period counts from; -1: the request date
    int category = -1;   // use_number: the number's category
};

struct Rule {
    std::string id;
    std::string module;
    Effect effect = Effect::forbid;
    int provision = -1;
    Day from = far_past;   // provision validity intersected with the rule's own
    Day until = far_future;
    Mask categories = 0;
    Mask senders = 0;
    Mask recipients = 0;
    Mask purposes = 0;
    int condition = -1;  // root node, -1 = always (a `phase` clause is part of it, see `phases`)
    Mask phases = 0;     // the phase values (PolicySet::phase_slot) the rule is limited to; 0: not limited
    std::vector<int> bases;
    std::vector<int> excepts;  // rules this rule prevails over
    bool prevails = false;     // a forbid declared to prevail over every permit it meets
    std::vector<Obligation> obligations;
    std::vector<std::uint16_t> slots_used;  // for "missing facts"
    bool uses_consent = false;
    std::vector<std::string> citations;
    std::string says, says_en;  // as a provision's
    Location at;
};

// A `says` text in the reader's language: the English one when English is asked for and given, else the
// first (Dutch when both are given; the only one otherwise).
inline const std::string& says_in(const std::string& says, const std::string& says_en, bool english) {
    return english && !says_en.empty() ? says_en : says;
}

struct PolicySet {
    std::vector<Module> modules;
    std::vector<Actor> actors;
    std::vector<Category> categories;
    std::vector<Purpose> purposes;
    std::vector<Fact> facts;
    std::vector<Slot> slots;
    std::vector<Basis> bases;
    std::vector<Provision> provisions;
    std::vector<Rule> rules;
    std::vector<Node> nodes;
    std::vector<std::uint32_t> children;
    int consent_fact = -1;
    // The request's `phase`: an enumeration slot of the phase names of every purpose, held by a fact
    // that no request names under `facts` (it is not in fact_ids). -1: no purpose is divided into phases.
    int phase_slot = -1;

    // Candidate index: the rules that can apply to (sender, recipient, purpose, category), visited
    // in rule order. It is kept small enough for the cache, because requests land on random cells
    // (a flat table over every cell was 147 KB for the shipped set, and its lookups missed):
    // - broad rules (from anyone to anyone) are listed per (purpose, category): the AVG's forbids
    //   would otherwise put a rule in every cell;
    // - the other rules in two levels: per (sender, recipient, purpose) a group, which holds the
    //   categories that have candidates and where their cells start in cell_lists; a category's cell
    //   is found by counting the mask's bits below it. A cell names its list of rules in
    //   candidate_lists. Each distinct group and each distinct list is held once: most of a set's
    //   groups and cells repeat a few (the shipped set's 33,075 groups are 160 distinct ones, its
    //   cells hold 222 distinct lists of 641 numbers), so all but the group numbers stay in the
    //   cache, and a (sender, recipient, purpose) costs one number.
    struct CellGroup {
        Mask categories = 0;       // bit c: the cell with category c has candidates
        std::uint32_t first = 0;   // its first cell in cell_lists
    };
    std::vector<std::uint32_t> group_of;      // actors x actors x purposes: its group in cell_groups
    std::vector<CellGroup> cell_groups;       // each distinct group once; the empty group first
    std::vector<std::uint32_t> cell_lists;    // per non-empty cell of a group, where its list starts in candidate_lists
    // Each distinct list once, in the order build_index first meets it: its length, then its rule indices
    // in rule order. 4 bytes an entry, as build_index makes them and an image holds them.
    std::vector<std::uint32_t> candidate_lists;
    std::vector<std::uint32_t> broad_starts;  // purposes x categories, then the end
    std::vector<std::uint32_t> broad;         // the broad rules of each (purpose, category), in rule order
    // What the candidate loop reads of a rule, one entry per rule, so that a cell's candidates are read
    // from one small table rather than from their Rules: a Rule is 344 bytes (image.cpp checks the
    // size) and a cell's rules can be far apart, a cache line or two each, while this table is 16
    // bytes a rule (3 KB for the national set). Made by index_candidates at load, not in the image.
    struct Candidate {
        std::uint32_t rule_and_effect = 0;  // rule index << 1, | 1 for a permit
        std::int32_t condition = -1;        // root node, -1 = always
        Day from = far_past;
        Day until = far_future;
        static Candidate of(std::uint32_t rule, std::int32_t condition, Day from, Day until, bool permit) {
            return Candidate{rule << 1 | (permit ? 1u : 0u), condition, from, until};
        }
        // The entry of rule `index`.
        static Candidate of(std::uint32_t index, const Rule& r) {
            return of(index, r.condition, r.from, r.until, r.effect == ast::Effect::permit);
        }
        std::uint32_t rule() const { return rule_and_effect >> 1; }
        bool permit() const { return rule_and_effect & 1; }
    };
    static_assert(sizeof(Candidate) == 16);
    std::vector<Candidate> rule_entries;
    // Rules in neither list: those the index's budget left out (index_budget), found by testing
    // their masks. Per sender, recipient, purpose and category a bit set over these rules (in rule
    // order); a cell's wide candidates are the bits set in all four. Made by index_candidates at
    // load, not in the image. Empty for every set whose cells fit the budget.
    std::vector<std::uint32_t> wide_rules;
    std::size_t wide_words = 0;                 // 64-bit words per bit set
    std::vector<std::uint64_t> wide_senders, wide_recipients, wide_purposes, wide_categories;

    NameMap actor_ids, category_ids, purpose_ids, fact_ids, rule_ids, basis_ids,
        provision_ids;

    std::string source_hash;  // sha256:...
    // The request decoder's lookups.
    NameIndex actor_index, category_index, purpose_index, fact_index;
    std::vector<std::string> source_paths;
    // Set when a Policies object adopts the set, never stored: tells the typed requests of one loaded set
    // from another's (grondslag/typed_request.hpp).
    std::uint32_t serial = 0;

    std::span<const std::uint32_t> specific_candidates(std::size_t s, std::size_t r, std::size_t p, std::size_t c) const {
        const CellGroup& g = cell_groups[group_of[(s * actors.size() + r) * purposes.size() + p]];
        if (!(g.categories >> c & 1)) return {};
        const std::uint32_t* list = candidate_lists.data() + cell_lists[g.first + count_bits(g.categories & ((Mask{1} << c) - 1))];
        return {list + 1, list[0]};
    }
    std::span<const std::uint32_t> broad_candidates(std::size_t p, std::size_t c) const {
        const std::size_t k = p * categories.size() + c;
        return {broad.data() + broad_starts[k], broad.data() + broad_starts[k + 1]};
    }
    // Calls fn(const Candidate&) for every candidate of the cell, in rule order (a merge of the two lists,
    // and of the wide rules when there are any).
    template <typename Fn>
    void for_each_candidate(std::size_t s, std::size_t r, std::size_t p, std::size_t c, Fn&& fn) const {
        const auto a = specific_candidates(s, r, p, c);
        const auto b = broad_candidates(p, c);
        if (!wide_rules.empty()) [[unlikely]]
            return for_each_candidate_with_wide(a, b, s, r, p, c, fn);
        const Candidate* entries = rule_entries.data();
        std::size_t i = 0, j = 0;
        while (i < a.size() && j < b.size()) fn(entries[a[i] < b[j] ? a[i++] : b[j++]]);
        while (i < a.size()) fn(entries[a[i++]]);
        while (j < b.size()) fn(entries[b[j++]]);
    }
    template <typename Fn>
    void for_each_candidate_with_wide(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b, std::size_t s,
                                      std::size_t r, std::size_t p, std::size_t c, Fn& fn) const {
        const std::uint64_t* ws = wide_senders.data() + s * wide_words;
        const std::uint64_t* wr = wide_recipients.data() + r * wide_words;
        const std::uint64_t* wp = wide_purposes.data() + p * wide_words;
        const std::uint64_t* wc = wide_categories.data() + c * wide_words;
        std::size_t i = 0, j = 0, word = 0;
        std::uint64_t bits = 0;
        auto next_wide = [&]() -> const std::uint32_t* {
            while (bits == 0) {
                if (word == wide_words) return nullptr;
                bits = ws[word] & wr[word] & wp[word] & wc[word];
                ++word;
            }
            const std::size_t k = (word - 1) * 64 + static_cast<std::size_t>(std::countr_zero(bits));
            bits &= bits - 1;
            return &wide_rules[k];
        };
        const std::uint32_t* w = next_wide();
        for (;;) {
            const std::uint32_t* best = w;
            int from = 2;
            if (i < a.size() && (!best || a[i] < *best)) best = &a[i], from = 0;
            if (j < b.size() && (!best || b[j] < *best)) best = &b[j], from = 1;
            if (!best) return;
            fn(rule_entries[*best]);
            if (from == 0) ++i;
            else if (from == 1) ++j;
            else w = next_wide();
        }
    }
    // The bytes the candidate index holds (its vectors' elements): docs/language.md, "Limits".
    std::size_t index_bytes() const {
        return cell_groups.size() * sizeof(CellGroup) +
               (group_of.size() + cell_lists.size() + candidate_lists.size() + broad_starts.size() + broad.size() + wide_rules.size()) *
                   sizeof(std::uint32_t) +
               rule_entries.size() * sizeof(Candidate) +
               (wide_senders.size() + wide_recipients.size() + wide_purposes.size() + wide_categories.size()) *
                   sizeof(std::uint64_t);
    }
    // How every answer names a rule's bases (JSON, typed, explanations): the first AVG art. 6 basis is
    // "basis", every other one a ground, in declaration order. Calls fn(bool is_basis, const std::string& id).
    template <typename Fn>
    void name_bases(const Rule& r, Fn&& fn) const {
        bool basis_named = false;
        for (const int b : r.bases) {
            const bool is_basis = !basis_named && bases[b].kind == BasisKind::art6;
            basis_named = basis_named || is_basis;
            fn(is_basis, bases[b].id);
        }
    }
    bool rule_excepts(int winner, int loser) const {
        for (int e : rules[winner].excepts)
            if (e == loser) return true;
        return false;
    }
};

// The clause that states an obligation, as a policy file writes it ("retain at least 20 years under
// jeugdwet.7.3.8"): for messages and for comparing two sets.
std::string obligation_clause(const PolicySet& set, const Obligation& o);

// Which applicable forbid a deny names, as a rank per rule (lower first): the narrowest (fewest senders x
// recipients x purposes x categories: a sector law's prohibition before the AVG's general one, the lex
// specialis), then rule order. The evaluator and the verifier's encoding both use it.
std::vector<std::uint32_t> forbid_precedence(const PolicySet& set);

// A provision as a machine reference and the page that shows it (references.cpp): Juriconnect
// ("jci1.3:c:BWBR0009398&artikel=20d&lid=2") for Dutch law, ELI for EU law, the CVDR number for
// municipal rules. Empty when the provision names no source.
struct LegalReference {
    std::string id;
    std::string url;
};
LegalReference provision_reference(const Provision& p);

// The actors in a mask, a group standing for its members when all of them are in it (the register, the
// diagrams and a condition's words name parties so).
inline std::vector<int> actors_compressed(const PolicySet& set, Mask mask) {
    std::vector<int> out;
    for (std::size_t a = 0; a < set.actors.size() && a < max_universe; ++a) {
        if (!(mask >> a & 1)) continue;
        bool covered = false;  // an ancestor group with all its members in the mask stands for it
        for (int p = set.actors[a].parent; p >= 0; p = set.actors[static_cast<std::size_t>(p)].parent)
            covered |= (set.actors[static_cast<std::size_t>(p)].members & mask) == set.actors[static_cast<std::size_t>(p)].members;
        if (!covered) out.push_back(static_cast<int>(a));
    }
    return out;
}

}  // namespace grondslag::ir
