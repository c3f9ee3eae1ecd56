#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace grondslag {

// Streaming SHA-256 (FIPS 180-4); used to name the exact policy set that answered.
class Sha256 {
public:
    Sha256();
    void update(std::string_view data);
    std::string hex_digest();  // finishes the hash

private:
    void block(const unsigned char* p);
    std::uint32_t h_[8];
    unsigned char buffer_[64];
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;
};

std::string sha256_hex(std::string_view data);

}  // namespace grondslag
