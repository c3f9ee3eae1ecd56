// Time: no rule applies outside its provision's validity, and successive versions of a provision
// neither overlap nor leave a gap.
#include "properties.hpp"

#include <algorithm>
#include <map>

namespace grondslag::verifier {

// (5) Time: no rule applies outside its provision's validity.
void Verifier::time() {
    progress("validity");
    begin();
    for (std::size_t i = 0; i < set_.rules.size(); ++i) {
        const ir::Rule& r = set_.rules[i];
        if (r.provision < 0 || !live_[i]) continue;
        const ir::Provision& pv = set_.provisions[r.provision];
        const Outcome o = check(enc_.region_of(static_cast<int>(i)),
                                [&](const Decision&) { return app_[i] && (enc_.date < pv.from || enc_.date > pv.until); },
                                "rule '" + r.id + "' applies outside provision '" + pv.id + "'");
        if (o.res == Res::sat) {
            Finding& found = add("time", FindingLevel::violation,
                                 "rule '" + r.id + "' applies on " + o.witness["date"].get<std::string>() +
                                     ", outside the validity of provision '" + pv.id + "' (" + date_text(pv.from) + " to " +
                                     date_text(pv.until) + ")",
                                 static_cast<int>(i));
            found.suggestion = "limit the rule's `valid` dates to those of provision '" + pv.id + "', or correct the provision's";
            attach(found, o);
        }
    }
    proven("time", "no rule applies outside its provision's validity");
}

// Successive versions of one provision (ids that differ only in a last part such as
// "oud"/"nieuw" or a year) neither overlap nor leave a gap.
void Verifier::versions() {
    begin();
    static const std::vector<std::string> words = {"oud", "nieuw", "old", "new"};
    auto version_key = [&](const std::string& id, std::string& base) {
        const auto dot = id.rfind('.');
        if (dot == std::string::npos) return false;
        const std::string last = id.substr(dot + 1);
        const bool year = last.size() == 4 && std::all_of(last.begin(), last.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
        const bool vnum = last.size() >= 2 && last[0] == 'v' &&
                          std::all_of(last.begin() + 1, last.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
        if (!year && !vnum && std::find(words.begin(), words.end(), last) == words.end()) return false;
        base = id.substr(0, dot);
        return true;
    };
    std::map<std::string, std::vector<int>> groups;
    for (std::size_t i = 0; i < set_.provisions.size(); ++i) {
        std::string base;
        if (version_key(set_.provisions[i].id, base)) groups[base].push_back(static_cast<int>(i));
    }
    for (auto& [base, members] : groups) {
        if (members.size() < 2) continue;
        std::sort(members.begin(), members.end(),
                  [&](int a, int b) { return set_.provisions[a].from < set_.provisions[b].from; });
        for (std::size_t k = 1; k < members.size(); ++k) {
            const ir::Provision& a = set_.provisions[members[k - 1]];
            const ir::Provision& b = set_.provisions[members[k]];
            std::string problem;
            if (b.from <= a.until)
                problem = "overlap: '" + a.id + "' runs until " + date_text(a.until) + " and '" + b.id + "' starts on " + date_text(b.from);
            else if (static_cast<std::int64_t>(b.from) > static_cast<std::int64_t>(a.until) + 1)
                problem = "leave a gap: '" + a.id + "' ends on " + date_text(a.until) + " and '" + b.id + "' starts on " + date_text(b.from);
            if (problem.empty()) continue;
            Finding f;
            f.property = "versions";
            f.level = FindingLevel::warning;
            f.message = "successive versions of provision '" + base + "' " + problem;
            for (const ir::Provision* pv : {&a, &b}) {
                RuleRef r;
                r.id = pv->id;
                if (pv->at.file) r.file = pv->at.file->path;
                r.line = pv->at.line;
                r.column = pv->at.column;
                f.rules.push_back(r);
            }
            report_->findings.push_back(std::move(f));
        }
    }
    proven("versions", "successive versions of a provision neither overlap nor leave a gap");
}

}  // namespace grondslag::verifier
