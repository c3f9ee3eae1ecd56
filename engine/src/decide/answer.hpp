// Writing answers in the decision contract's JSON form.
#pragma once
#include <array>
#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "evaluator.hpp"
#include "request.hpp"

namespace grondslag {

// Appends `,"why_not":[...]` for a denied item. The decision path does not depend on the explainer:
// the Decider hands its analysis in here when asked for it (explain_internal.hpp, append_why_not).
using WhyNotWriter = void (*)(const ir::PolicySet& set, const Request& request, std::uint16_t category, std::string& out);

struct AnswerOptions {
    bool unverified = false;         // the policy set was served without verification
    WhyNotWriter why_not = nullptr;  // set: add a why_not array to each denied item
};

// An answer is assembled here and then added to the caller's string in one piece: std::string's
// append is an out-of-line call per fragment, while put() copies a literal of known length inline.
class AnswerText {
public:
    void clear() { size_ = 0; }
    std::string_view view() const { return {data_.get(), size_}; }
    template <std::size_t N>
    void put(const char (&literal)[N]) {
        copy(literal, N - 1);
    }
    void put(std::string_view s) { copy(s.data(), s.size()); }
    void put(char c) {
        reserve(1);
        data_[size_++] = c;
    }
    void date(Day d);  // YYYY-MM-DD

private:
    void copy(const char* s, std::size_t n) {
        reserve(n);
        std::memcpy(data_.get() + size_, s, n);
        size_ += n;
    }
    void reserve(std::size_t n) {
        if (capacity_ - size_ < n) grow(n);
    }
    void grow(std::size_t n);
    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0, capacity_ = 0;
};

// The answer's fixed texts for one compiled set, JSON-escaped once when a Decider is made, so that
// writing an answer only copies bytes. They belong to the answer, not to the compiled form: the set
// (and a bundle's image of it) carries no JSON.
struct AnswerFragments {
    explicit AnswerFragments(const ir::PolicySet& set);
    const ir::PolicySet& set;
    std::vector<std::string> permit;  // per rule: "rule":..,"provision":..,"basis":..[,"grounds":[..]],"citations":[..]
    std::vector<std::string> forbid;  // per rule: "reason":"forbidden by ID (citation)  -- unterminated: the
                                      // answer may add when a permit would have applied
    // Names as JSON strings.
    std::vector<std::string> category, fact, rule, provision, citation, actor;

    // The five legal questions (ir/questions.hpp), as `,"questions":[...]`, per data class and whether the
    // request concerns a juvenile (index: 2 * class + juvenile). A rule holds only the variants a request
    // can reach (its classes; juvenile ones when the set declares the fact).
    static constexpr std::size_t question_variants = 8;
    struct TextSpan {
        std::uint32_t at = 0, size = 0;
    };
    using QuestionTexts = std::array<TextSpan, question_variants>;
    // A rule's questions: as a permit (a permit rule) or as the prevailing forbid (a forbid rule). Made on the
    // rule's first answer, not when the set is loaded: a set's questions are some 400 KB, most of a cold
    // decision's start for texts one answer does not read (docs/performance.md). Safe from any thread.
    std::string_view rule_questions(std::uint32_t rule, std::size_t variant) const {
        const RuleQuestions& q = made_[rule].load(std::memory_order_acquire) ? rule_questions_[rule] : make_questions(rule);
        return {q.text.data() + q.spans[variant].at, q.spans[variant].size};
    }
    // The set-wide texts, made at load, lie one after another in `question_text`.
    std::string question_text;
    std::string_view text(TextSpan span) const { return {question_text.data() + span.at, span.size}; }
    QuestionTexts no_rule_questions;              // cause no_rule: the whole array
    // Causes not_in_force and conditions leave the first question open: its object is written from the
    // request (a date, the missing facts), then the other four from here.
    std::string not_in_force_open;  // `{"question":"subject_law","status":"open","reason":"no provision in force on `
    std::string conditions_open;    // `{"question":"subject_law",...,"missing_facts":[`
    QuestionTexts subject_law_open_rest;  // `,{...}` x 4 and the closing `]`
    int juvenile_slot = -1;                        // the bool fact `jeugdige`, when the set declares it

private:
    struct RuleQuestions {
        std::string text;
        QuestionTexts spans;
    };
    const RuleQuestions& make_questions(std::uint32_t rule) const;
    // Per rule: its texts, written once under `making_`, and whether they are written (set after them).
    std::unique_ptr<RuleQuestions[]> rule_questions_;
    std::unique_ptr<std::atomic<bool>[]> made_;
    mutable std::mutex making_;
};

// Writes one answer into `text` (cleared first; no trailing newline).
void write_answer(const AnswerFragments& fragments, const Request& request, const Decision& decision,
                  const AnswerOptions& options, AnswerText& text);
// The same, appended to `out`.
void write_answer(const AnswerFragments& fragments, const Request& request, const Decision& decision,
                  const AnswerOptions& options, std::string& out);

// An answer for a request that could not be decoded: deny, with the JSON path.
// `line` > 0 in batch mode.
void write_error_answer(const ir::PolicySet& set, const std::string& id_json, const RequestError& error,
                        std::size_t line, const AnswerOptions& options, std::string& out);

}  // namespace grondslag
