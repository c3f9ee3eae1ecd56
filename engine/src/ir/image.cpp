#include "image.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <type_traits>
#include <unordered_map>

#include "index.hpp"

#ifndef GRONDSLAG_ENGINE_FINGERPRINT
#error "GRONDSLAG_ENGINE_FINGERPRINT is set by engine/CMakeLists.txt"
#endif

namespace grondslag::image {

using namespace ir;

namespace {

constexpr std::string_view magic = "grondslag-image/3\n";

// Tripwires: a field added to the compiled form must be written and read below (io), and its
// struct's size changes with it. Update the size here once the field is in io.
template <typename T, std::size_t expected>
constexpr bool unchanged = sizeof(void*) != 8 || sizeof(T) == expected;
static_assert(unchanged<Rule, 344>, "Rule changed: add the field to io(Rule)");
static_assert(unchanged<Node, 104>, "Node changed: add the field to io(Node)");
static_assert(unchanged<Term, 32>, "Term changed: add the field to io(Term)");
static_assert(unchanged<Obligation, 28>, "Obligation changed: add the field to io(Obligation)");
static_assert(unchanged<Provision, 320>, "Provision changed: add the field to io(Provision)");
static_assert(unchanged<Fact, 192>, "Fact changed: add the field to io(Fact)");
static_assert(unchanged<Slot, 96>, "Slot changed: add the field to io(Slot)");
static_assert(unchanged<Actor, 128>, "Actor changed: add the field to io(Actor)");
static_assert(unchanged<Category, 120>, "Category changed: add the field to io(Category)");
static_assert(unchanged<Phase, 136>, "Phase changed: add the field to io(Phase)");
static_assert(unchanged<Purpose, 152>, "Purpose changed: add the field to io(Purpose)");
static_assert(unchanged<Basis, 128>, "Basis changed: add the field to io(Basis)");
static_assert(unchanged<Module, 56>, "Module changed: add the field to io(Module)");
// PolicySet::serial is set when a Policies object adopts the set, so it is not in the image; nor are
// the rule entries, the wide rules and their bit sets, made by index_candidates at load from the rules.
static_assert(unchanged<PolicySet, 1280>, "PolicySet changed: add the member to io(PolicySet)");

// Unsigned LEB128 with zigzag for signed values: the compiled form is mostly small numbers.
class Writer {
public:
    explicit Writer(const std::vector<const SourceFile*>& files) {
        for (std::size_t i = 0; i < files.size(); ++i) file_numbers_[files[i]] = i + 1;
    }
    std::string bytes;

