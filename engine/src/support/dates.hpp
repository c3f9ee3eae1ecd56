// Calendar dates as day numbers. The evaluator and the verifier share these
// functions so that "three months before" means the same day in both.
#pragma once
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace grondslag {

using Day = std::int32_t;  // days since 1970-01-01

struct CivilDate {
    int year;
    int month;  // 1..12
    int day;    // 1..31
};

enum class PeriodUnit : std::uint8_t { days, months, years };

struct Period {
    std::int32_t amount = 0;
    PeriodUnit unit = PeriodUnit::days;
};

Day days_from_civil(CivilDate d);
CivilDate civil_from_days(Day z);
bool is_valid_civil(CivilDate d);

// Parses exactly YYYY-MM-DD with a real calendar day; nullopt otherwise.
std::optional<Day> parse_date(std::string_view text);
// parse_date with a memo: dates repeat within a batch of requests (the request date, consent
// dates, dates of facts). The last dates parsed are kept by their ten bytes and each is
// compared in full before it is reused.
class DateMemo {
public:
    std::optional<Day> parse(std::string_view text) {
        if (text.size() != 10) return parse_date(text);
        std::uint64_t head;
        std::uint16_t tail;
        std::memcpy(&head, text.data(), 8);
        std::memcpy(&tail, text.data() + 8, 2);
        Entry& e = entries_[((head ^ (std::uint64_t{tail} << 40)) * 0x9E3779B97F4A7C15ull) >> 60];
        if (e.known && e.head == head && e.tail == tail) return e.day;
        const auto day = parse_date(text);
        if (day) e = Entry{head, tail, true, *day};
        return day;
    }

private:
    struct Entry {
        std::uint64_t head = 0;
        std::uint16_t tail = 0;
        bool known = false;
        Day day = 0;
    };
    Entry entries_[16];
};

std::string format_date(Day d);
// Writes YYYY-MM-DD into out[0..10); no allocation.
void format_date_into(Day d, char out[10]);

// Adds a period. Months and years clamp to the last day of the month
// (2024-05-31 + 1 month = 2024-06-30), as the civil code counts periods.
Day add_period(Day d, Period p);
Day subtract_period(Day d, Period p);

std::string format_period(Period p);
// ISO 8601 duration: "P20Y", "P6M", "P42D" (the answer's `period`, DPV's storage duration).
std::string iso_duration(Period p);

}  // namespace grondslag
