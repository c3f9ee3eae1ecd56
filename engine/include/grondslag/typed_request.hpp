// Deciding without JSON, for an application that embeds the engine.
//
// The application resolves the names it uses once, when it starts (an actor, a purpose, a data
// category, a fact or a value the policy set does not declare is nullopt there, not a surprise at
// request time), keeps the references, and fills a TypedRequest with them for each decision.
// Decider::decide(const TypedRequest&) then decides it with the same compiled form and the same
// evaluator as decide_json, without looking up, parsing or allocating a string per decision.
//
//   grondslag::TypedRequest request(policies);
//   const auto dji = request.actor("dji");               // std::optional<ActorRef>, at start-up
//   ...
//   request.clear();
//   request.set_date(*grondslag::Date::from_civil(2026, 3, 1));
//   request.set_sender(*dji);  ...  request.add_data(*id_category);
//   request.set_boolean(*gedetineerd, true);
//   const grondslag::TypedDecision& d = decider.decide(request);
//
// Fail-closed as the JSON path is: a reference of another loaded policy set, a value of the wrong
// type for its fact, or a request without date, sender, recipient, purpose or data is an error, and
// a request with an error is denied as a whole (TypedDecision::error says why, naming the fact).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace grondslag {

class Policies;
class Decider;
struct TypedAccess;

// A calendar day (days since 1970-01-01), made only from a real date.
class Date {
public:
    static std::optional<Date> from_civil(int year, int month, int day);
    static std::optional<Date> parse(std::string_view yyyy_mm_dd);  // exactly YYYY-MM-DD
    std::int32_t days() const { return days_; }
    friend bool operator==(Date, Date) = default;

private:
    friend struct TypedAccess;
    explicit Date(std::int32_t days) : days_(days) {}
    std::int32_t days_;
};

// A name of one loaded policy set, resolved once. Only TypedRequest's look-ups make them.
template <int Kind>
class NameRef {
public:
    std::uint16_t index() const { return index_; }  // the name's number in its policy set

private:
    friend struct TypedAccess;
    NameRef(std::uint16_t index, std::uint32_t set) : index_(index), set_(set) {}
    std::uint16_t index_;
    std::uint32_t set_;
};
using ActorRef = NameRef<0>;
using PurposeRef = NameRef<1>;
using CategoryRef = NameRef<2>;

// A fact with one value ("gedetineerd"), or one field of a record fact ("veroordeling.soort").
class FactRef {
public:
    enum class Type : std::uint8_t { boolean, integer, date, enumeration, text_list };
    Type type() const { return type_; }

private:
    friend struct TypedAccess;
    FactRef(std::uint16_t slot, Type type, std::uint32_t set) : slot_(slot), type_(type), set_(set) {}
    std::uint16_t slot_;
    Type type_;
    std::uint32_t set_;
};

// A value of an enumeration fact, or a text of a list-of-texts fact, resolved for that fact.
class ValueRef {
private:
    friend struct TypedAccess;
    ValueRef(std::uint16_t slot, std::uint64_t bits, std::uint32_t set) : slot_(slot), bits_(bits), set_(set) {}
    std::uint16_t slot_;
    std::uint64_t bits_;  // enumeration: the value's number; texts: its bit (0 for a text no rule mentions)
    std::uint32_t set_;
};

// One request, filled per decision and reused (clear() keeps its buffers). Not thread-safe.
class TypedRequest {
public:
    explicit TypedRequest(const Policies& policies);  // throws std::invalid_argument when !policies.ok()
    ~TypedRequest();
    TypedRequest(TypedRequest&&) noexcept;
    TypedRequest& operator=(TypedRequest&&) noexcept;

    // Look-ups, once per name: nullopt when the policy set does not declare it.
    std::optional<ActorRef> actor(std::string_view name) const;
    std::optional<PurposeRef> purpose(std::string_view name) const;
    std::optional<CategoryRef> category(std::string_view name) const;
    // A scalar fact by its name, or a record's field as "record.field"; not the consent records
    // (add_consent) and not a record as a whole.
    std::optional<FactRef> fact(std::string_view name) const;
    // A value of an enumeration fact. nullopt when the fact has no such value or is no enumeration.
    std::optional<ValueRef> value(FactRef fact, std::string_view value) const;
    // A text of a list-of-texts fact. A text no rule mentions is a valid reference that leaves no
    // trace, as it does in JSON; nullopt only when the fact is not a list of texts.
    std::optional<ValueRef> text(FactRef fact, std::string_view text) const;
    // A phase of a purpose's work process (the contract's `phase`), by the purpose and the phase's name.
    std::optional<ValueRef> phase(PurposeRef purpose, std::string_view name) const;