    void unsigned_(std::uint64_t v) {
        char buffer[max_bytes];
        bytes.append(buffer, static_cast<std::size_t>(put(buffer, v) - buffer));
    }
    template <typename T>
    void operator()(const T& v) {
        if constexpr (std::is_same_v<T, bool>) unsigned_(v ? 1 : 0);
        else if constexpr (std::is_enum_v<T>) unsigned_(static_cast<std::uint64_t>(v));
        else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>)
            unsigned_((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(std::int64_t{v} >> 63));
        else if constexpr (std::is_integral_v<T>) unsigned_(v);
        else if constexpr (std::is_same_v<T, std::string>) {
            unsigned_(v.size());
            bytes += v;
        } else if constexpr (std::is_same_v<T, Location>) {
            const auto it = file_numbers_.find(v.file);
            unsigned_(it == file_numbers_.end() ? 0 : it->second);
            unsigned_(v.line);
            unsigned_(v.column);
        } else io(*this, const_cast<T&>(v));
    }
    template <typename T>
    void operator()(const std::vector<T>& v) {
        unsigned_(v.size());
        for (const auto& x : v) (*this)(x);
    }
    // The candidate index written compactly: the group numbers, mostly one byte each since the groups most
    // used come first; a group without its first cell (the count of the cells before it, which the reader
    // sums); the cells' places in the candidate lists; the broad ranges' starts and rules as differences
    // from the one before (zigzag, so that any order can be written).
    // These write into room made once for the whole vector, not a byte at a time.
    void numbers(const std::vector<std::uint32_t>& v) {
        char* out = make_room(v.size());
        out = put(out, v.size());
        for (const std::uint32_t x : v) out = put(out, x);
        bytes.resize(static_cast<std::size_t>(out - bytes.data()));
    }
    void cell_groups(const std::vector<PolicySet::CellGroup>& groups) {
        char* out = make_room(groups.size());
        out = put(out, groups.size());
        for (const auto& g : groups) out = put(out, g.categories);
        bytes.resize(static_cast<std::size_t>(out - bytes.data()));
    }
    void differences(const std::vector<std::uint32_t>& v) {
        char* out = make_room(v.size());
        out = put(out, v.size());
        std::int64_t before = 0;
        for (const std::uint32_t x : v) {
            const std::int64_t step = std::int64_t{x} - before;
            out = put(out, (static_cast<std::uint64_t>(step) << 1) ^ static_cast<std::uint64_t>(step >> 63));
            before = x;
        }
        bytes.resize(static_cast<std::size_t>(out - bytes.data()));
    }
    void operator()(const NameMap& map) {  // sorted, so that an image is a function of the set
        std::vector<std::pair<std::string, int>> pairs(map.begin(), map.end());
        std::sort(pairs.begin(), pairs.end());
        unsigned_(pairs.size());
        for (const auto& [name, id] : pairs) {
            (*this)(name);
            (*this)(id);
        }
    }

private:
    static constexpr std::size_t max_bytes = 10;  // of a 64-bit number
    static char* put(char* out, std::uint64_t v) {
        while (v >= 0x80) {
            *out++ = static_cast<char>(v | 0x80);
            v >>= 7;
        }
        *out++ = static_cast<char>(v);
        return out;
    }
    // Room at the end of `bytes` for a count and `numbers` numbers; the caller trims what it did not use.
    char* make_room(std::size_t numbers) {
        const std::size_t at = bytes.size();
        bytes.resize(at + (numbers + 1) * max_bytes);
        return bytes.data() + at;
    }
    std::unordered_map<const SourceFile*, std::size_t> file_numbers_;
};

class Reader {
public:
    Reader(std::string_view bytes, const std::vector<const SourceFile*>& files) : p_(bytes.data()), end_(p_ + bytes.size()), files_(files) {}
    bool failed = false;
    bool at_end() const { return p_ == end_; }

    std::uint64_t unsigned_() {
        // Most numbers of an image are below 128: one byte.
        if (p_ != end_ && !(static_cast<unsigned char>(*p_) & 0x80)) return static_cast<unsigned char>(*p_++);
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p_ == end_) return fail();
            const auto byte = static_cast<unsigned char>(*p_++);
            v |= std::uint64_t{byte & 0x7Fu} << shift;
            if (!(byte & 0x80)) return v;
        }
        return fail();
    }
    template <typename T>
    void operator()(T& v) {
        if constexpr (std::is_same_v<T, bool>) {
            const std::uint64_t u = unsigned_();
            if (u > 1) fail();
            v = u == 1;
        } else if constexpr (std::is_enum_v<T>) {
            v = static_cast<T>(narrow<std::underlying_type_t<T>>(unsigned_()));
        } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
            const std::uint64_t u = unsigned_();
            const auto s = static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
            if (s < std::numeric_limits<T>::min() || s > std::numeric_limits<T>::max()) fail();
            v = static_cast<T>(s);
        } else if constexpr (std::is_integral_v<T>) {
            v = narrow<T>(unsigned_());
        } else if constexpr (std::is_same_v<T, std::string>) {
            const std::uint64_t n = unsigned_();
            if (n > static_cast<std::uint64_t>(end_ - p_)) {
                fail();
                return;
            }
            v.assign(p_, n);
            p_ += n;
        } else if constexpr (std::is_same_v<T, Location>) {
            const std::uint64_t file = unsigned_();
            if (file > files_.size()) fail();
            v.file = file == 0 || failed ? nullptr : files_[file - 1];
            v.line = narrow<std::uint32_t>(unsigned_());
            v.column = narrow<std::uint32_t>(unsigned_());
        } else io(*this, v);
    }
    void cell_groups(std::vector<PolicySet::CellGroup>& groups) {
        std::uint64_t n = 0;
        if (!count(n)) return;
        groups.resize(n);
        std::uint64_t ranges = 0;  // at most 64 a group, so it cannot wrap
        for (auto& g : groups) {
            g.categories = unsigned_();
            g.first = narrow<std::uint32_t>(ranges);
            ranges += static_cast<std::uint64_t>(count_bits(g.categories));
            if (failed) return;
        }
    }
    void numbers(std::vector<std::uint32_t>& v) {
        std::uint64_t n = 0;
        if (!count(n)) return;
        v.resize(n);
        for (auto& x : v) {
            x = narrow<std::uint32_t>(unsigned_());
            if (failed) return;
        }
    }
    void differences(std::vector<std::uint32_t>& v) {
        std::uint64_t n = 0;
        if (!count(n)) return;
        v.resize(n);
        constexpr std::int64_t most = std::numeric_limits<std::uint32_t>::max();
        std::int64_t value = 0;
        for (auto& x : v) {
            std::int64_t step = 0;
            (*this)(step);
            // A step within 32 bits either way (so the sum cannot overflow), and a value within them.
            if (failed || step > most || step < -most) {
                fail();
                return;
            }
            value += step;
            if (value < 0 || value > most) {
                fail();
                return;
            }
            x = static_cast<std::uint32_t>(value);
        }
    }
    template <typename T>
    void operator()(std::vector<T>& v) {
        std::uint64_t n = 0;
        if (!count(n)) return;
        v.resize(n);
        for (auto& x : v) {
            if (failed) return;
            (*this)(x);
        }
    }
    void operator()(NameMap& map) {
        std::uint64_t n = 0;
        if (!count(n)) return;
        for (std::uint64_t i = 0; i < n && !failed; ++i) {
            std::string name;
            int id = 0;
            (*this)(name);
            (*this)(id);
            if (!map.emplace(std::move(name), id).second) fail();
        }
    }

