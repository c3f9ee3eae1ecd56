#include "grondslag/diagnostics.hpp"

#include <algorithm>
#include <cstring>

namespace grondslag {

SourceFile::SourceFile(std::string p, std::string t) : path(std::move(p)), text(std::move(t)) {
    line_starts.push_back(0);
    // memchr rather than a loop over every byte: a bundle's sources are read in every cold start.
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    for (const char* p = begin; p < end;) {
        const auto* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        if (!eol) break;
        p = eol + 1;
        line_starts.push_back(static_cast<std::size_t>(p - begin));
    }
}

std::string_view SourceFile::line(std::uint32_t n) const {
    if (n == 0 || n > line_starts.size()) return {};
    const std::size_t begin = line_starts[n - 1];
    std::size_t end = n < line_starts.size() ? line_starts[n] - 1 : text.size();
    if (end > begin && text[end - 1] == '\r') --end;
    return std::string_view(text).substr(begin, end - begin);
}

std::string Location::to_string() const {
    std::string s = file ? file->path : std::string("<input>");
    s += ":" + std::to_string(line) + ":" + std::to_string(column);
    return s;
}

void DiagnosticReport::error(std::string code, Location where, std::string message) {
    diagnostics_.push_back({Severity::error, std::move(code), std::move(message), where});
    ++errors_;
}

void DiagnosticReport::warning(std::string code, Location where, std::string message) {
    diagnostics_.push_back({Severity::warning, std::move(code), std::move(message), where});
}

std::string render_diagnostic(const Diagnostic& d) {
    const char* severity = d.severity == Severity::error ? "error" : d.severity == Severity::warning ? "warning" : "note";
    // A diagnostic about no particular file (an unreadable path) has no location to show.
    std::string out = (d.where.file ? d.where.to_string() + ": " : std::string("grondslag: ")) + severity + "[" + d.code + "]: " + d.message + "\n";
    if (d.where.file && d.where.line > 0) {
        const std::string_view src = d.where.file->line(d.where.line);
        out += "    ";
        out += src;
        out += "\n    ";
        // Keep tabs so the caret lines up under the source line.
        for (std::uint32_t i = 1; i < d.where.column && i - 1 < src.size(); ++i)
            out += src[i - 1] == '\t' ? '\t' : ' ';
        out += "^\n";
    }
    return out;
}

std::string DiagnosticReport::render() const {
    std::vector<const Diagnostic*> sorted;
    for (const auto& d : diagnostics_) sorted.push_back(&d);
    std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
        const std::string pa = a->where.file ? a->where.file->path : "";
        const std::string pb = b->where.file ? b->where.file->path : "";
        if (pa != pb) return pa < pb;
        if (a->where.line != b->where.line) return a->where.line < b->where.line;
        return a->where.column < b->where.column;
    });
    std::string out;
    for (const auto* d : sorted) out += render_diagnostic(*d);
    return out;
}

}  // namespace grondslag
