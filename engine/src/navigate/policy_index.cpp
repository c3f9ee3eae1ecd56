#include "grondslag/policy_index.hpp"

#include <algorithm>
#include <stdexcept>

#include "dates.hpp"
#include "ir.hpp"
#include "policies_access.hpp"
#include "ranks.hpp"

namespace grondslag {

namespace {

NamePlace place_of(const Location& at) {
    return NamePlace{at.file ? at.file->path : std::string(), at.line, at.column};
}

std::string labels(const ir::Label& l) {
    if (l.nl.empty() && l.en.empty()) return std::string();
    if (l.en.empty() || l.en == l.nl) return l.nl;
    if (l.nl.empty()) return l.en;
    return l.nl + " / " + l.en;
}

std::string validity(Day from, Day until) {
    std::string out;
    if (from > ir::far_past) out += "geldig vanaf / valid from " + format_date(from);
    if (until < ir::far_future) out += (out.empty() ? "geldig tot en met / valid until " : ", tot en met / until ") + format_date(until);
    return out.empty() ? "altijd geldig / always valid" : out;
}

// A says text as Markdown quotes: Dutch, then English when given.
std::string quoted(const std::string& says, const std::string& says_en) {
    std::string out;
    if (!says.empty()) out += "\n\n> " + says;
    if (!says_en.empty()) out += "\n>\n> " + says_en;
    return out;
}

const char* kind_word(ir::BasisKind k) {
    switch (k) {
        case ir::BasisKind::art6: return "AVG art. 6";
        case ir::BasisKind::art9: return "AVG art. 9";
        case ir::BasisKind::art10: return "AVG art. 10";
        case ir::BasisKind::nid: return "UAVG art. 46";
    }
    return "";
}

const char* type_word(ir::ValueType t) {
    switch (t) {
        case ir::ValueType::boolean: return "bool";
        case ir::ValueType::integer: return "int";
        case ir::ValueType::date: return "date";
        case ir::ValueType::enumeration: return "one of";
        case ir::ValueType::text_set: return "list of text";
        case ir::ValueType::consents: return "consents";
        case ir::ValueType::record: return "record";
    }
    return "";
}

// The order in which one name that several kinds declare is shown: the provision before the rule of the
// same id, the way `under` reads it.
int precedence(const std::string& kind) {
    static const char* order[] = {"provision", "rule", "basis", "actor", "category", "purpose", "fact", "module"};
    for (int i = 0; i < 8; ++i)
        if (kind == order[i]) return i;
    return 8;
}

}  // namespace

PolicyIndex::PolicyIndex(Policies policies) : policies_(std::move(policies)) {
    if (!policies_.ok()) throw std::invalid_argument("a PolicyIndex needs a policy set that loaded without errors");
    const ir::PolicySet& set = compiled_form(policies_);
    const auto add = [&](const std::string& name, const char* kind, std::string markdown, const Location& at, std::string detail) {
        entries_.push_back(Entry{name, kind, std::move(markdown), place_of(at)});
        completions_.push_back(NameCompletion{name, kind, std::move(detail)});
    };
    for (const ir::Module& m : set.modules)
        add(m.name, "module", "**module " + m.name + "** (" + std::string(rank_keyword(m.rank)) + "): " + std::string(rank_label(m.rank)),
            m.at, std::string(rank_keyword(m.rank)));
    for (const ir::Actor& a : set.actors) {
        std::string md = "**actor " + a.name + "**";
        if (const std::string l = labels(a.label); !l.empty()) md += ": " + l;
        if (a.parent >= 0) md += "\n\nin / member of **" + set.actors[static_cast<std::size_t>(a.parent)].name + "**";
        add(a.name, "actor", std::move(md), a.at, labels(a.label));
    }
    for (const ir::Category& c : set.categories) {
        std::string md = "**category " + c.name + "** (class " + ast::class_name(c.data_class) + ")";
        if (const std::string l = labels(c.label); !l.empty()) md += ": " + l;
        add(c.name, "category", std::move(md), c.at, labels(c.label));
    }
    for (const ir::Purpose& p : set.purposes) {
        std::string md = "**purpose " + p.name + "**";
        if (const std::string l = labels(p.label); !l.empty()) md += ": " + l;
        if (!p.phases.empty()) {
            md += "\n\nfasen / phases:";
            for (const ir::Phase& ph : p.phases) md += " " + ph.name;
        }
        add(p.name, "purpose", std::move(md), p.at, labels(p.label));
    }
    for (std::size_t f = 0; f < set.facts.size(); ++f) {
        const ir::Fact& fact = set.facts[f];
        if (set.phase_slot >= 0 && set.slots[static_cast<std::size_t>(set.phase_slot)].fact == static_cast<int>(f)) continue;
        std::string md = "**fact " + fact.name + "**: " + type_word(fact.type);
        if (fact.type == ir::ValueType::enumeration && fact.first_slot >= 0) {
            for (const auto& v : set.slots[static_cast<std::size_t>(fact.first_slot)].enum_values) md += " " + v;
        }
        if (const std::string l = labels(fact.label); !l.empty()) md += "\n\n" + l;
        add(fact.name, "fact", std::move(md), fact.at, labels(fact.label));
    }
    for (const ir::Basis& b : set.bases) {
        std::string md = "**basis " + b.id + "** (" + kind_word(b.kind) + (b.from_consent ? ", toestemming / consent" : "") + ")";
        if (const std::string l = labels(b.label); !l.empty()) md += "\n\n" + l;
        if (b.module >= 0) md += "\n\nmodule " + set.modules[static_cast<std::size_t>(b.module)].name;
        add(b.id, "basis", std::move(md), b.at, labels(b.label));
    }
    for (const ir::Provision& p : set.provisions) {
        std::string md = "**provision " + p.id + "**: " + p.citation;
        if (p.kind != ast::ProvisionKind::unstated) md += std::string(" (") + ast::provision_kind_name(p.kind) + ")";
        md += "\n\n" + validity(p.from, p.until);
        md += quoted(p.says, p.says_en);
        const ir::LegalReference ref = ir::provision_reference(p);
        if (!ref.url.empty()) md += "\n\n[" + (ref.id.empty() ? ref.url : ref.id) + "](" + ref.url + ")";
        add(p.id, "provision", std::move(md), p.at, p.citation);
    }
    for (const ir::Rule& r : set.rules) {
        std::string md = "**rule " + r.id + "** (" + (r.effect == ir::Effect::permit ? "permit" : "forbid") + ")";
        if (r.provision >= 0) {
            const ir::Provision& p = set.provisions[static_cast<std::size_t>(r.provision)];
            md += " under " + p.id + ": " + p.citation;
        }
        md += "\n\n" + validity(r.from, r.until);
        for (const auto& c : r.citations) md += "\n\n" + c;
        md += quoted(r.says, r.says_en);
        add(r.id, "rule", std::move(md), r.at, r.citations.empty() ? std::string() : r.citations.front());
    }
    std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
        return a.name != b.name ? a.name < b.name : precedence(a.kind) < precedence(b.kind);
    });
}

const PolicyIndex::Entry* PolicyIndex::find(std::string_view name) const {
    const auto it = std::lower_bound(entries_.begin(), entries_.end(), name, [](const Entry& e, std::string_view n) { return e.name < n; });
    return it != entries_.end() && it->name == name ? &*it : nullptr;
}

std::string PolicyIndex::hover(std::string_view name) const {
    std::string out;
    // Every declaration of the name: a provision and the rule that carries its id are both shown.
    for (auto it = std::lower_bound(entries_.begin(), entries_.end(), name, [](const Entry& e, std::string_view n) { return e.name < n; });
         it != entries_.end() && it->name == name; ++it)
        out += (out.empty() ? "" : "\n\n---\n\n") + it->markdown;
    return out;
}

std::optional<NamePlace> PolicyIndex::declaration(std::string_view name) const {
    const Entry* e = find(name);
    if (!e) return std::nullopt;
    return e->place;
}

}  // namespace grondslag
