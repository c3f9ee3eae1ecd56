// The compiled form behind a Policies object, for the engine's own stages (verifier, diff, explain,
// docgen, the decider) and for tests. Not part of the public API: applications see Policies, Decider
// and the reports, never ir::PolicySet.
#pragma once
#include "grondslag/grondslag.hpp"
#include "ir.hpp"

namespace grondslag {

struct PoliciesAccess {
    static const ir::PolicySet& compiled(const Policies& policies);  // only when policies.ok()
};

inline const ir::PolicySet& compiled_form(const Policies& policies) { return PoliciesAccess::compiled(policies); }

}  // namespace grondslag
