#include "request.hpp"

namespace grondslag {

using nlohmann::json;

void prepare_request(const ir::PolicySet& set, Request& r) {
    r.values.assign(set.slots.size(), 0);
    r.given.assign(set.slots.size(), 0);
    r.items.reserve(ir::max_universe);
}

std::string request_id_json(const json& doc) {
    if (doc.is_object()) {
        auto it = doc.find("id");
        if (it != doc.end() && (it->is_string() || it->is_number_integer())) return it->dump();
    }
    return {};
}

namespace {

class Decoder {
public:
    Decoder(const ir::PolicySet& set, Request& r, RequestError& e) : set_(set), r_(r), e_(e) {}

    bool run(const json& doc) {
        if (!doc.is_object()) return fail("", "a request is a JSON object");
        r_.id_json.clear();
        r_.items.clear();
        std::fill(r_.given.begin(), r_.given.end(), 0);
        r_.consent_active = r_.explicit_active = 0;
        bool has_date = false, has_sender = false, has_recipient = false, has_purpose = false, has_data = false;
        for (auto it = doc.begin(); it != doc.end(); ++it) {
            const std::string& key = it.key();
            const json& v = it.value();
            if (key == "id") {
                if (!v.is_string() && !v.is_number_integer()) return fail("/id", "the id is a string or an integer");
                r_.id_json = v.dump();
            } else if (key == "date") {
                has_date = true;
                if (!date(v, "/date", r_.date)) return false;
            } else if (key == "sender" || key == "recipient") {
                int id;
                if (!name(v, "/" + key, set_.actor_ids, "actor", id)) return false;
                (key == "sender" ? has_sender : has_recipient) = true;
                (key == "sender" ? r_.sender : r_.recipient) = static_cast<std::uint16_t>(id);
            } else if (key == "purpose") {
                int id;
                if (!name(v, "/purpose", set_.purpose_ids, "purpose", id)) return false;
                has_purpose = true;
                r_.purpose = static_cast<std::uint16_t>(id);
            } else if (key == "data") {
                has_data = true;
                if (!v.is_array() || v.empty()) return fail("/data", "data is a non-empty array of data categories");
                if (v.size() > ir::max_universe) return fail("/data", "at most 64 data items per request");
                for (std::size_t i = 0; i < v.size(); ++i) {
                    int id;
                    if (!name(v[i], "/data/" + std::to_string(i), set_.category_ids, "data category", id)) return false;
                    r_.items.push_back(static_cast<std::uint16_t>(id));
                }
            } else if (key == "facts") {
                if (!v.is_object()) return fail("/facts", "facts is a JSON object");
                facts_ = &v;
            } else {
                return fail("/" + escape(key), "unknown field '" + key + "'; a request has id, date, sender, recipient, purpose, data and facts");
            }
        }
        if (!has_date) return fail("/date", "the request has no date");
        if (!has_sender) return fail("/sender", "the request has no sender");
        if (!has_recipient) return fail("/recipient", "the request has no recipient");
        if (!has_purpose) return fail("/purpose", "the request has no purpose");
        if (!has_data) return fail("/data", "the request has no data");
        // Facts last: consent records are judged against the request date.
        if (facts_) {
            for (auto it = facts_->begin(); it != facts_->end(); ++it)
                if (!fact(it.key(), it.value())) return false;
        }
        return true;
    }

private:
    const ir::PolicySet& set_;
    Request& r_;
    RequestError& e_;
    const json* facts_ = nullptr;

    bool fail(std::string path, std::string message) {
        e_.path = std::move(path);
        e_.message = std::move(message);
        return false;
    }

    static std::string escape(const std::string& key) {
        std::string s;
        for (char c : key) {
            if (c == '~') s += "~0";
            else if (c == '/') s += "~1";
            else s += c;
        }
        return s;
    }

    bool date(const json& v, const std::string& path, Day& out) {
        if (!v.is_string()) return fail(path, "expected a date \"YYYY-MM-DD\"");
        const auto d = parse_date(v.get_ref<const std::string&>());
        if (!d) return fail(path, "'" + v.get<std::string>() + "' is not a date YYYY-MM-DD");
        out = *d;
        return true;
    }

    bool name(const json& v, const std::string& path, const std::unordered_map<std::string, int>& map, const char* what, int& out) {
        if (!v.is_string()) return fail(path, std::string("expected the name of a ") + what);
        auto it = map.find(v.get_ref<const std::string&>());
        if (it == map.end()) return fail(path, std::string("unknown ") + what + " '" + v.get<std::string>() + "'");
        out = it->second;
        return true;
    }

