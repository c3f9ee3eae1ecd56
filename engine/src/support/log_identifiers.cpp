#include "log_identifiers.hpp"

#include "grondslag/sha256.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace grondslag {

namespace {

// Random bytes drawn 4 KiB at a time; each thread has its own, so no lock and no byte given twice.
struct RandomPool {
    unsigned char bytes[4096];
    std::size_t used = sizeof bytes;
    const unsigned char* take(std::size_t n) {
        if (sizeof bytes - used < n) {
            if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("OpenSSL gave no random bytes for a trace id");
            used = 0;
        }
        used += n;
        return bytes + used - n;
    }
};

}  // namespace

std::string hmac_sha256_tag(std::string_view key, std::string_view text) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(text.data()),
              text.size(), mac, &n))
        throw std::runtime_error("HMAC-SHA-256 failed");
    return "hmac-sha256:" + to_hex(std::string_view(reinterpret_cast<const char*>(mac), n));
}

void append_random_hex(std::string& out, std::size_t bytes) {
    thread_local RandomPool pool;
    if (bytes > 64) throw std::invalid_argument("append_random_hex: at most 64 bytes");
    for (;;) {
        const unsigned char* p = pool.take(bytes);
        bool zero = true;
        for (std::size_t i = 0; i < bytes; ++i) zero = zero && p[i] == 0;
        if (zero) continue;
        out += to_hex(std::string_view(reinterpret_cast<const char*>(p), bytes));
        return;
    }
}

}  // namespace grondslag
