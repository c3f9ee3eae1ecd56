// The readable account of an explanation, in Dutch or English. Every sentence
// has both forms here; nouns come from the vocabulary's labels.
#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <string>

#include "grondslag/explain.hpp"

namespace grondslag {

namespace {

class Writer {
public:
    explicit Writer(Language lang) : lang_(lang) {}

    // Picks the sentence for the language and fills {0}, {1}, ...
    std::string t(const char* nl, const char* en, std::initializer_list<std::string> args = {}) const {
        std::string s = lang_ == Language::nl ? nl : en;
        std::size_t i = 0;
        for (const auto& a : args) {
            const std::string key = "{" + std::to_string(i++) + "}";
            for (std::size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + a.size())) s.replace(at, key.size(), a);
        }
        return s;
    }

    // "Label (name)", or the name alone when the policies give no label.
    std::string noun(const Labelled& l) const {
        const std::string& label = lang_ == Language::en && !l.en.empty() ? l.en : l.nl;
        return label.empty() ? l.name : label + " (" + l.name + ")";
    }

    std::string yes_no(bool v) const { return v ? t("ja", "yes") : t("nee", "no"); }

    std::string truth(const std::string& v) const {
        if (v == "true") return t("waar", "true");
        if (v == "false") return t("onwaar", "false");
        return v;
    }

    std::string validity(const std::optional<std::string>& from, const std::optional<std::string>& until) const {
        if (from && until) return t("geldig van {0} tot en met {1}", "valid from {0} up to and including {1}", {*from, *until});
        if (from) return t("geldig vanaf {0}", "valid from {0}", {*from});
        if (until) return t("geldig tot en met {0}", "valid up to and including {0}", {*until});
        return t("zonder einddatum", "without end date");
    }

    std::string consent_state(const ConditionCheck& c) const {
        const std::string date = c.consent_date.value_or("");
        if (c.consent_state == "active") return t("gegeven en niet ingetrokken", "given and not withdrawn");
        if (c.consent_state == "not_explicit") return t("gegeven, maar niet uitdrukkelijk", "given, but not explicit");
        if (c.consent_state == "withdrawn") return t("ingetrokken op {0}", "withdrawn on {0}", {date});
        if (c.consent_state == "not_yet_given") return t("pas gegeven op {0}, na de datum van het verzoek", "only given on {0}, after the request date", {date});
        if (c.consent_state == "absent") return t("geen toestemming voor deze categorie", "no consent for this category");
        return t("geen toestemmingen opgegeven (ontbrekend feit)", "no consent records given (missing fact)");
    }

    // The policy notation of a comparison in words of the language: "date >= verwachte_terugkeer - 3 months"
    // becomes "datum van het verzoek >= verwachte_terugkeer - 3 maanden".
    std::string words(std::string s) const {
        static const std::pair<const char*, std::pair<const char*, const char*>> table[] = {
            {"not in ", {"is geen van ", "is none of "}},
            {"in ", {"is een van ", "is one of "}},
            {"contains any of ", {"bevat een van ", "contains one of "}},
            {"contains none of ", {"bevat geen van ", "contains none of "}},
            {"not given", {"niet opgegeven", "not given"}},
            {"given", {"opgegeven", "given"}},
            {"date", {"datum van het verzoek", "request date"}},
            {"months", {"maanden", "months"}},
            {"month", {"maand", "month"}},
            {"years", {"jaar", "years"}},
            {"year", {"jaar", "year"}},
            {"days", {"dagen", "days"}},
            {"day", {"dag", "day"}},
            {"weeks", {"weken", "weeks"}},
            {"not ", {"niet ", "not "}},
        };
        std::string out;
        for (std::size_t i = 0; i < s.size();) {
            bool replaced = false;
            const bool word_start = i == 0 || !(std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '_' || s[i - 1] == '.');
            for (const auto& [from, to] : table) {
                const std::string_view f(from);
                if (!word_start || s.compare(i, f.size(), f) != 0) continue;
                const std::size_t end = i + f.size();
                const bool word_end = f.back() == ' ' || end >= s.size() || !(std::isalnum(static_cast<unsigned char>(s[end])) || s[end] == '_');
                if (!word_end) continue;
                out += lang_ == Language::nl ? to.first : to.second;
                i = end;
                replaced = true;
                break;
            }
            if (!replaced) out += s[i++];
        }
        return out;
    }

