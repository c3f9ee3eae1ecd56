// libFuzzer target: `grondslag fmt` on any text. Must never crash, hang or leak; when the
// text parses, the formatter's own check (same tokens and comments) holds and its output
// is a fixed point: formatting it again changes nothing.
#include <cstddef>
#include <cstdint>
#include <string>

#include "grondslag/format.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const grondslag::FormatResult once = grondslag::format_source("fuzz.gsl", text);
    if (!once.ok) {
        // A syntax error is reported as "fuzz.gsl:LINE:COL: error[E001]..."; only the formatter's own
        // check failing starts "fuzz.gsl: internal error" (the source line may contain any text).
        if (once.diagnostics.rfind("fuzz.gsl: internal error", 0) == 0) __builtin_trap();
        return 0;
    }
    const grondslag::FormatResult twice = grondslag::format_source("fuzz.gsl", once.text);
    if (!twice.ok || twice.text != once.text) __builtin_trap();
    return 0;
}
