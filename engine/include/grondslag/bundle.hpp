// Sealed bundles: a policy set together with the proof that it verified, so a
// server can start without running Z3 and cannot be handed a set that failed.
//
// A bundle is one JSON document: the policy sources (paths and texts), their
// policy_set hash, the verification result, and a sha256 over all of it. The
// sources are kept, not a binary image of the compiled form: compiling them is
// deterministic and takes milliseconds, there is no second format to keep in
// step with the compiler, and diagnostics still point into the policy files.
// The digest detects any change to the bundle (integrity); it is not a
// signature (authenticity): protect the file as you protect the binary.
#pragma once
#include <string>

#include "grondslag/grondslag.hpp"
#include "grondslag/verify.hpp"

namespace grondslag {

// The bundle's JSON text.
std::string seal_bundle(const Policies& policies, const VerifyReport& report);

struct LoadedBundle {
    Policies policies;     // valid only when error is empty
    std::string error;     // why the bundle was refused
    std::string sealed;    // when it was sealed (UTC)
};

// Refuses (error set) a bundle that is not a bundle, was altered, whose sources
// do not compile or do not match its recorded hash, or whose verification failed.
LoadedBundle open_bundle(const std::string& text);

}  // namespace grondslag
