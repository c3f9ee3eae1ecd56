// The policy set's vocabulary and register as JSON, for the workbench (GET /v1/vocabulary, /v1/register):
// what a form needs to build a request from declared names alone, and the law as encoded, per provision.
#include <algorithm>

#include "docgen_common.hpp"
#include "policies_access.hpp"

namespace grondslag::docgen {

using namespace detail;

namespace {

const char* type_name(ir::ValueType t) {
    switch (t) {
        case ir::ValueType::boolean: return "bool";
        case ir::ValueType::integer: return "integer";
        case ir::ValueType::date: return "date";
        case ir::ValueType::enumeration: return "enum";
        case ir::ValueType::text_set: return "text_set";
        case ir::ValueType::consents: return "consents";
        case ir::ValueType::record: return "record";
    }
    return "";
}

nlohmann::json names(const ir::PolicySet& set, ir::Mask mask, bool actors) {
    nlohmann::json out = nlohmann::json::array();
    const std::size_t n = actors ? set.actors.size() : set.categories.size();
    for (std::size_t i = 0; i < n; ++i)
        if (mask >> i & 1) out.push_back(actors ? set.actors[i].name : set.categories[i].name);
    return out;
}

nlohmann::json slot_json(const ir::Slot& s, std::string_view name) {
    nlohmann::json j = {{"name", name}, {"type", type_name(s.type)}};
    if (s.type == ir::ValueType::enumeration) j["values"] = s.enum_values;
    if (s.type == ir::ValueType::text_set && !s.articles) j["values"] = s.texts;
    if (s.articles) j["articles"] = true;
    return j;
}

// {"text": ...} for an atom; {"all": [...]}, {"any": [...]} or {"not": {...}} for a compound.
nlohmann::json clause_json(const ConditionClause& c) {
    if (c.kind == ConditionClause::Kind::atom) return {{"text", c.text}};
    if (c.kind == ConditionClause::Kind::negation) return {{"not", clause_json(c.children.front())}};
    nlohmann::json children = nlohmann::json::array();
    for (const auto& child : c.children) children.push_back(clause_json(child));
    return {{c.kind == ConditionClause::Kind::all ? "all" : "any", std::move(children)}};
}

nlohmann::json items_json(const std::vector<LabeledItem>& items) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& i : items) {
        nlohmann::json j = {{"name", i.name}, {"label", i.label}};
        if (!i.mark.empty()) j["mark"] = i.mark;
        out.push_back(std::move(j));
    }
    return out;
}

}  // namespace

