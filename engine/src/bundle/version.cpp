#include "grondslag/version.hpp"

#include "image.hpp"

namespace grondslag {

std::string_view engine_version() { return GRONDSLAG_VERSION; }
std::string_view contract_version() { return "1"; }
std::string_view build_fingerprint() { return image::engine_fingerprint(); }

}  // namespace grondslag
