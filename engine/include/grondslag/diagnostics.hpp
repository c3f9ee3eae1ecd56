// Diagnostics with source locations, collected per run and rendered as
//   file:line:col: error[CODE]: message
//       <source line>
//       ^
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace grondslag {

struct SourceFile {
    std::string path;     // as shown in diagnostics
    std::string text;
    std::vector<std::size_t> line_starts;  // byte offset of each line

    SourceFile(std::string path, std::string text);
    std::string_view line(std::uint32_t line_number) const;  // 1-based, without newline
};

struct Location {
    const SourceFile* file = nullptr;
    std::uint32_t line = 0;    // 1-based
    std::uint32_t column = 0;  // 1-based, in bytes
    std::string to_string() const;  // file:line:col
};

enum class Severity : std::uint8_t { error, warning, note };

struct Diagnostic {
    Severity severity = Severity::error;
    std::string code;  // E001 ...
    std::string message;
    Location where;
};

class DiagnosticReport {
public:
    void error(std::string code, Location where, std::string message);
    void warning(std::string code, Location where, std::string message);
    bool has_errors() const { return errors_ > 0; }
    std::size_t error_count() const { return errors_; }
    const std::vector<Diagnostic>& all() const { return diagnostics_; }
    // Sorted by file, line, column so the output is stable.
    std::string render() const;

private:
    std::vector<Diagnostic> diagnostics_;
    std::size_t errors_ = 0;
};

std::string render_diagnostic(const Diagnostic& d);

}  // namespace grondslag