private:
    // The element count of a list. Every element takes at least one byte: a count beyond the bytes left is a
    // lie, and the image is refused before anything is sized by it.
    bool count(std::uint64_t& n) {
        n = unsigned_();
        if (!failed && n <= static_cast<std::uint64_t>(end_ - p_)) return true;
        fail();
        return false;
    }
    std::uint64_t fail() {
        failed = true;
        p_ = end_;
        return 0;
    }
    template <typename T>
    T narrow(std::uint64_t u) {
        if (u > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) fail();
        return static_cast<T>(u);
    }
    const char* p_;
    const char* end_;
    const std::vector<const SourceFile*>& files_;
};

// One list of fields per struct, for writing and reading alike.
template <typename A> void io(A& a, Label& x) { a(x.nl); a(x.en); }
template <typename A> void io(A& a, Period& x) { a(x.amount); a(x.unit); }
template <typename A> void io(A& a, Actor& x) { a(x.name); a(x.label); a(x.parent); a(x.members); a(x.at); }
template <typename A> void io(A& a, Category& x) { a(x.name); a(x.data_class); a(x.label); a(x.at); }
template <typename A> void io(A& a, Phase& x) { a(x.name); a(x.label); a(x.needs); a(x.recipients); a(x.value); a(x.at); }
template <typename A> void io(A& a, Purpose& x) { a(x.name); a(x.label); a(x.needs); a(x.recipients); a(x.at); a(x.phases); }
template <typename A> void io(A& a, Slot& x) { a(x.path); a(x.type); a(x.enum_values); a(x.texts); a(x.fact); a(x.articles); }
template <typename A> void io(A& a, Fact& x) { a(x.name); a(x.type); a(x.label); a(x.first_slot); a(x.slot_count); a(x.at); }
template <typename A> void io(A& a, Basis& x) { a(x.id); a(x.kind); a(x.label); a(x.at); a(x.module); a(x.from_consent); }
template <typename A> void io(A& a, Module& x) { a(x.name); a(x.rank); a(x.at); }
template <typename A> void io(A& a, Provision& x) {
    a(x.id); a(x.law); a(x.article); a(x.lid); a(x.onder); a(x.source_id); a(x.kind); a(x.from); a(x.until); a(x.says); a(x.says_en);
    a(x.citation); a(x.at);
}
template <typename A> void io(A& a, Term& x) { a(x.kind); a(x.slot); a(x.constant); a(x.period_sign); a(x.period); }
template <typename A> void io(A& a, Node& x) {
    a(x.op); a(x.cmp); a(x.explicit_consent); a(x.category); a(x.slot); a(x.first); a(x.count); a(x.mask);
    a(x.lhs); a(x.rhs); a(x.at);
}
template <typename A> void io(A& a, Obligation& x) { a(x.kind); a(x.period); a(x.actor); a(x.provision); a(x.anchor); a(x.category); }
template <typename A> void io(A& a, Rule& x) {
    a(x.id); a(x.module); a(x.effect); a(x.provision); a(x.from); a(x.until); a(x.categories); a(x.senders);
    a(x.recipients); a(x.purposes); a(x.condition); a(x.phases); a(x.bases); a(x.excepts); a(x.prevails); a(x.obligations);
    a(x.slots_used); a(x.uses_consent); a(x.citations); a(x.says); a(x.says_en); a(x.at);
}
template <typename A> void io(A& a, PolicySet& x) {
    a(x.modules); a(x.actors); a(x.categories); a(x.purposes); a(x.facts); a(x.slots); a(x.bases); a(x.provisions);
    a(x.rules); a(x.nodes); a(x.children); a(x.consent_fact); a(x.phase_slot);
    a.numbers(x.group_of); a.cell_groups(x.cell_groups); a.numbers(x.cell_lists); a.numbers(x.candidate_lists); a.differences(x.broad_starts);
    a.differences(x.broad);
    a(x.actor_ids); a(x.category_ids); a(x.purpose_ids); a(x.fact_ids); a(x.rule_ids); a(x.basis_ids); a(x.provision_ids);
}

