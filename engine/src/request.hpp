// Decoding a request of the decision contract into the compiled form the
// evaluator reads: ids instead of names, one value per slot, and consent
// records reduced to "active on the request date" bits per category.
//
// The JSON text is parsed with simdjson (DOM API, one reused parser and one
// reused padded buffer), the fastest JSON parser Debian ships; see
// docs/performance.md for the measurement behind that choice.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ir.hpp"

namespace grondslag {

// A consent record as the request gave it (for explanations; decisions read the masks).
struct ConsentRecord {
    std::uint16_t category = 0;
    Day given = 0;
    Day withdrawn = 0;
    bool has_withdrawn = false;
    bool explicit_consent = false;
};

struct Request {
    std::string id_json;  // the request's id as JSON text, empty when absent
    Day date = 0;
    std::uint16_t sender = 0;
    std::uint16_t recipient = 0;
    std::uint16_t purpose = 0;
    std::vector<std::uint16_t> items;
    std::vector<std::int64_t> values;  // per slot
    std::vector<std::uint8_t> given;   // per slot: 1 when the request gives it
    ir::Mask consent_active = 0;       // categories with a consent active on `date`
    ir::Mask explicit_active = 0;      // ... of which explicit
    std::vector<ConsentRecord> consent_records;  // every record given, in order (capacity reused)
};

// The one rule for when a consent record counts: given on or before the request date and not withdrawn
// on or before it. Both ways in (the JSON decoder and the typed API) mark the masks through these.
inline void count_consent(Request& r, const ConsentRecord& c) {
    const bool active = c.given <= r.date && (!c.has_withdrawn || c.withdrawn > r.date);
    if (active && c.category < ir::max_universe) {
        r.consent_active |= ir::Mask{1} << c.category;
        if (c.explicit_consent) r.explicit_active |= ir::Mask{1} << c.category;
    }
}

// Recounts every record, for when the request date changes after the records were given.
inline void count_consents(Request& r) {
    r.consent_active = r.explicit_active = 0;
    for (const ConsentRecord& c : r.consent_records) count_consent(r, c);
}

struct RequestError {
    std::string path;     // JSON pointer, "" for the whole document
    std::string message;
};

class RequestDecoder {
public:
    explicit RequestDecoder(const ir::PolicySet& set);
    ~RequestDecoder();
    RequestDecoder(RequestDecoder&&) noexcept;

    // Returns false and fills `error` when the text is not JSON, or the request
    // does not fit the contract or the policy set's vocabulary. `r.id_json` is
    // set whenever the document has a usable id, also on failure.
    // `padded`: the caller guarantees json_padding readable bytes after the text (grondslag.hpp),
    // so it is parsed where it lies instead of being copied first.
    bool decode(std::string_view json_text, Request& r, RequestError& error, bool padded = false);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace grondslag
