#include <boost/test/unit_test.hpp>

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

BOOST_AUTO_TEST_SUITE_END()
