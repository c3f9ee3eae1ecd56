// Ed25519 keys for signing and checking sealed bundles, through OpenSSL's libcrypto.
//
// Make a key pair with
//   openssl genpkey -algorithm ed25519 -out signing-key.pem
//   openssl pkey -in signing-key.pem -pubout -out verification-key.pem
// The private key stays with whoever runs `verify --seal`; servers get only the public key
// (docs/verification.md, "Trust model").
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct evp_pkey_st;

namespace grondslag {

class SigningKey {
public:
    // An Ed25519 private key in PEM; nullopt, with `why` set, for anything else.
    static std::optional<SigningKey> from_pem(std::string_view pem, std::string& why);
    // "ed25519:" and the first 16 hex digits of the sha256 of the raw public key: names the key
    // in bundles and messages (it identifies, the signature proves).
    const std::string& key_id() const { return key_id_; }
    std::string sign(std::string_view message) const;  // 64 bytes

private:
    std::shared_ptr<evp_pkey_st> key_;
    std::string key_id_;
};

class VerificationKey {
public:
    // An Ed25519 public key in PEM (SubjectPublicKeyInfo); nullopt, with `why` set, for anything else.
    static std::optional<VerificationKey> from_pem(std::string_view pem, std::string& why);
    const std::string& key_id() const { return key_id_; }
    bool verify(std::string_view message, std::string_view signature) const;

private:
    std::shared_ptr<evp_pkey_st> key_;
    std::string key_id_;
};

}  // namespace grondslag
