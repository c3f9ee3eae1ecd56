// Which grondslag this is: the release, the version of the decision contract it answers in
// (docs/contract.md), and the build fingerprint a compiled image must match to be read.
#pragma once
#include <string_view>

namespace grondslag {

std::string_view engine_version();     // "0.1.0"
std::string_view contract_version();   // "1"
std::string_view build_fingerprint();  // "gsl-image/3:sha256:..."

}  // namespace grondslag
