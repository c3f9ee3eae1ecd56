// libFuzzer target: one policy file from memory, parsed, resolved, checked and
// compiled as a set of its own (without the shipped vocabulary, so the names it
// does not declare exercise the checker's diagnostics). Must never crash, hang
// or leak, whatever the text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "grondslag/grondslag.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    auto p = grondslag::Policies::load_sources({{"fuzz.gsl", std::move(text)}});
    (void)p.render_diagnostics();
    return 0;
}