// ---- consistency -------------------------------------------------------------------------

struct Check {
    std::string problem;
    bool operator()(bool holds, const char* what) {
        if (!holds && problem.empty()) problem = what;
        return holds;
    }
};

bool index_in(long long i, std::size_t size) { return i >= 0 && static_cast<std::size_t>(i) < size; }
bool optional_in(long long i, std::size_t size) { return i == -1 || index_in(i, size); }
bool mask_within(Mask m, std::size_t size) { return size >= 64 || (m >> size) == 0; }

bool valid_op(Op op) { return static_cast<unsigned>(op) <= static_cast<unsigned>(Op::known); }
bool valid_value_type(ValueType t) { return static_cast<unsigned>(t) <= static_cast<unsigned>(ValueType::record); }
bool valid_period(const Period& p) { return static_cast<unsigned>(p.unit) <= static_cast<unsigned>(PeriodUnit::years); }

// The deepest condition the evaluator and the verifier walk; the parser's nesting limit keeps
// compiled conditions far below it.
constexpr int max_condition_depth = 4096;

bool slots_ok(const Node& n, std::size_t slots) {
    auto term_ok = [&](const Term& t) {
        return static_cast<unsigned>(t.kind) <= static_cast<unsigned>(Term::Kind::constant) && valid_period(t.period) &&
               t.period_sign >= -1 && t.period_sign <= 1 && (t.kind != Term::Kind::slot || t.slot < slots);
    };
    switch (n.op) {
        case Op::fact_true: case Op::enum_in: case Op::contains_any: case Op::known: case Op::consent: return n.slot < slots;
        case Op::actor_in: return n.slot <= 1;
        case Op::compare: return static_cast<unsigned>(n.cmp) <= static_cast<unsigned>(ast::CompareOp::ge) && term_ok(n.lhs) && term_ok(n.rhs);
        default: return true;
    }
}

}  // namespace

std::string_view engine_fingerprint() { return GRONDSLAG_ENGINE_FINGERPRINT; }

