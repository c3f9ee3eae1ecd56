// libFuzzer target: a bundle whose digest matches whatever its body says, opened twice: unsigned
// (served from its sources; an image of this build must equal their compiled form) and signed by
// a trusted test key (so the compiled-image reader and its consistency checks see the crafted
// image, as they would a signer's mistake). Accepted means servable, and then asked for a decision:
// a crafted image must be refused or be a compiled form the evaluator walks safely. The input is the
// bundle's body (everything after its first line); seeds are sealed bundles (scripts/fuzz.sh).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grondslag/bundle.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/signing.hpp"
#include "grondslag/sha256.hpp"
#include "test_keys.hpp"

namespace {

struct TrustedKey {
    std::optional<grondslag::SigningKey> signing;
    std::vector<grondslag::VerificationKey> verifying;
    TrustedKey() {
        std::string why;
        const auto pair = grondslag::testing::test_key_pair(7);
        signing = grondslag::SigningKey::from_pem(pair.private_pem, why);
        verifying.push_back(*grondslag::VerificationKey::from_pem(pair.public_pem, why));
    }
};

void decide_once(const grondslag::LoadedBundle& opened) {
    if (!opened.error.empty()) return;
    if (!opened.policies.ok()) std::abort();  // accepted means servable
    grondslag::Decider decider(opened.policies);
    std::string out;
    decider.decide_json(R"({"id":"f","date":"2023-05-01","sender":"dji","recipient":"gemeente","purpose":"dr_plan",)"
                        R"("data":["identificerend","detentiedata"],"facts":{"gedetineerd":true}})",
                        out, 1);
    if (nlohmann::json::parse(out, nullptr, false).is_discarded()) std::abort();  // answers are always JSON
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const TrustedKey key;
    const std::string body(reinterpret_cast<const char*>(data), size);
    std::string first_line = "grondslag-bundle/3 sha256:" + grondslag::sha256_hex(body);
    decide_once(grondslag::open_bundle(first_line + "\n" + body));
    const std::string signature = grondslag::to_hex(key.signing->sign(first_line));
    first_line += " signed " + key.signing->key_id() + " " + signature;
    decide_once(grondslag::open_bundle(first_line + "\n" + body, key.verifying));
    return 0;
}
