// An obligation written back as the clause that states it, for messages and for comparing sets.
#include "ir.hpp"

namespace grondslag::ir {

std::string obligation_clause(const PolicySet& set, const Obligation& o) {
    auto provision = [&] {
        return " under " + (o.provision >= 0 ? set.provisions[static_cast<std::size_t>(o.provision)].id : std::string("?"));
    };
    auto anchor = [&] {
        return o.anchor >= 0 ? " after " + set.slots[static_cast<std::size_t>(o.anchor)].path : std::string();
    };
    switch (o.kind) {
        case ast::ObligationKind::retain:
            return "retain " + format_period(o.period) + anchor() + (o.provision >= 0 ? provision() : std::string());
        case ast::ObligationKind::retain_minimum:
            return "retain at least " + format_period(o.period) + anchor() + provision();
        case ast::ObligationKind::log:
            return "log " + format_period(o.period);
        case ast::ObligationKind::notify:
            return "notify " + (o.actor >= 0 ? set.actors[static_cast<std::size_t>(o.actor)].name : std::string("?"));
        case ast::ObligationKind::use_number:
            return "use " + (o.category >= 0 ? set.categories[static_cast<std::size_t>(o.category)].name : std::string("?")) +
                   provision();
        case ast::ObligationKind::secrecy:
        case ast::ObligationKind::inform:
        case ast::ObligationKind::motivation:
        case ast::ObligationKind::shield:
            return std::string(ast::duty_clause(o.kind)) + provision();
    }
    return "?";
}

}  // namespace grondslag::ir
