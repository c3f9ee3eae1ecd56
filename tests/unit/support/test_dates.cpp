#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "dates.hpp"

using namespace grondslag;

BOOST_AUTO_TEST_SUITE(dates)

BOOST_AUTO_TEST_CASE(round_trip_and_validation) {
    BOOST_TEST(*parse_date("1970-01-01") == 0);
    BOOST_TEST(format_date(*parse_date("2024-02-29")) == "2024-02-29");
    BOOST_TEST(!parse_date("2023-02-29"));
    BOOST_TEST(!parse_date("2021-13-01"));
    BOOST_TEST(!parse_date("2021-1-01"));
    BOOST_TEST(!parse_date("2021-01-01x"));
    BOOST_TEST(!parse_date("20210101"));
    for (Day d = *parse_date("2018-01-01"); d < *parse_date("2027-01-01"); ++d)
        BOOST_TEST_REQUIRE(*parse_date(format_date(d)) == d);
}

BOOST_AUTO_TEST_CASE(calendar_periods_clamp_to_month_end) {
    BOOST_TEST(format_date(subtract_period(*parse_date("2024-05-31"), {3, PeriodUnit::months})) == "2024-02-29");
    BOOST_TEST(format_date(add_period(*parse_date("2024-01-31"), {1, PeriodUnit::months})) == "2024-02-29");
    BOOST_TEST(format_date(add_period(*parse_date("2024-02-29"), {1, PeriodUnit::years})) == "2025-02-28");
    BOOST_TEST(format_date(add_period(*parse_date("2021-07-01"), {9, PeriodUnit::months})) == "2022-04-01");
    BOOST_TEST(format_date(add_period(*parse_date("2021-12-31"), {1, PeriodUnit::days})) == "2022-01-01");
    BOOST_TEST(format_date(subtract_period(*parse_date("2022-01-15"), {3, PeriodUnit::months})) == "2021-10-15");
}

// A period back past year 0 gives a negative month count: the month must still be 1-12 (it once
// indexed the table of month lengths at -2) and the day clamped to that month's length.
BOOST_AUTO_TEST_CASE(periods_back_past_year_zero_stay_in_the_calendar) {
    auto civil = [](Day d) { const CivilDate c = civil_from_days(d); return std::vector<int>{c.year, c.month, c.day}; };
    // 2024-03-31 is month 24290 counted from year 0; 100,000 months back is month -75710: November of -6310.
    BOOST_TEST(civil(subtract_period(*parse_date("2024-03-31"), {100000, PeriodUnit::months})) == (std::vector<int>{-6310, 11, 30}),
               boost::test_tools::per_element());
    BOOST_TEST(civil(add_period(*parse_date("2024-01-31"), {-24289, PeriodUnit::months})) == (std::vector<int>{-1, 12, 31}),
               boost::test_tools::per_element());
    BOOST_TEST(civil(subtract_period(*parse_date("2024-02-29"), {100000, PeriodUnit::years})) == (std::vector<int>{-97976, 2, 29}),
               boost::test_tools::per_element());
    // Every month count from -100,000 years to +100,000 years (the parser's bound) gives a valid month and day.
    const Day start = *parse_date("2000-01-31");
    for (std::int32_t m = -1'200'000; m <= 1'200'000; m += 7) {
        const CivilDate c = civil_from_days(add_period(start, {m, PeriodUnit::months}));
        if (c.month < 1 || c.month > 12 || c.day < 28 || c.day > 31) {
            BOOST_ERROR("add_period(2000-01-31, " << m << " months) gives month " << c.month << ", day " << c.day);
            break;
        }
    }
}

// The memo must give parse_date's answer for every text, whichever texts came before: every day
// of 1900-2100 and impossible dates, in random order, several times over (each of the 16 entries
// is overwritten thousands of times, and texts that share 8 or 2 of their bytes meet).
BOOST_AUTO_TEST_CASE(the_date_memo_answers_as_parse_date_does) {
    std::vector<std::string> texts;
    for (Day d = *parse_date("1900-01-01"); d <= *parse_date("2100-12-31"); ++d) texts.push_back(format_date(d));
    for (int y = 1899; y <= 2101; y += 3)
        for (const char* md : {"-02-29", "-02-30", "-04-31", "-13-01", "-00-10", "-01-00", "-01-32", "-1x-01"})
            texts.push_back(std::to_string(y) + md);
    texts.push_back("2024-08-0");
    texts.push_back("2024-08-011");
    std::mt19937_64 rng(11);
    DateMemo memo;
    std::size_t checked = 0;
    for (int round = 0; round < 3; ++round) {
        std::shuffle(texts.begin(), texts.end(), rng);
        for (const auto& t : texts) {
            const auto expected = parse_date(t);
            const auto got = memo.parse(t);
            BOOST_TEST_REQUIRE(got.has_value() == expected.has_value(), t);
            if (expected) BOOST_TEST_REQUIRE(*got == *expected, t);
            // The same text straight after, from the memo.
            const auto again = memo.parse(t);
            BOOST_TEST_REQUIRE(again.has_value() == expected.has_value(), t);
            if (expected) BOOST_TEST_REQUIRE(*again == *expected, t);
            ++checked;
        }
    }
    BOOST_TEST(checked > 200000u);
}

BOOST_AUTO_TEST_SUITE_END()
