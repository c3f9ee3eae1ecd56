#include "logbook_capture.hpp"

#include <stdexcept>

namespace grondslag {

LogbookCapture::LogbookCapture() : impl_(std::make_unique<Impl>()) {}
LogbookCapture::~LogbookCapture() = default;
LogbookCapture::LogbookCapture(LogbookCapture&&) noexcept = default;
LogbookCapture& LogbookCapture::operator=(LogbookCapture&&) noexcept = default;

void LogbookCapture::clear() {
    impl_->entries.clear();
    impl_->items.clear();
    impl_->text.clear();
    // One request with a long id leaves a big buffer behind: give it back.
    if (impl_->text.capacity() > (std::size_t{1} << 20)) impl_->text.shrink_to_fit();
}

std::size_t LogbookCapture::size() const { return impl_->entries.size(); }

void LogbookCapture::append_record(std::size_t index, const LogbookContext& context, std::string_view request_sha256,
                                   std::string& out) const {
    if (index >= impl_->entries.size()) throw std::out_of_range("LogbookCapture::append_record: no such decision");
    write_logbook_record(*impl_->fragments, context, request_sha256, impl_->view(index), out);
}

void LogbookCapture::Impl::add(std::shared_ptr<const LogbookFragments> of, const LoggedDecision& d) {
    if (fragments != of) {
        // One capture holds the decisions of one set: a Decider of another set starts it anew.
        if (fragments && !entries.empty()) throw std::logic_error("LogbookCapture: decisions of two policy sets");
        fragments = std::move(of);
    }
    const auto keep = [this](std::string_view s) {
        if (s.size() > UINT32_MAX || text.size() > UINT32_MAX - s.size()) throw std::length_error("LogbookCapture: texts too long");
        const Text t{static_cast<std::uint32_t>(text.size()), static_cast<std::uint32_t>(s.size())};
        text += s;
        return t;
    };
    Entry e;
    e.decision = d;
    e.decision.subject = e.decision.id_json = e.decision.traceparent = e.decision.error = {};
    e.decision.items = nullptr;
    e.subject = keep(d.subject);
    e.id_json = keep(d.id_json);
    e.traceparent = keep(d.traceparent);
    e.error = keep(d.error);
    e.items_begin = static_cast<std::uint32_t>(items.size());
    items.insert(items.end(), d.items, d.items + d.item_count);
    entries.push_back(e);
}

LoggedDecision LogbookCapture::Impl::view(std::size_t index) const {
    const Entry& e = entries[index];
    const auto text_of = [this](Text t) { return std::string_view(text).substr(t.begin, t.size); };
    LoggedDecision d = e.decision;
    d.subject = text_of(e.subject);
    d.id_json = text_of(e.id_json);
    d.traceparent = text_of(e.traceparent);
    d.error = text_of(e.error);
    d.items = items.data() + e.items_begin;
    return d;
}

}  // namespace grondslag