    // A party condition as a sentence: "de ontvanger is geen van: DJI (dji); hier College van B&W (gemeente)".
    std::string party(const ConditionCheck& c) const {
        const bool sender = !c.facts.empty() && c.facts.front().fact.name == "sender";
        std::string listed;
        for (const auto& a : c.actors) listed += (listed.empty() ? "" : ", ") + noun(a);
        const std::string side = sender ? t("de verstrekker", "the sender") : t("de ontvanger", "the recipient");
        std::string s = c.wanted ? t("{0} is een van: {1}", "{0} is one of: {1}", {side, listed})
                                 : t("{0} is geen van: {1}", "{0} is none of: {1}", {side, listed});
        if (c.actor) s += t("; hier {0}", "; here {0}", {noun(*c.actor)});
        return s;
    }

    // One atomic condition as a sentence.
    std::string check(const ConditionCheck& c) const {
        if (c.kind == ConditionCheck::Kind::party && !c.actors.empty()) return party(c);
        // A yes/no fact by its label: "De persoon is gedetineerde (gedetineerd): vereist ja, is ja".
        if (c.kind == ConditionCheck::Kind::fact && c.facts.size() == 1) {
            const auto& f = c.facts.front();
            std::string s = noun(f.fact);
            const std::string wanted = yes_no(c.wanted);
            if (f.value) s += t(": vereist {0}, opgegeven {1}", ": required {0}, given {1}", {wanted, yes_no(*f.value == "true")});
            else s += t(": vereist {0}; niet opgegeven (ontbrekend feit: {1})", ": required {0}; not given (missing fact: {1})", {wanted, f.fact.name});
            return s;
        }
        const std::string& in_words = lang_ == Language::nl ? c.words_nl : c.words_en;
        const bool worded = c.kind == ConditionCheck::Kind::compare || c.kind == ConditionCheck::Kind::enumeration ||
                            c.kind == ConditionCheck::Kind::contains || c.kind == ConditionCheck::Kind::known;
        if (worded && !in_words.empty()) return worded_check(c, in_words);
        std::string s = words(c.text);
        if (c.kind == ConditionCheck::Kind::consent) {
            s = t(c.explicit_consent ? "uitdrukkelijke toestemming voor {0}" : "toestemming voor {0}",
                  c.explicit_consent ? "explicit consent for {0}" : "consent for {0}", {noun(*c.consent_category)});
            if (!c.wanted) s = t("geen {0}", "no {0}", {s});
            s += t(": vereist; stand: {0}", ": required; state: {0}", {consent_state(c)});
            if (c.from) s += t("; geldt vanaf {0}", "; holds from {0}", {*c.from});
            return s;
        }
        // Name the facts it reads with their labels.
        std::string labels;
        for (const auto& f : c.facts) {
            const std::string& label = lang_ == Language::en && !f.fact.en.empty() ? f.fact.en : f.fact.nl;
            if (label.empty()) continue;
            labels += (labels.empty() ? "" : "; ") + (c.facts.size() > 1 ? f.fact.name + ": " : std::string()) + label;
        }
        if (!labels.empty()) s += " (" + labels + ")";
        const std::string expected = c.kind == ConditionCheck::Kind::fact || c.kind == ConditionCheck::Kind::constant ? truth(c.expected) : words(c.expected);
        if (c.actual) {
            const std::string actual = c.kind == ConditionCheck::Kind::fact || c.kind == ConditionCheck::Kind::constant ? truth(*c.actual) : words(*c.actual);
            s += t(": vereist {0}, is {1}", ": required {0}, is {1}", {expected, actual});
        } else {
            std::string missing;
            for (const auto& f : c.facts)
                if (!f.value) missing += (missing.empty() ? "" : ", ") + f.fact.name;
            s += t(": vereist {0}; niet opgegeven (ontbrekend feit: {1})", ": required {0}; not given (missing fact: {1})", {expected, missing});
        }
        if (c.from && c.until && *c.from == *c.until) s += t("; geldt alleen op {0}", "; holds only on {0}", {*c.from});
        else if (c.from) s += t("; geldt vanaf {0}", "; holds from {0}", {*c.from});
        else if (c.until) s += t("; gold tot en met {0} en geldt daarna niet meer", "; held up to and including {0} and no longer holds", {*c.until});
        return s;
    }