    bool fact(const std::string& key, const json& v) {
        const std::string path = "/facts/" + escape(key);
        auto it = set_.fact_ids.find(key);
        if (it == set_.fact_ids.end()) return fail(path, "unknown fact '" + key + "'");
        const ir::Fact& f = set_.facts[it->second];
        if (v.is_null()) return true;  // explicitly unknown
        if (f.type == ir::ValueType::record) {
            if (!v.is_object()) return fail(path, "fact '" + key + "' is a record: expected a JSON object");
            for (auto fit = v.begin(); fit != v.end(); ++fit) {
                const std::string full = key + "." + fit.key();
                int slot = -1;
                for (int s = f.first_slot; s < f.first_slot + f.slot_count; ++s)
                    if (set_.slots[s].path == full) slot = s;
                if (slot < 0) return fail(path + "/" + escape(fit.key()), "record '" + key + "' has no field '" + fit.key() + "'");
                if (fit.value().is_null()) continue;
                if (!scalar(slot, fit.value(), path + "/" + escape(fit.key()))) return false;
            }
            return true;
        }
        if (f.type == ir::ValueType::consents) return consents(f.first_slot, v, path);
        return scalar(f.first_slot, v, path);
    }

    bool scalar(int slot, const json& v, const std::string& path) {
        const ir::Slot& s = set_.slots[slot];
        std::int64_t value = 0;
        switch (s.type) {
            case ir::ValueType::boolean:
                if (!v.is_boolean()) return fail(path, "expected true or false");
                value = v.get<bool>() ? 1 : 0;
                break;
            case ir::ValueType::integer:
                if (!v.is_number_integer()) return fail(path, "expected an integer");
                value = v.get<std::int64_t>();
                break;
            case ir::ValueType::date: {
                Day d;
                if (!date(v, path, d)) return false;
                value = d;
                break;
            }
            case ir::ValueType::enumeration: {
                if (!v.is_string()) return fail(path, "expected one of " + allowed(s));
                const auto& text = v.get_ref<const std::string&>();
                value = -1;
                for (std::size_t i = 0; i < s.enum_values.size(); ++i)
                    if (s.enum_values[i] == text) value = static_cast<std::int64_t>(i);
                if (value < 0) return fail(path, "'" + text + "' is not one of " + allowed(s));
                break;
            }
            case ir::ValueType::text_set: {
                if (!v.is_array()) return fail(path, "expected a list of text");
                ir::Mask bits = 0;
                for (std::size_t i = 0; i < v.size(); ++i) {
                    if (!v[i].is_string()) return fail(path + "/" + std::to_string(i), "expected a text");
                    const auto& text = v[i].get_ref<const std::string&>();
                    // Only the values the policies mention matter; others leave no trace.
                    for (std::size_t b = 0; b < s.texts.size(); ++b)
                        if (s.texts[b] == text) bits |= ir::Mask{1} << b;
                }
                value = static_cast<std::int64_t>(bits);
                break;
            }
            default:
                return fail(path, "unsupported value");
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

    bool consents(int slot, const json& v, const std::string& path) {
        if (!v.is_array()) return fail(path, "expected a list of consent records");
        for (std::size_t i = 0; i < v.size(); ++i) {
            const std::string p = path + "/" + std::to_string(i);
            const json& rec = v[i];
            if (!rec.is_object()) return fail(p, "a consent record is an object with categorie, gegeven, ingetrokken, uitdrukkelijk");
            int category = -1;
            Day given = 0;
            std::optional<Day> withdrawn;
            bool explicit_consent = false, has_category = false, has_given = false;
            for (auto it = rec.begin(); it != rec.end(); ++it) {
                const std::string& k = it.key();
                const json& x = it.value();
                if (k == "categorie") {
                    if (!name(x, p + "/categorie", set_.category_ids, "data category", category)) return false;
                    has_category = true;
                } else if (k == "gegeven") {
                    if (!date(x, p + "/gegeven", given)) return false;
                    has_given = true;
                } else if (k == "ingetrokken") {
                    if (!x.is_null()) {
                        Day d;
                        if (!date(x, p + "/ingetrokken", d)) return false;
                        withdrawn = d;
                    }
                } else if (k == "uitdrukkelijk") {
                    if (!x.is_boolean()) return fail(p + "/uitdrukkelijk", "expected true or false");
                    explicit_consent = x.get<bool>();
                } else {
                    return fail(p + "/" + escape(k), "unknown field '" + k + "' in a consent record");
                }
            }
            if (!has_category) return fail(p + "/categorie", "the consent record has no categorie");
            if (!has_given) return fail(p + "/gegeven", "the consent record has no gegeven date");
            if (withdrawn && *withdrawn < given) return fail(p + "/ingetrokken", "withdrawn before it was given");
            // Active on the request date: given on or before it, not withdrawn on or before it.
            const bool active = given <= r_.date && (!withdrawn || *withdrawn > r_.date);
            if (active && category < static_cast<int>(ir::max_universe)) {
                r_.consent_active |= ir::Mask{1} << category;
                if (explicit_consent) r_.explicit_active |= ir::Mask{1} << category;
            }
        }
        r_.given[slot] = 1;
        return true;
    }
};

}  // namespace

bool decode_request(const ir::PolicySet& set, const json& doc, Request& r, RequestError& error) {
    if (r.values.size() != set.slots.size()) prepare_request(set, r);
    return Decoder(set, r, error).run(doc);
}

}  // namespace grondslag
