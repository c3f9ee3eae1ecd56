#include "request.hpp"

#include "grondslag/grondslag.hpp"
#include "json_text.hpp"
#include "malformed_json.hpp"

#include <charconv>
#include <cstring>
#include <optional>

#include <simdjson.h>

namespace grondslag {

namespace dom = simdjson::dom;

namespace {

// JSON pointer paths are built only when something fails, from these parts.
std::string escape(std::string_view key) {
    std::string s;
    for (char c : key) {
        if (c == '~') s += "~0";
        else if (c == '/') s += "~1";
        else s += c;
    }
    return s;
}

std::string join(std::string_view prefix, std::string_view key) { return std::string(prefix) + "/" + escape(key); }

// The request's own fields, told apart by length first: one comparison per field instead of a
// chain of string comparisons.
enum class Field { id, date, sender, recipient, purpose, data, facts, phase, subject, traceparent, unknown };

Field field_of(std::string_view key) {
    switch (key.size()) {
        case 2: return key == "id" ? Field::id : Field::unknown;
        case 4: return key == "date" ? Field::date : key == "data" ? Field::data : Field::unknown;
        case 5: return key == "facts" ? Field::facts : key == "phase" ? Field::phase : Field::unknown;
        case 6: return key == "sender" ? Field::sender : Field::unknown;
        case 7: return key == "purpose" ? Field::purpose : key == "subject" ? Field::subject : Field::unknown;
        case 9: return key == "recipient" ? Field::recipient : Field::unknown;
        case 11: return key == "traceparent" ? Field::traceparent : Field::unknown;
        default: return Field::unknown;
    }
}

// What the decoder needs of a fact, in one dense array: most facts are booleans, and the
// full Fact and Slot records are only read for the others.
struct FactCode {
    ir::ValueType type = ir::ValueType::boolean;
    int slot = -1;
    std::uint32_t given_in = 0;  // the number of the request that gave this fact last (SeenStamps; facts from 64 on)
};

// The id as JSON text into `out` (a reused buffer: no allocation); false when it is neither
// a string nor an integer.
bool read_id(dom::element id, std::string& out) {
    std::string_view text;
    std::int64_t number;
    if (!id.get_string().get(text)) {
        append_json_string(out, text);
        return true;
    }
    if (!id.get_int64().get(number)) {
        char digits[24];
        out.append(digits, std::to_chars(digits, digits + sizeof digits, number).ptr);
        return true;
    }
    return false;
}

// A consent record's fields, told apart by length as the request's own fields are.
enum class ConsentField { categorie, gegeven, ingetrokken, uitdrukkelijk, ontvanger, doel, unknown };

ConsentField consent_field_of(std::string_view key) {
    switch (key.size()) {
        case 4: return key == "doel" ? ConsentField::doel : ConsentField::unknown;
        case 7: return key == "gegeven" ? ConsentField::gegeven : ConsentField::unknown;
        case 9:
            return key == "categorie" ? ConsentField::categorie
                   : key == "ontvanger" ? ConsentField::ontvanger
                                        : ConsentField::unknown;
        case 11: return key == "ingetrokken" ? ConsentField::ingetrokken : ConsentField::unknown;
        case 13: return key == "uitdrukkelijk" ? ConsentField::uitdrukkelijk : ConsentField::unknown;
        default: return ConsentField::unknown;
    }
}

// Which facts and record fields the request being decoded has given, to refuse a key given twice.
// Each fact from the 64th on (FactCode::given_in; the first 64 are in a bit mask) and each record
// slot holds the number of the request that gave it last, so nothing is cleared between requests.
struct SeenStamps {
    std::vector<std::uint32_t> slots;
    std::uint32_t request = 0;

    void next(std::vector<FactCode>& facts, std::size_t slot_count) {
        if (++request == 0 || slots.size() != slot_count) {  // wrapped round, or the first request
            for (auto& f : facts) f.given_in = 0;
            slots.assign(slot_count, 0);
            request = 1;
        }
    }
    bool first_time(FactCode& fact) {
        if (fact.given_in == request) return false;
        fact.given_in = request;
        return true;
    }
    bool first_time_slot(int slot) {
        auto& stamp = slots[static_cast<std::size_t>(slot)];
        if (stamp == request) return false;
        stamp = request;
        return true;
    }
};

class Decoder {
public:
    Decoder(const ir::PolicySet& set, std::vector<FactCode>& codes, DateMemo& dates, SeenStamps& seen, Request& r,
            RequestError& e)
        : set_(set), codes_(codes), dates_(dates), seen_(seen), r_(r), e_(e) {}

