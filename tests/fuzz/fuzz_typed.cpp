// libFuzzer target: the typed request API (grondslag/typed_request.hpp) driven by any sequence of
// calls, correct or not, against the shipped policies. Beside the calls it writes the JSON request
// they stand for. It asserts that:
// - a request with a misuse (wrong type, a value of another fact, a reference of another loaded set,
//   a 65th data item, a consent withdrawn before it was given) has an error and is not decided;
// - any other request gets exactly the decision decide_json gives to its JSON: the same error for a
//   missing part, or the same verdict, rule, missing facts, rules considered and date from which a
//   rule not yet in force applies, per item.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grondslag/grondslag.hpp"
#include "grondslag/typed_request.hpp"
#include "ir.hpp"
#include "typed_plan.hpp"
#include "policies_access.hpp"

namespace {

using nlohmann::json;
using Type = grondslag::FactRef::Type;

const char* const dates[] = {"2018-06-01", "2019-05-25", "2020-01-01", "2021-06-30", "2021-07-01",
                             "2022-03-10", "2024-06-30", "2024-08-01", "2026-01-01", "2027-12-31"};

struct Scalar {  // a fact or a record field, with what the policies name for it
    grondslag::FactRef ref;
    std::string fact, field;  // field empty for a fact of its own
    std::vector<std::string> values;  // enumeration values, or texts (and one no rule mentions)
};

struct World {
    grondslag::Policies policies, other;
    grondslag::Decider decider;
    grondslag::TypedRequest request, foreign;
    const grondslag::ir::PolicySet& set;
    std::vector<Scalar> scalars;
    std::vector<Scalar> booleans;  // the facts of their own that are booleans

