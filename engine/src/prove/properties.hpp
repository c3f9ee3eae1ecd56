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
#include <memory>
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
    // The second verifier: its own Z3 context and encoding, for the checks run on another thread.
    Verifier(const ir::PolicySet& set, const VerifyOptions& options, VerifyReport& report, bool slicing,
             std::unique_ptr<z3::context> context);

    const ir::PolicySet& set_;
    const VerifyOptions& options_;
    VerifyReport* report_;  // where findings go; a purpose's table and the passes after it write to their own
    const bool slicing_;
    std::vector<int> all_rules_;
    std::unique_ptr<z3::context> context_;
    z3::context& ctx_;
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
        // Where a permit decides in the witness (purpose, category, recipient), or -1.
        std::int64_t purpose = -1, category = -1, recipient = -1;
    };
    using Witnesses = std::map<std::pair<std::int64_t, std::int64_t>, Outcome>;
    // Witnesses in which a permit decides, by (purpose, category) and (purpose, recipient): the first
    // found answers the minimality queries for free.
    Witnesses permitted_category_, permitted_recipient_;
    void remember(const Outcome& o);

    // ---- two Z3 contexts (properties.cpp) ----
    // Two passes split their checks with a second verifier on another thread (made on first use): it
    // runs `second_part` on itself while this one runs `first_part`; both end before this returns, and
    // a failure of either (the deadline, Z3) is thrown here after both ended, this one's first. Which
    // checks each takes is fixed by the set, so the report is the same on every machine and any
    // number of cores.
    std::unique_ptr<Verifier> second_;
    // Its context, made with this one's: Z3 makes none once the memory limit (--memory) is reached.
    std::unique_ptr<z3::context> second_context_;
    VerifyReport second_report_;  // what the second verifier writes outside the parts it is given
    void beside(const std::function<void(Verifier&)>& second_part, const std::function<void()>& first_part);
    // About how long a check over the slice of one purpose and one category (or recipient) takes: 9
    // units, and one per rule of the slice and per fact it reads (on the national set a unit is about
    // 0.035 ms, the 9 about 0.3 ms). In time linear in the rules' cells, not in the rules squared as
    // a slice per cell would take; indexed purpose * 64 + category (or recipient).
    struct CellCosts {
        std::vector<std::size_t> by_category, by_recipient;
    };
    CellCosts cell_costs();
    // Jobs of the given costs shared between the two verifiers, largest first to the one with fewer
    // units so far; the first starts with `first_already`. True: the second verifier's.
    static std::vector<char> share(const std::vector<std::size_t>& costs, std::size_t first_already);
    // A report's checks, findings, unknowns and tables appended to this one's.
    void merge(VerifyReport& part);
    // Until the result goes out of scope, what this verifier writes goes to `part`.
    struct Redirect {
        VerifyReport*& to;
        VerifyReport* const before;
        ~Redirect() { to = before; }
    };
    [[nodiscard]] Redirect write_to(VerifyReport& part) {
        VerifyReport* const before = report_;
        report_ = &part;
        return Redirect{report_, before};
    }

    // ---- what every pass uses (properties.cpp) ----

    void start();  // the solver's parameters and the rules' trackers

    void progress(const std::string& what);

    // The question a query asks about the requests of its region, given the decision over its slice.
    using Query = std::function<z3::expr(const Decision&)>;
    // One query about the requests of region `g`, which the query must imply (or be restricted to,
    // as the minimality queries are). Only the rules that can apply somewhere in g are encoded: every
    // other rule's cell masks or validity are disjoint from g, so its applicability is false throughout
    // g and the decision over the slice equals the decision over the whole set there. Only the parts of
    // the domain whose variables occur are asserted (docs/verification.md, "Slicing").
    // `with_core`: an unsat outcome carries the rules of a minimal unsat core (the passes that explain an
    // impossibility with it); without, the rules are asserted untracked, which Z3 solves faster.
    Outcome check(const Region& g, const Query& query, const std::string& what, bool with_core = false);
    // A query about the applicability of `rules` only (no decision): only they are encoded. The
    // outcome's witness carries no answer.
    Outcome check_rules(const Region& g, const std::vector<int>& rules, const Query& query, const std::string& what,
                        bool with_core = false);
    Outcome solve(const Region& g, const std::vector<int>& sliced_rules, bool decides, const Query& query, const std::string& what,
                  bool with_core);

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
    // The checks of one rule for the dead-rules pass, on whichever verifier ran them: does it apply
    // to some request (rule_applies), and if so does it decide (a permit) or deny (a forbid) some
    // (rule_decides).
    struct RuleLife {
        Outcome applies, decides;
        VerifyReport applies_part, decides_part;  // their checks and unknowns
    };
    void rule_applies(std::size_t rule, RuleLife& life);
    void rule_decides(std::size_t rule, RuleLife& life);
    void dead_rules(const CellCosts& cells);
    void exceptions();
    void conflicts();

    // ---- grounds.cpp: lawful grounds and consent ----

    void grounds();
    static bool mentions_consent(const ir::Basis& b);
    bool consent_based(const ir::Rule& r) const;
    std::string consent_bases(const ir::Rule& r) const;
    void consent_nodes(int index, std::vector<int>& out) const;

    // ---- minimality.cpp: data minimality per purpose ----

    // The purposes' tables, part of them on the second verifier, while this one first runs `before`
    // (the passes that come before the tables in the report) and `after` (those after).
    void minimality(const CellCosts& cells, const std::function<void()>& before, const std::function<void()>& after);
    // About how long each purpose's tables take: the cell costs of every check they are expected to ask.
    std::vector<std::size_t> table_costs(const CellCosts& cells);
    // The tables of purpose u (the purpose as a whole, then its phases) into `part`, with their findings.
    void purpose_tables(std::size_t u, VerifyReport& part);
    // The table of a purpose (phase null) or of one of its phases, with its findings.
    PurposeReach reach_table(std::size_t purpose, const ir::Phase* phase, const PurposeReach* whole);
    Outcome some_permit(const Region& g, const Witnesses& found, std::pair<std::int64_t, std::int64_t> key, const std::string& what);
    int rule_id(const std::string& id) const;

    // ---- validity.cpp: time ----

    void time();
    void versions();
};

}  // namespace grondslag::verifier
