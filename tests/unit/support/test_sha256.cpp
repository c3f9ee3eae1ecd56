// SHA-256 (OpenSSL's, behind the engine's own small interface): the known answers of FIPS 180-4,
// streamed in pieces of every size.
#include <boost/test/unit_test.hpp>

#include <string>

#include "grondslag/grondslag.hpp"
#include "grondslag/sha256.hpp"

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

// The policy_set hash names one list of (file name, text) pairs: a file whose text holds what
// once separated two files no longer hashes like those two files.
BOOST_AUTO_TEST_CASE(policy_set_hash_is_unambiguous) {
    using grondslag::Policies;
    const std::string a = "module a rank wet\n", b = "module b rank wet\n";
    const Policies two = Policies::load_sources({{"a.gsl", a}, {"b.gsl", b}});
    const Policies one = Policies::load_sources({{"a.gsl", a + std::string("\0", 1) + "b.gsl" + std::string("\0", 1) + b}});
    BOOST_TEST(two.hash() != one.hash());
    const Policies split = Policies::load_sources({{"a.gsl", "module a rank wet\n"}, {"b.gsl", b}});
    BOOST_TEST(two.hash() == split.hash());
    // Order, names and texts all count; the folder does not (a set moved keeps its name).
    BOOST_TEST(Policies::load_sources({{"b.gsl", b}, {"a.gsl", a}}).hash() != two.hash());
    BOOST_TEST(Policies::load_sources({{"x/a.gsl", a}, {"y/b.gsl", b}}).hash() == two.hash());
    BOOST_TEST(Policies::load_sources({{"a.gsl", a + " "}, {"b.gsl", b}}).hash() != two.hash());
    BOOST_TEST(two.hash().rfind("sha256:", 0) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
