#include "docgen_common.hpp"

#include "xml_text.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace grondslag::docgen::detail {

namespace {

struct Message {
    const char* key;
    const char* nl;
    const char* en;
};

// Headings and fixed phrases. Placeholders in braces are filled by the caller.
constexpr Message messages[] = {
    {"register.title", "Register van verwerkingsactiviteiten (AVG art. 30 lid 1)",
     "Record of processing activities (GDPR art. 30(1))"},
    {"register.intro",
     "Gegenereerd uit de beleidsregels die gelden op {date}: per bepaling de verstrekkingen die zij toestaat, "
     "in de indeling van AVG art. 30 lid 1 onder a tot en met g, met grondslag en vindplaats.",
     "Generated from the policies in force on {date}: per provision the disclosures it permits, in the structure "
     "of GDPR art. 30(1)(a) to (g), with the legal basis and the citation."},
    {"legend",
     "Gegevensklassen: SPEC = bijzondere categorie (AVG art. 9), CRIM = strafrechtelijke gegevens (AVG art. 10), "
     "NID = burgerservicenummer (UAVG art. 46).",
     "Data classes: SPEC = special category (GDPR art. 9), CRIM = criminal-law data (GDPR art. 10), "
     "NID = national identification number (UAVG art. 46)."},
    {"policy_set", "Beleidsset", "Policy set"},
    {"as_of", "Peildatum", "As of"},
    {"contents", "Inhoud", "Contents"},
    {"provision", "Bepaling", "Provision"},
    {"source", "Bron", "Source"},
    {"valid", "Geldig", "Valid"},
    {"kind", "Aard", "Kind"},
    {"kind.duty", "plicht tot verstrekken (AVG art. 6 lid 1 onder c)", "duty to provide (GDPR art. 6(1)(c))"},
    {"kind.power", "bevoegdheid tot verstrekken (AVG art. 6 lid 1 onder e; bezwaar onder AVG art. 21)",
     "power to provide (GDPR art. 6(1)(e); objection under GDPR art. 21)"},
    {"text", "Tekst", "Text"},
    {"rule", "Regel", "Rule"},
    {"activity", "Verwerking", "Processing"},
    {"field", "Onderdeel", "Item"},
    {"value", "Inhoud", "Content"},
    {"a", "a. Verwerkingsverantwoordelijke (verstrekker)", "a. Controller (sender)"},
    {"b", "b. Doeleinden", "b. Purposes"},
    {"c.subjects", "c. Categorieën van betrokkenen", "c. Categories of data subjects"},
    {"c.data", "c. Categorieën van persoonsgegevens", "c. Categories of personal data"},
    {"d", "d. Ontvangers", "d. Recipients"},
    {"e", "e. Doorgifte aan derde landen", "e. Transfers to third countries"},
    {"f", "f. Bewaartermijn", "f. Retention period"},
    {"g", "g. Beveiligingsmaatregelen en verplichtingen", "g. Security measures and obligations"},
    {"basis", "Grondslag", "Legal basis"},
    {"condition", "Voorwaarde", "Condition"},
    {"condition.none", "Geen: de regel stelt geen voorwaarde buiten partijen, gegevens en doel.",
     "None: the rule sets no condition beyond parties, data and purpose."},
    {"conditions", "Voorwaarden (feiten)", "Conditions (facts)"},
    {"citation", "Vindplaats", "Citation"},
    {"reference", "Wettekst (Juriconnect, ELI of CVDR)", "Text of the law (Juriconnect, ELI or CVDR)"},
    {"explanation", "Toelichting", "Explanation"},
    {"subjects.text", "(Ex-)gedetineerden en justitiabelen over wie de gegevens gaan",
     "(Former) detainees and other justice-involved persons whom the data are about"},
    {"third.none", "Geen: de ontvangers zijn Nederlandse instanties", "None: the recipients are Dutch bodies"},
    {"retain.none", "Niet in de beleidsregels vastgelegd; de ontvanger stelt de termijn vast",
     "Not stated in the policies; the recipient sets the period"},
    {"retain.max", "Ten hoogste {p} na ontvangst", "At most {p} after receipt"},
    {"retain.max.after", "Ten hoogste {p} na: {f}", "At most {p} after: {f}"},
    {"retain_at_least", "Ten minste {p} na ontvangst ({c})", "At least {p} after receipt ({c})"},
    {"retain_at_least.after", "Ten minste {p} na: {f} ({c})", "At least {p} after: {f} ({c})"},
    {"use_number", "Bij elke verstrekking wordt {n} gebruikt ({c})", "Every provision uses {n} ({c})"},
    {"log", "Elke verstrekking wordt vastgelegd; de vastlegging wordt ten minste {p} bewaard",
     "Every disclosure is recorded; the record is kept at least {p}"},
    {"notify", "Verstrekking melden aan {a}", "Notify {a} of the disclosure"},
    {"in_phases", " (alleen in de fase(n): {phases})", " (only in the phase(s): {phases})"},
    {"secrecy", "De ontvanger houdt de gegevens geheim ({c})", "The recipient keeps the data secret ({c})"},
    {"inform", "De betrokkene wordt geïnformeerd ({c})", "The person the data are about is informed ({c})"},
    {"motivation", "Wordt de betrokkene niet geïnformeerd, dan wordt dat schriftelijk gemotiveerd ({c})",
     "Where the person is not informed, the reasons are given in writing ({c})"},
    {"shield_after_close", "Na afsluiting van de casus worden de gegevens afgeschermd ({c})",
     "Once the case is closed, the data are shielded ({c})"},
    {"measures.none",
     "Geen verplichtingen in de beleidsregels; de technische en organisatorische maatregelen (AVG art. 32) "
     "beschrijft de verwerkingsverantwoordelijke zelf",
     "No obligations in the policies; the controller describes its technical and organisational measures "
     "(GDPR art. 32) itself"},
    {"questions", "Stappenplan grondslag", "Five legal questions"},
    {"question", "Vraag", "Question"},
    {"answer", "Antwoord", "Answer"},
    {"q.subject_law", "1. Materiewet en AVG-grondslag", "1. Subject-matter law and GDPR ground (art. 6)"},
    {"q.special_data", "2. Bijzondere persoonsgegevens en gegevens van jeugdigen", "2. Special personal data and data of juveniles"},
    {"q.criminal_data", "3. Strafrechtelijke persoonsgegevens", "3. Criminal personal data"},
    {"q.legal_number", "4. BSN en andere wettelijke nummers", "4. BSN and other legal numbers"},
    {"q.provision_duty", "5. Geheimhouding en plicht of bevoegdheid tot verstrekken", "5. Secrecy and duty or power to provide"},
    {"q.not_applicable", "niet van toepassing: de regel staat geen gegevens van deze klasse toe",
     "not applicable: the rule permits no data of this class"},
    {"q.not_applicable.juvenile",
     "niet van toepassing op de gegevens die de regel toestaat, tenzij het verzoek een jeugdige betreft (feit jeugdige): "
     "diens gegevens verdienen specifieke bescherming (AVG overweging 38)",
     "not applicable to the data the rule permits, unless the request concerns a juvenile (fact jeugdige): their data "
     "merit specific protection (GDPR recital 38)"},
    {"q.provision", "bepaling {p}; grondslag: {g}", "provision {p}; ground: {g}"},
    {"q.grounds", "grond: {g}", "ground: {g}"},
    {"q.juvenile", "gegevens van een jeugdige (feit jeugdige) verdienen specifieke bescherming (AVG overweging 38)",
     "data of a juvenile (fact jeugdige) merit specific protection (GDPR recital 38)"},
    {"q.duty", "plicht tot verstrekken", "duty to provide"},
    {"q.power", "bevoegdheid tot verstrekken", "power to provide"},
    {"q.kind_unstated", "de bepaling zegt niet of zij verplicht of bevoegd maakt",
     "the provision does not say whether it obliges or permits"},
    {"q.secrecy", "geheimhoudingsplicht van de ontvanger: {c}", "the recipient's secrecy duty: {c}"},
    {"q.no_secrecy", "geen geheimhoudingsplicht van de ontvanger genoemd", "no secrecy duty of the recipient named"},
    {"q.notify", "informeren: {a}", "inform: {a}"},
    {"prohibitions", "Verboden", "Prohibitions"},
    {"prohibition.summary", "{data}, van {from} aan {to}, voor {purposes}", "{data}, from {from} to {to}, for {purposes}"},
    {"prohibition.condition", "Geldt alleen als: {c}", "Applies only when: {c}"},
    {"anyone", "eenieder", "anyone"},
    {"any_data", "alle gegevens", "any data"},
    {"any_purpose", "elk doel", "any purpose"},
    {"no_activities", "Deze bepaling staat op de peildatum zelf geen verstrekking toe.",
     "On this date this provision itself permits no disclosure."},
    {"open_end", "tot nader order", "until further notice"},
    {"generated", "Gegenereerd door grondslag doc", "Generated by grondslag doc"},
    {"flows.phase", "(fase: {phase})", "(phase: {phase})"},
    {"index.phase", "fase: {phase}", "phase: {phase}"},
    {"flows.title", "Gegevensstromen op {date}", "Data flows on {date}"},
    {"flows.legend",
     "paars gestreept: bijzondere gegevens (SPEC); rood: strafrechtelijke gegevens (CRIM); rood-paars: beide",
     "purple dashed: special-category data (SPEC); red: criminal-law data (CRIM); red and purple: both"},
    {"flows.bundles", "Doel, gegevens en grondslag per nummer op de pijlen", "Purpose, data and legal basis per number on the arrows"},
    {"timeline.title", "Geldigheid van de bepalingen, {first}–{last}", "Validity of the provisions, {first}–{last}"},
    {"timeline.as_of", "peildatum {date}", "as of {date}"},
    {"timeline.dpan", "DPAN (geen wettelijke grondslag)", "DPAN (no statutory basis)"},
    {"timeline.legend", "donker: in werking op de peildatum; licht: niet; pijl: geen einddatum",
     "dark: in force on the as-of date; light: not; arrow: no end date"},
    {"group.avg", "AVG", "GDPR (AVG)"},
    {"group.uavg", "UAVG", "UAVG (GDPR Implementation Act)"},
    {"group.toestemming", "Toestemmingsregime (informatieblad, AGG/Injus)", "Consent regime (information sheet, AGG/Injus)"},
    {"group.pbw", "Pbw (Wet straffen en beschermen)", "Pbw (Punishment and Protection Act)"},
    {"group.pm", "PM art. 20d (Wet straffen en beschermen)", "PM art. 20d (Punishment and Protection Act)"},
    {"group.wjsg", "Wjsg (tenuitvoerleggingsgegevens)", "Wjsg (execution data)"},
    {"group.bjsg", "Bjsg art. 11a (BIJ)", "Bjsg art. 11a (BIJ notices)"},
    {"group.wgs", "WGS (Zorg- en Veiligheidshuizen)", "WGS (Care and Safety Houses)"},
    {"milestone.consent", "toestemmingsregime", "consent regime"},
    {"milestone.wjsg51c", "Wjsg 51c", "Wjsg 51c"},
    {"milestone.wsb", "Wet straffen en beschermen", "Punishment and Protection Act"},
    {"milestone.wgs", "WGS", "WGS"},
    {"index.title", "Documentatie van de beleidsregels", "Documentation of the policies"},
    {"index.intro", "Wat de beleidsregels toestaan op {date}, zonder ze te hoeven lezen.",
     "What the policies allow on {date}, without reading them."},
    {"index.register", "Register van verwerkingsactiviteiten (HTML)", "Record of processing activities (HTML)"},
    {"index.register_md", "Register van verwerkingsactiviteiten (Markdown)", "Record of processing activities (Markdown)"},
    {"index.flows", "Gegevensstromen (SVG)", "Data flows (SVG)"},
    {"index.flows_by_purpose", "Gegevensstromen per doel", "Data flows per purpose"},
    {"index.flows_dot", "Gegevensstromen (Graphviz DOT)", "Data flows (Graphviz DOT)"},
    {"index.flows_full", "Gegevensstromen, elke stroom voluit (SVG)", "Data flows, every flow in full (SVG)"},
    {"index.timeline", "Tijdlijn van de bepalingen (SVG)", "Timeline of the provisions (SVG)"},
    {"index.no_svg", "flows.svg is niet gemaakt: Graphviz (dot) is niet geïnstalleerd.",
     "flows.svg was not made: Graphviz (dot) is not installed."},
    {"index.counts", "{p} bepalingen en {r} toegestane verwerkingen in werking",
     "{p} provisions and {r} permitted processing activities in force"},
};

}  // namespace