    // A comparison, an enumeration, a list or a "given" test in the register's words, the value it is held
    // against on this request, and the request's own: "de datum van het verzoek ligt op of na verwachte
    // terugkeer min 3 maanden (bij dit verzoek 2023-04-01); hier 2023-01-10; geldt vanaf 2023-04-01".
    std::string worded_check(const ConditionCheck& c, const std::string& in_words) const {
        std::string s = in_words;
        if (c.compared_with) s += t(" (bij dit verzoek {0})", " (for this request {0})", {*c.compared_with});
        if (c.actual) {
            s += t("; hier {0}", "; here {0}", {words(*c.actual)});
        } else {
            std::string missing;
            for (const auto& f : c.facts)
                if (!f.value) missing += (missing.empty() ? "" : ", ") + f.fact.name;
            s += t("; niet opgegeven (ontbrekend feit: {0})", "; not given (missing fact: {0})", {missing});
        }
        if (c.from && c.until && *c.from == *c.until) s += t("; geldt alleen op {0}", "; holds only on {0}", {*c.from});
        else if (c.from) s += t("; geldt vanaf {0}", "; holds from {0}", {*c.from});
        else if (c.until) s += t("; gold tot en met {0} en geldt daarna niet meer", "; held up to and including {0} and no longer holds", {*c.until});
        return s;
    }

    void requirements(const std::vector<Requirement>& reqs, const std::string& indent, std::string& out) const {
        for (const auto& q : reqs) {
            if (q.check) {
                out += indent + "- " + check(*q.check) + "\n";
                continue;
            }
            out += indent + t("- een van de volgende:\n", "- one of the following:\n");
            char letter = 'a';
            for (const auto& alternative : q.any_of) {
                out += indent + "    " + letter++ + ")\n";
                requirements(alternative, indent + "       ", out);
            }
        }
    }

    std::string names(const std::vector<std::string>& ids) const {
        std::string s;
        for (const auto& id : ids) s += (s.empty() ? "" : ", ") + id;
        return s;
    }

    std::string nouns(const std::vector<Labelled>& items) const {
        std::string s;
        for (const auto& l : items) s += (s.empty() ? "" : ", ") + noun(l);
        return s;
    }

    std::string reason(const ItemExplanation& item) const {
        if (item.reason == "forbidden") {
            std::string s = t("verboden door {0}", "forbidden by {0}", {item.rule});
            if (item.earliest_start)
                s += t("; er was nog geen toestemmende regel in werking, de eerste geldt vanaf {0}",
                       "; no permitting rule was in force yet, the earliest applies from {0}", {*item.earliest_start});
            return s;
        }
        if (item.reason == "no_rule")
            return t("geen regel staat deze gegevens toe van deze verstrekker aan deze ontvanger voor dit doel",
                     "no rule permits this data from this sender to this recipient for this purpose");
        if (item.reason == "not_in_force") {
            std::string s = t("geen regel die dit toestaat is in werking op deze datum", "no rule that permits it is in force on this date");
            if (item.earliest_start) s += t("; de eerste geldt vanaf {0}", "; the earliest applies from {0}", {*item.earliest_start});
            return s;
        }
        return t("de voorwaarden van de overwogen regels zijn niet vervuld", "the conditions of the rules considered do not hold");
    }

    // A provision that obliges or that permits (AVG 6(1)(c) or (e); objection under AVG 21 against a power).
    std::string kind(const std::string& k) const {
        if (k == "duty")
            return t("plicht (de verstrekker moet verstrekken: AVG art. 6 lid 1 onder c)",
                     "duty (the sender must provide: AVG art. 6(1)(c))");
        return t("bevoegdheid (de verstrekker mag verstrekken: AVG art. 6 lid 1 onder e, bezwaar onder AVG art. 21 mogelijk)",
                 "power (the sender may provide: AVG art. 6(1)(e), open to objection under AVG art. 21)");
    }