    bool id_seen() const { return id_seen_; }

    bool run(dom::element doc) {
        r_.subject = r_.traceparent = {};
        dom::object obj;
        if (doc.get_object().get(obj)) return fail("", "a request is a JSON object");
        r_.items.clear();
        std::fill(r_.given.begin(), r_.given.end(), 0);
        r_.consent_active = r_.explicit_active = 0;
        r_.consent_records.clear();
        bool has_date = false, has_sender = false, has_recipient = false, has_purpose = false, has_data = false;
        dom::object facts;
        bool has_facts = false;
        std::string_view phase;
        bool has_phase = false;
        unsigned fields_seen = 0;
        for (auto field : obj) {
            const std::string_view key = field.key;
            const dom::element v = field.value;
            const Field which = field_of(key);
            // A key given twice is ambiguous (JSON leaves open which one counts), so it is an error.
            const unsigned bit = 1u << static_cast<unsigned>(which);
            if (fields_seen & bit && which != Field::unknown) [[unlikely]]
                return given_twice("", key, "field", "; a request gives each field once");
            fields_seen |= bit;
            if (which == Field::id) {
                id_seen_ = true;
                if (!read_id(v, r_.id_json)) return fail("/id", "the id is a string or an integer");
            } else if (which == Field::date) {
                has_date = true;
                if (!date(v, "/date", r_.date)) return false;
            } else if (which == Field::sender || which == Field::recipient) {
                const bool sender = which == Field::sender;
                int id;
                if (!name(v, sender ? "/sender" : "/recipient", set_.actor_index, "actor", id)) return false;
                (sender ? has_sender : has_recipient) = true;
                (sender ? r_.sender : r_.recipient) = static_cast<std::uint16_t>(id);
            } else if (which == Field::purpose) {
                int id;
                if (!name(v, "/purpose", set_.purpose_index, "purpose", id)) return false;
                has_purpose = true;
                r_.purpose = static_cast<std::uint16_t>(id);
            } else if (which == Field::data) {
                has_data = true;
                dom::array data;
                if (v.get_array().get(data) || data.size() == 0) return fail("/data", "data is a non-empty array of data categories");
                if (data.size() > ir::max_universe) return fail("/data", "at most 64 data items per request");
                std::size_t i = 0;
                for (dom::element item : data) {
                    int id;
                    if (!name(item, "", set_.category_index, "data category", id)) {
                        e_.path = "/data/" + std::to_string(i);
                        return false;
                    }
                    r_.items.push_back(static_cast<std::uint16_t>(id));
                    ++i;
                }
            } else if (which == Field::facts) {
                if (v.get_object().get(facts)) return fail("/facts", "facts is a JSON object");
                has_facts = true;
            } else if (which == Field::phase) {
                if (v.get_string().get(phase)) return fail("/phase", "the phase is a string");
                has_phase = true;
            } else if (which == Field::subject || which == Field::traceparent) {
                // For the decision log only (docs/contract.md): a pseudonymous reference to the person, and
                // the W3C trace context; neither decides anything.
                std::string_view text;
                const char* path = which == Field::subject ? "/subject" : "/traceparent";
                if (v.get_string().get(text) || text.empty() || text.size() > 256)
                    return fail(path, which == Field::subject ? "the subject is a non-empty string of at most 256 bytes"
                                                              : "the traceparent is a non-empty string of at most 256 bytes");
                (which == Field::subject ? r_.subject : r_.traceparent) = text;
            } else {
                return fail(join("", key), "unknown field '" + std::string(key) +
                                               "'; a request has id, date, sender, recipient, purpose, phase, data, facts, subject "
                                               "and traceparent");
            }
        }
        if (!has_date) return fail("/date", "the request has no date");
        if (!has_sender) return fail("/sender", "the request has no sender");
        if (!has_recipient) return fail("/recipient", "the request has no recipient");
        if (!has_purpose) return fail("/purpose", "the request has no purpose");
        if (!has_data) return fail("/data", "the request has no data");
        if (has_phase && !set_phase(phase)) return false;
        // Facts last: consent records are judged against the request date.
        if (has_facts)
            for (auto field : facts)
                if (!fact(field.key, field.value)) return false;
        return true;
    }

private:
    const ir::PolicySet& set_;
    std::vector<FactCode>& codes_;
    DateMemo& dates_;
    SeenStamps& seen_;
    Request& r_;
    RequestError& e_;
    bool id_seen_ = false;
    std::uint64_t facts_seen_ = 0;  // bit f: fact f was given (facts from 64 on: SeenStamps)

