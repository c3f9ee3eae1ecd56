// Reading the Ed25519 keys that sign bundles (verify --signing-key) and check them
// (--verification-key): a key file that cannot be read or is no such key is reported on stderr.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "grondslag/signing.hpp"

namespace grondslag::cli {

std::optional<SigningKey> read_signing_key(const std::string& path);
// All or nothing: false (after saying why) when any one of the files is not a public key.
bool read_verification_keys(const std::vector<std::string>& paths, std::vector<VerificationKey>& keys);

}  // namespace grondslag::cli