nlohmann::json vocabulary_json(const Policies& policies, Lang lang) {
    const ir::PolicySet& set = compiled_form(policies);
    const int phase_fact = set.phase_slot >= 0 ? set.slots[static_cast<std::size_t>(set.phase_slot)].fact : -1;
    nlohmann::json j = {{"policy_set", set.source_hash}, {"lang", lang == Lang::nl ? "nl" : "en"}};
    nlohmann::json actors = nlohmann::json::array();
    for (const ir::Actor& a : set.actors) {
        nlohmann::json x = {{"name", a.name}, {"label", label_of(a.label, a.name, lang, "actor")}};
        if (a.parent >= 0) x["group"] = set.actors[static_cast<std::size_t>(a.parent)].name;
        actors.push_back(std::move(x));
    }
    nlohmann::json categories = nlohmann::json::array();
    for (const ir::Category& c : set.categories) {
        nlohmann::json x = {{"name", c.name}, {"label", label_of(c.label, c.name, lang, "category")}};
        if (const char* mark = class_mark(c.data_class); *mark) x["class"] = mark;
        categories.push_back(std::move(x));
    }
    nlohmann::json purposes = nlohmann::json::array();
    for (std::size_t p = 0; p < set.purposes.size(); ++p) {
        const ir::Purpose& purpose = set.purposes[p];
        nlohmann::json phases = nlohmann::json::array();
        for (const ir::Phase& ph : purpose.phases)
            phases.push_back({{"name", ph.name}, {"label", label_of(ph.label, ph.name, lang, "phase")}});
        // The facts the rules for this purpose read: what a form asks for once the purpose is chosen.
        std::vector<int> facts;
        for (const ir::Rule& r : set.rules) {
            if (!(r.purposes >> p & 1)) continue;
            for (const int f : facts_read(set, r))
                if (f != phase_fact && std::find(facts.begin(), facts.end(), f) == facts.end()) facts.push_back(f);
        }
        std::sort(facts.begin(), facts.end());
        nlohmann::json fact_names = nlohmann::json::array();
        for (int f : facts) fact_names.push_back(set.facts[static_cast<std::size_t>(f)].name);
        purposes.push_back({{"name", purpose.name},
                            {"label", label_of(purpose.label, purpose.name, lang, "purpose")},
                            {"recipients", names(set, purpose.recipients, true)},
                            {"needs", names(set, purpose.needs, false)},
                            {"phases", std::move(phases)},
                            {"facts", std::move(fact_names)}});
    }
    nlohmann::json facts = nlohmann::json::array();
    for (std::size_t f = 0; f < set.facts.size(); ++f) {
        const ir::Fact& fact = set.facts[f];
        if (static_cast<int>(f) == phase_fact) continue;  // the request's `phase`, not a fact
        nlohmann::json x = {{"name", fact.name}, {"label", label_of(fact.label, fact.name, lang, "fact")}, {"type", type_name(fact.type)}};
        if (fact.type == ir::ValueType::record) {
            nlohmann::json fields = nlohmann::json::array();
            for (int s = fact.first_slot; s >= 0 && s < fact.first_slot + fact.slot_count; ++s) {
                const ir::Slot& slot = set.slots[static_cast<std::size_t>(s)];
                const std::string_view path = slot.path;
                fields.push_back(slot_json(slot, path.substr(path.find('.') + 1)));
            }
            x["fields"] = std::move(fields);
        } else if (fact.first_slot >= 0) {
            const nlohmann::json s = slot_json(set.slots[static_cast<std::size_t>(fact.first_slot)], fact.name);
            for (const char* key : {"values", "articles"})
                if (s.contains(key)) x[key] = s[key];
        }
        facts.push_back(std::move(x));
    }
    j["actors"] = std::move(actors);
    j["categories"] = std::move(categories);
    j["purposes"] = std::move(purposes);
    j["facts"] = std::move(facts);
    return j;
}

nlohmann::json register_json(const Register& reg) {
    nlohmann::json sections = nlohmann::json::array();
    for (const RegisterSection& s : reg.sections) {
        nlohmann::json activities = nlohmann::json::array();
        for (const RegisterActivity& a : s.activities) {
            nlohmann::json questions = nlohmann::json::array();
            for (const RegisterQuestion& q : a.questions)
                questions.push_back({{"question", q.question}, {"title", q.title}, {"status", q.status}, {"answer", q.answer}});
            activities.push_back({{"rule", a.rule},
                                  {"controllers", items_json(a.controllers)},
                                  {"purposes", items_json(a.purposes)},
                                  {"data_subjects", a.data_subjects},
                                  {"categories", items_json(a.categories)},
                                  {"recipients", items_json(a.recipients)},
                                  {"retention", a.retention},
                                  {"measures", a.measures},
                                  {"bases", items_json(a.bases)},
                                  {"conditions", items_json(a.conditions)},
                                  {"condition", a.condition},
                                  {"condition_clauses", a.condition_clauses ? clause_json(*a.condition_clauses) : nlohmann::json(nullptr)},
                                  {"citations", a.citations},
                                  {"reference", a.reference},
                                  {"valid", a.valid},
                                  {"says", a.says},
                                  {"questions", std::move(questions)}});
        }
        nlohmann::json prohibitions = nlohmann::json::array();
        for (const RegisterProhibition& p : s.prohibitions)
            prohibitions.push_back({{"rule", p.rule}, {"summary", p.summary}, {"condition", p.condition}, {"citations", p.citations}, {"says", p.says}});
        sections.push_back({{"provision", s.provision},
                            {"citation", s.citation},
                            {"law", s.law},
                            {"source", s.source},
                            {"source_url", s.source_url},
                            {"valid", s.valid},
                            {"kind", s.kind},
                            {"says", s.says},
                            {"permits", std::move(activities)},
                            {"prohibitions", std::move(prohibitions)}});
    }
    return {{"as_of", reg.as_of}, {"lang", reg.lang == Lang::nl ? "nl" : "en"}, {"policy_set", reg.policy_hash},
            {"sections", std::move(sections)}};
}

}  // namespace grondslag::docgen
