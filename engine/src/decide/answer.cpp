#include "answer.hpp"

#include "json_text.hpp"
#include "questions.hpp"

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
    // The provision as a machine reference (Juriconnect, ELI, CVDR) and its public page.
    if (const ir::LegalReference ref = ir::provision_reference(set.provisions[r.provision]); !ref.id.empty()) {
        out += ",\"reference\":{\"id\":";
        append_json_string(out, ref.id);
        out += ",\"url\":";
        append_json_string(out, ref.url);
        out += '}';
    }
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

// ---- the five legal questions (ir/questions.hpp), written once per rule, class and juvenile ----

using ir::Question;
using ir::QuestionStatus;

constexpr std::array<ir::DataClass, 4> data_classes = {ir::DataClass::ord, ir::DataClass::spec, ir::DataClass::crim,
                                                        ir::DataClass::nid};

std::size_t variant(ir::DataClass c, bool juvenile) { return 2 * static_cast<std::size_t>(c) + (juvenile ? 1 : 0); }

// The texts are appended to one string, not built as temporaries (a set's are some 400 KB).
void question_head(Question q, QuestionStatus status, std::string& out) {
    out += "{\"question\":\"";
    out += ir::question_name(q);
    out += "\",\"status\":\"";
    out += ir::question_status_name(status);
    out += '"';
}

std::string question_head(Question q, QuestionStatus status) {
    std::string out;
    question_head(q, status, out);
    return out;
}

void juvenile_tail(Question q, bool juvenile, std::string& out) {
    out += q == Question::special_data && juvenile ? ",\"juvenile\":true}" : "}";
}

void grounds_json(const ir::PolicySet& set, const ir::Rule& r, Question q, std::string& out) {
    out += '[';
    bool first = true;
    ir::for_each_ground(set, r, q, [&](int b) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, set.bases[b].id);
    });
    out += ']';
}

// One question of a permit for an item of class c.
void permit_question(const ir::PolicySet& set, const ir::Rule& r, Question q, ir::DataClass c, bool juvenile, std::string& out) {
    const QuestionStatus status = ir::permit_status(q, c, juvenile);
    question_head(q, status, out);
    if (status == QuestionStatus::answered) {
        const ir::Provision& p = set.provisions[r.provision];
        switch (q) {
            case Question::subject_law:
                out += ",\"provision\":";
                append_json_string(out, p.id);
                out += ",\"citation\":";
                append_json_string(out, p.citation);
                out += ",\"grounds\":";
                grounds_json(set, r, q, out);
                break;
            case Question::special_data:
            case Question::criminal_data:
            case Question::legal_number:
                // Answered for a juvenile alone (an item of another class): no ground of this class is named.
                out += ",\"grounds\":";
                if (ir::class_question(c) == q) grounds_json(set, r, q, out);
                else out += "[]";
                break;
            case Question::provision_duty: {
                if (p.kind != ast::ProvisionKind::unstated) {
                    out += ",\"kind\":";
                    append_json_string(out, ast::provision_kind_name(p.kind));
                }
                std::string secrecy, notify;
                for (const auto& o : r.obligations) {
                    if (o.kind == ast::ObligationKind::secrecy) {
                        secrecy += secrecy.empty() ? "" : ",";
                        secrecy += "{\"provision\":";
                        append_json_string(secrecy, set.provisions[o.provision].id);
                        secrecy += ",\"citation\":";
                        append_json_string(secrecy, set.provisions[o.provision].citation);
                        secrecy += '}';
                    } else if (o.kind == ast::ObligationKind::notify) {
                        notify += notify.empty() ? "" : ",";
                        append_json_string(notify, set.actors[o.actor].name);
                    }
                }
                out += ",\"secrecy\":[";
                out += secrecy;
                out += "],\"notify\":[";
                out += notify;
                out += ']';
                break;
            }
        }
    }
    juvenile_tail(q, juvenile, out);
}

// The questions of a deny after the deciding one's object (which `open` holds, without its opening): each
// `,{...}`, and the closing bracket.
void deny_questions(Question deciding, const std::string& open, ir::DataClass c, bool juvenile, std::string& out) {
    out += ",\"questions\":[";
    for (const Question q : ir::all_questions) {
        if (q != Question::subject_law) out += ',';
        const QuestionStatus status = ir::deny_status(q, deciding, c, juvenile);
        question_head(q, status, out);
        if (status == QuestionStatus::open) out += open;
        juvenile_tail(q, juvenile, out);
    }
    out += ']';
}

