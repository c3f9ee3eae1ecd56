// The contract's documents the server hands out (docs/schema/, embedded at build time): the OpenAPI
// description and the two JSON Schemas it refers to, each at the path its relative $ref resolves to.
#pragma once
#include <string_view>

namespace grondslag::server {

struct Document {
    std::string_view path;  // "/openapi.json"
    std::string_view text;
};

extern const Document documents[3];

}  // namespace grondslag::server
