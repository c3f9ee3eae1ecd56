// SHA-256: the known answers of FIPS 180-4, and the SHA-extensions compression function equal to
// the portable one on every length and alignment tried.
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <random>
#include <string>

#include "sha256.hpp"

BOOST_AUTO_TEST_SUITE(sha256)

BOOST_AUTO_TEST_CASE(known_answers) {
    BOOST_TEST(grondslag::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    BOOST_TEST(grondslag::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(grondslag::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    BOOST_TEST(grondslag::sha256_hex(std::string(1000000, 'a')) ==
               "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // Fed in pieces of every size, the same digest.
    const std::string text(1000, 'x');
    const std::string whole = grondslag::sha256_hex(text);
    for (std::size_t piece = 1; piece <= 130; ++piece) {
        grondslag::Sha256 h;
        for (std::size_t i = 0; i < text.size(); i += piece) h.update(std::string_view(text).substr(i, piece));
        BOOST_TEST(h.hex_digest() == whole);
    }
}

BOOST_AUTO_TEST_CASE(sha_extensions_equal_the_portable_function) {
    namespace blocks = grondslag::sha256_blocks;
    if (!blocks::cpu_has_sha_extensions()) {
        BOOST_TEST_MESSAGE("this CPU has no SHA extensions: only the portable function runs here");
        return;
    }
    std::mt19937_64 random(20261124);
    std::string data(64 * 40 + 1, '\0');
    for (auto& c : data) c = static_cast<char>(random());
    for (int trial = 0; trial < 2000; ++trial) {
        const std::size_t count = 1 + random() % 40;
        const std::size_t offset = random() % 2;  // aligned and not
        std::uint32_t a[8], b[8];
        for (int i = 0; i < 8; ++i) a[i] = b[i] = static_cast<std::uint32_t>(random());
        const auto* p = reinterpret_cast<const unsigned char*>(data.data()) + offset;
        blocks::portable(a, p, count);
        blocks::sha_extensions(b, p, count);
        BOOST_REQUIRE_MESSAGE(std::memcmp(a, b, sizeof a) == 0, "trial " << trial << ": " << count << " blocks differ");
    }
}

BOOST_AUTO_TEST_SUITE_END()
