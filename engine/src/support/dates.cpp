#include "dates.hpp"

#include <algorithm>
#include <cstdio>

namespace grondslag {

// Howard Hinnant's civil-date algorithms (public domain description).
Day days_from_civil(CivilDate c) {
    int y = c.year - (c.month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned m = static_cast<unsigned>(c.month);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(c.day) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

CivilDate civil_from_days(Day z0) {
    int z = z0 + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return CivilDate{y + (m <= 2 ? 1 : 0), static_cast<int>(m), static_cast<int>(d)};
}

namespace {
// Beyond about ±5.8 million years a day number no longer fits in Day; dates this far out only arise from
// periods of up to 100,000 years on dates of 1900-2999, so the bounds are never reached by a policy.
constexpr std::int64_t min_period_year = -1'000'000, max_period_year = 1'000'000;
constexpr std::int64_t far_day = 400'000'000;
Day clamp_day(std::int64_t v) { return static_cast<Day>(std::clamp<std::int64_t>(v, -far_day, far_day)); }
}  // namespace

static int days_in_month(int year, int month) {
    static const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2) {
        const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
    }
    return lengths[month - 1];
}

bool is_valid_civil(CivilDate d) {
    return d.year >= 1900 && d.year <= 2999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= days_in_month(d.year, d.month);
}

std::optional<Day> parse_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto digits = [&](std::size_t from, std::size_t count) -> int {
        int v = 0;
        for (std::size_t i = from; i < from + count; ++i) {
            if (s[i] < '0' || s[i] > '9') return -1;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    CivilDate c{digits(0, 4), digits(5, 2), digits(8, 2)};
    if (c.year < 0 || c.month < 0 || c.day < 0 || !is_valid_civil(c)) return std::nullopt;
    return days_from_civil(c);
}

void format_date_into(Day d, char out[10]) {
    const CivilDate c = civil_from_days(d);
    int y = c.year;
    out[3] = static_cast<char>('0' + y % 10); y /= 10;
    out[2] = static_cast<char>('0' + y % 10); y /= 10;
    out[1] = static_cast<char>('0' + y % 10); y /= 10;
    out[0] = static_cast<char>('0' + y % 10);
    out[4] = '-';
    out[5] = static_cast<char>('0' + c.month / 10);
    out[6] = static_cast<char>('0' + c.month % 10);
    out[7] = '-';
    out[8] = static_cast<char>('0' + c.day / 10);
    out[9] = static_cast<char>('0' + c.day % 10);
}

std::string format_date(Day d) {
    char buf[10];
    format_date_into(d, buf);
    return std::string(buf, 10);
}

// In 64 bits with floor division: a period of up to 100,000 years back (parser.cpp's bound) gives a
// negative month count, whose remainder in C++ is negative and would index days_in_month out of bounds.
// Years beyond the range Day can hold are clamped to it, so no arithmetic on any Period overflows.
Day add_period(Day d, Period p) {
    if (p.unit == PeriodUnit::days) return clamp_day(std::int64_t{d} + p.amount);
    CivilDate c = civil_from_days(d);
    const std::int64_t months = p.unit == PeriodUnit::years ? std::int64_t{p.amount} * 12 : std::int64_t{p.amount};
    const std::int64_t total = std::int64_t{c.year} * 12 + (c.month - 1) + months;
    std::int64_t year = total / 12, month0 = total % 12;
    if (month0 < 0) {
        month0 += 12;
        --year;
    }
    if (year < min_period_year) return clamp_day(-far_day);
    if (year > max_period_year) return clamp_day(far_day);
    c.year = static_cast<int>(year);
    c.month = static_cast<int>(month0) + 1;
    const int last = days_in_month(c.year, c.month);
    if (c.day > last) c.day = last;
    return days_from_civil(c);
}

Day subtract_period(Day d, Period p) {
    return add_period(d, Period{-p.amount, p.unit});
}

std::string iso_duration(Period p) {
    const char unit = p.unit == PeriodUnit::days ? 'D' : p.unit == PeriodUnit::months ? 'M' : 'Y';
    return "P" + std::to_string(p.amount) + unit;
}

std::string format_period(Period p) {
    const char* unit = p.unit == PeriodUnit::days ? "day" : p.unit == PeriodUnit::months ? "month" : "year";
    std::string s = std::to_string(p.amount) + " " + unit;
    if (p.amount != 1) s += "s";
    return s;
}

}  // namespace grondslag
