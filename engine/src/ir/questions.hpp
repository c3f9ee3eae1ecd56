// The five legal questions of the "stappenplan grondslag" on the compiled form: which question a data
// class raises, which grounds of a permit answer each, which question a prevailing forbid leaves open.
// The answer (decide/answer.cpp), the explanation and the register derive their questions from these
// functions, so that they say the same; the texts are theirs, this is only the mapping.
#pragma once
#include <array>
#include <bit>
#include <cstdint>
#include <string>

#include "ir.hpp"

namespace grondslag::ir {

// In the contract's order: (1) basis in the subject-matter law and the AVG art. 6 ground; (2) special
// personal data (AVG 9) and data of juveniles; (3) criminal data (AVG 10); (4) legal numbers such as the
// BSN (UAVG 46); (5) secrecy duties and duties or powers to provide.
enum class Question : std::uint8_t { subject_law, special_data, criminal_data, legal_number, provision_duty };
constexpr std::size_t question_count = 5;
constexpr std::array<Question, question_count> all_questions = {Question::subject_law, Question::special_data,
                                                                 Question::criminal_data, Question::legal_number,
                                                                 Question::provision_duty};

enum class QuestionStatus : std::uint8_t { answered, not_applicable, open, not_reached };

constexpr const char* question_name(Question q) {
    switch (q) {
        case Question::subject_law: return "subject_law";
        case Question::special_data: return "special_data";
        case Question::criminal_data: return "criminal_data";
        case Question::legal_number: return "legal_number";
        case Question::provision_duty: return "provision_duty";
    }
    return "";
}

constexpr const char* question_status_name(QuestionStatus s) {
    switch (s) {
        case QuestionStatus::answered: return "answered";
        case QuestionStatus::not_applicable: return "not_applicable";
        case QuestionStatus::open: return "open";
        case QuestionStatus::not_reached: return "not_reached";
    }
    return "";
}

// The question a data class raises beside the first and the fifth: SPEC the second, CRIM the third, NID
// the fourth; ORD none (returns subject_law).
constexpr Question class_question(DataClass c) {
    switch (c) {
        case DataClass::spec: return Question::special_data;
        case DataClass::crim: return Question::criminal_data;
        case DataClass::nid: return Question::legal_number;
        case DataClass::ord: break;
    }
    return Question::subject_law;
}

// The kind of ground that answers a question for a permit: art6 the first, art9 the second, art10 the
// third, nid the fourth (the fifth is answered by the provision and the obligations, not by a ground).
constexpr bool answers(BasisKind k, Question q) {
    switch (q) {
        case Question::subject_law: return k == BasisKind::art6;
        case Question::special_data: return k == BasisKind::art9;
        case Question::criminal_data: return k == BasisKind::art10;
        case Question::legal_number: return k == BasisKind::nid;
        case Question::provision_duty: return false;
    }
    return false;
}

// Whether an item of class `c` rules a question out: the second, third and fourth concern one class each
// (the second also juveniles: `juvenile` keeps it in).
constexpr bool ruled_out(Question q, DataClass c, bool juvenile) {
    switch (q) {
        case Question::special_data: return c != DataClass::spec && !juvenile;
        case Question::criminal_data: return c != DataClass::crim;
        case Question::legal_number: return c != DataClass::nid;
        case Question::subject_law:
        case Question::provision_duty: return false;
    }
    return false;
}

// A permit answers every question the item's class does not rule out.
constexpr QuestionStatus permit_status(Question q, DataClass c, bool juvenile) {
    return ruled_out(q, c, juvenile) ? QuestionStatus::not_applicable : QuestionStatus::answered;
}

// A deny leaves `deciding` open; the others are not applicable where the class rules them out, and not
// reached otherwise: a deny never claims a question answered.
constexpr QuestionStatus deny_status(Question q, Question deciding, DataClass c, bool juvenile) {
    if (q == deciding) return QuestionStatus::open;
    return ruled_out(q, c, juvenile) ? QuestionStatus::not_applicable : QuestionStatus::not_reached;
}

// The stable reasons of an open first question (the answer's and the explanation's).
constexpr const char* no_rule_reason = "no subject-matter law found for this flow";
constexpr const char* not_in_force_reason = "no provision in force on ";  // + the request date
constexpr const char* conditions_reason = "the conditions of the provisions considered do not hold";

// The reason of the question a prevailing forbid leaves open: "forbidden by ID (first citation)".
inline std::string forbid_reason(const Rule& forbid) {
    std::string reason = "forbidden by " + forbid.id;
    if (!forbid.citations.empty()) reason += " (" + forbid.citations.front() + ")";
    return reason;
}

// Whether some rule names provision `p` as the recipient's secrecy duty (`secrecy under p`).
inline bool is_secrecy_provision(const PolicySet& set, int p) {
    for (const Rule& r : set.rules)
        for (const Obligation& o : r.obligations)
            if (o.kind == ast::ObligationKind::secrecy && o.provision == p) return true;
    return false;
}

// The question a prevailing forbid leaves open: a forbid whose data are all of one class other than ORD
// (AVG 9 on SPEC, AVG 10 on CRIM, UAVG 46 on the BSN) that class's question; otherwise a forbid under a
// provision some rule names as a secrecy duty the fifth; any other forbid the first.
inline Question forbid_question(const PolicySet& set, const Rule& forbid) {
    unsigned classes = 0;
    for (std::size_t c = 0; c < set.categories.size(); ++c)
        if (forbid.categories >> c & 1) classes |= 1u << static_cast<unsigned>(set.categories[c].data_class);
    if (classes != 0 && (classes & (classes - 1)) == 0 && !(classes & 1u << static_cast<unsigned>(DataClass::ord)))
        return class_question(static_cast<DataClass>(std::countr_zero(classes)));
    if (is_secrecy_provision(set, forbid.provision)) return Question::provision_duty;
    return Question::subject_law;
}

// The slot of the bool fact `jeugdige` when the set declares one, else -1: a request that states it true
// concerns a juvenile (the second question).
inline int juvenile_slot(const PolicySet& set) {
    const auto it = set.fact_ids.find("jeugdige");
    if (it == set.fact_ids.end()) return -1;
    const Fact& f = set.facts[it->second];
    return f.type == ValueType::boolean ? f.first_slot : -1;
}

// Calls fn(int basis) for each of the rule's grounds that answers question q, in declaration order.
template <typename Fn>
void for_each_ground(const PolicySet& set, const Rule& r, Question q, Fn&& fn) {
    for (const int b : r.bases)
        if (answers(set.bases[b].kind, q)) fn(b);
}

}  // namespace grondslag::ir
