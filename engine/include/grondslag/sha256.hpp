#pragma once
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace grondslag {

// Streaming SHA-256 through OpenSSL's libcrypto (which uses the CPU's SHA extensions where it has
// them); used to name the exact policy set that answered, and a logged request.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::string_view data);
    std::string hex_digest();  // finishes the hash

private:
    evp_md_ctx_st* context_;
};

std::string sha256_hex(std::string_view data);
// The same 64 hex digits into `out`, without allocating (a decision log hashes every request).
void sha256_hex_into(std::string_view data, char out[64]);
// Lower-case hex of any bytes (digests, signatures).
std::string to_hex(std::string_view bytes);

}  // namespace grondslag
