#include "legal_order.hpp"

#include <algorithm>
#include <optional>

namespace grondslag {

using ast::BasisKind;
using ast::DataClass;
using ast::Rank;


namespace {

const char* kind_text(BasisKind kind) {
    switch (kind) {
        case BasisKind::art6: return "an AVG art. 6(1)(c)/(e) task laid down by law";
        case BasisKind::art9: return "an art. 9(2) ground";
        case BasisKind::art10: return "an art. 10 authorisation";
        case BasisKind::nid: return "a law allowing the BSN (UAVG art. 46)";
    }
    return "";
}

BasisKind kind_for(DataClass c) {
    switch (c) {
        case DataClass::spec: return BasisKind::art9;
        case DataClass::crim: return BasisKind::art10;
        case DataClass::nid: return BasisKind::nid;
        case DataClass::ord: break;
    }
    return BasisKind::art6;
}


// Periods compared for "at least as long": exactly within days, or within months and years; across
// the two by the shortest a month or year can be against the longest (so never in doubt's favour).
long long shortest_days(Period p) {
    return p.unit == PeriodUnit::days ? p.amount : p.unit == PeriodUnit::months ? 28LL * p.amount : 365LL * p.amount;
}
long long longest_days(Period p) {
    return p.unit == PeriodUnit::days ? p.amount : p.unit == PeriodUnit::months ? 31LL * p.amount : 366LL * p.amount;
}
bool at_least_as_long(Period a, Period b) {
    const bool a_days = a.unit == PeriodUnit::days, b_days = b.unit == PeriodUnit::days;
    if (a_days == b_days) {
        const long long am = a_days ? a.amount : (a.unit == PeriodUnit::years ? 12LL : 1LL) * a.amount;
        const long long bm = b_days ? b.amount : (b.unit == PeriodUnit::years ? 12LL : 1LL) * b.amount;
        return am >= bm;
    }
    return shortest_days(a) >= longest_days(b);
}


class LegalOrder {
public:
    LegalOrder(const std::vector<ast::Module>& modules, const ir::PolicySet& set, DiagnosticReport& report)
        : modules_(modules), set_(set), report_(report) {}

    void run() {
        for (const auto& m : modules_) check_module(m);
        std::size_t index = 0;
        for (const auto& m : modules_)
            for (const auto& r : m.rules) {
                if (index < set_.rules.size()) check_rule(m, r, set_.rules[index]);
                ++index;
            }
    }

private:
    const std::vector<ast::Module>& modules_;
    const ir::PolicySet& set_;
    DiagnosticReport& report_;

    Rank rank_of_module(int module) const { return grondslag::rank_of_module(set_, module); }
    int module_named(const std::string& name) const { return grondslag::module_named(set_, name); }
    std::string module_text(int module) const {
        if (module < 0) return "?";
        return "module '" + set_.modules[module].name + "', " + std::string(rank_label(rank_of_module(module)));
    }

    void check_module(const ast::Module& m) {
        const bool instrument = !m.provisions.empty() || !m.rules.empty() || !m.bases.empty();
        if (m.rank == Rank::none) {
            if (instrument)
                report_.error("E116", m.name.at,
                              "module '" + m.name.text + "' declares provisions, rules or grounds but states no rank: write "
                              "'module " + m.name.text + " rank RANK' with the rank of its instrument (eu_verordening, wet, "
                              "amvb, ministeriele_regeling, gemeentelijke_verordening, bestuursregeling or convenant)");
            return;
        }
        for (const auto& p : m.provisions) check_source(m, p);
        for (const auto& b : m.bases) {
            if (b.from_consent || ranks_at_least(m.rank, lowest_rank_for(b.kind))) continue;
            report_.error("E118", b.id.at,
                          "ground '" + b.id.text + "' is " + kind_text(b.kind) + ", which only " +
                              std::string(rank_label(lowest_rank_for(b.kind))) + " or a higher instrument can lay down; module '" +
                              m.name.text + "' is " + std::string(rank_label(m.rank)));
        }
    }

