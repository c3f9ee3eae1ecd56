// libFuzzer target: one request line decided against the shipped policies
// (decoder, evaluator and answer writer). The answer must always be valid JSON
// and never a permit for a request the decoder rejected.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "grondslag/grondslag.hpp"

static grondslag::Decider& decider() {
    static grondslag::Decider d = [] {
        auto p = grondslag::Policies::load_directories({GRONDSLAG_POLICIES});
        if (!p.ok()) std::abort();
        return grondslag::Decider(p);
    }();
    return d;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string out;
    const bool ok = decider().decide_json(text, out, 1);
    const auto answer = nlohmann::json::parse(out, nullptr, false);
    if (answer.is_discarded()) std::abort();                                  // answers are always JSON
    if (!ok && answer.value("decision", "") != "deny") std::abort();         // a rejected request is denied
    return 0;
}
