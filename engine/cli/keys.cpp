#include "keys.hpp"

#include <iostream>

#include "grondslag/input_limits.hpp"

namespace grondslag::cli {

namespace {
constexpr std::size_t max_key_file_bytes = 64 * 1024;  // a PEM key is a few hundred bytes
}

std::optional<SigningKey> read_signing_key(const std::string& path) {
    std::string text, why;
    if (!read_file_within(path, max_key_file_bytes, "a signing key", text, why)) {
        std::cerr << "grondslag: " << why << "\n";
        return std::nullopt;
    }
    auto key = SigningKey::from_pem(text, why);
    if (!key) std::cerr << "grondslag: the signing key " << path << " is " << why << "\n";
    return key;
}

bool read_verification_keys(const std::vector<std::string>& paths, std::vector<VerificationKey>& keys) {
    for (const auto& path : paths) {
        std::string text, why;
        if (!read_file_within(path, max_key_file_bytes, "a verification key", text, why)) {
            std::cerr << "grondslag: " << why << "\n";
            return false;
        }
        auto key = VerificationKey::from_pem(text, why);
        if (!key) {
            std::cerr << "grondslag: the verification key " << path << " is " << why << "\n";
            return false;
        }
        keys.push_back(std::move(*key));
    }
    return true;
}

}  // namespace grondslag::cli