std::string check_consistency(const PolicySet& s) {
    Check ok;
    const std::size_t A = s.actors.size(), C = s.categories.size(), P = s.purposes.size();
    ok(A <= max_universe && C <= max_universe && P <= max_universe, "a universe has more than 64 names");
    for (const auto& a : s.actors) ok(optional_in(a.parent, A) && mask_within(a.members, A), "an actor's group or members");
    for (const auto& c : s.categories) ok(static_cast<unsigned>(c.data_class) <= static_cast<unsigned>(DataClass::nid), "a category's class");
    for (const auto& p : s.purposes) {
        ok(mask_within(p.needs, C) && mask_within(p.recipients, A), "a purpose's masks");
        for (const auto& ph : p.phases)
            ok(s.phase_slot >= 0 && index_in(s.phase_slot, s.slots.size()) && mask_within(ph.needs, C) &&
                   mask_within(ph.recipients, A) && ph.value >= 0 &&
                   static_cast<std::size_t>(ph.value) < s.slots[s.phase_slot].enum_values.size(),
               "a purpose's phase");
    }
    ok(optional_in(s.phase_slot, s.slots.size()), "the phase slot");
    for (const auto& sl : s.slots)
        ok(valid_value_type(sl.type) && optional_in(sl.fact, s.facts.size()) && sl.enum_values.size() <= max_universe &&
               sl.texts.size() <= max_universe,
           "a slot");
    for (const auto& f : s.facts) {
        ok(valid_value_type(f.type) && f.slot_count >= 0, "a fact's type");
        ok(f.slot_count == 0 ? f.first_slot >= -1 : index_in(f.first_slot, s.slots.size()) &&
                                   static_cast<std::size_t>(f.first_slot) + static_cast<std::size_t>(f.slot_count) <= s.slots.size(),
           "a fact's slots");
        if (f.type == ValueType::record && ok.problem.empty())
            for (int i = f.first_slot; i < f.first_slot + f.slot_count; ++i)
                ok(s.slots[i].path.size() > f.name.size() + 1 && s.slots[i].path.compare(0, f.name.size(), f.name) == 0,
                   "a record's field slot");
    }
    ok(optional_in(s.consent_fact, s.facts.size()), "the consent fact");
    for (const auto& b : s.bases) {
        ok(static_cast<unsigned>(b.kind) <= static_cast<unsigned>(BasisKind::nid), "a basis' kind");
        ok(index_in(b.module, s.modules.size()), "a basis' module");
    }
    for (const auto& p : s.provisions)
        ok(static_cast<unsigned>(p.kind) <= static_cast<unsigned>(ast::ProvisionKind::power), "a provision's kind");
    for (const auto& m : s.modules) ok(static_cast<unsigned>(m.rank) <= static_cast<unsigned>(ast::Rank::none), "a module's rank");
    std::vector<int> depth(s.nodes.size(), 1);
    for (std::size_t i = 0; i < s.nodes.size() && ok.problem.empty(); ++i) {
        const Node& n = s.nodes[i];
        ok(valid_op(n.op) && optional_in(n.category, C) && slots_ok(n, s.slots.size()), "a condition node");
        ok(std::size_t{n.first} + n.count <= s.children.size(), "a condition node's children");
        if (!ok.problem.empty()) break;
        for (std::uint32_t k = n.first; k < n.first + n.count; ++k) {
            // Children come before their parent: conditions are acyclic and their depth is known.
            if (!ok(s.children[k] < i, "a condition node's child")) break;
            depth[i] = std::max(depth[i], depth[s.children[k]] + 1);
        }
        ok(depth[i] <= max_condition_depth, "a condition nested too deep");
        ok((n.op != Op::negate || n.count == 1), "a negation without one child");
    }
    for (const auto& r : s.rules) {
        ok(static_cast<unsigned>(r.effect) <= static_cast<unsigned>(Effect::forbid), "a rule's effect");
        ok(index_in(r.provision, s.provisions.size()) && optional_in(r.condition, s.nodes.size()), "a rule's provision or condition");
        ok(mask_within(r.categories, C) && mask_within(r.senders, A) && mask_within(r.recipients, A) && mask_within(r.purposes, P),
           "a rule's masks");
        for (int b : r.bases) ok(index_in(b, s.bases.size()), "a rule's basis");
        for (int e : r.excepts) ok(index_in(e, s.rules.size()), "a rule's exception");
        for (const auto& o : r.obligations)
            ok(static_cast<unsigned>(o.kind) <= static_cast<unsigned>(ast::ObligationKind::use_number) && valid_period(o.period) &&
                   optional_in(o.actor, A) && optional_in(o.provision, s.provisions.size()) &&
                   optional_in(o.category, C) && optional_in(o.anchor, s.slots.size()) &&
                   (o.anchor < 0 || s.slots[static_cast<std::size_t>(o.anchor)].type == ValueType::date) &&
                   (o.kind != ast::ObligationKind::notify || o.actor >= 0) &&
                   (o.kind != ast::ObligationKind::use_number || o.category >= 0) &&
                   (!ast::under_provision(o.kind) || o.provision >= 0),
               "a rule's obligation");
        for (auto slot : r.slots_used) ok(slot < s.slots.size(), "a rule's slot");
    }
    // The candidate index, shaped as build_index makes it.
    ok(s.group_of.size() == A * A * P, "the candidate index's cells");
    ok(s.broad_starts.size() == P * C + 1, "the candidate index's ranges");
    if (!ok.problem.empty()) return ok.problem;
    for (auto g : s.group_of) ok(g < s.cell_groups.size(), "a cell's group");
    for (const auto& g : s.cell_groups)
        ok(mask_within(g.categories, C) && std::size_t{g.first} + static_cast<std::size_t>(count_bits(g.categories)) <= s.cell_lists.size(),
           "a cell group");
    // The candidate lists: one after another to the end, each at least one rule, its rules in rule order;
    // a cell names the start of one.
    const auto& lists = s.candidate_lists;
    std::vector<char> list_start(lists.size(), 0);
    for (std::size_t k = 0; k < lists.size() && ok.problem.empty(); k += std::size_t{1} + lists[k]) {
        list_start[k] = 1;
        if (!ok(lists[k] >= 1 && lists[k] < lists.size() - k, "a candidate list")) break;
        for (std::size_t i = k + 1; i <= k + lists[k]; ++i)
            ok(lists[i] < s.rules.size() && (i == k + 1 || lists[i - 1] < lists[i]), "a candidate");
    }
    for (auto place : s.cell_lists) ok(place < lists.size() && list_start[place], "a cell's candidate list");
    auto ranges_ok = [](const std::vector<std::uint32_t>& starts, std::size_t size) {
        for (std::size_t i = 0; i + 1 < starts.size(); ++i)
            if (starts[i] > starts[i + 1]) return false;
        return starts.back() <= size;
    };
    ok(ranges_ok(s.broad_starts, s.broad.size()), "the candidate ranges");
    for (auto r : s.broad) ok(r < s.rules.size(), "a broad candidate");
    auto names_ok = [&](const NameMap& m, std::size_t size) {
        for (const auto& [name, id] : m)
            if (!index_in(id, size)) return false;
        return true;
    };
    ok(names_ok(s.actor_ids, A) && names_ok(s.category_ids, C) && names_ok(s.purpose_ids, P) &&
           names_ok(s.fact_ids, s.facts.size()) && names_ok(s.rule_ids, s.rules.size()) &&
           names_ok(s.basis_ids, s.bases.size()) && names_ok(s.provision_ids, s.provisions.size()),
       "a name's id");
    return ok.problem;
}