// Only the variants a request can reach: the classes of the categories (of a rule, or all) and the
// juvenile variants when the set declares the fact, so that a large set stays small. `make` appends a
// variant's text to `text`.
template <typename Make>
AnswerFragments::QuestionTexts variant_texts(const ir::PolicySet& set, ir::Mask categories, bool juvenile_declared, std::string& text,
                                            Make&& make) {
    unsigned classes = 0;
    for (std::size_t c = 0; c < set.categories.size(); ++c)
        if (categories >> c & 1) classes |= 1u << static_cast<unsigned>(set.categories[c].data_class);
    AnswerFragments::QuestionTexts texts;
    auto keep = [&](std::size_t v, bool juvenile, ir::DataClass c) {
        const std::size_t at = text.size();
        make(c, juvenile, text);
        texts[v] = AnswerFragments::TextSpan{static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(text.size() - at)};
    };
    for (const ir::DataClass c : data_classes) {
        if (!(classes >> static_cast<unsigned>(c) & 1)) continue;
        keep(variant(c, false), false, c);
        if (juvenile_declared) keep(variant(c, true), true, c);
    }
    return texts;
}

}  // namespace

const AnswerFragments::RuleQuestions& AnswerFragments::make_questions(std::uint32_t rule) const {
    const std::lock_guard<std::mutex> lock(making_);
    RuleQuestions& made = rule_questions_[rule];
    if (made_[rule].load(std::memory_order_relaxed)) return made;  // another thread made them meanwhile
    const ir::Rule& r = set.rules[rule];
    const bool juvenile_declared = juvenile_slot >= 0;
    if (r.effect == ast::Effect::permit) {
        made.spans = variant_texts(set, r.categories, juvenile_declared, made.text, [&](ir::DataClass c, bool juvenile, std::string& out) {
            out += ",\"questions\":[";
            for (const Question q : ir::all_questions) {
                if (q != Question::subject_law) out += ',';
                permit_question(set, r, q, c, juvenile, out);
            }
            out += ']';
        });
    } else {
        std::string open = ",\"reason\":";
        append_json_string(open, ir::forbid_reason(r));
        open += ",\"rule\":";
        append_json_string(open, r.id);
        open += ",\"provision\":";
        append_json_string(open, set.provisions[r.provision].id);
        const Question deciding = ir::forbid_question(set, r);
        made.spans = variant_texts(set, r.categories, juvenile_declared, made.text, [&](ir::DataClass c, bool juvenile, std::string& out) {
            deny_questions(deciding, open, c, juvenile, out);
        });
    }
    made_[rule].store(true, std::memory_order_release);
    return made;
}