    // Per decision. Each setter checks its reference and type and keeps the first error.
    void clear();
    void set_date(Date date);
    void set_sender(ActorRef sender);
    void set_recipient(ActorRef recipient);
    void set_purpose(PurposeRef purpose);
    void add_data(CategoryRef category);  // at most 64 items, in the order the answer keeps
    void set_boolean(FactRef fact, bool value);
    void set_integer(FactRef fact, std::int64_t value);
    void set_date(FactRef fact, Date value);
    void set_value(FactRef fact, ValueRef value);   // an enumeration's value
    // The request's phase; deciding refuses a phase that is not one of the request purpose's phases.
    void set_phase(ValueRef phase);
    void set_texts(FactRef fact, std::span<const ValueRef> texts);  // the whole list; an empty one is given too
    // Setting a fact again replaces its value; a fact never set is unknown.
    // The person's consent records: each call gives one; a request that calls neither this nor
    // consent_records_given() leaves them unknown. `withdrawn` before `given` is an error. A withdrawal
    // ends consent for the category, also under records given before it (AVG art. 7 lid 3).
    void add_consent(CategoryRef category, Date given, std::optional<Date> withdrawn, bool explicit_consent);
    // The same, for a record that states the recipient and/or the purpose the consent was given for (the
    // contract's `ontvanger` and `doel`): it counts only for a request to that actor and for that purpose.
    void add_consent(CategoryRef category, Date given, std::optional<Date> withdrawn, bool explicit_consent,
                     std::optional<ActorRef> recipient, std::optional<PurposeRef> purpose);
    void consent_records_given();  // the records are known, even when there are none

    // The first error made while filling this request, empty when none.
    const std::string& error() const;

private:
    friend struct TypedAccess;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Why a data item was denied.
enum class DenyCause : std::uint8_t {
    none,          // permitted
    forbidden,     // an applicable forbid prevails (TypedItem::rule is that forbid)
    no_rule,       // no rule covers sender, recipient, purpose and category
    not_in_force,  // rules cover it, but none is in force on the date
    conditions,    // rules in force cover it, but their conditions do not hold
};

// What a permit obliges the recipient to (the rule's obligations, dated from the request date).
struct TypedObligation {
    // retain: keep no longer than; log: record the provision, keep the record at least; secrecy: the
    // recipient keeps the data secret; inform: the person is informed; motivation: a written motivation
    // when the person is not informed; shield: the data are shielded once the case closes; retain_at_least:
    // keep at least; use_number: identify the person by this number when providing data.
    enum class Kind : std::uint8_t { retain, log, notify, secrecy, inform, motivation, shield, retain_at_least, use_number };
    struct Period {
        enum class Unit : std::uint8_t { days, months, years };
        std::int32_t amount = 0;
        Unit unit = Unit::days;
    };
    Kind kind = Kind::retain;
    std::optional<Date> until;  // retain, log, retain_at_least: until this day; empty when it counts from a
                                // fact the request does not state (counted_from)
    Period period;              // retain, log, retain_at_least: the term
    int counted_from = -1;      // retain, retain_at_least: the date fact the term counts from (Decider::fact_name);
                                // -1: the request date
    int actor = -1;             // notify: whom (ActorRef::index(); Decider::actor_name)
    int category = -1;          // use_number: the number's category (CategoryRef::index(); Decider::category_name)
    int provision = -1;         // the provision that lays down the duty (Decider::provision): secrecy, inform,
                                // motivation, shield, retain_at_least, use_number; retain when its rule names one

    // The answer's `kind` (docs/contract.md): "retain", "log", "notify", "secrecy", "inform", "motivation",
    // "shield_after_close", "retain_at_least", "use_number".
    static constexpr std::string_view kind_name(Kind k) {
        constexpr std::string_view names[] = {"retain",  "log",  "notify", "secrecy", "inform", "motivation", "shield_after_close",
                                              "retain_at_least", "use_number"};
        return names[static_cast<std::size_t>(k)];
    }
    bool under_provision() const { return provision >= 0; }
};

struct TypedItem {
    std::uint16_t category = 0;  // CategoryRef::index() of the item
    bool permit = false;
    DenyCause cause = DenyCause::none;
    int rule = -1;  // the deciding permit or the prevailing forbid; Decider::rule describes it
    std::span<const std::uint16_t> missing_facts;   // deny: facts that would have to be known (Decider::fact_name)
    std::span<const TypedObligation> obligations;   // permit: what it obliges to
    std::span<const std::uint32_t> considered;      // deny: the rules considered, as the JSON answer's "considered" (Decider::rule)
    std::optional<Date> applies_from;               // deny: the earliest date a rule not yet in force applies from, if one does
};

// A rule as the JSON answer cites it, from tables made when the Decider is made.
struct RuleInfo {
    std::string_view id;
    std::string_view provision;                  // the provision it encodes
    std::string_view basis;                      // its AVG art. 6 basis ("" for none)
    std::span<const std::string> grounds;        // its further grounds (art. 9/10 exceptions and the like)
    std::span<const std::string> citations;      // the articles it cites
    std::string_view provision_kind;             // "duty" or "power" as its provision declares it, "" when it does not
};

// A provision, as a secrecy obligation names it.
struct ProvisionInfo {
    std::string_view id;        // "pm.58"
    std::string_view citation;  // "PM art. 58"
    std::string_view kind;      // "duty" or "power" as declared, "" when the provision does not say
};

// The answer, valid until the Decider's next decision.
struct TypedDecision {
    std::string_view error;  // non-empty: the request was not decided and `items` is empty
    std::span<const TypedItem> items;
    bool unverified = false;  // the Decider serves a set that was not verified (DecideOptions)
    bool permits_all() const {
        if (!error.empty() || items.empty()) return false;
        for (const auto& i : items)
            if (!i.permit) return false;
        return true;
    }
};

}  // namespace grondslag
