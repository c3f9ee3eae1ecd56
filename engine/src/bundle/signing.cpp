#include "grondslag/signing.hpp"

#include <algorithm>
#include <stdexcept>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "grondslag/sha256.hpp"

namespace grondslag {

namespace {

using Key = std::shared_ptr<EVP_PKEY>;

Key read_pem(std::string_view pem, bool private_key) {
    // PEM text only: a DER or an encrypted key is refused rather than prompting for a passphrase.
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    if (!bio || pem.size() > (1u << 20)) return nullptr;
    auto no_passphrase = [](char*, int, int, void*) { return -1; };
    EVP_PKEY* key = private_key ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr)
                                : PEM_read_bio_PUBKEY(bio.get(), nullptr, no_passphrase, nullptr);
    ERR_clear_error();
    return Key(key, EVP_PKEY_free);
}

std::string id_of(EVP_PKEY* key) {
    unsigned char raw[64];
    std::size_t length = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(key, raw, &length) != 1) return {};
    return "ed25519:" + sha256_hex(std::string_view(reinterpret_cast<const char*>(raw), length)).substr(0, 16);
}

bool is_ed25519(const Key& key) { return key && EVP_PKEY_get_id(key.get()) == EVP_PKEY_ED25519; }

}  // namespace

std::optional<SigningKey> SigningKey::from_pem(std::string_view pem, std::string& why) {
    Key key = read_pem(pem, true);
    if (!key) {
        why = "not a private key in PEM form (make one with: openssl genpkey -algorithm ed25519 -out KEY.pem)";
        return std::nullopt;
    }
    if (!is_ed25519(key)) {
        why = "the private key is not an Ed25519 key (make one with: openssl genpkey -algorithm ed25519 -out KEY.pem)";
        return std::nullopt;
    }
    SigningKey out;
    out.key_ = std::move(key);
    out.key_id_ = id_of(out.key_.get());
    return out;
}

std::string SigningKey::sign(std::string_view message) const {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    unsigned char signature[64];
    std::size_t length = sizeof signature;
    // Ed25519 is one-shot (PureEdDSA): no digest is named.
    if (!context || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
        EVP_DigestSign(context.get(), signature, &length, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1) {
        ERR_clear_error();
        throw std::runtime_error("OpenSSL could not sign with the Ed25519 key");
    }
    return std::string(reinterpret_cast<const char*>(signature), length);
}

// An Ed25519 public key as SubjectPublicKeyInfo (RFC 8410 section 4): this fixed DER prefix, then the
// 32 key bytes. Read through PEM_read_bio and EVP_PKEY_new_raw_public_key, it spares a server OpenSSL's
// general key decoders, whose first use cost a cold process 1.2 ms (docs/performance.md).
static Key read_ed25519_public_pem(std::string_view pem) {
    static constexpr unsigned char prefix[] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    if (!bio || pem.size() > (1u << 20)) return nullptr;
    char *name = nullptr, *header = nullptr;
    unsigned char* der = nullptr;
    long length = 0;
    Key key(nullptr, EVP_PKEY_free);
    if (PEM_read_bio(bio.get(), &name, &header, &der, &length) == 1 && std::string_view(name) == "PUBLIC KEY" &&
        length == static_cast<long>(sizeof prefix + 32) && std::equal(prefix, prefix + sizeof prefix, der))
        key = Key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, der + sizeof prefix, 32), EVP_PKEY_free);
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(der);
    ERR_clear_error();
    return key;
}

std::optional<VerificationKey> VerificationKey::from_pem(std::string_view pem, std::string& why) {
    Key key = read_ed25519_public_pem(pem);
    if (!key) key = read_pem(pem, false);  // another kind of public key: refused below, with its reason
    if (!key) {
        why = "not a public key in PEM form (make it from the signing key with: openssl pkey -in KEY.pem -pubout -out PUB.pem)";
        return std::nullopt;
    }
    if (!is_ed25519(key)) {
        why = "the public key is not an Ed25519 key";
        return std::nullopt;
    }
    VerificationKey out;
    out.key_ = std::move(key);
    out.key_id_ = id_of(out.key_.get());
    return out;
}

bool VerificationKey::verify(std::string_view message, std::string_view signature) const {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    const bool ok = context && signature.size() == 64 &&
                    EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key_.get()) == 1 &&
                    EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                                     signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size()) == 1;
    ERR_clear_error();
    return ok;
}

}  // namespace grondslag