const std::string& msg(Lang lang, std::string_view key) {
    static const auto table = [] {
        std::unordered_map<std::string, std::pair<std::string, std::string>> t;
        for (const auto& m : messages) t.emplace(m.key, std::make_pair(std::string(m.nl), std::string(m.en)));
        return t;
    }();
    const auto it = table.find(std::string(key));
    if (it == table.end()) throw std::out_of_range("docgen: no message " + std::string(key));
    return lang == Lang::nl ? it->second.first : it->second.second;
}

std::string label_of(const ir::Label& label, const std::string& name, Lang lang, std::string_view kind,
                     std::vector<std::string>* missing) {
    const std::string& text = lang == Lang::nl ? label.nl : label.en;
    if (!text.empty()) return text;
    if (missing) missing->push_back(std::string(kind) + " " + name);
    return name;
}

const char* class_mark(ir::DataClass c) {
    switch (c) {
    case ir::DataClass::spec: return "SPEC";
    case ir::DataClass::crim: return "CRIM";
    case ir::DataClass::nid: return "NID";
    case ir::DataClass::ord: break;
    }
    return "";
}

std::vector<int> facts_read(const ir::PolicySet& set, const ir::Rule& rule) {
    std::vector<int> facts;
    for (const auto slot : rule.slots_used) {
        const int f = set.slots[slot].fact;
        if (f >= 0 && std::find(facts.begin(), facts.end(), f) == facts.end()) facts.push_back(f);
    }
    if (rule.uses_consent && set.consent_fact >= 0 && std::find(facts.begin(), facts.end(), set.consent_fact) == facts.end())
        facts.push_back(set.consent_fact);
    return facts;
}

