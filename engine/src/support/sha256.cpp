#include "grondslag/sha256.hpp"

#include <new>

#include <openssl/evp.h>
#include <openssl/sha.h>

namespace grondslag {

namespace {

void hex_into(const unsigned char* bytes, std::size_t length, char* out) {
    static const char digits[] = "0123456789abcdef";
    for (std::size_t i = 0; i < length; ++i) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
}

std::string hex_of(const unsigned char* bytes, std::size_t length) {
    std::string out(length * 2, '0');
    hex_into(bytes, length, out.data());
    return out;
}

// Fetched once: an implicit fetch on every EVP_DigestInit_ex costs more than hashing a request.
const EVP_MD* sha256_method() {
    static EVP_MD* method = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return method;
}

}  // namespace

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
    if (!context_ || !sha256_method() || EVP_DigestInit_ex(context_, sha256_method(), nullptr) != 1) throw std::bad_alloc();
}

Sha256::~Sha256() { EVP_MD_CTX_free(context_); }

void Sha256::update(std::string_view data) {
    if (EVP_DigestUpdate(context_, data.data(), data.size()) != 1) throw std::bad_alloc();
}

std::string Sha256::hex_digest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context_, digest, &length) != 1) throw std::bad_alloc();
    return hex_of(digest, length);
}

std::string to_hex(std::string_view bytes) {
    return hex_of(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

void sha256_hex_into(std::string_view data, char out[64]) {
    // One context per thread, with the method fetched once: SHA256() fetches it on every call, under a lock.
    struct Context {
        EVP_MD_CTX* context = EVP_MD_CTX_new();
        ~Context() { EVP_MD_CTX_free(context); }
    };
    thread_local Context c;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!c.context || !sha256_method() || EVP_DigestInit_ex(c.context, sha256_method(), nullptr) != 1 ||
        EVP_DigestUpdate(c.context, data.data(), data.size()) != 1 || EVP_DigestFinal_ex(c.context, digest, &length) != 1 ||
        length != 32)
        throw std::bad_alloc();
    hex_into(digest, 32, out);
}

std::string sha256_hex(std::string_view data) {
    std::string out(64, '0');
    sha256_hex_into(data, out.data());
    return out;
}

}  // namespace grondslag
