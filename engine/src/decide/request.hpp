// Decoding a request of the decision contract into the compiled form the
// evaluator reads: ids instead of names, one value per slot, and consent
// records reduced to "active on the request date" bits per category.
//
// The JSON text is parsed with simdjson (DOM API, one reused parser and one
// reused padded buffer), the fastest JSON parser Debian ships; see
// docs/performance.md for the measurement behind that choice.
#pragma once
#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "article_notation.hpp"
#include "ir.hpp"

namespace grondslag {

// A consent record as the request gave it (for explanations; decisions read the masks).
struct ConsentRecord {
    std::uint16_t category = 0;
    Day given = 0;
    Day withdrawn = 0;
    bool has_withdrawn = false;
    bool explicit_consent = false;
    std::int32_t recipient = -1;  // the actor the consent was given for (`ontvanger`); -1: not stated
    std::int32_t purpose = -1;    // the purpose it was given for (`doel`); -1: not stated
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
    // For the decision log only, as given (views into the decoder's buffer, valid until the next request):
    // the caller's pseudonymous reference to the person and the W3C trace context. Neither decides anything.
    std::string_view subject, traceparent;
};

// The one rule for when a consent record counts: it concerns the request (its recipient and purpose, when the
// record states them), was given on or before the request date, not withdrawn on or before it, and not given
// on or before the latest withdrawal (on or before the request date) of any record for the same category that
// concerns the request. A withdrawal (AVG art. 7 lid 3, the intrekkingsverklaring) ends the person's consent
// for the category, whatever records were given before it; only a consent given after it counts again. Both
// ways in (the JSON decoder and the typed API) mark the masks through count_consents, once the records and
// the date are known.

// Whether a record concerns this request: one that states the recipient or the purpose it was given for
// (`ontvanger`, `doel`) concerns only a request to that actor or for that purpose; one that states neither
// concerns every request, as records did before those fields existed.
inline bool consent_concerns(const Request& r, const ConsentRecord& c) {
    return (c.recipient < 0 || c.recipient == r.recipient) && (c.purpose < 0 || c.purpose == r.purpose);
}

// The latest withdrawal on or before the request date among the records for `category` that concern the
// request, if any.
inline std::optional<Day> latest_withdrawal(const Request& r, std::uint16_t category) {
    std::optional<Day> latest;
    for (const ConsentRecord& c : r.consent_records)
        if (c.category == category && consent_concerns(r, c) && c.has_withdrawn && c.withdrawn <= r.date)
            latest = std::max(latest.value_or(c.withdrawn), c.withdrawn);
    return latest;
}

// Whether record `c` stands on the request date, given the latest withdrawal for its category.
inline bool consent_stands(const Request& r, const ConsentRecord& c, std::optional<Day> latest_withdrawal) {
    return consent_concerns(r, c) && c.given <= r.date && (!c.has_withdrawn || c.withdrawn > r.date) &&
           !(latest_withdrawal && c.given <= *latest_withdrawal);
}

inline void count_consents(Request& r) {
    r.consent_active = r.explicit_active = 0;
    if (r.consent_records.empty()) return;
    // Pass 1: the latest withdrawal per category; pass 2: the records that stand. An entry of `latest` is
    // read only once its bit in `withdrawn` is set, so the array is not cleared.
    std::array<Day, ir::max_universe> latest;
    ir::Mask withdrawn = 0;
    for (const ConsentRecord& c : r.consent_records) {
        if (c.category >= ir::max_universe || !c.has_withdrawn || c.withdrawn > r.date || !consent_concerns(r, c))
            continue;
        const ir::Mask bit = ir::Mask{1} << c.category;
        if (!(withdrawn & bit) || c.withdrawn > latest[c.category]) latest[c.category] = c.withdrawn;
        withdrawn |= bit;
    }
    for (const ConsentRecord& c : r.consent_records) {
        if (c.category >= ir::max_universe) continue;
        const ir::Mask bit = ir::Mask{1} << c.category;
        if (!consent_stands(r, c, withdrawn & bit ? std::optional<Day>(latest[c.category]) : std::nullopt)) continue;
        r.consent_active |= bit;
        if (c.explicit_consent) r.explicit_active |= bit;
    }
}

// The bits of a text in a `list of text` fact: the texts the policies mention that it equals. A text with a
// parenthesised part at its end, such as the article with its lid "252(2)", also counts as the text before
// the parenthesis ("252") where the policies name that whole: a list that names article 252 covers each of
// its leden. The one rule for the JSON decoder and the typed API.
inline ir::Mask text_bits(const ir::Slot& slot, std::string_view text) {
    std::string_view whole = text;
    if (const auto open = text.find('('); open != std::string_view::npos && open > 0 && text.back() == ')')
        whole = text.substr(0, open);
    ir::Mask bits = 0;
    for (std::size_t b = 0; b < slot.texts.size(); ++b)
        if (slot.texts[b] == text || (whole.size() != text.size() && slot.texts[b] == whole)) bits |= ir::Mask{1} << b;
    return bits;
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