ir::Mask all_bits(std::size_t n) { return n >= 64 ? ~ir::Mask{0} : ((ir::Mask{1} << n) - 1); }

std::vector<LabeledItem> actor_items(const ir::PolicySet& set, ir::Mask mask, Lang lang,
                                     std::vector<std::string>* missing) {
    if (mask == all_bits(set.actors.size()) && set.actors.size() > 1) return {{"anyone", msg(lang, "anyone"), ""}};
    std::vector<LabeledItem> out;
    for (int a : ir::actors_compressed(set, mask))
        out.push_back({set.actors[a].name, label_of(set.actors[a].label, set.actors[a].name, lang, "actor", missing), ""});
    return out;
}

std::vector<LabeledItem> category_items(const ir::PolicySet& set, ir::Mask mask, Lang lang,
                                        std::vector<std::string>* missing) {
    if (mask == all_bits(set.categories.size()) && set.categories.size() > 1)
        return {{"any", msg(lang, "any_data"), ""}};
    std::vector<LabeledItem> out;
    for (std::size_t c = 0; c < set.categories.size(); ++c)
        if (mask & (ir::Mask{1} << c)) {
            const auto& cat = set.categories[c];
            out.push_back({cat.name, label_of(cat.label, cat.name, lang, "category", missing), class_mark(cat.data_class)});
        }
    return out;
}

