// TypedRequest: the names an application resolves once, and the setters that fill the same
// compiled Request the JSON decoder fills (engine/src/decide/request.cpp), with the same checks.
#include "typed_access.hpp"

#include "dates.hpp"

#include <algorithm>
#include <stdexcept>

namespace grondslag {

using Type = FactRef::Type;

std::optional<Date> Date::from_civil(int year, int month, int day) {
    const CivilDate c{year, month, day};
    if (!is_valid_civil(c)) return std::nullopt;
    return Date(days_from_civil(c));
}

std::optional<Date> Date::parse(std::string_view text) {
    const auto d = parse_date(text);
    if (!d) return std::nullopt;
    return Date(*d);
}

namespace {

std::optional<Type> public_type(ir::ValueType t) {
    switch (t) {
        case ir::ValueType::boolean: return Type::boolean;
        case ir::ValueType::integer: return Type::integer;
        case ir::ValueType::date: return Type::date;
        case ir::ValueType::enumeration: return Type::enumeration;
        case ir::ValueType::text_set: return Type::text_list;
        default: return std::nullopt;  // records and consent records are not one value
    }
}

const char* type_words(Type t) {
    switch (t) {
        case Type::boolean: return "true or false";
        case Type::integer: return "an integer";
        case Type::date: return "a date";
        case Type::enumeration: return "one of its values";
        case Type::text_list: return "a list of texts";
    }
    return "?";
}

const std::string another_set = "a reference made for another loaded policy set";
const std::string no_date = "the request has no date";
const std::string no_sender = "the request has no sender";
const std::string no_recipient = "the request has no recipient";
const std::string no_purpose = "the request has no purpose";
const std::string no_data = "the request has no data";
const std::string foreign_phase = "the request's phase is not one of its purpose's phases";

}  // namespace

TypedRequest::TypedRequest(const Policies& policies) {
    if (!policies.ok()) throw std::invalid_argument("a TypedRequest needs a policy set that loaded without errors");
    impl_ = std::make_unique<Impl>(policies);
}
TypedRequest::~TypedRequest() = default;
TypedRequest::TypedRequest(TypedRequest&&) noexcept = default;
TypedRequest& TypedRequest::operator=(TypedRequest&&) noexcept = default;

std::optional<ActorRef> TypedRequest::actor(std::string_view name) const {
    const int id = impl_->set.actor_index.find(name);
    if (id < 0) return std::nullopt;
    return TypedAccess::name<0>(id, impl_->set.serial);
}

std::optional<PurposeRef> TypedRequest::purpose(std::string_view name) const {
    const int id = impl_->set.purpose_index.find(name);
    if (id < 0) return std::nullopt;
    return TypedAccess::name<1>(id, impl_->set.serial);
}

std::optional<CategoryRef> TypedRequest::category(std::string_view name) const {
    const int id = impl_->set.category_index.find(name);
    if (id < 0) return std::nullopt;
    return TypedAccess::name<2>(id, impl_->set.serial);
}

std::optional<FactRef> TypedRequest::fact(std::string_view name) const {
    const ir::PolicySet& set = impl_->set;
    const auto dot = name.find('.');
    const int fid = set.fact_index.find(name.substr(0, dot));
    if (fid < 0) return std::nullopt;
    const ir::Fact& f = set.facts[static_cast<std::size_t>(fid)];
    int slot = f.first_slot;
    if (dot != std::string_view::npos) {
        if (f.type != ir::ValueType::record) return std::nullopt;
        slot = f.fields.find(name.substr(dot + 1));
        if (slot < 0) return std::nullopt;
    } else if (f.type == ir::ValueType::record) {
        return std::nullopt;
    }
    const auto type = public_type(set.slots[static_cast<std::size_t>(slot)].type);
    if (!type) return std::nullopt;
    return TypedAccess::fact(slot, *type, set.serial);
}

std::optional<ValueRef> TypedRequest::value(FactRef fact, std::string_view value) const {
    const ir::PolicySet& set = impl_->set;
    if (TypedAccess::set(fact) != set.serial || fact.type() != Type::enumeration) return std::nullopt;
    const std::uint16_t slot = TypedAccess::slot(fact);
    const auto& values = set.slots[slot].enum_values;
    for (std::size_t i = 0; i < values.size(); ++i)
        if (values[i] == value) return TypedAccess::value(slot, i, set.serial);
    return std::nullopt;
}

std::optional<ValueRef> TypedRequest::phase(PurposeRef purpose, std::string_view name) const {
    const ir::PolicySet& set = impl_->set;
    if (TypedAccess::set(purpose) != set.serial) return std::nullopt;
    for (const ir::Phase& ph : set.purposes[TypedAccess::index(purpose)].phases)
        if (ph.name == name) return TypedAccess::value(set.phase_slot, static_cast<std::uint64_t>(ph.value), set.serial);
    return std::nullopt;
}

std::optional<ValueRef> TypedRequest::text(FactRef fact, std::string_view text) const {
    const ir::PolicySet& set = impl_->set;
    if (TypedAccess::set(fact) != set.serial || fact.type() != Type::text_list) return std::nullopt;
    const std::uint16_t slot = TypedAccess::slot(fact);
    if (set.slots[slot].articles && !is_article(text)) return std::nullopt;  // not in the contract's notation
    return TypedAccess::value(slot, text_bits(set.slots[slot], text), set.serial);
}

void TypedRequest::clear() {
    Impl& t = *impl_;
    Request& r = t.request;
    r.items.clear();
    std::fill(r.given.begin(), r.given.end(), 0);
    r.consent_records.clear();
    r.consent_active = r.explicit_active = 0;
    t.consents_stale = false;
    t.has_date = t.has_sender = t.has_recipient = t.has_purpose = false;
    t.error.clear();
}

namespace {

// The checks every setter makes, with the message built only when one fails.
struct Checks {
    TypedAccess::RequestImpl& t;