    // "20 jaar" / "20 years" from "P20Y".
    std::string term(const std::string& period) const {
        if (period.size() < 3) return period;
        const std::string amount = period.substr(1, period.size() - 2);
        const bool one = amount == "1";
        switch (period.back()) {
            case 'D': return amount + t(one ? " dag" : " dagen", one ? " day" : " days");
            case 'M': return amount + t(one ? " maand" : " maanden", one ? " month" : " months");
            default: return amount + t(" jaar", one ? " year" : " years");
        }
    }

    // When a term ends: a date, or the term and the fact it counts from when the request does not date it.
    std::string term_end(const ObligationDue& o) const {
        if (o.until) return *o.until;
        return t("{0} na {1}", "{0} after {1}", {term(o.period.value_or("")), o.counted_from ? noun(*o.counted_from) : std::string()});
    }

    std::string obligation(const ObligationDue& o) const {
        const std::string source = o.provision ? " (" + o.citation.value_or("") + "; " + *o.provision + ")" : std::string();
        if (o.kind == "retain") {
            if (!o.until) return t("niet langer bewaren dan {0}", "keep no longer than {0}", {term_end(o)}) + source;
            return t("niet langer bewaren dan tot en met {0}", "keep no longer than {0}", {term_end(o)}) + source;
        }
        if (o.kind == "retain_at_least") {
            if (!o.until) return t("ten minste bewaren tot {0}", "keep at least until {0}", {term_end(o)}) + source;
            return t("ten minste bewaren tot en met {0}", "keep at least until {0}", {term_end(o)}) + source;
        }
        if (o.kind == "use_number")
            return t("bij het verstrekken {0} gebruiken", "use {0} when providing the data", {o.category ? noun(*o.category) : std::string()}) +
                   source;
        if (o.kind == "log") return t("de verstrekking vastleggen en het verslag bewaren tot ten minste {0}",
                                      "record the provision and keep the record until at least {0}", {o.until.value_or("")});
        if (o.kind == "inform")
            return t("de betrokkene informeren ({0}; {1})", "inform the person the data are about ({0}; {1})",
                     {o.citation.value_or(""), o.provision.value_or("")});
        if (o.kind == "motivation")
            return t("schriftelijk motiveren waarom de betrokkene niet wordt geïnformeerd ({0}; {1})",
                     "give written reasons why the person is not informed ({0}; {1})",
                     {o.citation.value_or(""), o.provision.value_or("")});
        if (o.kind == "shield_after_close")
            return t("de gegevens afschermen zodra de casus is afgesloten ({0}; {1})",
                     "shield the data once the case is closed ({0}; {1})", {o.citation.value_or(""), o.provision.value_or("")});
        if (o.kind == "secrecy")
            return t("de ontvanger houdt de gegevens geheim ({0}; {1})", "the recipient keeps the data secret ({0}; {1})",
                     {o.citation.value_or(""), o.provision.value_or("")});
        return t("{0} informeren", "inform {0}", {o.actor ? noun(*o.actor) : std::string()});
    }

    // The five legal questions of the stappenplan grondslag: each with its status and what answers it.
    void questions(const ItemExplanation& it, const std::string& date, std::string& out) const {
        if (it.questions.empty()) return;
        out += t("   Stappenplan grondslag:\n", "   Five legal questions:\n");
        std::size_t number = 0;
        for (const auto& q : it.questions) {
            ++number;
            std::string line = "     " + std::to_string(number) + ". " + question_title(q.question) + ": " + question_status(q.status);
            std::string answer;
            if (q.status == "answered") {
                if (q.question == "subject_law") {
                    answer = t("bepaling {0} ({1}); grondslag: {2}", "provision {0} ({1}); ground: {2}", {q.provision, q.citation, nouns(q.grounds)});
                } else if (q.question == "provision_duty") {
                    answer = q.kind.empty() ? t("de bepaling zegt niet of zij verplicht of bevoegd maakt",
                                                "the provision does not say whether it obliges or permits")
                                            : (q.kind == "duty" ? t("plicht tot verstrekken", "duty to provide")
                                                                : t("bevoegdheid tot verstrekken", "power to provide"));
                    std::string secrecy;
                    for (const auto& [provision, citation] : q.secrecy) secrecy += (secrecy.empty() ? "" : ", ") + citation + " (" + provision + ")";
                    answer += secrecy.empty() ? t("; geen geheimhoudingsplicht van de ontvanger genoemd", "; no secrecy duty of the recipient named")
                                              : t("; geheimhoudingsplicht van de ontvanger: {0}", "; the recipient's secrecy duty: {0}", {secrecy});
                    if (!q.notify.empty()) answer += t("; informeren: {0}", "; inform: {0}", {nouns(q.notify)});
                } else if (!q.grounds.empty()) {
                    answer = t("grond: {0}", "ground: {0}", {nouns(q.grounds)});
                }
            } else if (q.status == "open") {
                answer = open_reason(it, q, date);
            }
            if (!answer.empty()) line += " — " + answer;
            if (q.juvenile)
                line += t(" — gegevens van een jeugdige: zij verdienen specifieke bescherming (AVG overweging 38)",
                          " — data of a juvenile: they merit specific protection (GDPR recital 38)");
            out += line + "\n";
        }
    }

