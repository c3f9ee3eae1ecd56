// The compiled form behind a Policies object, for the engine's own stages (verifier, diff, explain,
// docgen, the decider) and for tests. Not part of the public API: applications see Policies, Decider
// and the reports, never ir::PolicySet.
#pragma once
#include <functional>
#include <memory>

#include "grondslag/grondslag.hpp"
#include "ir.hpp"

namespace grondslag {

struct PoliciesAccess {
    static const ir::PolicySet& compiled(const Policies& policies);  // only when policies.ok()
    // Data derived from the compiled set once per loaded set and shared by every user of it (the decide
    // stage's answer texts, one copy for all the threads' Deciders): `make` runs for the first caller only.
    static std::shared_ptr<const void> answer_texts(const Policies& policies, const std::function<std::shared_ptr<const void>()>& make);
};

inline const ir::PolicySet& compiled_form(const Policies& policies) { return PoliciesAccess::compiled(policies); }

}  // namespace grondslag
