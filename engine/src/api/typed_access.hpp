// The inside of a TypedRequest (grondslag/typed_request.hpp), shared by the request's setters and
// Decider::decide: a compiled Request of the same kind the JSON decoder fills.
#pragma once
#include "grondslag/grondslag.hpp"
#include "grondslag/typed_request.hpp"
#include "ir.hpp"
#include "request.hpp"
#include "policies_access.hpp"

namespace grondslag {

struct TypedRequest::Impl {
    Policies policies;  // keeps the compiled set alive
    const ir::PolicySet& set;
    // `mutable` for its consent masks only: they are derived from the records, the date, the recipient and
    // the purpose, and counted once, when the request is decided (counted_request()).
    mutable Request request;
    mutable bool consents_stale = false;
    bool has_date = false, has_sender = false, has_recipient = false, has_purpose = false;
    std::string error;  // the first error made while filling the request

    // The request with its consent masks counted (count_consents, request.hpp), as the decoder counts them.
    const Request& counted_request() const {
        if (consents_stale) {
            count_consents(request);
            consents_stale = false;
        }
        return request;
    }

    explicit Impl(const Policies& p) : policies(p), set(compiled_form(policies)) {
        request.values.assign(set.slots.size(), 0);
        request.given.assign(set.slots.size(), 0);
        request.items.reserve(ir::max_universe);
    }
};

struct TypedAccess {
    using RequestImpl = TypedRequest::Impl;
    static const TypedRequest::Impl& of(const TypedRequest& r) { return *r.impl_; }
    template <int Kind>
    static NameRef<Kind> name(int index, std::uint32_t set) { return NameRef<Kind>(static_cast<std::uint16_t>(index), set); }
    template <int Kind>
    static std::uint16_t index(NameRef<Kind> r) { return r.index_; }
    template <int Kind>
    static std::uint32_t set(NameRef<Kind> r) { return r.set_; }
    static FactRef fact(int slot, FactRef::Type type, std::uint32_t set) { return FactRef(static_cast<std::uint16_t>(slot), type, set); }
    static std::uint16_t slot(FactRef f) { return f.slot_; }
    static std::uint32_t set(FactRef f) { return f.set_; }
    static ValueRef value(int slot, std::uint64_t bits, std::uint32_t set) { return ValueRef(static_cast<std::uint16_t>(slot), bits, set); }
    static std::uint16_t slot(ValueRef v) { return v.slot_; }
    static std::uint64_t bits(ValueRef v) { return v.bits_; }
    static std::uint32_t set(ValueRef v) { return v.set_; }
    static Date date(Day d) { return Date(d); }
};

// Why a filled request cannot be decided by a Decider of `set`: nullptr when it can. Checked
// per decision, after the setters' own checks, in this order.
const std::string* typed_request_refusal(const TypedAccess::RequestImpl& r, const ir::PolicySet& set);

}  // namespace grondslag
