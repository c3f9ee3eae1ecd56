// One notation for articles of the Wetboek van Strafrecht, shared by the checker (texts a policy
// mentions) and the request decoders (texts a request gives), so that the two cannot differ.
#pragma once
#include <string_view>

namespace grondslag {

// The contract's notation of an article of the Wetboek van Strafrecht: digits, then lower-case letters,
// then at most one lid in parentheses ("242", "151f", "141(2)", "248a(3)"); docs/cli.md.
inline bool is_article(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == 0 || i > 6) return false;
    while (i < text.size() && text[i] >= 'a' && text[i] <= 'z') ++i;
    if (i == text.size()) return i <= 12;
    if (text[i] != '(' || text.back() != ')' || text.size() - i < 3 || text.size() > 16) return false;
    for (std::size_t j = i + 1; j + 1 < text.size(); ++j)
        if (text[j] < '0' || text[j] > '9') return false;
    return true;
}

}  // namespace grondslag
