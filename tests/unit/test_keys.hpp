// Ed25519 key pairs for tests, made from a fixed seed so tests and fuzz runs repeat: the PEM
// texts `openssl genpkey -algorithm ed25519` and `openssl pkey -pubout` would write for that key.
#pragma once
#include <memory>
#include <stdexcept>
#include <string>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace grondslag::testing {

struct PemKeyPair {
    std::string private_pem, public_pem;
};

inline PemKeyPair test_key_pair(unsigned char seed) {
    unsigned char raw[32];
    for (int i = 0; i < 32; ++i) raw[i] = static_cast<unsigned char>(seed * 31 + i);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, raw, sizeof raw), EVP_PKEY_free);
    if (!key) throw std::runtime_error("cannot make a test key");
    auto pem = [&](bool private_part) {
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
        const int ok = private_part ? PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)
                                    : PEM_write_bio_PUBKEY(bio.get(), key.get());
        if (ok != 1) throw std::runtime_error("cannot write a test key");
        char* data = nullptr;
        const long length = BIO_get_mem_data(bio.get(), &data);
        return std::string(data, static_cast<std::size_t>(length));
    };
    return {pem(true), pem(false)};
}

}  // namespace grondslag::testing
