// The Verifier: one Z3 context and solver over one compiled set, and the properties of
// docs/verification.md as its passes. The class is declared here because its passes are defined in
// one file per family of properties (consistency.cpp, grounds.cpp, minimality.cpp, validity.cpp);
// what every pass uses (one query over a slice, findings, proofs) is in properties.cpp, and the order
// the passes run in is verifier.cpp's.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "encoding.hpp"
#include "grondslag/verify.hpp"
#include "ir.hpp"

namespace grondslag::verifier {

// Thrown when the overall deadline (VerifyOptions::deadline) is reached: the rest is not run.
struct DeadlineReached {};

void check_deadline(const VerifyOptions& options);

// A validity bound as a finding writes it ("the beginning", a date, "the end").
std::string date_text(Day d);
// "a, b, c", or "(none)".
std::string join(const std::vector<std::string>& v);

class Verifier {
public:
    Verifier(const ir::PolicySet& set, const VerifyOptions& options, VerifyReport& report, bool slicing);

    // Every pass, in order (verifier.cpp).
    void run();

private:
    const ir::PolicySet& set_;
    const VerifyOptions& options_;
    VerifyReport& report_;
    const bool slicing_;
    std::vector<int> all_rules_;
    z3::context ctx_;
    Encoding enc_;
    z3::solver solver_;
    std::vector<z3::expr> app_;  // per rule a tracked constant, tied to its applicability inside a check
    std::unordered_map<std::string, int> tracker_ids_;
    std::vector<char> live_;
    std::vector<char> wins_;  // permits that decide some request (never-wins sat)
    using Region = Encoding::Region;
    using Decision = Encoding::Decision;

    enum class Res { sat, unsat, unknown };
    struct Outcome {
        Res res = Res::unknown;
        nlohmann::json witness;
        std::string item, decision, rule;
        bool answered = false;  // decision and rule are the encoding's answer for the witness
        std::vector<int> core;
    };
    // Witnesses in which a permit decides, by (purpose, category) and (purpose, recipient).
    std::map<std::pair<std::int64_t, std::int64_t>, Outcome> permitted_category_, permitted_recipient_;

    // ---- what every pass uses (properties.cpp) ----

    void progress(const std::string& what);

    // The question a query asks about the requests of its region, given the decision over its slice.
    using Query = std::function<z3::expr(const Decision&)>;
    // One query about the requests of region `g`, which the query must imply (or be restricted to,
    // as the minimality queries are). Only the rules that can apply somewhere in g are encoded: every
    // other rule's cell masks or validity are disjoint from g, so its applicability is false throughout
    // g and the decision over the slice equals the decision over the whole set there. Only the parts of
    // the domain whose variables occur are asserted (docs/verification.md, "Slicing").
    Outcome check(const Region& g, const Query& query, const std::string& what);
    // A query about the applicability of `rules` only (no decision): only they are encoded. The
    // outcome's witness carries no answer.
    Outcome check_rules(const Region& g, const std::vector<int>& rules, const Query& query, const std::string& what);
    Outcome solve(const Region& g, const std::vector<int>& sliced_rules, bool decides, const Query& query, const std::string& what);

    // Before every check: none starts after the deadline, and none runs past it.
    void before_check();
    unsigned solver_timeout_ = 0;
    // In loops that run no check for many iterations (pairs of rules): the clock every 4,096.
    std::uint32_t ticks_ = 0;
    void tick();

    RuleRef ref(int r) const;
    Finding& add(std::string property, FindingLevel level, std::string message, int rule, const std::vector<int>& involved = {});
    void unserved(std::size_t purpose, const PurposeReach& reach, bool all_answered);
    // The rank of a module's instrument (ast::Rank: a larger value is a lower instrument); none for no module.
    int rank_of(const std::string& module) const;
    static void attach(Finding& f, const Outcome& o);
    std::size_t count(const std::string& property) const;
    std::size_t unknowns_before_ = 0;
    void begin();
    // The property is proven when the pass found nothing and no check of it ended unknown.
    void proven(const std::string& property, const std::string& text);
    std::string names(const std::vector<int>& rules, int except = -1) const;

    // ---- consistency.cpp: the rules among themselves ----

    bool covers_some_cell(const ir::Rule& r) const;
    void dead_rules();
    void exceptions();
    void conflicts();

    // ---- grounds.cpp: lawful grounds and consent ----

    void grounds();
    static bool mentions_consent(const ir::Basis& b);
    bool consent_based(const ir::Rule& r) const;
    std::string consent_bases(const ir::Rule& r) const;
    void consent_nodes(int index, std::vector<int>& out) const;

    // ---- minimality.cpp: data minimality per purpose ----

    void minimality();
    // The table of a purpose (phase null) or of one of its phases, with its findings.
    PurposeReach reach_table(std::size_t purpose, const ir::Phase* phase, const PurposeReach* whole);
    Outcome some_permit(const Region& g, const std::map<std::pair<std::int64_t, std::int64_t>, Outcome>& found,
                        std::pair<std::int64_t, std::int64_t> key, const std::string& what);
    int rule_id(const std::string& id) const;

    // ---- validity.cpp: time ----

    void time();
    void versions();
};

}  // namespace grondslag::verifier
