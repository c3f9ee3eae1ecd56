// Sealed bundles: a policy set together with the proof that it verified, signed by whoever
// verified it, so a server can start without running Z3 and cannot be handed a set that failed
// or that somebody changed (docs/verification.md, "Trust model").
//
// A bundle (format grondslag-bundle/3) is a first line with the sha256 of the rest and, when
// sealed with a signing key, the Ed25519 signature of that line; then one JSON header (the
// policy_set hash, the verification result, the engine fingerprint, the sources' paths and
// lengths); then the policy sources' bytes and the compiled form as an image of the engine build
// that sealed it. The signature covers every byte: the digest commits to all of them.
//
// Opened with verification keys, a bundle is served only when one of the keys signed it; its
// image then stands in for parsing and compiling the sources (most of a cold start), unless
// another engine build wrote it. Opened without keys (development), an unsigned or unchecked
// bundle is served from a fresh compile of its sources, and refused when its image of this build
// differs from that compile: there is no path on which the rules that decide differ from the
// sources whose hash the answers name.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "grondslag/grondslag.hpp"
#include "grondslag/signing.hpp"
#include "grondslag/verify.hpp"

namespace grondslag {

// The bundle's bytes; signed when `key` is given.
std::string seal_bundle(const Policies& policies, const VerifyReport& report, const SigningKey* key = nullptr);

struct LoadedBundle {
    Policies policies;     // valid only when error is empty
    std::string error;     // why the bundle was refused
    std::string sealed;    // when it was sealed (UTC)
    std::string signer;    // the key id whose signature was checked; empty when none was
    std::string warning;   // set when served without a checked signature (development only)
    std::string notice;    // set when the bundle was served from its sources although it carries an image
};

// Refuses (error set) a bundle that is not a bundle, was altered, whose sources do not compile
// or do not match its recorded hash, or whose verification failed; and, when `keys` is not empty,
// one that none of the keys signed. policies.from_image() tells whether the image was used.
LoadedBundle open_bundle(std::string_view text, const std::vector<VerificationKey>& keys = {});

}  // namespace grondslag