std::vector<LabeledItem> purpose_items(const ir::PolicySet& set, ir::Mask mask, Lang lang,
                                       std::vector<std::string>* missing) {
    if (mask == all_bits(set.purposes.size()) && set.purposes.size() > 1)
        return {{"any", msg(lang, "any_purpose"), ""}};
    std::vector<LabeledItem> out;
    for (std::size_t p = 0; p < set.purposes.size(); ++p)
        if (mask & (ir::Mask{1} << p))
            out.push_back({set.purposes[p].name,
                           label_of(set.purposes[p].label, set.purposes[p].name, lang, "purpose", missing), ""});
    return out;
}

std::vector<LabeledItem> rule_purpose_items(const ir::PolicySet& set, const ir::Rule& rule, Lang lang,
                                            std::vector<std::string>* missing) {
    std::vector<LabeledItem> out = purpose_items(set, rule.purposes, lang, missing);
    if (rule.phases == 0 || out.size() != 1) return out;
    // A rule limited to phases names one purpose: say in which of its phases.
    std::string phases;
    for (std::size_t p = 0; p < set.purposes.size(); ++p) {
        if (!(rule.purposes >> p & 1)) continue;
        for (const ir::Phase& ph : set.purposes[p].phases)
            if (rule.phases >> ph.value & 1)
                phases += (phases.empty() ? "" : "; ") + label_of(ph.label, ph.name, lang, "phase", missing);
    }
    out[0].label += fill(msg(lang, "in_phases"), {{"phases", phases}});
    return out;
}