    World()
        : policies(load()), other(load()), decider(policies), request(policies), foreign(other),
          set(compiled_form(policies)) {
        for (const auto& f : set.facts) {
            if (f.type == grondslag::ir::ValueType::consents) continue;
            if (f.first_slot == set.phase_slot) continue;  // the request's own field, not a fact
            for (int s = f.first_slot; s < f.first_slot + f.slot_count; ++s) {
                const std::string& path = set.slots[s].path;
                const auto dot = path.find('.');
                Scalar sc{*request.fact(path), f.name, dot == std::string::npos ? "" : path.substr(dot + 1), {}};
                sc.values = set.slots[s].type == grondslag::ir::ValueType::enumeration ? set.slots[s].enum_values : set.slots[s].texts;
                // A text no rule mentions, in the notation its list takes (an article: "999").
                if (sc.ref.type() == Type::text_list) sc.values.push_back(set.slots[s].articles ? "999" : "no rule mentions this");
                if (sc.ref.type() == Type::boolean && sc.field.empty()) booleans.push_back(sc);
                scalars.push_back(std::move(sc));
            }
        }
    }
    static grondslag::Policies load() {
        auto p = grondslag::Policies::load_directories({GRONDSLAG_POLICIES});
        if (!p.ok()) std::abort();
        return p;
    }
};

World& world() {
    static World w;
    return w;
}

// Bytes, read one at a time; 0 once they run out.
struct Bytes {
    const std::uint8_t* p;
    std::size_t n;
    std::uint8_t next() { return n ? (--n, *p++) : 0; }
    std::size_t pick(std::size_t k) { return k ? next() % k : 0; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    World& w = world();
    grondslag::TypedRequest& r = w.request;
    Bytes in{data, size};
    r.clear();
    json request = json::object();
    json facts = json::object();
    bool misused = false, consents_given = false;
    json consents = json::array();
    std::size_t items = 0;
    while (in.n) {
        const bool foreign = in.next() % 16 == 0;  // a reference of the other loaded set
        grondslag::TypedRequest& names = foreign ? w.foreign : r;
        switch (in.pick(10)) {
            case 0: {
                const char* d = dates[in.pick(std::size(dates))];
                r.set_date(*grondslag::Date::parse(d));
                request["date"] = d;
                break;
            }
            case 1:
            case 2: {
                const bool sender = in.next() & 1;
                const auto& actor = w.set.actors[in.pick(w.set.actors.size())].name;
                if (sender) r.set_sender(*names.actor(actor));
                else r.set_recipient(*names.actor(actor));
                misused |= foreign;
                request[sender ? "sender" : "recipient"] = actor;
                break;
            }
            case 3: {
                const auto& purpose = w.set.purposes[in.pick(w.set.purposes.size())].name;
                r.set_purpose(*names.purpose(purpose));
                misused |= foreign;
                request["purpose"] = purpose;
                break;
            }
            case 4: {
                const std::size_t repeat = 1 + (in.next() == 255 ? 70 : 0);  // now and then past the limit of 64
                const auto& category = w.set.categories[in.pick(w.set.categories.size())].name;
                for (std::size_t k = 0; k < repeat; ++k) {
                    r.add_data(*names.category(category));
                    request["data"].push_back(category);
                    ++items;
                }
                misused |= foreign || items > 64;
                break;
            }
            case 5: {  // a fact, set with any setter
                const Scalar& s = w.scalars[in.pick(w.scalars.size())];
                const grondslag::FactRef fact = foreign ? *w.foreign.fact(s.field.empty() ? s.fact : s.fact + "." + s.field) : s.ref;
                const auto setter = static_cast<Type>(in.pick(5));
                json value;
                switch (setter) {
                    case Type::boolean:
                        value = (in.next() & 1) != 0;
                        r.set_boolean(fact, value.get<bool>());
                        break;
                    case Type::integer:
                        value = static_cast<int>(in.next()) - 20;
                        r.set_integer(fact, value.get<int>());
                        break;
                    case Type::date:
                        value = dates[in.pick(std::size(dates))];
                        r.set_date(fact, *grondslag::Date::parse(value.get<std::string>()));
                        break;
                    case Type::enumeration: {
                        // A value of this fact, or of another enumeration fact.
                        const Scalar& of = in.next() % 4 ? s : w.scalars[in.pick(w.scalars.size())];
                        if (of.ref.type() != Type::enumeration || of.values.empty()) {
                            continue;  // nothing to take a value from: no call
                        }
                        const std::string& v = of.values[in.pick(of.values.size())];
                        r.set_value(fact, *r.value(of.ref, v));
                        misused |= &of != &s;  // a value of another fact
                        value = v;
                        break;
                    }
                    case Type::text_list: {
                        std::vector<grondslag::ValueRef> texts;
                        value = json::array();
                        if (s.ref.type() == Type::text_list)
                            for (std::size_t k = in.pick(4); k > 0; --k) {
                                const std::string& t = s.values[in.pick(s.values.size())];
                                texts.push_back(*r.text(s.ref, t));
                                value.push_back(t);
                            }
                        r.set_texts(fact, texts);
                        break;
                    }
                }
                misused |= foreign || setter != s.ref.type();
                if (s.field.empty()) facts[s.fact] = value;
                else facts[s.fact][s.field] = value;
                break;
            }
            case 6: {
                const auto& category = w.set.categories[in.pick(w.set.categories.size())].name;
                const char* given = dates[in.pick(std::size(dates))];
                const int withdrawn = static_cast<int>(in.pick(std::size(dates) + 1)) - 1;  // -1: none
                const bool explicit_consent = in.next() & 1;
                r.add_consent(*names.category(category), *grondslag::Date::parse(given),
                              withdrawn < 0 ? std::nullopt : grondslag::Date::parse(dates[withdrawn]), explicit_consent);
                json record = {{"categorie", category}, {"gegeven", given}, {"uitdrukkelijk", explicit_consent}};
                if (withdrawn >= 0) record["ingetrokken"] = dates[withdrawn];
                misused |= foreign || (withdrawn >= 0 && std::string(dates[withdrawn]) < given);
                consents.push_back(record);
                consents_given = true;
                break;
            }
            case 7:
                r.consent_records_given();
                consents_given = true;
                break;
            case 9: {  // a boolean fact, with its own setter: most conditions are booleans
                const Scalar& s = w.booleans[in.pick(w.booleans.size())];
                const bool value = in.next() % 4 != 0;
                r.set_boolean(foreign ? *w.foreign.fact(s.fact) : s.ref, value);
                misused |= foreign;
                facts[s.fact] = value;
                break;
            }
            case 8: {  // aim at a rule: a sender, recipient, purpose and category it covers, so permits are reached
                const auto& rule = w.set.rules[in.pick(w.set.rules.size())];
                auto member = [&](grondslag::ir::Mask m, std::size_t n) {
                    std::size_t in_mask[64], k = 0;
                    for (std::size_t i = 0; i < n && i < 64; ++i)
                        if (m >> i & 1) in_mask[k++] = i;
                    return k ? in_mask[in.pick(k)] : in.pick(n);
                };
                const auto& sender = w.set.actors[member(rule.senders, w.set.actors.size())].name;
                const auto& recipient = w.set.actors[member(rule.recipients, w.set.actors.size())].name;
                const auto& purpose = w.set.purposes[member(rule.purposes, w.set.purposes.size())].name;
                const auto& category = w.set.categories[member(rule.categories, w.set.categories.size())].name;
                r.set_sender(*names.actor(sender));
                r.set_recipient(*names.actor(recipient));
                r.set_purpose(*names.purpose(purpose));
                r.add_data(*names.category(category));
                request["sender"] = sender;
                request["recipient"] = recipient;
                request["purpose"] = purpose;
                request["data"].push_back(category);
                misused |= foreign || ++items > 64;
                break;
            }
        }
    }
    if (consents_given) facts["toestemmingen"] = consents;
    if (!facts.empty()) request["facts"] = facts;

    const grondslag::TypedDecision& typed = w.decider.decide(r);
    if (misused) {
        if (r.error().empty() || typed.error.empty() || !typed.items.empty()) std::abort();
        return 0;
    }
    if (!r.error().empty()) std::abort();  // an error without a misuse
    std::string text;
    w.decider.decide_json(request.dump(), text);
    const json answer = json::parse(text);
    if (answer.contains("error")) {
        // Only a missing part can be an error here, and the typed API says it in the same words.
        if (typed.error != answer["error"]["message"].get<std::string>() || !typed.items.empty()) std::abort();
        return 0;
    }
    if (!typed.error.empty() || typed.items.size() != answer["items"].size()) std::abort();
    for (std::size_t i = 0; i < typed.items.size(); ++i) {
        const auto& t = typed.items[i];
        const json& a = answer["items"][i];
        if (t.permit != (a["decision"] == "permit")) std::abort();
        if (a.contains("rule") != (t.rule >= 0)) std::abort();
        if (t.rule >= 0 && a["rule"].get<std::string>() != w.decider.rule(t.rule).id) std::abort();
        if (!t.permit) {
            const auto& missing = a["missing_facts"];
            if (missing.size() != t.missing_facts.size()) std::abort();
            for (std::size_t k = 0; k < missing.size(); ++k)
                if (missing[k].get<std::string>() != w.decider.fact_name(t.missing_facts[k])) std::abort();
            const auto& considered = a["considered"];
            if (considered.size() != t.considered.size()) std::abort();
            for (std::size_t k = 0; k < considered.size(); ++k)
                if (considered[k].get<std::string>() != w.decider.rule(static_cast<int>(t.considered[k])).id) std::abort();
            if (test_support::applies_from_in(a) != t.applies_from) std::abort();
        } else if (!t.considered.empty() || t.applies_from) {
            std::abort();
        } else if (a["obligations"].size() != t.obligations.size()) {
            std::abort();
        }
    }
    return 0;
}
