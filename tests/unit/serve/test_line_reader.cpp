// The decide command's line reader against a plain split of the same input, over read sizes down to
// one byte (so every line crosses buffer boundaries) and limits down to zero; its read errors; and
// `ready`, which lets a producer that waits for an answer get it.
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <random>
#include <string>

#include "line_reader.hpp"
#include "line_reference.hpp"

using grondslag::cli::LineReader;

BOOST_AUTO_TEST_SUITE(line_reader)

BOOST_AUTO_TEST_CASE(lines_are_those_of_a_plain_split_for_every_read_size_and_limit) {
    std::mt19937_64 rng(11);
    const std::string alphabet = "ab{}\" \t\r\n\n\n";
    std::vector<std::string> inputs = {"", "\n", "\n\n", "a", "a\n", "a\nb", " \t\r\n  ", std::string(300, ' ') + "\nx"};
    for (int k = 0; k < 300; ++k) {
        std::string s(rng() % 400, ' ');
        for (auto& c : s) c = alphabet[rng() % alphabet.size()];
        inputs.push_back(s);
    }
    std::size_t checked = 0;
    for (const auto& input : inputs)
        for (const std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{64},
                                        LineReader::default_chunk})
            for (const std::size_t limit : {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{40}, std::size_t{1} << 20})
                for (const bool hash : {false, true}) {
                    const std::string difference = grondslag::testing::compare_reader(input, limit, chunk, hash);
                    BOOST_TEST(difference.empty(), "input of " << input.size() << " bytes, chunk " << chunk << ", limit "
                                                               << limit << ": " << difference);
                    ++checked;
                }
    BOOST_TEST(checked == inputs.size() * 6 * 5 * 2);
}

BOOST_AUTO_TEST_CASE(a_line_over_the_limit_keeps_only_its_length_blankness_and_hash) {
    const std::string line(100, 'x');
    const int fd = grondslag::testing::memory_file(line + "\n  \t \nok\n");
    BOOST_REQUIRE(fd >= 0);
    LineReader reader(fd, 3, true, 8);
    BOOST_TEST(static_cast<int>(reader.next()) == static_cast<int>(LineReader::Status::too_long));
    BOOST_TEST(reader.length() == 100u);
    BOOST_TEST(!reader.blank());
    BOOST_TEST(reader.long_hash() == grondslag::sha256_hex(line));
    BOOST_TEST(reader.text().empty());  // nothing of it is held
    BOOST_TEST(static_cast<int>(reader.next()) == static_cast<int>(LineReader::Status::too_long));
    BOOST_TEST(reader.blank());
    BOOST_TEST(static_cast<int>(reader.next()) == static_cast<int>(LineReader::Status::line));
    BOOST_TEST(reader.text() == "ok");
    BOOST_TEST(reader.number() == 3u);
    BOOST_TEST(static_cast<int>(reader.next()) == static_cast<int>(LineReader::Status::end));
    ::close(fd);
}

BOOST_AUTO_TEST_CASE(a_read_error_is_reported_not_taken_for_the_end) {
    const int fd = ::open("/", O_RDONLY | O_DIRECTORY);  // read(2) on a directory fails (EISDIR)
    BOOST_REQUIRE(fd >= 0);
    LineReader reader(fd, 100, false);
    BOOST_TEST(static_cast<int>(reader.next()) == static_cast<int>(LineReader::Status::error));
    BOOST_TEST(reader.error() != 0);
    ::close(fd);
}

BOOST_AUTO_TEST_CASE(ready_says_whether_the_next_line_can_be_read_without_waiting) {
    int p[2];
    BOOST_REQUIRE(::pipe(p) == 0);
    BOOST_REQUIRE(::write(p[1], "one\ntwo\nthr", 11) == 11);
    LineReader reader(p[0], 100, false);
    BOOST_TEST(reader.ready());  // bytes wait in the pipe
    BOOST_TEST(static_cast<int>(reader.next()) == static_cast<int>(LineReader::Status::line));
    BOOST_TEST(reader.ready());  // "two" is whole in the buffer
    BOOST_TEST(static_cast<int>(reader.next()) == static_cast<int>(LineReader::Status::line));
    BOOST_TEST(reader.text() == "two");
    BOOST_TEST(!reader.ready());  // "thr" has no newline yet and the producer is still there
    BOOST_REQUIRE(::write(p[1], "ee\n", 3) == 3);
    BOOST_TEST(reader.ready());
    BOOST_TEST(static_cast<int>(reader.next()) == static_cast<int>(LineReader::Status::line));
    BOOST_TEST(reader.text() == "three");
    ::close(p[1]);
    BOOST_TEST(reader.ready());  // the end can be read at once
    BOOST_TEST(static_cast<int>(reader.next()) == static_cast<int>(LineReader::Status::end));
    ::close(p[0]);
}

BOOST_AUTO_TEST_SUITE_END()
