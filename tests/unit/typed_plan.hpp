// A request of the decision contract turned into what an application that embeds the engine
// holds: references resolved once (grondslag/typed_request.hpp) and the values to set. The typed
// API's tests compare it with decide_json on the same requests; bench_peer and bench_decide time it.
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "grondslag/typed_request.hpp"

namespace test_support {

struct TypedPlan {
    using Texts = std::vector<grondslag::ValueRef>;
    struct Consent {
        grondslag::CategoryRef category;
        grondslag::Date given;
        std::optional<grondslag::Date> withdrawn;
        bool explicit_consent;
        std::optional<grondslag::ActorRef> recipient;    // `ontvanger`
        std::optional<grondslag::PurposeRef> purpose;    // `doel`
    };
    struct Value {
        grondslag::FactRef fact;
        std::variant<bool, std::int64_t, grondslag::Date, grondslag::ValueRef, Texts> value;
    };
    std::optional<grondslag::Date> date;
    std::optional<grondslag::ActorRef> sender, recipient;
    std::optional<grondslag::PurposeRef> purpose;
    std::optional<grondslag::ValueRef> phase;
    std::vector<grondslag::CategoryRef> data;
    std::vector<Value> values;
    std::vector<Consent> consents;
    bool consents_given = false;

    // Fills `r` (cleared first) as an application would.
    void apply(grondslag::TypedRequest& r) const {
        r.clear();
        if (date) r.set_date(*date);
        if (sender) r.set_sender(*sender);
        if (recipient) r.set_recipient(*recipient);
        if (purpose) r.set_purpose(*purpose);
        if (phase) r.set_phase(*phase);
        for (const auto& c : data) r.add_data(c);
        for (const auto& v : values) {
            if (const bool* b = std::get_if<bool>(&v.value)) r.set_boolean(v.fact, *b);
            else if (const auto* i = std::get_if<std::int64_t>(&v.value)) r.set_integer(v.fact, *i);
            else if (const auto* d = std::get_if<grondslag::Date>(&v.value)) r.set_date(v.fact, *d);
            else if (const auto* e = std::get_if<grondslag::ValueRef>(&v.value)) r.set_value(v.fact, *e);
            else r.set_texts(v.fact, std::get<Texts>(v.value));
        }
        if (consents_given) r.consent_records_given();
        for (const auto& c : consents) {
            if (c.recipient || c.purpose) r.add_consent(c.category, c.given, c.withdrawn, c.explicit_consent, c.recipient, c.purpose);
            else r.add_consent(c.category, c.given, c.withdrawn, c.explicit_consent);
        }
    }
};

// The plan of a request that decide_json decodes without error; nullopt (and `why`) when the
// request uses something the lookups do not resolve or a value of the wrong JSON type.
inline std::optional<TypedPlan> plan_from_json(const grondslag::TypedRequest& names, const nlohmann::json& request,
                                               std::string& why) {
    using grondslag::FactRef;
    TypedPlan plan;
    auto fail = [&](std::string w) {
        why = std::move(w);
        return std::nullopt;
    };
    auto date_of = [](const nlohmann::json& j) -> std::optional<grondslag::Date> {
        return j.is_string() ? grondslag::Date::parse(j.get<std::string>()) : std::nullopt;
    };
    if (!request.is_object()) return fail("not an object");
    for (const auto& [key, v] : request.items()) {
        if (key == "id") continue;
        if (key == "date") {
            if (!(plan.date = date_of(v))) return fail("date");
        } else if (key == "sender" || key == "recipient") {
            const auto a = v.is_string() ? names.actor(v.get<std::string>()) : std::nullopt;
            if (!a) return fail(key);
            (key == "sender" ? plan.sender : plan.recipient) = a;
        } else if (key == "purpose") {
            if (!v.is_string() || !(plan.purpose = names.purpose(v.get<std::string>()))) return fail("purpose");
        } else if (key == "data") {
            if (!v.is_array()) return fail("data");
            for (const auto& item : v) {
                const auto c = item.is_string() ? names.category(item.get<std::string>()) : std::nullopt;
                if (!c) return fail("data item");
                plan.data.push_back(*c);
            }
        } else if (key == "phase") {
            if (!v.is_string() || !request.contains("purpose") || !names.purpose(request["purpose"].get<std::string>()) ||
                !(plan.phase = names.phase(*names.purpose(request["purpose"].get<std::string>()), v.get<std::string>())))
                return fail("phase");
        } else if (key != "facts") {
            return fail("field " + key);
        }
    }
    if (!request.contains("facts")) return plan;
    const auto& facts = request["facts"];
    if (!facts.is_object()) return fail("facts");
    // One scalar value (a fact or a record's field) into the plan.
    auto scalar = [&](const std::string& name, const nlohmann::json& v) -> bool {
        const auto f = names.fact(name);
        if (!f) return false;
        if (v.is_null()) return true;  // explicitly unknown
        switch (f->type()) {
            case FactRef::Type::boolean:
                if (!v.is_boolean()) return false;
                plan.values.push_back({*f, v.get<bool>()});
                return true;
            case FactRef::Type::integer:
                if (!v.is_number_integer()) return false;
                plan.values.push_back({*f, v.get<std::int64_t>()});
                return true;
            case FactRef::Type::date: {
                const auto d = date_of(v);
                if (!d) return false;
                plan.values.push_back({*f, *d});
                return true;
            }
            case FactRef::Type::enumeration: {
                const auto e = v.is_string() ? names.value(*f, v.get<std::string>()) : std::nullopt;
                if (!e) return false;
                plan.values.push_back({*f, *e});
                return true;
            }
            case FactRef::Type::text_list: {
                if (!v.is_array()) return false;
                TypedPlan::Texts texts;
                for (const auto& t : v) {
                    const auto ref = t.is_string() ? names.text(*f, t.get<std::string>()) : std::nullopt;
                    if (!ref) return false;
                    texts.push_back(*ref);
                }
                plan.values.push_back({*f, texts});
                return true;
            }
        }
        return false;
    };
    for (const auto& [name, v] : facts.items()) {
        if (v.is_null()) continue;  // explicitly unknown
        if (name == "toestemmingen") {
            if (!v.is_array()) return fail("toestemmingen");
            plan.consents_given = true;
            for (const auto& c : v) {
                if (!c.is_object() || !c.contains("categorie") || !c["categorie"].is_string()) return fail("consent");
                const auto category = names.category(c["categorie"].get<std::string>());
                const auto given = c.contains("gegeven") ? date_of(c["gegeven"]) : std::nullopt;
                std::optional<grondslag::Date> withdrawn;
                if (c.contains("ingetrokken") && !c["ingetrokken"].is_null() && !(withdrawn = date_of(c["ingetrokken"])))
                    return fail("consent withdrawn");
                const bool explicit_consent = c.contains("uitdrukkelijk") && c["uitdrukkelijk"] == true;
                if (!category || !given) return fail("consent");
                std::optional<grondslag::ActorRef> recipient;
                std::optional<grondslag::PurposeRef> purpose;
                if (c.contains("ontvanger") && !c["ontvanger"].is_null()) {
                    if (!c["ontvanger"].is_string() || !(recipient = names.actor(c["ontvanger"].get<std::string>())))
                        return fail("consent ontvanger");
                }
                if (c.contains("doel") && !c["doel"].is_null()) {
                    if (!c["doel"].is_string() || !(purpose = names.purpose(c["doel"].get<std::string>())))
                        return fail("consent doel");
                }
                plan.consents.push_back({*category, *given, withdrawn, explicit_consent, recipient, purpose});
            }
        } else if (v.is_object()) {
            for (const auto& [field, fv] : v.items())
                if (!scalar(name + "." + field, fv)) return fail("fact " + name + "." + field);
        } else if (!scalar(name, v)) {
            return fail("fact " + name);
        }
    }
    return plan;
}

// The date from which a rule not yet in force applies, as decide_json's answer gives it in a deny's reason
// ("... the earliest applies from YYYY-MM-DD"), to compare with TypedItem::applies_from; nullopt when the
// reason names none. A reason that names one without a valid date throws: the comparison cannot be made.
inline std::optional<grondslag::Date> applies_from_in(const nlohmann::json& item) {
    const std::string reason = item.value("reason", "");
    const std::string phrase = "applies from ";
    const auto at = reason.find(phrase);
    if (at == std::string::npos) return std::nullopt;
    const auto date = grondslag::Date::parse(reason.substr(at + phrase.size(), 10));
    if (!date) throw std::runtime_error("no date after 'applies from' in the reason: " + reason);
    return date;
}

}  // namespace test_support
