// The access report (AVG art. 15): what was decided about one person, from the logbook records.
#include <sstream>

#include <nlohmann/json.hpp>

#include "grondslag/logbook.hpp"
#include "log_identifiers.hpp"
#include "xml_text.hpp"

namespace grondslag {

std::string logbook_subject_hash(std::string_view subject_key, std::string_view subject) { return hmac_sha256_tag(subject_key, subject); }

namespace {

// A policy set by the start of its hash ("sha256:43514a5e4e9a…"): enough to tell sets apart on a page a
// person reads; the full hash is in the log.
std::string short_set(const std::string& hash) { return hash.size() > 19 ? hash.substr(0, 19) + "…" : hash; }

std::string escape_md(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`') out += '\\';
        out += c == '\n' ? ' ' : c;
    }
    return out;
}

}  // namespace

AccessReporter::AccessReporter(AccessReportOptions options)
    : options_(std::move(options)), hash_(logbook_subject_hash(options_.subject_key, options_.subject)) {}

void AccessReporter::add(std::string_view line) {
    using nlohmann::json;
    if (line.empty()) return;
    const bool english = options_.english;
    auto t = [&](const char* nl, const char* en) { return std::string(english ? en : nl); };
    ++records_;
    const json span = json::parse(line, nullptr, false);
    if (span.is_discarded() || !span.is_object()) {
        ++unreadable_;
        return;
    }
    const json attributes = span.value("attributes", json::object());
    if (attributes.value("dpl.core.data_subject_id", "") != hash_) return;
    ++matched_;
    const json items = json::parse(attributes.value("grondslag.items", "[]"), nullptr, false);
    for (const auto& item : items.is_array() ? items : json::array()) {
        // The article and the ground, as the answer gave them: "PM art. 20d lid 2 (pm.20d.2.b; avg.6.1.e)".
        std::string legal = item.value("citation", "");
        std::string ids = item.value("rule", "");
        if (item.contains("basis")) ids += "; " + item.value("basis", "");
        legal += legal.empty() ? ids : " (" + ids + ")";
        if (item.value("decision", "") == "deny" && item.contains("cause")) legal += " — " + item.value("cause", "");
        const std::string decision = item.value("decision", "") == "permit" ? t("toegestaan", "permitted") : t("geweigerd", "denied");
        rows_.push_back({attributes.value("grondslag.request_date", ""), attributes.value("grondslag.sender", ""),
                         attributes.value("grondslag.recipient", ""), attributes.value("grondslag.purpose", ""), item.value("data", ""),
                         decision, legal, short_set(attributes.value("grondslag.policy_set", ""))});
    }
}

AccessReport AccessReporter::finish() const {
    const AccessReportOptions& o = options_;
    AccessReport report;
    report.records = records_;
    report.matched = matched_;
    report.unreadable = unreadable_;
    const auto& rows = rows_;
    auto t = [&](const char* nl, const char* en) { return std::string(o.english ? en : nl); };
    const std::vector<std::string> head = {t("Datum verzoek", "Request date"), t("Verstrekker", "Sender"), t("Ontvanger", "Recipient"),
                                           t("Doel", "Purpose"), t("Gegevens", "Data"), t("Besluit", "Decision"),
                                           t("Wetsartikel (regel; grondslag)", "Article (rule; ground)"), t("Regelset", "Policy set")};
    std::ostringstream out;
    const std::string title = t("Verstrekkingen over u: overzicht bij een verzoek om inzage (AVG art. 15)",
                                "Provisions of data about you: overview for an access request (GDPR art. 15)");
    const std::string summary =
        t("Besluiten over deze persoon: ", "Decisions about this person: ") + std::to_string(report.matched) +
        t(" van ", " of ") + std::to_string(report.records) + t(" vastgelegde besluiten", " recorded decisions") +
        (report.unreadable ? t("; onleesbare regels: ", "; unreadable lines: ") + std::to_string(report.unreadable) : std::string()) + ".";
    if (o.html) {
        out << "<!DOCTYPE html>\n<html lang=\"" << (o.english ? "en" : "nl") << "\"><head><meta charset=\"utf-8\"><title>"
            << xml_escape(title)
            << "</title><style>body{font-family:sans-serif;max-width:60rem}table{border-collapse:collapse}"
               "th,td{border:1px solid #999;padding:.2rem .4rem;text-align:left;vertical-align:top}</style></head><body>\n<h1>" << xml_escape(title) << "</h1>\n<p>" << xml_escape(summary)
            << "</p>\n<table>\n<tr>";
        for (const auto& h : head) out << "<th>" << xml_escape(h) << "</th>";
        out << "</tr>\n";
        for (const auto& row : rows) {
            out << "<tr>";
            for (const auto& cell : row) out << "<td>" << xml_escape(cell) << "</td>";
            out << "</tr>\n";
        }
        out << "</table>\n</body></html>\n";
    } else {
        out << "# " << title << "\n\n" << summary << "\n\n|";
        for (const auto& h : head) out << " " << h << " |";
        out << "\n|";
        for (std::size_t i = 0; i < head.size(); ++i) out << "---|";
        out << "\n";
        for (const auto& row : rows) {
            out << "|";
            for (const auto& cell : row) out << " " << escape_md(cell) << " |";
            out << "\n";
        }
    }
    report.text = out.str();
    return report;
}

}  // namespace grondslag
