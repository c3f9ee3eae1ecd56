// A provision as a machine reference: Juriconnect for Dutch law (BWB), ELI for EU law (CELEX), the
// CVDR number for a municipality's rules, each with the public page that shows it.
#include <cctype>

#include "ir.hpp"

namespace grondslag::ir {

namespace {

// The first element of a list such as "7.3.11, 7.3.1" or "b, c", up to a space ("b sub 2": "b"); empty
// when none.
std::string first_of(const std::string& list) {
    std::string s = list.substr(0, list.find_first_of(",-"));
    const auto a = s.find_first_not_of(' ');
    if (a == std::string::npos) return {};
    s = s.substr(a);
    return s.substr(0, s.find(' '));
}

bool several(const std::string& list) { return list.find_first_of(",-") != std::string::npos; }

}  // namespace

LegalReference provision_reference(const Provision& p) {
    LegalReference out;
    const std::string& id = p.source_id;
    if (id.rfind("BWBR", 0) == 0) {
        // Juriconnect 1.3 (jci1.3:c:BWB&artikel=..&lid=..&onderdeel=..): the first article a provision
        // names, and its lid and onderdeel only when the provision names one article and one of each.
        out.id = "jci1.3:c:" + id;
        const std::string article = first_of(p.article);
        if (!article.empty()) {
            out.id += "&artikel=" + article;
            if (!several(p.article) && !p.lid.empty() && !several(p.lid)) {
                out.id += "&lid=" + first_of(p.lid);
                if (!p.onder.empty() && !several(p.onder)) out.id += "&onderdeel=" + first_of(p.onder);
            }
        }
        out.url = "https://wetten.overheid.nl/" + out.id;
    } else if (id.rfind("CELEX ", 0) == 0) {
        // ELI from a CELEX number of sector 3 (3YYYYTNNNN: R regulation, L directive, D decision).
        const std::string celex = id.substr(6);
        out.id = "celex:" + celex;
        out.url = "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:" + celex;
        if (celex.size() >= 7 && celex[0] == '3') {
            const char type = celex[5];
            const char* kind = type == 'R' ? "reg" : type == 'L' ? "dir" : type == 'D' ? "dec" : nullptr;
            std::string number = celex.substr(6);
            number.erase(0, number.find_first_not_of('0'));
            bool digits = !number.empty();
            for (char c : number) digits = digits && std::isdigit(static_cast<unsigned char>(c));
            if (kind && digits) {
                out.id = "http://data.europa.eu/eli/" + std::string(kind) + "/" + celex.substr(1, 4) + "/" + number + "/oj";
                out.url = "https://eur-lex.europa.eu/eli/" + std::string(kind) + "/" + celex.substr(1, 4) + "/" + number + "/oj";
            }
        }
    } else if (id.rfind("CVDR", 0) == 0) {
        out.id = id;
        out.url = "https://lokaleregelgeving.overheid.nl/" + id;
    }
    return out;
}

}  // namespace grondslag::ir
