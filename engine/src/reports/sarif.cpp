#include "sarif.hpp"

#include <filesystem>

#include "grondslag/version.hpp"

namespace grondslag {

nlohmann::json sarif_driver(const std::string& name, const nlohmann::json& rules) {
    return {{"name", name}, {"version", std::string(engine_version())}, {"semanticVersion", std::string(engine_version())}, {"rules", rules}};
}

nlohmann::json sarif_artifact(const std::string& file, const std::string& source_root) {
    namespace fs = std::filesystem;
    const fs::path path(file);
    if (path.is_relative()) return {{"uri", path.lexically_normal().generic_string()}, {"uriBaseId", "SRCROOT"}};
    if (!source_root.empty()) {
        const fs::path relative = path.lexically_normal().lexically_relative(fs::absolute(source_root).lexically_normal());
        if (!relative.empty() && *relative.begin() != "..") return {{"uri", relative.generic_string()}, {"uriBaseId", "SRCROOT"}};
    }
    return {{"uri", "file://" + path.lexically_normal().generic_string()}};
}

}  // namespace grondslag
