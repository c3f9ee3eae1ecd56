// XML and HTML text escaping: the JUnit reports (corpus runner, diff) and, with the
// apostrophe escaped too, the HTML pages of `grondslag doc`.
#pragma once
#include <string>
#include <string_view>

namespace grondslag {

inline std::string xml_escape(std::string_view s, bool apostrophe = false) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'':
                if (apostrophe) out += "&#39;";
                else out += c;
                break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace grondslag
