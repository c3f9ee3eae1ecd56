// Sealed bundles: a policy set together with the proof that it verified, so a
// server can start without running Z3 and cannot be handed a set that failed.
//
// A bundle (format grondslag-bundle/2) is a first line with the sha256 of the rest,
// then one JSON document: the policy sources (paths and texts), their policy_set hash,
// the verification result, and the compiled form as an image of the engine build that
// sealed it. Opening reads the image instead of parsing and compiling the sources
// (most of a cold start); an image of another engine build is ignored and the sources
// are compiled, so a bundle outlives the engine that sealed it. The sources stay in
// the bundle: they are the truth the image was made from, their hash must match, and
// diagnostics and explanations point into them. Bundles of format 1 (no image) are
// still opened. The digest detects any change to the bundle (integrity); it is not a
// signature (authenticity): protect the file as you protect the binary. The image is
// checked for consistency all the same (src/image.hpp).
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
    std::string notice;    // set when the bundle was served from its sources although it carries an image
};

// Refuses (error set) a bundle that is not a bundle, was altered, whose sources
// do not compile or do not match its recorded hash, or whose verification failed.
// policies.from_image() tells whether the image was used.
LoadedBundle open_bundle(const std::string& text);

}  // namespace grondslag