    // The phase names one of the request's purpose's phases.
    [[gnu::cold]] bool set_phase(std::string_view name) {
        const ir::Purpose& purpose = set_.purposes[r_.purpose];
        for (const ir::Phase& ph : purpose.phases) {
            if (ph.name != name) continue;
            r_.values[static_cast<std::size_t>(set_.phase_slot)] = ph.value;
            r_.given[static_cast<std::size_t>(set_.phase_slot)] = 1;
            return true;
        }
        if (purpose.phases.empty()) return fail("/phase", "purpose '" + purpose.name + "' is not divided into phases");
        std::string names;
        for (const ir::Phase& ph : purpose.phases) names += (names.empty() ? "" : ", ") + ph.name;
        return fail("/phase", "purpose '" + purpose.name + "' has no phase '" + std::string(name) + "'; its phases are " + names);
    }

    bool fail(std::string path, std::string message) {
        e_.path = std::move(path);
        e_.message = std::move(message);
        return false;
    }
    // Out of line: the check sits on every fact's path, its message on none.
    [[gnu::cold, gnu::noinline]] bool given_twice(std::string_view parent, std::string_view key, const char* what, const char* more) {
        return fail(join(parent, key), std::string(what) + " '" + std::string(key) + "' is given twice" + more);
    }

    bool date(dom::element v, std::string_view path, Day& out) {
        std::string_view text;
        if (v.get_string().get(text)) return fail(std::string(path), "expected a date \"YYYY-MM-DD\"");
        const auto d = dates_.parse(text);
        if (!d) return fail(std::string(path), "'" + std::string(text) + "' is not a date YYYY-MM-DD");
        out = *d;
        return true;
    }

    bool name(dom::element v, std::string_view path, const ir::NameIndex& index, const char* what, int& out) {
        std::string_view text;
        if (v.get_string().get(text)) return fail(std::string(path), std::string("expected the name of a ") + what);
        out = index.find(text);
        if (out < 0) return fail(std::string(path), std::string("unknown ") + what + " '" + std::string(text) + "'");
        return true;
    }

    bool fact(std::string_view key, dom::element v) {
        const int fid = set_.fact_index.find(key);
        if (fid < 0) return fail(join("/facts", key), "unknown fact '" + std::string(key) + "'");
        FactCode& code = codes_[fid];
        // The first 64 facts in a bit mask that stays in a register: a stamp in memory per fact cost 4 %
        // of decide_json.
        const bool again = fid < 64 ? (facts_seen_ >> fid & 1) != 0 : !seen_.first_time(code);
        if (again) [[unlikely]]
            return given_twice("/facts", key, "fact", "");
        if (fid < 64) facts_seen_ |= std::uint64_t{1} << fid;
        if (code.type == ir::ValueType::boolean) {  // the common case, without the dispatch below
            bool b;
            if (!v.get_bool().get(b)) {
                r_.values[code.slot] = b ? 1 : 0;
                r_.given[code.slot] = 1;
                return true;
            }
        }
        const ir::Fact& f = set_.facts[fid];
        if (v.is_null()) return true;  // explicitly unknown
        if (f.type == ir::ValueType::record) {
            dom::object rec;
            if (v.get_object().get(rec)) return fail(join("/facts", key), "fact '" + f.name + "' is a record: expected a JSON object");
            for (auto field : rec) {
                const int slot = f.fields.find(field.key);
                if (slot < 0)
                    return fail(join(join("/facts", key), field.key),
                                "record '" + f.name + "' has no field '" + std::string(field.key) + "'");
                if (!seen_.first_time_slot(slot)) [[unlikely]]
                    return given_twice(join("/facts", key), field.key, "field", "");
                if (field.value.is_null()) continue;
                if (!scalar(slot, field.value, [&] { return join(join("/facts", key), field.key); })) return false;
            }
            return true;
        }
        if (f.type == ir::ValueType::consents) return consents(f.first_slot, v, key);
        return scalar(f.first_slot, v, [&] { return join("/facts", key); });
    }

