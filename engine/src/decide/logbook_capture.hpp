// What a LogbookCapture keeps per decision: the LoggedDecision's parts, its texts in one buffer and its
// items in one array, so that capturing a block of decisions allocates nothing once the buffers have grown.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "grondslag/logbook.hpp"
#include "logbook_record.hpp"

namespace grondslag {

struct LogbookCapture::Impl {
    struct Text {
        std::uint32_t begin = 0, size = 0;
    };
    struct Entry {
        LoggedDecision decision;  // its texts and items empty: they are below, by offset, as the buffers move
        Text subject, id_json, traceparent, error;
        std::uint32_t items_begin = 0;
    };
    std::shared_ptr<const LogbookFragments> fragments;  // of the set that decided
    std::vector<Entry> entries;
    std::vector<LoggedItem> items;
    std::string text;

    void add(std::shared_ptr<const LogbookFragments> of, const LoggedDecision& d);
    LoggedDecision view(std::size_t index) const;
};

}  // namespace grondslag
