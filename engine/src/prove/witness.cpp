// Concrete requests and Z3 models, both ways. A model read back as a request of the decision contract
// (`witness`) is what every finding and every diff region shows, and what the tests replay through
// `decide`; a compiled request written as constraints (`fix`) or as a model (`model_of`) is how the
// differential tests hold the encoding to the evaluator request by request.
#include "encoding.hpp"

namespace grondslag::verifier {

z3::expr Encoding::fix(const Request& r, std::uint16_t cat) const {
    z3::expr_vector v(ctx);
    v.push_back(date == r.date);
    v.push_back(sender == r.sender);
    v.push_back(recipient == r.recipient);
    v.push_back(purpose == r.purpose);
    v.push_back(category == cat);
    for (std::size_t i = 0; i < set.slots.size(); ++i) {
        const bool g = r.given[i] != 0;
        v.push_back(given[i] == ctx.bool_val(g));
        if (set.slots[i].type == ir::ValueType::text_set) {
            for (std::size_t b = 0; b < text_bits[i].size(); ++b)
                v.push_back(text_bits[i][b] == ctx.bool_val(g && (static_cast<ir::Mask>(r.values[i]) >> b & 1)));
            v.push_back(value[i] == 0);
        } else if (set.slots[i].type == ir::ValueType::consents) {
            v.push_back(value[i] == 0);
        } else {
            v.push_back(value[i] == ctx.int_val(g ? r.values[i] : (set.slots[i].type == ir::ValueType::date ? min_day : 0)));
        }
    }
    for (std::size_t c = 0; c < set.categories.size(); ++c) {
        v.push_back(active[c] == ctx.bool_val((r.consent_active >> c & 1) != 0));
        v.push_back(explicit_active[c] == ctx.bool_val((r.explicit_active >> c & 1) != 0));
    }
    return z3::mk_and(v);
}

z3::model Encoding::model_of(const Request& r, std::uint16_t cat) const {
    z3::model m(ctx);
    auto put = [&](const z3::expr& var, const z3::expr& v) {
        z3::func_decl d = var.decl();
        z3::expr value_copy = v;
        m.add_const_interp(d, value_copy);
    };
    put(date, ctx.int_val(r.date));
    put(sender, ctx.int_val(r.sender));
    put(recipient, ctx.int_val(r.recipient));
    put(purpose, ctx.int_val(r.purpose));
    put(category, ctx.int_val(cat));
    for (std::size_t i = 0; i < set.slots.size(); ++i) {
        const bool g = r.given[i] != 0;
        put(given[i], ctx.bool_val(g));
        const ir::ValueType t = set.slots[i].type;
        std::int64_t v = g ? r.values[i] : (t == ir::ValueType::date ? min_day : 0);
        if (t == ir::ValueType::text_set) {
            for (std::size_t b = 0; b < text_bits[i].size(); ++b)
                put(text_bits[i][b], ctx.bool_val(g && (static_cast<ir::Mask>(r.values[i]) >> b & 1)));
            v = 0;
        } else if (t == ir::ValueType::consents) {
            v = 0;
        }
        put(value[i], ctx.int_val(v));
    }
    for (std::size_t c = 0; c < set.categories.size(); ++c) {
        put(active[c], ctx.bool_val((r.consent_active >> c & 1) != 0));
        put(explicit_active[c], ctx.bool_val((r.explicit_active >> c & 1) != 0));
    }
    for (const Civil& c : civil) {
        const std::int64_t day = c.slot < 0 ? r.date : (r.given[c.slot] ? r.values[c.slot] : min_day);
        const CivilDate cd = civil_from_days(static_cast<Day>(day));
        put(c.year, ctx.int_val(cd.year));
        put(c.month, ctx.int_val(cd.month));
        put(c.day, ctx.int_val(cd.day));
    }
    return m;
}

nlohmann::json Encoding::witness(const z3::model& m) const {
    using nlohmann::json;
    auto num = [&](const z3::expr& e) { return m.eval(e, true).get_numeral_int64(); };
    auto truth = [&](const z3::expr& e) { return m.eval(e, true).is_true(); };
    const Day day = static_cast<Day>(num(date));
    json facts = json::object();
    auto scalar = [&](std::size_t i) -> json {
        const ir::Slot& s = set.slots[i];
        const std::int64_t v = num(value[i]);
        switch (s.type) {
            case ir::ValueType::boolean: return v != 0;
            case ir::ValueType::integer: return v;
            case ir::ValueType::date: return format_date(static_cast<Day>(v));
            case ir::ValueType::enumeration: return s.enum_values.at(static_cast<std::size_t>(v));
            case ir::ValueType::text_set: {
                json list = json::array();
                for (std::size_t b = 0; b < text_bits[i].size(); ++b)
                    if (truth(text_bits[i][b])) list.push_back(s.texts[b]);
                return list;
            }
            default: return nullptr;
        }
    };
    json phase;
    for (const ir::Fact& f : set.facts) {
        if (f.first_slot < 0) continue;
        if (f.first_slot == set.phase_slot) {  // the request's own field, not a fact
            if (truth(given[static_cast<std::size_t>(f.first_slot)])) phase = scalar(static_cast<std::size_t>(f.first_slot));
            continue;
        }
        const std::size_t first = static_cast<std::size_t>(f.first_slot);
        if (f.type == ir::ValueType::consents) {
            if (!truth(given[first])) continue;
            json records = json::array();
            for (std::size_t c = 0; c < set.categories.size(); ++c)
                if (truth(active[c]))
                    records.push_back({{"categorie", set.categories[c].name}, {"gegeven", format_date(day)},
                                       {"uitdrukkelijk", truth(explicit_active[c])}});
            facts[f.name] = records;
        } else if (f.type == ir::ValueType::record) {
            json rec = json::object();
            for (std::size_t s = first; s < first + static_cast<std::size_t>(f.slot_count); ++s) {
                if (!truth(given[s])) continue;
                const std::string& path = set.slots[s].path;
                rec[path.substr(path.find('.') + 1)] = scalar(s);
            }
            if (!rec.empty()) facts[f.name] = rec;
        } else if (truth(given[first])) {
            facts[f.name] = scalar(first);
        }
    }
    json out{{"date", format_date(day)},
                {"sender", set.actors.at(static_cast<std::size_t>(num(sender))).name},
                {"recipient", set.actors.at(static_cast<std::size_t>(num(recipient))).name},
                {"purpose", set.purposes.at(static_cast<std::size_t>(num(purpose))).name},
                {"data", json::array({set.categories.at(static_cast<std::size_t>(num(category))).name})},
                {"facts", facts}};
    if (!phase.is_null()) out["phase"] = phase;
    return out;
}

}  // namespace grondslag::verifier
