// The Differ of `grondslag diff`: two compiled sets encoded side by side in one Z3 context, and the
// regions of requests they decide differently. The class is declared here because its work is
// defined in several files: the search (diff.cpp), the rules paired by content (diff_canon.cpp), the
// two sets' requests made one (diff_joint.cpp) and a region found written out (diff_regions.cpp).
#pragma once
#include <z3++.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "encoding.hpp"
#include "grondslag/diff.hpp"
#include "ir.hpp"

namespace grondslag::diffing {

using nlohmann::json;
using verifier::Encoding;

// ---- names shared by the two sets (diff_joint.cpp) ------------------------------------------

// A joint name space over two lists of names: joint index -> index in each set (-1: unknown there).
struct JointNames {
    std::vector<std::string> names;
    std::vector<int> in_old, in_new;
};

JointNames join_names(const std::vector<std::string>& o, const std::vector<std::string>& n);

template <class T>
std::vector<std::string> names_of(const std::vector<T>& v) {
    std::vector<std::string> out;
    for (const auto& x : v) out.push_back(x.name);
    return out;
}

// A mask of one set's indices as a mask of joint indices, and back (names the other side lacks drop out).
ir::Mask to_joint(ir::Mask m, const JointNames& j, bool old_side);
ir::Mask from_joint(ir::Mask m, const JointNames& j, bool old_side);

// ---- the comparison -------------------------------------------------------------------------

class Differ {
public:
    Differ(const Policies& o, const Policies& n, const DiffOptions& options, DiffReport& report);

    void run();  // diff.cpp

private:
    // Both sets name the same actors, purposes and categories in the same order, and every fact they
    // share has the same type and values: then both encodings use the same variables, so the rules
    // that did not change become the same Z3 terms on both sides and only the changed ones are
    // compared (the links below are then trivially true).
    static bool same_vocabulary(const ir::PolicySet& o, const ir::PolicySet& n);

    const Policies& old_p_;
    const Policies& new_p_;
    const ir::PolicySet& old_;
    const ir::PolicySet& new_;
    const DiffOptions& options_;
    DiffReport& report_;
    z3::context ctx_;
    Encoding eo_, en_;
    z3::solver solver_;
    z3::expr err_old_, err_new_;        // the set's decoder rejects the request (a deny without rule)
    std::vector<z3::expr> cells_;       // joint sender, recipient, purpose, category
    JointNames joint_[4];
    std::vector<int> class_old_, class_new_;
    std::vector<int> changed_old_, changed_new_;
    bool same_order_ = true;

    // ---- diff_canon.cpp ----

    // Rules paired by content; renamed rules found; the rules without an identical partner are the
    // only ones that can make a difference (when the unchanged rules keep their order).
    void match_rules();

    // ---- diff_joint.cpp ----

    // joint == j ties each set's own variable to that name's index there; a name a set does not know
    // is a decoding error in that set. Returns the error condition per side.
    std::pair<z3::expr, z3::expr> link_index(const z3::expr& joint, const JointNames& names, const z3::expr& o, const z3::expr& n);
    void link_requests();
    // Constraints tying the two sets' request variables together, asserted only where their
    // variables occur (as the verifier asserts only the parts of the domain that matter).
    std::vector<z3::expr> links_;
    std::vector<std::vector<unsigned>> link_vars_;
    void link(const z3::expr& e);
    // The links and domain parts that constrain the variables of `exprs`, closed under shared variables
    // (a civil date's parts bring its value, whose link brings the other set's value, and so on).
    z3::expr support(std::vector<z3::expr> exprs);
    z3::expr consent_given(const Encoding& e, const ir::PolicySet& set);

    // ---- diff.cpp: where to search, and the search ----

    // The answer's class over the rules of a slice: -1 a deny without rule, else the deciding rule's class.
    z3::expr class_term(const Encoding::Decision& d, const std::vector<int>& rules, const std::vector<int>& classes);

    // A box of requests in joint names: the cells and dates of one changed rule, or everything.
    struct Box {
        ir::Mask cells[4] = {~ir::Mask{0}, ~ir::Mask{0}, ~ir::Mask{0}, ~ir::Mask{0}};
        Day from = ir::far_past, until = ir::far_future;
        bool sliced = true;   // only the rules that can apply in the box are encoded
        int rejected_by = 0;  // 1, 2: only the requests the old (new) set's decoder rejects and the other accepts
    };
    Encoding::Region side_region(const Box& b, bool old_side) const;
    // Where the two sets can decide differently. Outside every changed rule's cells and dates only
    // unchanged rules apply, in the same order, so both sets decide alike there (docs/ci.md); a name
    // one set does not know is a deny there, so those requests are searched as a whole.
    std::vector<Box> boxes() const;
    z3::check_result check(const char* what);  // one check, counted; an unknown is recorded

    struct Blocked {
        std::int64_t cell[4];
        std::int64_t out_old, out_new;
    };
    std::vector<Blocked> blocked_;
    std::map<std::pair<std::int64_t, std::int64_t>, std::pair<Day, Day>> ranges_;  // last date range per change

    // Finds every region in one box; false when a check ended unknown or the limit was reached.
    bool search(const Box& box, Decider& decide_old, Decider& decide_new);
    // A box whose slice is large (a changed rule `from anyone to anyone for any purpose`) is split, one
    // category, then one purpose, then one recipient at a time: each part slices to the few rules that
    // can apply there, and Z3 compares two small decisions instead of two whole sets.
    static constexpr std::size_t small_slice = 8;
    void split(const Box& b, std::vector<Box>& out) const;
    void enumerate();

    // ---- diff_regions.cpp: a region found, written out ----

    DiffSide side(const ir::PolicySet& set, const z3::model& m, const Encoding::Decision& d, const z3::expr& err);
    static void merge_facts(json& into, const json& from);
    std::string cell_name(const z3::model& m, int which);
    // `witness` decided by one set's Decider, without the facts and fields that set does not declare (the
    // comparison lets a set ignore them: a new fact is a change of vocabulary, not of what is decided).
    static bool reproduces(Decider& decider, const ir::PolicySet& set, json witness, const DiffSide& expected);
    // Is there a request in the region (already asserted) with a date in [a, b]?
    bool some_date(Day a, Day b, std::optional<z3::model>* model = nullptr);
    // The earliest and latest request date of the region (already asserted). Between two successive
    // validity dates of the rules involved the answer can only change with the facts, so each such
    // interval is tried once and the outer ones are narrowed to the exact day by bisection.
    // Returns a model of the region on its earliest date: the witness shown (a request on the day a
    // change starts reads better than one somewhere in the middle).
    std::optional<z3::model> date_range(const std::vector<int>& rules_old, const std::vector<int>& rules_new, Day lo, Day hi,
                                        DiffRegion& g, const std::pair<Day, Day>* hint);
};

}  // namespace grondslag::diffing