AnswerFragments::AnswerFragments(const ir::PolicySet& s)
    : set(s),
      rule_questions_(std::make_unique<RuleQuestions[]>(s.rules.size())),
      made_(std::make_unique<std::atomic<bool>[]>(s.rules.size())) {
    juvenile_slot = ir::juvenile_slot(set);
    auto each_variant = [&](ir::Mask categories, auto&& make) {
        return variant_texts(set, categories, juvenile_slot >= 0, question_text, make);
    };
    const ir::Mask every_category = set.categories.size() >= 64 ? ~ir::Mask{0} : (ir::Mask{1} << set.categories.size()) - 1;
    no_rule_questions = each_variant(every_category, [&](ir::DataClass c, bool juvenile, std::string& out) {
        std::string open = ",\"reason\":";
        append_json_string(open, ir::no_rule_reason);
        deny_questions(Question::subject_law, open, c, juvenile, out);
    });
    not_in_force_open = question_head(Question::subject_law, QuestionStatus::open) + ",\"reason\":";
    append_json_string(not_in_force_open, ir::not_in_force_reason);
    not_in_force_open.pop_back();  // the date and the closing quote follow
    conditions_open = question_head(Question::subject_law, QuestionStatus::open) + ",\"reason\":";
    append_json_string(conditions_open, ir::conditions_reason);
    conditions_open += ",\"missing_facts\":[";
    subject_law_open_rest = each_variant(every_category, [&](ir::DataClass c, bool juvenile, std::string& out) {
        // Everything after the first object's closing brace.
        std::string whole;
        deny_questions(Question::subject_law, "", c, juvenile, whole);
        out.append(whole, whole.find('}') + 1);
    });
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

void write_obligations(const AnswerFragments& f, const ir::Rule& rule, const Request& r, AnswerText& out) {
    out.put(",\"obligations\":[");
    bool first = true;
    for (const auto& o : rule.obligations) {
        if (!first) out.put(',');
        first = false;
        out.put("{\"kind\":\"");
        out.put(ast::obligation_kind_name(o.kind));
        out.put('"');
        switch (o.kind) {
            case ast::ObligationKind::retain:
            case ast::ObligationKind::retain_minimum:
            case ast::ObligationKind::log:
                // Counted from the request date, or from a date fact: dated when the request states it;
                // otherwise the period and the fact it counts from, for the holder to date.
                if (o.anchor < 0 || r.given[static_cast<std::size_t>(o.anchor)]) {
                    out.put(",\"until\":\"");
                    out.date(add_period(o.anchor < 0 ? r.date : static_cast<Day>(r.values[static_cast<std::size_t>(o.anchor)]), o.period));
                    out.put('"');
                }
                if (o.anchor >= 0) {
                    out.put(",\"period\":");
                    out.put('"');
                    out.put(iso_duration(o.period));
                    out.put('"');
                    out.put(",\"counted_from\":");
                    out.put(f.fact[static_cast<std::size_t>(f.set.slots[static_cast<std::size_t>(o.anchor)].fact)]);
                }
                break;
            case ast::ObligationKind::notify:
                out.put(",\"actor\":");
                out.put(f.actor[o.actor]);
                break;
            case ast::ObligationKind::use_number:
                out.put(",\"category\":");
                out.put(f.category[o.category]);
                break;
            case ast::ObligationKind::secrecy:
            case ast::ObligationKind::inform:
            case ast::ObligationKind::motivation:
            case ast::ObligationKind::shield:
                break;
        }
        if (o.provision >= 0) {
            out.put(",\"provision\":");
            out.put(f.provision[o.provision]);
            out.put(",\"citation\":");
            out.put(f.citation[o.provision]);
        }
        out.put('}');
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

void write_missing(const AnswerFragments& f, const Decision& d, const ItemResult& item, AnswerText& out) {
    for (std::uint32_t k = item.missing_begin; k < item.missing_end; ++k) {
        if (k != item.missing_begin) out.put(',');
        out.put(f.fact[d.missing[k]]);
    }
}

// A deny's five questions: the one without an answer open with its reason, from fragments but for a date
// or the missing facts.
void write_deny_questions(const AnswerFragments& f, const Request& r, const Decision& d, const ItemResult& item,
                          std::size_t variant, AnswerText& out) {
    switch (item.reason) {
        case DenyReason::forbidden:
            out.put(f.rule_questions(item.rule, variant));
            return;
        case DenyReason::not_in_force:
            out.put(",\"questions\":[");
            out.put(f.not_in_force_open);
            out.date(r.date);
            out.put("\"}");
            out.put(f.text(f.subject_law_open_rest[variant]));
            return;
        case DenyReason::conditions:
            out.put(",\"questions\":[");
            out.put(f.conditions_open);
            write_missing(f, d, item, out);
            out.put("]}");
            out.put(f.text(f.subject_law_open_rest[variant]));
            return;
        case DenyReason::no_candidate:
        case DenyReason::none:
            out.put(f.text(f.no_rule_questions[variant]));
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
    // The second question also concerns data of juveniles: the request states the fact `jeugdige` true.
    const bool juvenile = f.juvenile_slot >= 0 && r.given[f.juvenile_slot] && r.values[f.juvenile_slot] != 0;
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
        const std::size_t question_variant =
            2 * static_cast<std::size_t>(set.categories[item.category].data_class) + (juvenile ? 1 : 0);
        if (item.verdict == Verdict::permit) {
            const ir::Rule& rule = set.rules[item.rule];
            out.put(",\"decision\":\"permit\",");
            out.put(f.permit[item.rule]);
            write_obligations(f, rule, r, out);
            out.put(f.rule_questions(item.rule, question_variant));
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
            write_missing(f, d, item, out);
            out.put("],\"considered\":[");
            for (std::uint32_t k = item.considered_begin; k < item.considered_end; ++k) {
                if (k != item.considered_begin) out.put(',');
                out.put(f.rule[d.considered[k]]);
            }
            out.put(']');
            write_deny_questions(f, r, d, item, question_variant, out);
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