std::vector<LabeledItem> basis_items(const ir::PolicySet& set, const std::vector<int>& bases, Lang lang,
                                     std::vector<std::string>* missing) {
    std::vector<LabeledItem> out;
    for (int b : bases) out.push_back({set.bases[b].id, label_of(set.bases[b].label, set.bases[b].id, lang, "basis", missing), ""});
    return out;
}

bool in_force(Day from, Day until, Day date) { return from <= date && date <= until; }

std::string validity_text(Day from, Day until, Lang lang) {
    std::string s = from <= ir::far_past ? std::string() : format_date(from);
    s += " – ";
    s += until < ir::far_future ? format_date(until) : msg(lang, "open_end");
    return s;
}

std::string period_text(Period p, Lang lang) { return period_words(p, language_of(lang)); }

std::string source_url(const std::string& source_id) {
    if (source_id.rfind("CELEX ", 0) == 0)
        return "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:" + source_id.substr(6);
    if (source_id.rfind("BWBR", 0) == 0) return "https://wetten.overheid.nl/" + source_id;
    if (source_id.rfind("CVDR", 0) == 0) return "https://lokaleregelgeving.overheid.nl/" + source_id;
    return {};
}

std::string html_escape(std::string_view s) { return xml_escape(s, /*apostrophe=*/true); }

std::string md_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '|': out += "\\|"; break;
        case '\n': case '\r': out += ' '; break;
        case '*': case '_': case '`': case '[': case ']': case '\\':
            out += '\\';
            out += c;
            break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string dot_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

std::string item_text(const LabeledItem& item) {
    return item.mark.empty() ? item.label : item.label + " (" + item.mark + ")";
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += sep;
        out += parts[i];
    }
    return out;
}

std::string fill(std::string text, std::initializer_list<std::pair<std::string_view, std::string>> values) {
    for (const auto& [key, value] : values) {
        const std::string placeholder = "{" + std::string(key) + "}";
        for (std::size_t at = text.find(placeholder); at != std::string::npos;
             at = text.find(placeholder, at + value.size()))
            text.replace(at, placeholder.size(), value);
    }
    return text;
}

}  // namespace grondslag::docgen::detail