    std::string question_title(const std::string& q) const {
        if (q == "subject_law") return t("Materiewet en AVG-grondslag", "Subject-matter law and GDPR ground (art. 6)");
        if (q == "special_data")
            return t("Bijzondere persoonsgegevens en gegevens van jeugdigen", "Special personal data and data of juveniles");
        if (q == "criminal_data") return t("Strafrechtelijke persoonsgegevens", "Criminal personal data");
        if (q == "legal_number") return t("BSN en andere wettelijke nummers", "BSN and other legal numbers");
        return t("Geheimhouding en plicht of bevoegdheid tot verstrekken", "Secrecy and duty or power to provide");
    }

    std::string question_status(const std::string& s) const {
        if (s == "answered") return t("beantwoord", "answered");
        if (s == "not_applicable") return t("niet van toepassing", "not applicable");
        if (s == "open") return t("open", "open");
        return t("niet aan toegekomen", "not reached");
    }

    // Why the deciding question of a deny has no answer, in the language (the answer's reason in English).
    std::string open_reason(const ItemExplanation& it, const LegalQuestion& q, const std::string& date) const {
        if (it.reason == "forbidden") {
            // The answer's reason is "forbidden by ID (citation)".
            const std::string_view english = "forbidden by ";
            const std::string rest = q.reason.rfind(english, 0) == 0 ? q.reason.substr(english.size()) : q.rule;
            return t("verboden door {0}", "forbidden by {0}", {rest});
        }
        if (it.reason == "not_in_force") return t("geen bepaling in werking op {0}", "no provision in force on {0}", {date});
        if (it.reason == "conditions") {
            std::string s = t("de voorwaarden van de overwogen bepalingen zijn niet vervuld",
                              "the conditions of the provisions considered do not hold");
            if (!q.missing_facts.empty()) s += t("; ontbrekende feiten: {0}", "; missing facts: {0}", {nouns(q.missing_facts)});
            return s;
        }
        return t("geen materiewet gevonden voor deze verstrekking", "no subject-matter law found for this flow");
    }

