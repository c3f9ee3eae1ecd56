// The documents the server hands out, embedded at build time (engine/CMakeLists.txt): the contract's
// OpenAPI description and the two JSON Schemas it refers to (docs/schema/, each at the path its relative
// $ref resolves to), and the workbench page with its script and style (engine/server/workbench/).
#pragma once
#include <cstddef>
#include <string_view>

namespace grondslag::server {

struct Document {
    std::string_view path;          // "/openapi.json"
    std::string_view content_type;  // "application/json"
    std::string_view text;
};

extern const Document documents[];
extern const std::size_t document_count;

}  // namespace grondslag::server
