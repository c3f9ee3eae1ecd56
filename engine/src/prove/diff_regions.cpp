// A region found, written out: each side's answer, the first and last request date on which the
// change holds (narrowed by bisection between the rules' validity dates), and the witness request,
// whose facts are read from both sets' variables and which is replayed through each set's `decide`.
#include "differ.hpp"

#include <set>

namespace grondslag::diffing {

DiffSide Differ::side(const ir::PolicySet& set, const z3::model& m, const Encoding::Decision& d, const z3::expr& err) {
    DiffSide s;
    const bool rejected = m.eval(err, true).is_true();
    const std::int64_t w = m.eval(d.winner, true).get_numeral_int64();
    const std::int64_t r = rejected ? -1 : m.eval(d.decided, true).get_numeral_int64();
    s.decision = !rejected && w >= 0 ? "permit" : "deny";
    if (r < 0) return s;
    const ir::Rule& rule = set.rules[static_cast<std::size_t>(r)];
    s.rule = rule.id;
    if (rule.provision >= 0) s.provision = set.provisions[static_cast<std::size_t>(rule.provision)].id;
    for (int b : rule.bases) s.bases.push_back(set.bases[static_cast<std::size_t>(b)].id);
    for (const auto& o : rule.obligations) s.obligations.push_back(ir::obligation_clause(set, o));
    s.at.id = rule.id;
    if (rule.at.file) s.at.file = rule.at.file->path;
    s.at.line = rule.at.line;
    s.at.column = rule.at.column;
    return s;
}

void Differ::merge_facts(json& into, const json& from) {
    for (auto it = from.begin(); it != from.end(); ++it) {
        if (!into.contains(it.key())) {
            into[it.key()] = it.value();
            continue;
        }
        json& mine = into[it.key()];
        if (mine.is_object() && it.value().is_object()) {
            for (auto f = it.value().begin(); f != it.value().end(); ++f)
                if (!mine.contains(f.key())) mine[f.key()] = f.value();
        } else if (mine.is_array() && it.value().is_array()) {
            for (const auto& x : it.value()) {
                bool present = false;
                for (const auto& y : mine)
                    present |= y == x || (x.is_object() && y.is_object() && x.value("categorie", "") == y.value("categorie", ""));
                if (!present) mine.push_back(x);
            }
        }
    }
}

std::string Differ::cell_name(const z3::model& m, int which) {
    const std::int64_t j = m.eval(cells_[static_cast<std::size_t>(which)], true).get_numeral_int64();
    return joint_[which].names.at(static_cast<std::size_t>(j));
}

bool Differ::reproduces(Decider& decider, const ir::PolicySet& set, json witness, const DiffSide& expected) {
    if (witness.contains("facts") && witness["facts"].is_object()) {
        json& facts = witness["facts"];
        for (auto it = facts.begin(); it != facts.end();) {
            const int fact = set.fact_ids.find(it.key()) == set.fact_ids.end() ? -1 : set.fact_ids.at(it.key());
            if (fact < 0) {
                it = facts.erase(it);
                continue;
            }
            if (it.value().is_object())
                for (auto f = it.value().begin(); f != it.value().end();)
                    f = set.facts[static_cast<std::size_t>(fact)].fields.find(f.key()) < 0 ? it.value().erase(f) : std::next(f);
            ++it;
        }
    }
    std::string out;
    decider.decide_json(witness.dump(), out);
    const json answer = json::parse(out, nullptr, false);
    if (answer.is_discarded()) return false;
    if (!answer.contains("items") || answer["items"].empty()) return expected.decision == "deny" && expected.rule.empty();
    const json& item = answer["items"][0];
    return item.value("decision", "") == expected.decision && item.value("rule", "") == expected.rule;
}

bool Differ::some_date(Day a, Day b, std::optional<z3::model>* model) {
    solver_.push();
    solver_.add(eo_.date >= a && eo_.date <= b);
    const bool sat = check("dating a region") == z3::sat;
    if (sat && model) model->emplace(solver_.get_model());
    solver_.pop();
    return sat;
}

std::optional<z3::model> Differ::date_range(const std::vector<int>& rules_old, const std::vector<int>& rules_new, Day lo,
                                                  Day hi, DiffRegion& g, const std::pair<Day, Day>* hint) {
    std::optional<z3::model> earliest;
    // The range of an earlier region with the same change is confirmed (or refuted) in four checks.
    if (hint && hint->first >= lo && hint->second <= hi && some_date(hint->first, hint->first, &earliest) &&
        some_date(hint->second, hint->second) && (hint->first == lo || !some_date(lo, hint->first - 1)) &&
        (hint->second == hi || !some_date(hint->second + 1, hi))) {
        g.first_date = format_date(hint->first);
        g.last_date = format_date(hint->second);
        return earliest;
    }
    earliest.reset();
    std::set<Day> cuts{lo, hi + 1};
    auto add = [&](const ir::Rule& r) {
        if (r.from > lo && r.from <= hi) cuts.insert(r.from);
        if (r.until >= lo && r.until < hi) cuts.insert(r.until + 1);
    };
    for (int r : rules_old) add(old_.rules[static_cast<std::size_t>(r)]);
    for (int r : rules_new) add(new_.rules[static_cast<std::size_t>(r)]);
    const std::vector<Day> c(cuts.begin(), cuts.end());
    int first = -1, last = -1;
    for (std::size_t i = 0; i + 1 < c.size() && first < 0; ++i)
        if (some_date(c[i], c[i + 1] - 1)) first = static_cast<int>(i);
    for (std::size_t i = c.size() - 1; i-- > 0 && first >= 0 && last < 0;)
        if (static_cast<int>(i) == first || some_date(c[i], c[i + 1] - 1)) last = static_cast<int>(i);
    if (first < 0 || last < 0) return std::nullopt;
    Day a = c[first], b = c[first + 1] - 1;  // earliest: some date in [a, b], find the least
    if (some_date(a, a, &earliest)) b = a;    // usually the interval's first day
    while (a < b) {
        const Day mid = a + (b - a) / 2;
        if (some_date(a, mid)) b = mid;
        else a = mid + 1;
    }
    if (!earliest && !some_date(a, a, &earliest)) return std::nullopt;
    g.first_date = format_date(a);
    a = c[last];
    b = c[last + 1] - 1;  // latest
    if (some_date(b, b)) a = b;
    while (a < b) {
        const Day mid = b - (b - a) / 2;
        if (some_date(mid, b)) a = mid;
        else b = mid - 1;
    }
    g.last_date = format_date(b);
    return earliest;
}

}  // namespace grondslag::diffing