    template <typename PathFn>
    bool scalar(int slot, dom::element v, PathFn path) {
        const ir::Slot& s = set_.slots[slot];
        std::int64_t value = 0;
        switch (s.type) {
            case ir::ValueType::boolean: {
                bool b;
                if (v.get_bool().get(b)) return fail(path(), "expected true or false");
                value = b ? 1 : 0;
                break;
            }
            case ir::ValueType::integer:
                if (!v.is_int64() || v.get_int64().get(value)) return fail(path(), "expected an integer");
                break;
            case ir::ValueType::date: {
                std::string_view text;
                if (v.get_string().get(text)) return fail(path(), "expected a date \"YYYY-MM-DD\"");
                const auto d = dates_.parse(text);
                if (!d) return fail(path(), "'" + std::string(text) + "' is not a date YYYY-MM-DD");
                value = *d;
                break;
            }
            case ir::ValueType::enumeration: {
                std::string_view text;
                if (v.get_string().get(text)) return fail(path(), "expected one of " + allowed(s));
                value = -1;
                for (std::size_t i = 0; i < s.enum_values.size(); ++i)
                    if (s.enum_values[i] == text) value = static_cast<std::int64_t>(i);
                if (value < 0) return fail(path(), "'" + std::string(text) + "' is not one of " + allowed(s));
                break;
            }
            case ir::ValueType::text_set: {
                dom::array list;
                if (v.get_array().get(list)) return fail(path(), "expected a list of text");
                ir::Mask bits = 0;
                std::size_t i = 0;
                for (dom::element item : list) {
                    std::string_view text;
                    if (item.get_string().get(text)) return fail(path() + "/" + std::to_string(i), "expected a text");
                    if (s.articles && !is_article(text))
                        return fail(path() + "/" + std::to_string(i),
                                    "'" + std::string(text) + "' is not an article in the contract's notation: its number and "
                                    "letter, a lid in parentheses, such as \"242\", \"151f\" or \"141(2)\"");
                    // Only the values the policies mention matter; others leave no trace.
                    bits |= text_bits(s, text);
                    ++i;
                }
                value = static_cast<std::int64_t>(bits);
                break;
            }
            default:
                return fail(path(), "unsupported value");
        }
        r_.values[slot] = value;
        r_.given[slot] = 1;
        return true;
    }

    static std::string allowed(const ir::Slot& s) {
        std::string a;
        for (const auto& v : s.enum_values) a += (a.empty() ? "" : ", ") + v;
        return a;
    }

