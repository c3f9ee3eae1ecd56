#include "answer.hpp"

#include "json_text.hpp"

#include <algorithm>

namespace grondslag {

void AnswerText::grow(std::size_t n) {
    const std::size_t capacity = std::max({std::size_t{1024}, 2 * capacity_, size_ + n});
    auto bigger = std::make_unique<char[]>(capacity);
    if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_);
    data_ = std::move(bigger);
    capacity_ = capacity;
}

void AnswerText::date(Day d) {
    reserve(10);
    format_date_into(d, data_.get() + size_);
    size_ += 10;
}

namespace {

// The start of a deny answer's reason when this forbid prevails; the closing quote is written by the
// answer, which may add when a permit would have applied.
std::string forbid_fragment(const ir::Rule& r) {
    std::string reason = "forbidden by " + r.id;
    if (!r.citations.empty()) reason += " (" + r.citations.front() + ")";
    std::string out = "\"reason\":";
    append_json_string(out, reason);
    out.pop_back();
    return out;
}

std::string permit_fragment(const ir::PolicySet& set, const ir::Rule& r) {
    std::string out = "\"rule\":";
    append_json_string(out, r.id);
    out += ",\"provision\":";
    append_json_string(out, set.provisions[r.provision].id);
    // Whether the provision obliges or permits (AVG 6(1)(c) or (e), objection under AVG 21): only when the
    // policy states it, so an answer never claims a kind the law was not read for.
    if (const auto kind = set.provisions[r.provision].kind; kind != ast::ProvisionKind::unstated) {
        out += ",\"provision_kind\":";
        append_json_string(out, ast::provision_kind_name(kind));
    }
    std::string art6;
    std::vector<std::string> grounds;
    set.name_bases(r, [&](bool is_basis, const std::string& id) {
        if (is_basis) art6 = id;
        else grounds.push_back(id);
    });
    out += ",\"basis\":";
    append_json_string(out, art6);
    if (!grounds.empty()) {
        out += ",\"grounds\":[";
        for (std::size_t i = 0; i < grounds.size(); ++i) {
            if (i) out += ',';
            append_json_string(out, grounds[i]);
        }
        out += ']';
    }
    out += ",\"citations\":[";
    for (std::size_t i = 0; i < r.citations.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, r.citations[i]);
    }
    out += ']';
    return out;
}

std::string quoted(const std::string& s) {
    std::string q;
    append_json_string(q, s);
    return q;
}

}  // namespace

AnswerFragments::AnswerFragments(const ir::PolicySet& s) : set(s) {
    for (const auto& r : set.rules) {
        permit.push_back(r.effect == ast::Effect::permit ? permit_fragment(set, r) : std::string());
        forbid.push_back(forbid_fragment(r));
        rule.push_back(quoted(r.id));
    }
    for (const auto& c : set.categories) category.push_back(quoted(c.name));
    for (const auto& f : set.facts) fact.push_back(quoted(f.name));
    for (const auto& p : set.provisions) {
        provision.push_back(quoted(p.id));
        citation.push_back(quoted(p.citation));
    }
    for (const auto& a : set.actors) actor.push_back(quoted(a.name));
}

namespace {

void write_obligations(const AnswerFragments& f, const ir::Rule& rule, Day date, AnswerText& out) {
    out.put(",\"obligations\":[");
    bool first = true;
    for (const auto& o : rule.obligations) {
        if (!first) out.put(',');
        first = false;
        switch (o.kind) {
            case ast::ObligationKind::retain:
            case ast::ObligationKind::log: {
                if (o.kind == ast::ObligationKind::retain) out.put("{\"kind\":\"retain\",\"until\":\"");
                else out.put("{\"kind\":\"log\",\"until\":\"");
                out.date(add_period(date, o.period));
                out.put("\"}");
                break;
            }
            case ast::ObligationKind::notify:
                out.put("{\"kind\":\"notify\",\"actor\":");
                out.put(f.actor[o.actor]);
                out.put('}');
                break;
            case ast::ObligationKind::secrecy:
            case ast::ObligationKind::inform:
            case ast::ObligationKind::motivation:
            case ast::ObligationKind::shield:
                out.put("{\"kind\":\"");
                out.put(ast::obligation_kind_name(o.kind));
                out.put("\",\"provision\":");
                out.put(f.provision[o.provision]);
                out.put(",\"citation\":");
                out.put(f.citation[o.provision]);
                out.put('}');
                break;
        }
    }
    out.put(']');
}

// Reasons are written from fragments made at load time; only dates are formatted here.
void write_reason(const AnswerFragments& f, const Request& r, const ItemResult& item, AnswerText& out) {
    auto in_force = [&] {
        out.put("no rule in force on ");
        out.date(r.date);
        out.put(" permits it");
    };
    switch (item.reason) {
        case DenyReason::forbidden:
            out.put(f.forbid[item.rule]);
            // Before any basis existed, say so: that is the reason a reader looks for.
            if (item.later_start) {
                out.put("; ");
                in_force();
                out.put(", the earliest applies from ");
                out.date(item.in_force_from);
            }
            out.put('"');
            return;
        case DenyReason::no_candidate:
            out.put("\"reason\":\"no rule permits this data from this sender to this recipient for this purpose\"");
            return;
        case DenyReason::not_in_force:
            out.put("\"reason\":\"");
            in_force();
            if (item.later_start) {
                out.put("; the earliest applies from ");
                out.date(item.in_force_from);
            }
            out.put('"');
            return;
        case DenyReason::conditions:
            out.put("\"reason\":\"no rule in force permits it: the conditions of the rules considered do not hold\"");
            return;
        case DenyReason::none:
            out.put("\"reason\":\"\"");
            return;
    }
}

}  // namespace