    [[gnu::cold, gnu::noinline]] bool fail(std::string message) {
        if (t.error.empty()) t.error = std::move(message);
        return false;
    }
    bool same_set(std::uint32_t serial) { return serial == t.set.serial || fail(another_set); }
    bool fact(FactRef f, Type wanted) {
        if (!same_set(TypedAccess::set(f))) return false;
        if (f.type() == wanted) return true;
        return fail("fact '" + t.set.slots[TypedAccess::slot(f)].path + "' is " + type_words(f.type()) + ", not " +
                    type_words(wanted));
    }
    bool value_of(FactRef f, ValueRef v) {
        if (!same_set(TypedAccess::set(v))) return false;
        if (TypedAccess::slot(v) == TypedAccess::slot(f)) return true;
        return fail("a value of fact '" + t.set.slots[TypedAccess::slot(v)].path + "' given to fact '" +
                    t.set.slots[TypedAccess::slot(f)].path + "'");
    }
    void give(FactRef f, std::int64_t value) {
        const std::uint16_t slot = TypedAccess::slot(f);
        t.request.values[slot] = value;
        t.request.given[slot] = 1;
    }
};

}  // namespace

void TypedRequest::set_date(Date date) {
    impl_->request.date = date.days();
    impl_->has_date = true;
    impl_->consents_stale = true;  // consent records are judged against the request date
}

void TypedRequest::set_sender(ActorRef sender) {
    if (!Checks{*impl_}.same_set(TypedAccess::set(sender))) return;
    impl_->request.sender = TypedAccess::index(sender);
    impl_->has_sender = true;
}

void TypedRequest::set_recipient(ActorRef recipient) {
    if (!Checks{*impl_}.same_set(TypedAccess::set(recipient))) return;
    impl_->request.recipient = TypedAccess::index(recipient);
    impl_->has_recipient = true;
    impl_->consents_stale = true;  // a record may be given for one recipient
}

void TypedRequest::set_purpose(PurposeRef purpose) {
    if (!Checks{*impl_}.same_set(TypedAccess::set(purpose))) return;
    impl_->request.purpose = TypedAccess::index(purpose);
    impl_->has_purpose = true;
    impl_->consents_stale = true;  // a record may be given for one purpose
}

void TypedRequest::add_data(CategoryRef category) {
    Checks checks{*impl_};
    if (!checks.same_set(TypedAccess::set(category))) return;
    if (impl_->request.items.size() >= ir::max_universe) {
        checks.fail("at most 64 data items per request");
        return;
    }
    impl_->request.items.push_back(TypedAccess::index(category));
}

void TypedRequest::set_boolean(FactRef fact, bool value) {
    Checks checks{*impl_};
    if (checks.fact(fact, Type::boolean)) checks.give(fact, value ? 1 : 0);
}

void TypedRequest::set_integer(FactRef fact, std::int64_t value) {
    Checks checks{*impl_};
    if (checks.fact(fact, Type::integer)) checks.give(fact, value);
}

void TypedRequest::set_date(FactRef fact, Date value) {
    Checks checks{*impl_};
    if (checks.fact(fact, Type::date)) checks.give(fact, value.days());
}

void TypedRequest::set_value(FactRef fact, ValueRef value) {
    Checks checks{*impl_};
    if (checks.fact(fact, Type::enumeration) && checks.value_of(fact, value))
        checks.give(fact, static_cast<std::int64_t>(TypedAccess::bits(value)));
}

void TypedRequest::set_phase(ValueRef phase) {
    Impl& t = *impl_;
    Checks checks{t};
    if (!checks.same_set(TypedAccess::set(phase))) return;
    if (t.set.phase_slot < 0 || TypedAccess::slot(phase) != t.set.phase_slot) {
        checks.fail("a value that is not a phase (TypedRequest::phase makes one)");
        return;
    }
    t.request.values[static_cast<std::size_t>(t.set.phase_slot)] = static_cast<std::int64_t>(TypedAccess::bits(phase));
    t.request.given[static_cast<std::size_t>(t.set.phase_slot)] = 1;
}

void TypedRequest::set_texts(FactRef fact, std::span<const ValueRef> texts) {
    Checks checks{*impl_};
    if (!checks.fact(fact, Type::text_list)) return;
    std::uint64_t bits = 0;
    for (const ValueRef& text : texts) {
        if (!checks.value_of(fact, text)) return;
        bits |= TypedAccess::bits(text);
    }
    checks.give(fact, static_cast<std::int64_t>(bits));
}

void TypedRequest::add_consent(CategoryRef category, Date given, std::optional<Date> withdrawn, bool explicit_consent) {
    add_consent(category, given, withdrawn, explicit_consent, std::nullopt, std::nullopt);
}

void TypedRequest::add_consent(CategoryRef category, Date given, std::optional<Date> withdrawn, bool explicit_consent,
                               std::optional<ActorRef> recipient, std::optional<PurposeRef> purpose) {
    Impl& t = *impl_;
    Checks checks{t};
    if (!checks.same_set(TypedAccess::set(category))) return;
    if (recipient && !checks.same_set(TypedAccess::set(*recipient))) return;
    if (purpose && !checks.same_set(TypedAccess::set(*purpose))) return;
    if (t.set.consent_fact < 0) {
        checks.fail("the policy set has no fact for consent records");
        return;
    }
    if (withdrawn && withdrawn->days() < given.days()) {
        checks.fail("a consent record withdrawn before it was given");
        return;
    }
    t.request.consent_records.push_back(ConsentRecord{TypedAccess::index(category), given.days(),
                                                      withdrawn ? withdrawn->days() : 0, withdrawn.has_value(),
                                                      explicit_consent,
                                                      recipient ? TypedAccess::index(*recipient) : -1,
                                                      purpose ? TypedAccess::index(*purpose) : -1});
    consent_records_given();
    t.consents_stale = true;  // counted when decided: a withdrawal reaches older records
}

void TypedRequest::consent_records_given() {
    Impl& t = *impl_;
    if (t.set.consent_fact < 0) {
        Checks{t}.fail("the policy set has no fact for consent records");
        return;
    }
    t.request.given[static_cast<std::size_t>(t.set.facts[static_cast<std::size_t>(t.set.consent_fact)].first_slot)] = 1;
}

const std::string& TypedRequest::error() const { return impl_->error; }

const std::string* typed_request_refusal(const TypedAccess::RequestImpl& r, const ir::PolicySet& set) {
    if (r.set.serial != set.serial) return &another_set;
    if (!r.error.empty()) return &r.error;
    if (!r.has_date) return &no_date;
    if (!r.has_sender) return &no_sender;
    if (!r.has_recipient) return &no_recipient;
    if (!r.has_purpose) return &no_purpose;
    if (r.request.items.empty()) return &no_data;
    if (set.phase_slot >= 0 && r.request.given[static_cast<std::size_t>(set.phase_slot)]) {
        const auto value = r.request.values[static_cast<std::size_t>(set.phase_slot)];
        const auto& phases = set.purposes[r.request.purpose].phases;
        if (std::none_of(phases.begin(), phases.end(), [&](const ir::Phase& ph) { return ph.value == value; }))
            return &foreign_phase;
    }
    return nullptr;
}

}  // namespace grondslag
