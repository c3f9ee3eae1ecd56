#pragma once
#include <optional>

#include "ast.hpp"

namespace grondslag {

// Parses one source file. On a syntax error, reports it (E001) and returns nullopt.
std::optional<ast::Module> parse_module(const SourceFile& file, DiagnosticReport& report);

}  // namespace grondslag
