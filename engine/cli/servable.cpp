#include "servable.hpp"

#include <iostream>

#include "grondslag/bundle.hpp"
#include "grondslag/input_limits.hpp"
#include "keys.hpp"
#include "proofs.hpp"

namespace grondslag::cli {

Policies load_or_report(const std::vector<std::string>& dirs) {
    Policies p = Policies::load_directories(dirs);
    const std::string diagnostics = p.render_diagnostics();
    if (!diagnostics.empty()) std::cerr << diagnostics;
    return p;
}

bool load_servable(const ServableSource& source, Policies& out) {
    if (!source.verification_keys.empty() && source.bundle.empty()) {
        std::cerr << "grondslag: --verification-key checks a bundle's signature: give --bundle FILE\n";
        return false;
    }
    if (!source.bundle.empty()) {
        std::vector<VerificationKey> keys;
        if (!read_verification_keys(source.verification_keys, keys)) return false;
        std::string text, why;
        if (!read_regular_file_within(source.bundle, max_bundle_bytes, "a bundle", text, why)) {
            std::cerr << "grondslag: " << why << "\n";
            return false;
        }
        LoadedBundle b = open_bundle(text, keys);
        if (!b.error.empty()) {
            std::cerr << "grondslag: refusing the bundle " << source.bundle << ": " << b.error << "\n";
            return false;
        }
        if (!source.dirs.empty()) {
            Policies given = load_or_report(source.dirs);
            if (!given.ok() || given.hash() != b.policies.hash()) {
                std::cerr << "grondslag: refusing the bundle " << source.bundle << ": it was sealed for policy set "
                          << b.policies.hash() << ", not for the policies given (" << given.hash() << ")\n";
                return false;
            }
        }
        if (!b.warning.empty())
            std::cerr << "grondslag: warning: the bundle " << source.bundle << ": " << b.warning
                      << " (production: --verification-key PUB.pem)\n";
        if (!b.notice.empty()) std::cerr << "grondslag: note: the bundle " << source.bundle << ": " << b.notice << "\n";
        out = b.policies;
        return true;
    }
    if (source.unverified)
        std::cerr << "grondslag: warning: --unverified: serving policies that were not verified; every answer says "
                     "\"unverified\": true\n";
    // Before the folders are read, so that a hand-over to the prover does not report them twice.
    if (!source.unverified && !ready_to_verify()) return false;
    out = load_or_report(source.dirs);
    if (!out.ok()) {
        std::cerr << "grondslag: the policy set has errors; " << source.refused << "\n";
        return false;
    }
    return source.unverified || verify_for_serving(out, source);
}

void add_servable_options(CLI::App& command, ServableSource& source) {
    command.add_option("--bundle", source.bundle, "a bundle sealed by `verify --seal`: served without running Z3");
    command.add_option("--verification-key", source.verification_keys,
                       "serve the bundle only when this Ed25519 public key (PEM) signed it; repeatable, so keys can rotate")
        ->allow_extra_args(false);
}

}  // namespace grondslag::cli
