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
    std::uint32_t h_[8];
    unsigned char buffer_[64];
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;
};

std::string sha256_hex(std::string_view data);

// The compression function over whole 64-byte blocks, two ways: portable C++, and the x86 SHA
// extensions (SHA-NI: about 5x faster, which matters when a cold process hashes a bundle). The
// hash picks the second when the CPU has it; tests compare the two.
namespace sha256_blocks {
using Function = void (*)(std::uint32_t state[8], const unsigned char* data, std::size_t blocks);
void portable(std::uint32_t state[8], const unsigned char* data, std::size_t blocks);
bool cpu_has_sha_extensions();
// Only to be called when cpu_has_sha_extensions().
void sha_extensions(std::uint32_t state[8], const unsigned char* data, std::size_t blocks);
}  // namespace sha256_blocks

}  // namespace grondslag