    // The identifier a provision cites tells which kind of instrument it is: CELEX for EU law, BWB for
    // national law (wetten, AMvB's, ministerial regulations), CVDR for decentral regulations.
    void check_source(const ast::Module& m, const ast::ProvisionDecl& p) {
        const std::string& id = p.source_id;
        const bool celex = id.rfind("CELEX ", 0) == 0, bwb = id.rfind("BWBR", 0) == 0, cvdr = id.rfind("CVDR", 0) == 0;
        bool fits = true;
        const char* expected = "";
        switch (m.rank) {
            case Rank::eu_verordening: fits = celex; expected = "a CELEX number"; break;
            case Rank::wet:
            case Rank::amvb:
            case Rank::ministeriele_regeling: fits = bwb; expected = "a BWB identifier"; break;
            case Rank::gemeentelijke_verordening:
            case Rank::bestuursregeling: fits = cvdr; expected = "a CVDR identifier"; break;
            case Rank::convenant:
            case Rank::none: break;
        }
        if (!fits)
            report_.error("E117", p.id.at,
                          "provision '" + p.id.text + "' cites " + id + ", but module '" + m.name.text + "' states rank '" +
                              std::string(rank_keyword(m.rank)) + "' (" + std::string(rank_label(m.rank)) +
                              "), whose provisions cite " + expected);
    }

    void check_rule(const ast::Module& m, const ast::RuleDecl& decl, const ir::Rule& rule) {
        const int module = module_named(m.name.text);
        const Rank rank = m.rank;
        if (rank == Rank::none) return;  // E116 said so
        if (rule.effect == ast::Effect::permit) {
            for (const auto& name : decl.bases) {
                const auto it = set_.basis_ids.find(name.text);
                if (it == set_.basis_ids.end()) continue;
                const ir::Basis& g = set_.bases[it->second];
                // A ground laid down elsewhere (avg.9.2.g: "on the basis of Member State law") is a frame:
                // the rule's own instrument must be a law of the rank that ground asks for.
                if (g.from_consent || g.module == module || ranks_at_least(rank, lowest_rank_for(g.kind))) continue;
                report_.error("E118", name.at,
                              "permit '" + decl.id.text + "' rests on ground '" + g.id + "' (" + kind_text(g.kind) +
                                  "), which needs " + std::string(rank_label(lowest_rank_for(g.kind))) +
                                  " or a higher instrument as the law it relies on; the rule's instrument, module '" +
                                  m.name.text + "', is " + std::string(rank_label(rank)));
            }
        }
        for (const auto& name : decl.exceptions) {
            const auto it = set_.rule_ids.find(name.text);
            if (it == set_.rule_ids.end()) continue;
            const ir::Rule& other = set_.rules[it->second];
            if (other.effect == ast::Effect::forbid) check_lifting(decl, rule, rank, other, name.at);
            else if (other.module != rule.module) check_obligations(decl, rule, other, name.at);
        }
    }

