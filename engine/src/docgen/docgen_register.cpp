// The register of processing (AVG art. 30 lid 1) per provision in force on a
// date, as a model and as Markdown and self-contained HTML.
#include <algorithm>
#include <sstream>

#include "docgen_common.hpp"
#include "policies_access.hpp"
#include "questions.hpp"

namespace grondslag::docgen {

using namespace detail;

namespace {

std::vector<LabeledItem> condition_items(const ir::PolicySet& set, const ir::Rule& rule, Lang lang,
                                         std::vector<std::string>* missing) {
    std::vector<LabeledItem> out;
    for (int f : facts_read(set, rule)) out.push_back({set.facts[f].name, label_of(set.facts[f].label, set.facts[f].name, lang, "fact", missing), ""});
    return out;
}

std::vector<std::string> texts(const std::vector<LabeledItem>& items) {
    std::vector<std::string> out;
    for (const auto& i : items) out.push_back(item_text(i));
    return out;
}

std::string anchor(const std::string& id) {
    std::string out;
    for (char c : id) out += (c == '.' ? '-' : c);
    return out;
}

// The five legal questions of a permit rule, for the data it permits: a question is answered when the rule
// permits data of a class that raises it (the answer's mapping, ir/questions.hpp), and answered by the same
// grounds, provision and obligations as a permit's answer.
std::vector<RegisterQuestion> rule_questions(const ir::PolicySet& set, const ir::Rule& rule, Lang lang,
                                             std::vector<std::string>* missing) {
    const ir::Provision& prov = set.provisions[rule.provision];
    const bool juvenile_declared = ir::juvenile_slot(set) >= 0;
    auto grounds = [&](ir::Question q) {
        std::vector<std::string> out;
        ir::for_each_ground(set, rule, q, [&](int b) {
            out.push_back(label_of(set.bases[b].label, set.bases[b].id, lang, "basis", missing));
        });
        return join(out, ", ");
    };
    std::vector<RegisterQuestion> out;
    for (const ir::Question q : ir::all_questions) {
        RegisterQuestion rq;
        rq.question = ir::question_name(q);
        rq.title = msg(lang, "q." + rq.question);
        bool answered = false;
        for (std::size_t c = 0; c < set.categories.size(); ++c)
            if (rule.categories >> c & 1)
                answered |= ir::permit_status(q, set.categories[c].data_class, false) == ir::QuestionStatus::answered;
        rq.status = answered ? "answered" : "not_applicable";
        if (!answered) {
            rq.answer = msg(lang, q == ir::Question::special_data && juvenile_declared ? "q.not_applicable.juvenile" : "q.not_applicable");
        } else if (q == ir::Question::subject_law) {
            rq.answer = fill(msg(lang, "q.provision"), {{"p", prov.citation + " (" + prov.id + ")"}, {"g", grounds(q)}});
        } else if (q == ir::Question::provision_duty) {
            rq.answer = prov.kind == ast::ProvisionKind::duty    ? msg(lang, "q.duty")
                        : prov.kind == ast::ProvisionKind::power ? msg(lang, "q.power")
                                                                 : msg(lang, "q.kind_unstated");
            std::vector<std::string> secrecy, notify;
            for (const auto& o : rule.obligations) {
                if (o.kind == ast::ObligationKind::secrecy) secrecy.push_back(set.provisions[o.provision].citation);
                else if (o.kind == ast::ObligationKind::notify)
                    notify.push_back(label_of(set.actors[o.actor].label, set.actors[o.actor].name, lang, "actor", missing));
            }
            rq.answer += "; " + (secrecy.empty() ? msg(lang, "q.no_secrecy") : fill(msg(lang, "q.secrecy"), {{"c", join(secrecy, ", ")}}));
            if (!notify.empty()) rq.answer += "; " + fill(msg(lang, "q.notify"), {{"a", join(notify, ", ")}});
        } else {
            rq.answer = fill(msg(lang, "q.grounds"), {{"g", grounds(q)}});
        }
        // Data of juveniles are a matter of the request (the fact jeugdige), not of the rule.
        if (q == ir::Question::special_data && juvenile_declared && answered) rq.answer += "; " + msg(lang, "q.juvenile");
        out.push_back(std::move(rq));
    }
    return out;
}

}  // namespace

Register build_register(const Policies& policies, const DocOptions& options) {
    const ir::PolicySet& set = compiled_form(policies);
    const Day date = parse_as_of(options.as_of);
    const Lang lang = options.lang;
    Register reg;
    reg.as_of = format_date(date);
    reg.lang = lang;
    reg.policy_hash = policies.hash();
    std::vector<std::string>* missing = &reg.missing_labels;

    for (std::size_t p = 0; p < set.provisions.size(); ++p) {
        const ir::Provision& prov = set.provisions[p];
        if (!in_force(prov.from, prov.until, date)) continue;
        RegisterSection section;
        section.provision = prov.id;
        section.citation = prov.citation;
        section.law = prov.law;
        section.source = prov.source_id;
        section.source_url = source_url(prov.source_id);
        section.valid = validity_text(prov.from, prov.until, lang);
        section.says = ir::says_in(prov.says, prov.says_en, options.lang == Lang::en);
        if (prov.kind != ast::ProvisionKind::unstated)
            section.kind = msg(lang, prov.kind == ast::ProvisionKind::duty ? "kind.duty" : "kind.power");
        for (const ir::Rule& rule : set.rules) {
            if (rule.provision != static_cast<int>(p) || !in_force(rule.from, rule.until, date)) continue;
            if (rule.effect == ir::Effect::forbid) {
                RegisterProhibition prohibition;
                prohibition.rule = rule.id;
                prohibition.summary = fill(msg(lang, "prohibition.summary"),
                                           {{"data", join(texts(category_items(set, rule.categories, lang, missing)), ", ")},
                                            {"from", join(texts(actor_items(set, rule.senders, lang, missing)), ", ")},
                                            {"to", join(texts(actor_items(set, rule.recipients, lang, missing)), ", ")},
                                            {"purposes", join(texts(rule_purpose_items(set, rule, lang, missing)), ", ")}});
                if (const auto clause = condition_clause(set, rule, language_of(lang))) prohibition.condition = condition_sentence(*clause, language_of(lang));
                prohibition.citations = rule.citations;
                prohibition.says = ir::says_in(rule.says, rule.says_en, options.lang == Lang::en);
                section.prohibitions.push_back(std::move(prohibition));
                continue;
            }
            RegisterActivity a;
            a.rule = rule.id;
            a.controllers = actor_items(set, rule.senders, lang, missing);
            a.purposes = rule_purpose_items(set, rule, lang, missing);
            a.data_subjects = msg(lang, "subjects.text");
            a.categories = category_items(set, rule.categories, lang, missing);
            a.recipients = actor_items(set, rule.recipients, lang, missing);
            a.third_countries = msg(lang, "third.none");
            for (const auto& o : rule.obligations) {
                if (o.kind == ast::ObligationKind::retain || o.kind == ast::ObligationKind::retain_minimum) {
                    // A maximum and a minimum term both belong in the retention column.
                    const std::string key = o.kind == ast::ObligationKind::retain ? "retain.max" : "retain_at_least";
                    std::string fact;
                    if (o.anchor >= 0) {
                        const auto& f = set.facts[set.slots[o.anchor].fact];
                        fact = label_of(f.label, f.name, lang, "fact", missing);
                    }
                    const std::string text = fill(msg(lang, o.anchor >= 0 ? key + ".after" : key),
                                                  {{"p", period_text(o.period, lang)},
                                                   {"f", fact},
                                                   {"c", o.provision >= 0 ? set.provisions[o.provision].citation : std::string()}});
                    a.retention += (a.retention.empty() ? "" : "; ") + text;
                } else if (o.kind == ast::ObligationKind::use_number) {
                    const auto& c = set.categories[o.category];
                    a.measures.push_back(fill(msg(lang, "use_number"), {{"n", label_of(c.label, c.name, lang, "category", missing)},
                                                                        {"c", set.provisions[o.provision].citation}}));
                } else if (o.kind == ast::ObligationKind::log) {
                    a.measures.push_back(fill(msg(lang, "log"), {{"p", period_text(o.period, lang)}}));
                } else if (ast::under_provision(o.kind)) {
                    const auto& duty = set.provisions[o.provision];
                    a.measures.push_back(fill(msg(lang, ast::obligation_kind_name(o.kind)), {{"c", duty.citation}}));
                } else if (o.actor >= 0) {
                    const auto& actor = set.actors[o.actor];
                    a.measures.push_back(fill(msg(lang, "notify"), {{"a", label_of(actor.label, actor.name, lang, "actor", missing)}}));
                }
            }
            if (a.retention.empty()) a.retention = msg(lang, "retain.none");
            if (a.measures.empty()) a.measures.push_back(msg(lang, "measures.none"));
            a.bases = basis_items(set, rule.bases, lang, missing);
            a.conditions = condition_items(set, rule, lang, missing);
            a.condition_clauses = condition_clause(set, rule, language_of(lang));
            if (a.condition_clauses) a.condition = condition_sentence(*a.condition_clauses, language_of(lang));
            a.citations = rule.citations;
            a.reference = ir::provision_reference(set.provisions[rule.provision]).url;
            a.valid = validity_text(rule.from, rule.until, lang);
            a.says = ir::says_in(rule.says, rule.says_en, options.lang == Lang::en);
            a.questions = rule_questions(set, rule, lang, missing);
            section.activities.push_back(std::move(a));
        }
        reg.sections.push_back(std::move(section));
    }
    std::sort(reg.missing_labels.begin(), reg.missing_labels.end());
    reg.missing_labels.erase(std::unique(reg.missing_labels.begin(), reg.missing_labels.end()), reg.missing_labels.end());
    return reg;
}

namespace {

// The rows of one activity: heading key and cell values, shared by Markdown and HTML.
struct Row {
    std::string heading;
    std::vector<LabeledItem> items;  // shown as a list when not empty
    std::vector<std::string> lines;  // otherwise these lines
    bool links = false;              // the lines are addresses, shown as links
};

std::vector<Row> rows_of(const RegisterActivity& a, Lang lang) {
    return {
        {msg(lang, "a"), a.controllers, {}},
        {msg(lang, "b"), a.purposes, {}},
        {msg(lang, "c.subjects"), {}, {a.data_subjects}},
        {msg(lang, "c.data"), a.categories, {}},
        {msg(lang, "d"), a.recipients, {}},
        {msg(lang, "e"), {}, {a.third_countries}},
        {msg(lang, "f"), {}, {a.retention}},
        {msg(lang, "g"), {}, a.measures},
        {msg(lang, "basis"), a.bases, {}},
        {msg(lang, "condition"), {}, {a.condition.empty() ? msg(lang, "condition.none") : a.condition}},
        {msg(lang, "conditions"), a.conditions, {}},
        {msg(lang, "citation"), {}, a.citations},
        {msg(lang, "reference"), {}, a.reference.empty() ? std::vector<std::string>{} : std::vector<std::string>{a.reference}, true},
        {msg(lang, "valid"), {}, {a.valid}},
    };
}

}  // namespace

std::string register_markdown(const Register& reg) {
    const Lang lang = reg.lang;
    std::ostringstream out;
    out << "# " << msg(lang, "register.title") << "\n\n";
    out << msg(lang, "as_of") << ": **" << reg.as_of << "** · " << msg(lang, "policy_set") << ": `" << reg.policy_hash
        << "`\n\n";
    out << md_escape(fill(msg(lang, "register.intro"), {{"date", reg.as_of}})) << "\n\n";
    out << md_escape(msg(lang, "legend")) << "\n\n";
    out << "## " << msg(lang, "contents") << "\n\n";
    for (const auto& s : reg.sections)
        out << "- [" << md_escape(s.citation) << "](#" << anchor(s.provision) << ") (`" << s.provision << "`)\n";
    out << "\n";
    for (const auto& s : reg.sections) {
        out << "<a id=\"" << anchor(s.provision) << "\"></a>\n\n";
        out << "## " << md_escape(s.citation) << " (`" << s.provision << "`)\n\n";
        out << msg(lang, "source") << ": ";
        if (!s.source_url.empty()) out << "[" << md_escape(s.source) << "](" << s.source_url << ")";
        else out << md_escape(s.source);
        out << " · " << msg(lang, "valid") << ": " << s.valid;
        if (!s.kind.empty()) out << " · " << msg(lang, "kind") << ": " << md_escape(s.kind);
        out << "\n\n";
        if (!s.says.empty()) out << "> " << md_escape(s.says) << "\n\n";
        if (s.activities.empty()) out << "_" << msg(lang, "no_activities") << "_\n\n";
        for (const auto& a : s.activities) {
            out << "### " << msg(lang, "activity") << " `" << a.rule << "`\n\n";
            if (!a.says.empty()) out << md_escape(a.says) << "\n\n";
            out << "| " << msg(lang, "field") << " | " << msg(lang, "value") << " |\n|---|---|\n";
            for (const auto& row : rows_of(a, lang)) {
                std::vector<std::string> cells;
                for (const auto& item : row.items) {
                    std::string c = md_escape(item.label);
                    if (!item.mark.empty()) c += " **" + item.mark + "**";
                    cells.push_back(c);
                }
                for (const auto& line : row.lines) cells.push_back(row.links ? "<" + line + ">" : md_escape(line));
                out << "| " << md_escape(row.heading) << " | " << join(cells, "; ") << " |\n";
            }
            out << "\n";
            if (!a.questions.empty()) {
                out << "**" << msg(lang, "questions") << "**\n\n";
                out << "| " << msg(lang, "question") << " | " << msg(lang, "answer") << " |\n|---|---|\n";
                for (const auto& q : a.questions) out << "| " << md_escape(q.title) << " | " << md_escape(q.answer) << " |\n";
                out << "\n";
            }
        }
        if (!s.prohibitions.empty()) {
            out << "### " << msg(lang, "prohibitions") << "\n\n";
            for (const auto& p : s.prohibitions) {
                out << "- `" << p.rule << "`: " << md_escape(p.summary);
                if (!p.citations.empty()) out << " (" << md_escape(join(p.citations, "; ")) << ")";
                if (!p.condition.empty()) out << ". " << md_escape(fill(msg(lang, "prohibition.condition"), {{"c", p.condition}}));
                out << "\n";
            }
            out << "\n";
        }
    }
    out << "---\n\n" << msg(lang, "generated") << ".\n";
    return out.str();
}

namespace {

const char* register_css = R"(body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em auto;max-width:70em;color:#1a1a1a;line-height:1.4}
h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:2px solid #154273;padding-bottom:.2em;margin-top:2em}h3{font-size:1.05em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}th,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#eef2f7;width:18em}caption{text-align:left;font-weight:bold;padding:.2em 0}blockquote{margin:.5em 0;padding:.3em 1em;border-left:4px solid #154273;background:#f6f8fb}
code{background:#f0f0f0;padding:0 .2em}.mark{font-size:.75em;font-weight:bold;padding:0 .3em;border-radius:3px;color:#fff;margin-left:.3em}
.SPEC{background:#7b2d8e}.CRIM{background:#b00020}.NID{background:#555}ul.items{margin:0;padding-left:1.2em}
.meta{color:#444}.prohibition{color:#7a0000})";

void html_cell(std::ostringstream& out, const std::vector<LabeledItem>& items, const std::vector<std::string>& lines) {
    if (items.size() + lines.size() == 1) {
        if (!items.empty()) {
            out << html_escape(items[0].label);
            if (!items[0].mark.empty()) out << "<span class=\"mark " << items[0].mark << "\">" << items[0].mark << "</span>";
        } else {
            out << html_escape(lines[0]);
        }
        return;
    }
    out << "<ul class=\"items\">";
    for (const auto& item : items) {
        out << "<li data-name=\"" << html_escape(item.name) << "\">" << html_escape(item.label);
        if (!item.mark.empty()) out << "<span class=\"mark " << item.mark << "\">" << item.mark << "</span>";
        out << "</li>";
    }
    for (const auto& line : lines) out << "<li>" << html_escape(line) << "</li>";
    out << "</ul>";
}

}  // namespace

std::string register_html(const Register& reg) {
    const Lang lang = reg.lang;
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"" << (lang == Lang::nl ? "nl" : "en") << "\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<title>" << html_escape(msg(lang, "register.title")) << "</title>\n<style>" << register_css << "</style>\n"
        << "</head>\n<body>\n";
    out << "<h1>" << html_escape(msg(lang, "register.title")) << "</h1>\n";
    out << "<p class=\"meta\">" << html_escape(msg(lang, "as_of")) << ": <strong id=\"as-of\">" << reg.as_of
        << "</strong> · " << html_escape(msg(lang, "policy_set")) << ": <code>" << html_escape(reg.policy_hash) << "</code></p>\n";
    out << "<p>" << html_escape(fill(msg(lang, "register.intro"), {{"date", reg.as_of}})) << "</p>\n";
    out << "<p class=\"meta\">" << html_escape(msg(lang, "legend")) << "</p>\n";
    out << "<nav><h2>" << html_escape(msg(lang, "contents")) << "</h2><ul>\n";
    for (const auto& s : reg.sections)
        out << "<li><a href=\"#" << anchor(s.provision) << "\">" << html_escape(s.citation) << "</a> <code>"
            << html_escape(s.provision) << "</code></li>\n";
    out << "</ul></nav>\n";
    for (const auto& s : reg.sections) {
        out << "<section class=\"provision\" id=\"" << anchor(s.provision) << "\" data-provision=\"" << html_escape(s.provision)
            << "\">\n<h2>" << html_escape(s.citation) << " <code>" << html_escape(s.provision) << "</code></h2>\n";
        out << "<p class=\"meta\">" << html_escape(msg(lang, "source")) << ": ";
        if (!s.source_url.empty()) out << "<a href=\"" << html_escape(s.source_url) << "\">" << html_escape(s.source) << "</a>";
        else out << html_escape(s.source);
        out << " · " << html_escape(msg(lang, "valid")) << ": " << html_escape(s.valid);
        if (!s.kind.empty()) out << " · " << html_escape(msg(lang, "kind")) << ": " << html_escape(s.kind);
        out << "</p>\n";
        if (!s.says.empty()) out << "<blockquote>" << html_escape(s.says) << "</blockquote>\n";
        if (s.activities.empty()) out << "<p><em>" << html_escape(msg(lang, "no_activities")) << "</em></p>\n";
        for (const auto& a : s.activities) {
            out << "<h3>" << html_escape(msg(lang, "activity")) << " <code>" << html_escape(a.rule) << "</code></h3>\n";
            if (!a.says.empty()) out << "<p>" << html_escape(a.says) << "</p>\n";
            out << "<table class=\"activity\" data-rule=\"" << html_escape(a.rule) << "\">\n";
            for (const auto& row : rows_of(a, lang)) {
                out << "<tr><th>" << html_escape(row.heading) << "</th><td>";
                if (row.links)
                    for (const auto& line : row.lines) out << "<a href=\"" << html_escape(line) << "\">" << html_escape(line) << "</a>";
                else
                    html_cell(out, row.items, row.lines);
                out << "</td></tr>\n";
            }
            out << "</table>\n";
            if (!a.questions.empty()) {
                out << "<table class=\"questions\" data-rule=\"" << html_escape(a.rule) << "\">\n<caption>"
                    << html_escape(msg(lang, "questions")) << "</caption>\n";
                for (const auto& q : a.questions)
                    out << "<tr data-question=\"" << q.question << "\" data-status=\"" << q.status << "\"><th>"
                        << html_escape(q.title) << "</th><td>" << html_escape(q.answer) << "</td></tr>\n";
                out << "</table>\n";
            }
        }
        if (!s.prohibitions.empty()) {
            out << "<h3>" << html_escape(msg(lang, "prohibitions")) << "</h3>\n<ul>\n";
            for (const auto& p : s.prohibitions) {
                out << "<li class=\"prohibition\" data-rule=\"" << html_escape(p.rule) << "\"><code>" << html_escape(p.rule)
                    << "</code>: " << html_escape(p.summary);
                if (!p.citations.empty()) out << " (" << html_escape(join(p.citations, "; ")) << ")";
                if (!p.condition.empty()) out << ". " << html_escape(fill(msg(lang, "prohibition.condition"), {{"c", p.condition}}));
                out << "</li>\n";
            }
            out << "</ul>\n";
        }
        out << "</section>\n";
    }
    out << "<footer><p class=\"meta\">" << html_escape(msg(lang, "generated")) << ".</p></footer>\n</body>\n</html>\n";
    return out.str();
}

}  // namespace grondslag::docgen