void write_answer(const AnswerFragments& f, const Request& r, const Decision& d, const AnswerOptions& options,
                  AnswerText& out) {
    const ir::PolicySet& set = f.set;
    out.clear();
    out.put('{');
    if (!r.id_json.empty()) {
        out.put("\"id\":");
        out.put(r.id_json);
        out.put(',');
    }
    std::size_t permits = 0;
    for (const auto& item : d.items) permits += item.verdict == Verdict::permit;
    if (permits == d.items.size()) out.put("\"decision\":\"permit\",\"items\":[");
    else if (permits == 0) out.put("\"decision\":\"deny\",\"items\":[");
    else out.put("\"decision\":\"partial\",\"items\":[");
    for (std::size_t i = 0; i < d.items.size(); ++i) {
        const ItemResult& item = d.items[i];
        if (i) out.put(',');
        out.put("{\"data\":");
        out.put(f.category[item.category]);
        if (item.verdict == Verdict::permit) {
            const ir::Rule& rule = set.rules[item.rule];
            out.put(",\"decision\":\"permit\",");
            out.put(f.permit[item.rule]);
            write_obligations(f, rule, r.date, out);
        } else {
            out.put(",\"decision\":\"deny\",");
            out.put("\"cause\":\"");
            out.put(std::string_view(deny_cause_name(item.reason)));
            out.put("\",");
            write_reason(f, r, item, out);
            if (item.reason == DenyReason::forbidden) {
                out.put(",\"rule\":");
                out.put(f.rule[item.rule]);
                out.put(",\"provision\":");
                out.put(f.provision[set.rules[item.rule].provision]);
            }
            out.put(",\"missing_facts\":[");
            for (std::uint32_t k = item.missing_begin; k < item.missing_end; ++k) {
                if (k != item.missing_begin) out.put(',');
                out.put(f.fact[d.missing[k]]);
            }
            out.put("],\"considered\":[");
            for (std::uint32_t k = item.considered_begin; k < item.considered_end; ++k) {
                if (k != item.considered_begin) out.put(',');
                out.put(f.rule[d.considered[k]]);
            }
            out.put(']');
            if (options.why_not != nullptr) {
                std::string why_not;
                options.why_not(set, r, item.category, why_not);
                out.put(why_not);
            }
        }
        out.put('}');
    }
    out.put("],\"policy_set\":\"");
    out.put(set.source_hash);
    out.put('"');
    if (options.unverified) out.put(",\"unverified\":true");
    out.put('}');
}

void write_answer(const AnswerFragments& f, const Request& r, const Decision& d, const AnswerOptions& options,
                  std::string& out) {
    AnswerText text;
    write_answer(f, r, d, options, text);
    out += text.view();
}

void write_error_answer(const ir::PolicySet& set, const std::string& id_json, const RequestError& error,
                        std::size_t line, const AnswerOptions& options, std::string& out) {
    out += '{';
    if (!id_json.empty()) {
        out += "\"id\":";
        out += id_json;
        out += ',';
    }
    out += "\"decision\":\"deny\",\"items\":[],\"error\":{\"path\":";
    append_json_string(out, error.path);
    out += ",\"message\":";
    append_json_string(out, error.message);
    if (line > 0) out += ",\"line\":" + std::to_string(line);
    out += "},\"policy_set\":";
    append_json_string(out, set.source_hash);
    if (options.unverified) out += ",\"unverified\":true";
    out += '}';
}

}  // namespace grondslag
