// libFuzzer target: a bundle whose digest matches whatever its body says (the digest is not a
// signature, so anyone can make one), opened and, when accepted, asked for a decision. Covers the
// header, the sections and the compiled-image reader with its consistency checks: a crafted image
// must be refused or be a compiled form the evaluator walks safely. The input is the bundle's body
// (everything after its first line); seeds are sealed bundles (scripts/fuzz.sh).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "grondslag/bundle.hpp"
#include "grondslag/grondslag.hpp"
#include "sha256.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(reinterpret_cast<const char*>(data), size);
    const std::string bundle = "grondslag-bundle/2 sha256:" + grondslag::sha256_hex(body) + "\n" + body;
    const grondslag::LoadedBundle opened = grondslag::open_bundle(bundle);
    if (!opened.error.empty()) return 0;
    if (!opened.policies.ok()) std::abort();  // accepted means servable
    grondslag::Decider decider(opened.policies);
    std::string out;
    decider.decide_json(R"({"id":"f","date":"2023-05-01","sender":"dji","recipient":"gemeente","purpose":"dr_plan",)"
                        R"("data":["identificerend","detentiedata"],"facts":{"gedetineerd":true}})",
                        out, 1);
    if (nlohmann::json::parse(out, nullptr, false).is_discarded()) std::abort();  // answers are always JSON
    return 0;
}
