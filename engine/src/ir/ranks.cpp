// The hierarchy of norms on the compiled form: ranks by name and label, the lowest rank a kind of
// ground demands, and which permits of special data rest on which instruments (verify's provenance).
#include "ranks.hpp"

namespace grondslag {

using ast::BasisKind;
using ast::DataClass;
using ast::Rank;

std::string_view rank_keyword(Rank rank) {
    switch (rank) {
        case Rank::eu_verordening: return "eu_verordening";
        case Rank::wet: return "wet";
        case Rank::amvb: return "amvb";
        case Rank::ministeriele_regeling: return "ministeriele_regeling";
        case Rank::gemeentelijke_verordening: return "gemeentelijke_verordening";
        case Rank::bestuursregeling: return "bestuursregeling";
        case Rank::convenant: return "convenant";
        case Rank::none: break;
    }
    return "none";
}

std::string_view rank_label(Rank rank) {
    switch (rank) {
        case Rank::eu_verordening: return "an EU regulation";
        case Rank::wet: return "a formal law (wet)";
        case Rank::amvb: return "an AMvB (algemene maatregel van bestuur)";
        case Rank::ministeriele_regeling: return "a ministerial regulation (ministeriele regeling)";
        case Rank::gemeentelijke_verordening: return "a municipal council regulation (gemeentelijke verordening)";
        case Rank::bestuursregeling: return "a regulation or policy rule of the college or mayor (bestuursregeling)";
        case Rank::convenant: return "an agreement (convenant), which is no law";
        case Rank::none: break;
    }
    return "of no stated rank";
}

Rank lowest_rank_for(BasisKind kind) {
    // AVG 6(3): a task or obligation "laid down by Union or Member State law", which in Dutch law
    // includes every generally binding regulation down to the council's verordening. AVG 9(2), 10 and
    // UAVG 46 (with Grondwet art. 10, "bij of krachtens de wet"): a formal law or an AMvB made under one.
    return kind == BasisKind::art6 ? Rank::gemeentelijke_verordening : Rank::amvb;
}

// A module by name (rules record their module's name), and a module's rank; -1 and none when absent.
int module_named(const ir::PolicySet& set, const std::string& name) {
    for (std::size_t i = 0; i < set.modules.size(); ++i)
        if (set.modules[i].name == name) return static_cast<int>(i);
    return -1;
}
Rank rank_of_module(const ir::PolicySet& set, int module) {
    return module >= 0 && static_cast<std::size_t>(module) < set.modules.size() ? set.modules[module].rank : Rank::none;
}

std::vector<PermitProvenance> permit_provenance(const ir::PolicySet& set) {
    std::vector<PermitProvenance> out;
    auto module_rank = [&](int module) { return std::string(rank_keyword(rank_of_module(set, module))); };
    for (const auto& r : set.rules) {
        if (r.effect != ast::Effect::permit) continue;
        PermitProvenance p;
        for (std::size_t i = 0; i < set.categories.size() && i < 64; ++i)
            if ((r.categories & (ir::Mask{1} << i)) && set.categories[i].data_class != DataClass::ord)
                p.categories.push_back(set.categories[i].name + " (" + ast::class_name(set.categories[i].data_class) + ")");
        if (p.categories.empty()) continue;
        p.rule = r.id;
        p.module = r.module;
        p.rank = module_rank(module_named(set, r.module));
        for (int b : r.bases) {
            const ir::Basis& g = set.bases[b];
            if (g.kind == BasisKind::art6) continue;
            const char* kind = g.kind == BasisKind::art9 ? "art9" : g.kind == BasisKind::art10 ? "art10" : "nid";
            p.grounds.push_back({g.id, kind, g.module >= 0 ? set.modules[g.module].name : "?", module_rank(g.module), g.from_consent});
        }
        for (int e : r.excepts)
            if (set.rules[e].effect == ast::Effect::forbid) p.lifts.push_back(set.rules[e].id);
        p.at = RuleRef{r.id, r.at.file ? r.at.file->path : "", r.at.line, r.at.column};
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace grondslag
