// Writing JSON text by hand on the answer path, where building a DOM per
// decision would cost more than the decision itself.
#pragma once
#include <string>
#include <string_view>

namespace grondslag {

inline void append_json_string(std::string& out, std::string_view s) {
    static const char hex[] = "0123456789abcdef";
    out += '"';
    // Most text needs no escaping: copy it in one piece.
    bool plain = true;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == '"' || c == '\\') {
            plain = false;
            break;
        }
    }
    if (plain) {
        out.append(s.data(), s.size());
        out += '"';
        return;
    }
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

}  // namespace grondslag