    // `shown`: the provision lists already written, with the item that wrote each: an item whose list is
    // the same (the same sender, recipient and purpose usually give the same provisions) refers to it
    // instead of repeating twenty lines.
    void item(const Explanation& e, const ItemExplanation& it, std::size_t number, std::string& out,
              std::vector<std::pair<std::string, std::size_t>>& shown) const {
        out += "\n" + std::to_string(number) + ". " + noun(it.category) + ": " +
               (it.permit ? t("TOEGESTAAN", "PERMITTED") : t("GEWEIGERD", "DENIED")) + "\n";
        // Provisions in force on the date, and those that are not.
        std::string in_force, not_in_force;
        for (const auto& p : it.provisions) {
            std::string line = p.id + " (" + p.citation + "; " + validity(p.valid_from, p.valid_until) + ")";
            if (!p.kind.empty())
                line += ": " + (p.kind == "duty" ? t("plicht", "duty") : t("bevoegdheid", "power"));
            if (!p.url.empty()) line += "\n       " + p.url;
            (p.in_force ? in_force : not_in_force) += "     - " + line + "\n";
        }
        if (it.provisions.empty()) {
            out += t("   Geen enkele bepaling heeft een regel voor deze verstrekker, ontvanger, doel en gegevens.\n",
                     "   No provision has a rule for this sender, recipient, purpose and data.\n");
        }
        std::string provisions;
        if (!in_force.empty()) provisions += t("   Bepalingen in werking op {0}:\n", "   Provisions in force on {0}:\n", {e.date}) + in_force;
        if (!not_in_force.empty())
            provisions += t("   Bepalingen niet in werking op {0}:\n", "   Provisions not in force on {0}:\n", {e.date}) + not_in_force;
        std::string outside;
        for (const auto& a : it.rules) {
            if (a.validity == RuleAnalysis::Validity::in_force) continue;
            outside += "     - " + a.rule + " (" + validity(a.valid_from, a.valid_until) + "; " +
                       (a.validity == RuleAnalysis::Validity::not_yet ? t("nog niet in werking", "not yet in force")
                                                                      : t("niet meer in werking", "no longer in force")) +
                       ")\n";
        }
        if (!outside.empty()) provisions += t("   Regels buiten hun geldigheid:\n", "   Rules outside their validity:\n") + outside;
        const auto same = std::find_if(shown.begin(), shown.end(), [&](const auto& s) { return s.first == provisions; });
        if (same != shown.end()) {
            out += t("   Bepalingen en regels: dezelfde als bij {0}.\n", "   Provisions and rules: the same as for {0}.\n",
                     {std::to_string(same->second)});
        } else if (!provisions.empty()) {
            out += provisions;
            shown.emplace_back(provisions, number);
        }

        if (it.permit) {
            const RuleAnalysis* winner = find(it, it.rule);
            out += t("   Beslist door regel {0} (bepaling {1}; {2})", "   Decided by rule {0} (provision {1}; {2})",
                     {it.rule, it.provision, winner ? winner->citation : std::string()});
            if (winner && !winner->held.empty()) {
                out += t(", omdat:\n", ", because:\n");
                for (const auto& c : winner->held) out += "     - " + check(c) + "\n";
            } else {
                out += t(": deze regel heeft geen voorwaarden.\n", ": the rule has no conditions.\n");
            }
            if (!it.provision_kind.empty())
                out += t("   Aard van de bepaling: {0}.\n", "   Kind of provision: {0}.\n", {kind(it.provision_kind)});
            out += t("   Grondslag: {0}", "   Legal basis: {0}", {it.basis_label.name.empty() ? it.basis : noun(it.basis_label)});
            if (!it.grounds.empty()) out += t("; verdere gronden: {0}", "; further grounds: {0}", {names(it.grounds)});
            out += "\n";
            if (!it.citations.empty()) out += t("   Vindplaatsen: {0}\n", "   Citations: {0}\n", {names(it.citations)});
            for (const auto& [permit, forbid] : it.exceptions)
                out += t("   Uitzondering: {0} is een uitzondering op het verbod {1} (except), dat daarom niet in de weg staat.\n",
                         "   Exception: {0} is declared an exception to the forbid {1} (except), which therefore does not block it.\n",
                         {permit, forbid});
            if (it.obligations.empty()) {
                out += t("   Verplichtingen: geen.\n", "   Obligations: none.\n");
            } else {
                out += t("   Verplichtingen:\n", "   Obligations:\n");
                for (const auto& o : it.obligations) out += "     - " + obligation(o) + "\n";
            }
            questions(it, e.date, out);
            return;
        }

        out += t("   Reden: {0}.\n", "   Reason: {0}.\n", {reason(it)});
        questions(it, e.date, out);
        // The forbids that apply, and why.
        for (const auto& a : it.rules) {
            if (a.permit || !a.applies) continue;
            out += t("   Verbod {0} ({1}) is van toepassing", "   Forbid {0} ({1}) applies", {a.rule, a.citation});
            if (a.held.empty() && a.failing.empty()) {
                out += t(": het heeft geen voorwaarden.\n", ": it has no conditions.\n");
                continue;
            }
            out += ".\n";
            if (!a.held.empty()) {
                out += t("     Vervulde voorwaarden:\n", "     Conditions that held:\n");
                for (const auto& c : a.held) out += "       - " + check(c) + "\n";
            }
            if (!a.failing.empty()) {
                out += t("     Het verbod vervalt pas als:\n", "     It would be lifted only if:\n");
                requirements(a.failing, "       ", out);
            }
        }
        if (!it.missing_facts.empty()) out += t("   Ontbrekende feiten: {0}\n", "   Missing facts: {0}\n", {nouns(it.missing_facts)});

        // What would have to change for a permit.
        bool any_permit = false;
        for (const auto& a : it.rules) any_permit |= a.permit;
        if (!any_permit) {
            out += t("   Wat zou moeten veranderen: geen enkele toestemmende regel dekt deze verstrekker, ontvanger, doel en gegevens; "
                     "alleen een ander verzoek of een nieuwe regel kan tot toestemming leiden.\n",
                     "   What would have to change: no permitting rule covers this sender, recipient, purpose and data; "
                     "only a different request or a new rule could lead to a permit.\n");
            return;
        }
        out += t("   Wat zou moeten veranderen voor toestemming:\n", "   What would have to change for a permit:\n");
        for (const auto& a : it.rules) {
            if (!a.permit) continue;
            out += t("     Regel {0} (bepaling {1}; {2})", "     Rule {0} (provision {1}; {2})", {a.rule, a.provision, a.citation});
            if (a.validity == RuleAnalysis::Validity::expired) {
                out += t(": niet meer in werking ({0}); kan op deze datum niet van toepassing zijn.\n",
                         ": no longer in force ({0}); it cannot apply on this date.\n", {validity(a.valid_from, a.valid_until)});
                continue;
            }
            out += ":\n";
            if (a.validity == RuleAnalysis::Validity::not_yet)
                out += t("       - de bepaling geldt pas vanaf {0}\n", "       - the provision applies only from {0}\n", {a.valid_from.value_or("")});
            if (a.failing.empty() && a.validity == RuleAnalysis::Validity::in_force)
                out += t("       - de voorwaarden zijn vervuld\n", "       - its conditions hold\n");
            requirements(a.failing, "       ", out);
            if (a.first_date)
                out += t("       - op zijn vroegst van toepassing vanaf {0}\n", "       - it would apply from {0} at the earliest\n", {*a.first_date});
            if (!a.lifts.empty())
                out += t("       - het verbod {0} staat niet in de weg: deze regel is daarop een uitzondering\n",
                         "       - the forbid {0} does not block it: the rule is declared an exception to it\n", {names(a.lifts)});
            if (!a.blocked_by.empty())
                out += t("       - ook dan blijft het verbod {0} in de weg staan\n", "       - the forbid {0} would still block it\n",
                         {names(a.blocked_by)});
        }
    }