    // Paths are only built on failure: a consent record costs no allocation.
    bool consents(int slot, dom::element v, std::string_view key) {
        const auto path = [&] { return join("/facts", key); };
        dom::array list;
        if (v.get_array().get(list)) return fail(path(), "expected a list of consent records");
        std::size_t i = 0;
        for (dom::element rec_el : list) {
            const std::size_t index = i++;
            const auto at = [&](std::string_view field) {
                std::string p = path() + "/" + std::to_string(index);
                return field.empty() ? p : join(p, field);
            };
            dom::object rec;
            if (rec_el.get_object().get(rec))
                return fail(at(""), "a consent record is an object with categorie, gegeven, ingetrokken, uitdrukkelijk, ontvanger, doel");
            int category = -1, recipient = -1, purpose = -1;
            Day given = 0;
            std::optional<Day> withdrawn;
            bool explicit_consent = false, has_category = false, has_given = false;
            unsigned fields_seen = 0;
            for (auto field : rec) {
                const std::string_view k = field.key;
                const ConsentField which = consent_field_of(k);
                const unsigned bit = 1u << static_cast<unsigned>(which);
                if (fields_seen & bit && which != ConsentField::unknown) [[unlikely]]
                    return given_twice(at(""), k, "field", " in a consent record");
                fields_seen |= bit;
                if (which == ConsentField::categorie) {
                    if (!name(field.value, "", set_.category_index, "data category", category)) {
                        e_.path = at(k);
                        return false;
                    }
                    has_category = true;
                } else if (which == ConsentField::gegeven) {
                    if (!date(field.value, "", given)) {
                        e_.path = at(k);
                        return false;
                    }
                    has_given = true;
                } else if (which == ConsentField::ingetrokken) {
                    if (!field.value.is_null()) {
                        Day d;
                        if (!date(field.value, "", d)) {
                            e_.path = at(k);
                            return false;
                        }
                        withdrawn = d;
                    }
                } else if (which == ConsentField::uitdrukkelijk) {
                    if (field.value.get_bool().get(explicit_consent)) return fail(at(k), "expected true or false");
                } else if (which == ConsentField::ontvanger) {
                    if (!field.value.is_null() && !name(field.value, "", set_.actor_index, "actor", recipient)) {
                        e_.path = at(k);
                        return false;
                    }
                } else if (which == ConsentField::doel) {
                    if (!field.value.is_null() && !name(field.value, "", set_.purpose_index, "purpose", purpose)) {
                        e_.path = at(k);
                        return false;
                    }
                } else {
                    return fail(at(k), "unknown field '" + std::string(k) + "' in a consent record");
                }
            }
            if (!has_category) return fail(at("categorie"), "the consent record has no categorie");
            if (!has_given) return fail(at("gegeven"), "the consent record has no gegeven date");
            if (withdrawn && *withdrawn < given) return fail(at("ingetrokken"), "withdrawn before it was given");
            r_.consent_records.push_back(ConsentRecord{static_cast<std::uint16_t>(category), given, withdrawn.value_or(0),
                                                       withdrawn.has_value(), explicit_consent, recipient, purpose});
        }
        count_consents(r_);  // the date is decoded before the facts; a withdrawal reaches every record before it
        r_.given[slot] = 1;
        return true;
    }
};

}  // namespace

struct RequestDecoder::Impl {
    const ir::PolicySet& set;
    std::vector<FactCode> fact_codes;  // per fact id
    DateMemo dates;
    SeenStamps seen;
    dom::parser parser;
    std::string padded;  // the request text plus simdjson's padding, reused

    explicit Impl(const ir::PolicySet& s) : set(s) {
        for (const auto& f : s.facts) fact_codes.push_back(FactCode{f.type, f.first_slot});
    }
};

RequestDecoder::RequestDecoder(const ir::PolicySet& set) : impl_(std::make_unique<Impl>(set)) {}
RequestDecoder::~RequestDecoder() = default;
RequestDecoder::RequestDecoder(RequestDecoder&&) noexcept = default;

static_assert(simdjson::SIMDJSON_PADDING <= json_padding, "grondslag::json_padding must cover simdjson's padding");

bool RequestDecoder::decode(std::string_view text, Request& r, RequestError& error, bool padded) {
    Impl& d = *impl_;
    if (r.values.size() != d.set.slots.size()) {
        r.values.assign(d.set.slots.size(), 0);
        r.given.assign(d.set.slots.size(), 0);
        r.items.reserve(ir::max_universe);
    }
    r.id_json.clear();
    r.subject = r.traceparent = {};
    const char* json = text.data();
    if (!padded) {
        if (d.padded.size() < text.size() + simdjson::SIMDJSON_PADDING) d.padded.resize(text.size() + simdjson::SIMDJSON_PADDING);
        std::memcpy(d.padded.data(), text.data(), text.size());
        json = d.padded.data();
    }
    dom::element doc;
    if (const auto code = d.parser.parse(json, text.size(), false).get(doc)) {
        error.path = "";
        if (code == simdjson::DEPTH_ERROR) {
            // Said here rather than by nlohmann, which would first build the whole deep tree.
            error.message = "malformed JSON: nested more deeply than " + std::to_string(d.parser.max_depth()) +
                            " levels of arrays and objects";
            return false;
        }
        error.message = describe_malformed_json(text, simdjson::error_message(code));
        return false;
    }
    d.seen.next(d.fact_codes, d.set.slots.size());
    Decoder decoder(d.set, d.fact_codes, d.dates, d.seen, r, error);
    if (decoder.run(doc)) return true;
    // On failure the answer still echoes a usable id, and an unusable id is the error to report,
    // as if the id had been read first.
    dom::object obj;
    dom::element id;
    if (!decoder.id_seen() && !doc.get_object().get(obj) && !obj.at_key("id").get(id) && !read_id(id, r.id_json)) {
        error.path = "/id";
        error.message = "the id is a string or an integer";
    }
    return false;
}

}  // namespace grondslag
