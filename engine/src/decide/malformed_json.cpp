#include "malformed_json.hpp"

#include <nlohmann/json.hpp>

namespace grondslag {

namespace {

// A SAX handler that keeps only the first error.
struct ErrorOnly : nlohmann::json_sax<nlohmann::json> {
    bool failed = false, syntax = false;
    std::size_t byte = 0;
    std::string what;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::json::exception& e) override {
        failed = true;
        syntax = dynamic_cast<const nlohmann::json::parse_error*>(&e) != nullptr;
        byte = position;
        what = e.what();
        return false;
    }
};

}  // namespace

std::string describe_malformed_json(std::string_view text, std::string_view fallback) {
    // The SAX interface builds no tree, so a large or deep malformed text costs no memory beyond itself.
    ErrorOnly sax;
    nlohmann::json::sax_parse(text.begin(), text.end(), &sax);
    if (!sax.failed) return "malformed JSON: " + std::string(fallback);
    // nlohmann's text is "[json.exception.parse_error.101] parse error at line 1, column 2: why".
    const auto colon = sax.what.find(": ");
    const auto tag = sax.what.find("] ");
    const std::string why = colon != std::string::npos ? sax.what.substr(colon + 2)
                            : tag != std::string::npos ? sax.what.substr(tag + 2)
                                                       : sax.what;
    // Out-of-range numbers and the like have no byte position, but are still a deny with a reason.
    return sax.syntax ? "malformed JSON at byte " + std::to_string(sax.byte) + ": " + why : "malformed JSON: " + why;
}

}  // namespace grondslag