    static const RuleAnalysis* find(const ItemExplanation& it, const std::string& id) {
        for (const auto& a : it.rules)
            if (a.rule == id) return &a;
        return nullptr;
    }

    std::string render(const Explanation& e) const {
        std::string out;
        if (!e.ok) {
            out += t("Het verzoek is onjuist: {0}: {1}\n", "The request is malformed: {0}: {1}\n", {e.error_path.empty() ? "/" : e.error_path, e.error_message});
            return out;
        }
        out += e.id ? t("Verzoek {0}", "Request {0}", {*e.id}) : t("Verzoek", "Request");
        out += t(" van {0}: {1} aan {2}, doel: {3}", " of {0}: {1} to {2}, purpose: {3}",
                 {e.date, noun(e.sender), noun(e.recipient), noun(e.purpose)});
        if (e.phase) out += t(", fase: {0}", ", phase: {0}", {noun(*e.phase)});
        out += ".\n";
        out += t("Regelset: {0}\n", "Policy set: {0}\n", {e.policy_set});
        const std::string decision = e.decision == "permit" ? t("toegestaan", "permit")
                                     : e.decision == "deny" ? t("geweigerd", "deny")
                                                            : t("gedeeltelijk toegestaan", "partial");
        out += t("Besluit: {0}\n", "Decision: {0}\n", {decision});
        std::vector<std::pair<std::string, std::size_t>> shown;
        for (std::size_t i = 0; i < e.items.size(); ++i) item(e, e.items[i], i + 1, out, shown);
        return out;
    }

private:
    Language lang_;
};

}  // namespace

std::string render_explanation(const Explanation& explanation, Language language) { return Writer(language).render(explanation); }

}  // namespace grondslag
