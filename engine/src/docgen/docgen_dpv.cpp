// The policy set as W3C Data Privacy Vocabulary (DPV 2, https://w3id.org/dpv)
// JSON-LD. Terms DPV has no word for (a provision's validity, a data class) are
// in the grondslag namespace (urn:grondslag:).
#include "docgen_common.hpp"
#include "policies_access.hpp"

namespace grondslag::docgen {

using namespace detail;
using nlohmann::json;

namespace {

json labels(const ir::Label& l) {
    json out = json::array();
    if (!l.nl.empty()) out.push_back({{"@value", l.nl}, {"@language", "nl"}});
    if (!l.en.empty()) out.push_back({{"@value", l.en}, {"@language", "en"}});
    return out;
}

json id_ref(const std::string& iri) { return json{{"@id", iri}}; }

std::string purpose_iri(const std::string& n) { return "gsl:purpose:" + n; }
std::string data_iri(const std::string& n) { return "gsl:data:" + n; }
std::string actor_iri(const std::string& n) { return "gsl:actor:" + n; }
std::string basis_iri(const std::string& n) { return "gsl:basis:" + n; }
std::string provision_iri(const std::string& n) { return "gsl:provision:" + n; }
std::string rule_iri(const std::string& n) { return "gsl:rule:" + n; }

// The GDPR article a basis rests on, as a term of DPV's eu-gdpr extension; empty when none applies directly.
std::string gdpr_term(const ir::Basis& b) {
    const std::string& id = b.id;
    if (id.rfind("avg.6.1.", 0) == 0 && id.size() == 9) return std::string("eu-gdpr:A6-1-") + id[8];
    if (id.rfind("avg.9.2.", 0) == 0 && id.size() == 9) return std::string("eu-gdpr:A9-2-") + id[8];
    if (b.kind == ir::BasisKind::art10) return "eu-gdpr:A10";  // processing authorised by Union or Member-State law
    if (id == "uavg.22.2.a") return "eu-gdpr:A9-2-a";           // explicit consent, restated by the UAVG
    if (id == "wgs.2.29.1") return "eu-gdpr:A9-2-g";            // the WGS ground names AVG 9(2)(g)
    return {};
}

json actor_refs(const ir::PolicySet& set, ir::Mask mask) {
    json out = json::array();
    for (int a : ir::actors_compressed(set, mask)) out.push_back(id_ref(actor_iri(set.actors[a].name)));
    return out;
}

json date_value(Day d) { return json{{"@value", format_date(d)}, {"@type", "xsd:date"}}; }

// A `says` text: Dutch and English language-tagged when both are given; one text alone carries no language
// tag (the policy does not say which it is).
json says_comment(const std::string& says, const std::string& says_en) {
    if (says_en.empty()) return json{{"@value", says}};
    return json::array({json{{"@value", says}, {"@language", "nl"}}, json{{"@value", says_en}, {"@language", "en"}}});
}

}  // namespace

json dpv_jsonld(const Policies& policies, const DpvOptions& options) {
    const ir::PolicySet& set = compiled_form(policies);
    const bool filtered = !options.as_of.empty();
    const Day date = filtered ? parse_as_of(options.as_of) : 0;
    auto current = [&](Day from, Day until) { return !filtered || in_force(from, until, date); };

    json graph = json::array();
    json head = {{"@id", "gsl:policy-set"},
                 {"@type", "dct:Dataset"},
                 {"dct:identifier", policies.hash()},
                 {"rdfs:comment", "grondslag policy set as DPV"}};
    if (filtered) head["gsl:asOf"] = date_value(date);
    graph.push_back(head);

    for (const auto& p : set.purposes) {
        json node = {{"@id", purpose_iri(p.name)}, {"@type", "dpv:Purpose"}, {"rdfs:label", labels(p.label)},
                     {"dct:identifier", p.name}};
        json needs = json::array();
        for (std::size_t c = 0; c < set.categories.size(); ++c)
            if (p.needs & (ir::Mask{1} << c)) needs.push_back(id_ref(data_iri(set.categories[c].name)));
        node["gsl:needs"] = needs;
        graph.push_back(node);
    }
    for (const auto& c : set.categories) {
        json types = json::array({"dpv:PersonalData"});
        if (c.data_class == ir::DataClass::spec) types.push_back("dpv:SpecialCategoryPersonalData");
        if (c.data_class == ir::DataClass::crim) types.push_back("dpv:SensitivePersonalData");
        json node = {{"@id", data_iri(c.name)}, {"@type", types}, {"rdfs:label", labels(c.label)},
                     {"dct:identifier", c.name}, {"gsl:dataClass", class_mark(c.data_class)[0] ? class_mark(c.data_class) : "ORD"}};
        if (c.data_class == ir::DataClass::crim) node["skos:related"] = id_ref("eu-gdpr:A10");
        graph.push_back(node);
    }

    // Roles of the actors from the permits: a sender is a controller, a receiver a recipient.
    ir::Mask controllers = 0, recipients = 0;
    for (const auto& r : set.rules)
        if (r.effect == ir::Effect::permit && current(r.from, r.until)) {
            controllers |= r.senders;
            recipients |= r.recipients;
        }
    for (std::size_t a = 0; a < set.actors.size(); ++a) {
        const auto& actor = set.actors[a];
        json types = json::array({"dpv:Entity"});
        if (controllers & (ir::Mask{1} << a)) types.push_back("dpv:DataController");
        if (recipients & (ir::Mask{1} << a)) types.push_back("dpv:Recipient");
        json node = {{"@id", actor_iri(actor.name)}, {"@type", types}, {"rdfs:label", labels(actor.label)},
                     {"dct:identifier", actor.name}};
        if (actor.parent >= 0) node["gsl:memberOf"] = id_ref(actor_iri(set.actors[actor.parent].name));
        graph.push_back(node);
    }

    for (const auto& b : set.bases) {
        json node = {{"@id", basis_iri(b.id)}, {"@type", "dpv:LegalBasis"}, {"rdfs:label", labels(b.label)},
                     {"dct:identifier", b.id}};
        const char* kinds[] = {"art6", "art9", "art10", "nid"};
        node["gsl:kind"] = kinds[static_cast<int>(b.kind)];
        const std::string term = gdpr_term(b);
        if (!term.empty()) node["skos:broader"] = id_ref(term);
        graph.push_back(node);
    }

    for (const auto& p : set.provisions) {
        if (!current(p.from, p.until)) continue;
        json node = {{"@id", provision_iri(p.id)}, {"@type", "dpv:Law"}, {"rdfs:label", p.citation},
                     {"dct:identifier", p.id}, {"dct:source", p.source_id}};
        const std::string url = source_url(p.source_id);
        if (!url.empty()) node["rdfs:seeAlso"] = id_ref(url);
        if (p.from > ir::far_past) node["gsl:validFrom"] = date_value(p.from);
        if (p.until < ir::far_future) node["gsl:validUntil"] = date_value(p.until);
        if (!p.says.empty()) node["rdfs:comment"] = says_comment(p.says, p.says_en);
        // Whether it obliges or permits, when declared: DPV has no term for the provision itself.
        if (p.kind != ast::ProvisionKind::unstated) node["gsl:provisionKind"] = ast::provision_kind_name(p.kind);
        graph.push_back(node);
    }

    for (const auto& r : set.rules) {
        if (!current(r.from, r.until)) continue;
        const bool permit = r.effect == ir::Effect::permit;
        json purposes = json::array(), data = json::array(), bases = json::array();
        for (std::size_t p = 0; p < set.purposes.size(); ++p)
            if (r.purposes & (ir::Mask{1} << p)) purposes.push_back(id_ref(purpose_iri(set.purposes[p].name)));
        for (std::size_t c = 0; c < set.categories.size(); ++c)
            if (r.categories & (ir::Mask{1} << c)) data.push_back(id_ref(data_iri(set.categories[c].name)));
        for (int b : r.bases) bases.push_back(id_ref(basis_iri(set.bases[b].id)));

        json rules = json::array();
        json main_rule = {{"@id", rule_iri(r.id) + ":rule"}, {"@type", permit ? "dpv:Permission" : "dpv:Prohibition"}};
        if (!r.says.empty()) main_rule["rdfs:comment"] = says_comment(r.says, r.says_en);
        rules.push_back(main_rule);
        json node = {{"@id", rule_iri(r.id)},
                     {"@type", "dpv:PersonalDataHandling"},
                     {"dct:identifier", r.id},
                     {"dpv:hasPurpose", purposes},
                     {"dpv:hasPersonalData", data},
                     {"dpv:hasDataController", actor_refs(set, r.senders)},
                     {"dpv:hasRecipient", actor_refs(set, r.recipients)},
                     {"dpv:hasApplicableLaw", id_ref(provision_iri(set.provisions[r.provision].id))},
                     {"dct:references", r.citations}};
        if (permit) node["dpv:hasLegalBasis"] = bases;
        int index = 0;
        for (const auto& o : r.obligations) {
            if (o.kind == ast::ObligationKind::retain) {
                node["dpv:hasStorageCondition"] = {
                    {"@type", "dpv:StorageDuration"},
                    {"dpv:hasDuration", {{"@value", iso_duration(o.period)}, {"@type", "xsd:duration"}}}};
                continue;
            }
            std::string text;
            if (o.kind == ast::ObligationKind::log)
                text = "record every disclosure and keep the record at least " + format_period(o.period);
            else if (o.kind == ast::ObligationKind::notify)
                text = "notify " + set.actors[o.actor].name + " of the disclosure";
            else if (o.kind == ast::ObligationKind::secrecy)
                text = "the recipient keeps the data secret (" + set.provisions[o.provision].citation + ")";
            else  // the clause that states it, with the law that lays it down
                text = ir::obligation_clause(set, o) + " (" + set.provisions[o.provision].citation + ")";
            rules.push_back({{"@id", rule_iri(r.id) + ":obligation:" + std::to_string(++index)},
                             {"@type", "dpv:Obligation"},
                             {"rdfs:comment", {{"@value", text}, {"@language", "en"}}}});
        }
        node["dpv:hasRule"] = rules;
        if (r.from > ir::far_past) node["gsl:validFrom"] = date_value(r.from);
        if (r.until < ir::far_future) node["gsl:validUntil"] = date_value(r.until);
        graph.push_back(node);
    }

    json context = {{"dpv", "https://w3id.org/dpv#"},
                    {"eu-gdpr", "https://w3id.org/dpv/legal/eu/gdpr#"},
                    {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
                    {"skos", "http://www.w3.org/2004/02/skos/core#"},
                    {"dct", "http://purl.org/dc/terms/"},
                    {"xsd", "http://www.w3.org/2001/XMLSchema#"},
                    {"gsl", "urn:grondslag:"}};
    return json{{"@context", context}, {"@graph", graph}};
}

}  // namespace grondslag::docgen