std::string write(const PolicySet& set, const std::vector<const SourceFile*>& files) {
    Writer w(files);
    w.bytes.append(magic);
    w(std::string(engine_fingerprint()));
    w(set);
    return std::move(w.bytes);
}

std::unique_ptr<PolicySet> read(std::string_view bytes, const std::vector<const SourceFile*>& files, std::string& error,
                                bool& from_another_build) {
    from_another_build = false;
    if (bytes.substr(0, magic.size()) != magic) {
        error = "not a compiled image";
        return nullptr;
    }
    Reader r(bytes.substr(magic.size()), files);
    std::string fingerprint;
    r(fingerprint);
    if (r.failed || fingerprint != engine_fingerprint()) {
        from_another_build = !r.failed;
        error = "the compiled image was written by another engine build (" + fingerprint + ")";
        return nullptr;
    }
    auto set = std::make_unique<PolicySet>();
    r(*set);
    if (r.failed || !r.at_end()) {
        error = "the compiled image is truncated or malformed";
        return nullptr;
    }
    const std::string problem = check_consistency(*set);
    if (!problem.empty()) {
        error = "the compiled image is not consistent: " + problem;
        return nullptr;
    }
    index_names(*set);
    index_candidates(*set);
    return set;
}

}  // namespace grondslag::image