    // A permit sets aside forbid F when it excepts it: lawful when the permit's instrument is at least
    // F's rank, or when F's protected data are lifted through a ground of the kind and rank F delegates
    // to (the AVG's own delegation to Union or Member-State law).
    void check_lifting(const ast::RuleDecl& decl, const ir::Rule& rule, Rank rank, const ir::Rule& forbid, const Location& at) {
        if (rule.effect != ast::Effect::permit) return;
        const int forbid_module = module_named(forbid.module);
        const Rank forbid_rank = rank_of_module(forbid_module);
        if (forbid_rank == Rank::none || ranks_at_least(rank, forbid_rank)) return;
        const ir::Mask overlap = rule.categories & forbid.categories;
        bool classes[4] = {false, false, false, false};
        for (std::size_t i = 0; i < set_.categories.size() && i < 64; ++i)
            if (overlap & (ir::Mask{1} << i)) classes[static_cast<int>(set_.categories[i].data_class)] = true;
        for (int c = 0; c < 4; ++c) {
            if (!classes[c]) continue;
            const DataClass data_class = static_cast<DataClass>(c);
            const BasisKind kind = kind_for(data_class);
            const Rank required = data_class == DataClass::ord
                                      ? (forbid_rank == Rank::eu_verordening ? Rank::wet : forbid_rank)
                                      : static_cast<Rank>(std::max(static_cast<int>(forbid_rank), static_cast<int>(lowest_rank_for(kind))));
            std::optional<int> weak_ground;
            bool lifted = false;
            for (int b : rule.bases) {
                const ir::Basis& g = set_.bases[b];
                if (g.kind != kind) continue;
                const bool ground_ranks = ranks_at_least(rank_of_module(g.module), required);
                const bool rule_ranks = ranks_at_least(rank, required) || (g.from_consent && forbid_rank == Rank::eu_verordening);
                if (ground_ranks && rule_ranks) lifted = true;
                else if (!weak_ground) weak_ground = b;
            }
            if (lifted) continue;
            std::string message = "rule '" + decl.id.text + "' cannot set aside forbid '" + forbid.id + "' for its " +
                                  ast::class_name(data_class) + " data: '" + forbid.id + "' is laid down by " +
                                  module_text(forbid_module) + ", and only " + kind_text(kind) + " laid down by " +
                                  std::string(rank_label(required)) + " or a higher instrument can lift it; rule '" +
                                  decl.id.text + "' is " + module_text(module_named(rule.module));
            if (weak_ground) {
                const ir::Basis& g = set_.bases[*weak_ground];
                message += ", and its ground '" + g.id + "' is declared by " + module_text(g.module);
            } else {
                message += ", and it names no such ground";
            }
            report_.error("E119", at, message);
        }
    }

    // A rule that takes over another module's permit keeps that permit's obligations: the statute
    // attaches them to the provision of data, whichever rule the answer then names.
    void check_obligations(const ast::RuleDecl& decl, const ir::Rule& rule, const ir::Rule& permit, const Location& at) {
        for (const auto& o : permit.obligations) {
            bool kept = false;
            for (const auto& mine : rule.obligations) {
                if (mine.kind != o.kind || mine.anchor != o.anchor) continue;
                switch (o.kind) {
                    case ast::ObligationKind::log: kept = kept || at_least_as_long(mine.period, o.period); break;
                    case ast::ObligationKind::retain: kept = kept || at_least_as_long(o.period, mine.period); break;
                    case ast::ObligationKind::retain_minimum:
                        kept = kept || (mine.provision == o.provision && at_least_as_long(mine.period, o.period));
                        break;
                    case ast::ObligationKind::notify: kept = kept || mine.actor == o.actor; break;
                    case ast::ObligationKind::use_number:
                        kept = kept || (mine.category == o.category && mine.provision == o.provision);
                        break;
                    default: kept = kept || mine.provision == o.provision; break;
                }
            }
            if (kept) continue;
            std::string obligation = ir::obligation_clause(set_, o) + "'";
            if (o.kind == ast::ObligationKind::log || o.kind == ast::ObligationKind::retain_minimum) obligation += " (or longer)";
            if (o.kind == ast::ObligationKind::retain) obligation += " (or shorter)";
            report_.error("E121", at,
                          "rule '" + decl.id.text + "' takes over decisions of permit '" + permit.id + "' (module '" +
                              permit.module + "') without its obligation '" + obligation +
                              ": a rule that prevails over another module's permit keeps that permit's obligations; add it to '" +
                              decl.id.text + "'");
        }
    }
};

}  // namespace


void check_legal_order(const std::vector<ast::Module>& modules, const ir::PolicySet& set, DiagnosticReport& report) {
    LegalOrder(modules, set, report).run();
}

}  // namespace grondslag
