// Words for a request that is not JSON at all, on the error path only: the decision path parses with
// simdjson, whose error codes say little; nlohmann's SAX parser says where and why.
#pragma once
#include <string>
#include <string_view>

namespace grondslag {

// "malformed JSON at byte N: why", or "malformed JSON: <fallback>" when no position can be named.
std::string describe_malformed_json(std::string_view text, std::string_view fallback);

}  // namespace grondslag
