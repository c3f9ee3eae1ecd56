// What the SARIF reports of verify and diff share: the tool's driver and a file's artifact location.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace grondslag {

// The driver: name, the engine's version, the rules. No informationUri: SARIF wants an absolute URI and
// grondslag's documentation travels with the sources, so each rule's `help` names its document instead.
nlohmann::json sarif_driver(const std::string& name, const nlohmann::json& rules);

// A file as an artifactLocation: relative to `source_root` (uriBaseId SRCROOT) when it lies under it or
// is relative already; otherwise as an absolute file URI.
nlohmann::json sarif_artifact(const std::string& file, const std::string& source_root);

}  // namespace grondslag
