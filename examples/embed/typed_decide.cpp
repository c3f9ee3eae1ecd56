// An application that embeds grondslag and decides without JSON (docs/embedding.md).
//
//   typed_decide POLICY_DIR
//
// At start-up it loads the policies and resolves every name it will use; a name the policy set
// does not declare stops it there, not at request time. Then it decides the request of
// examples/dr_plan_partial.json, filled with those references, and prints one line per data item.
// It includes only the public headers.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "grondslag/grondslag.hpp"
#include "grondslag/typed_request.hpp"

namespace {

template <typename T>
T resolved(const std::optional<T>& ref, const char* what, const char* name) {
    if (!ref) {
        std::fprintf(stderr, "typed_decide: the policy set declares no %s '%s'\n", what, name);
        std::exit(2);
    }
    return *ref;
}

const char* cause_words(grondslag::DenyCause cause) {
    switch (cause) {
        case grondslag::DenyCause::none: return "";
        case grondslag::DenyCause::forbidden: return "forbidden by";
        case grondslag::DenyCause::no_rule: return "no rule covers it";
        case grondslag::DenyCause::not_in_force: return "no rule in force on the date";
        case grondslag::DenyCause::conditions: return "the conditions do not hold";
    }
    return "?";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: typed_decide POLICY_DIR\n");
        return 2;
    }
    const auto policies = grondslag::Policies::load_directories({argv[1]});
    if (!policies.ok()) {
        std::fputs(policies.render_diagnostics().c_str(), stderr);
        return 1;
    }
    grondslag::Decider decider(policies);
    grondslag::TypedRequest request(policies);

    // Start-up: every name once.
    const auto dji = resolved(request.actor("dji"), "actor", "dji");
    const auto gemeente = resolved(request.actor("gemeente"), "actor", "gemeente");
    const auto dr_plan = resolved(request.purpose("dr_plan"), "purpose", "dr_plan");
    const char* category_names[] = {"onderdak", "schulden", "zorgtraject", "bsn", "detentiedata", "medisch"};
    std::vector<grondslag::CategoryRef> categories;
    for (const char* name : category_names) categories.push_back(resolved(request.category(name), "data category", name));
    const auto gedetineerd = resolved(request.fact("gedetineerd"), "fact", "gedetineerd");
    const auto terugkeergemeente = resolved(request.fact("terugkeergemeente"), "fact", "terugkeergemeente");
    const auto noodzakelijk = resolved(request.fact("noodzakelijk"), "fact", "noodzakelijk");
    const auto toeleiding_schuldhulp = resolved(request.fact("toeleiding_schuldhulp"), "fact", "toeleiding_schuldhulp");

    // Per request: fill, decide. Nothing here looks up a name or builds a string.
    request.clear();
    request.set_date(*grondslag::Date::from_civil(2022, 3, 10));
    request.set_sender(dji);
    request.set_recipient(gemeente);
    request.set_purpose(dr_plan);
    for (const auto c : categories) request.add_data(c);
    request.set_boolean(gedetineerd, true);
    request.set_boolean(terugkeergemeente, true);
    request.set_boolean(noodzakelijk, true);
    request.set_boolean(toeleiding_schuldhulp, true);
    const grondslag::TypedDecision& decision = decider.decide(request);

    if (!decision.error.empty()) {
        std::printf("not decided: %.*s\n", static_cast<int>(decision.error.size()), decision.error.data());
        return 1;
    }
    for (std::size_t i = 0; i < decision.items.size(); ++i) {
        const auto& item = decision.items[i];
        std::printf("%-13s %s", category_names[i], item.permit ? "permit by" : "deny:");
        if (!item.permit) std::printf(" %s", cause_words(item.cause));
        if (item.rule >= 0) {
            const grondslag::RuleInfo rule = decider.rule(item.rule);
            std::printf(" %.*s (%.*s", static_cast<int>(rule.id.size()), rule.id.data(), static_cast<int>(rule.provision.size()),
                        rule.provision.data());
            if (item.permit) std::printf("; basis %.*s", static_cast<int>(rule.basis.size()), rule.basis.data());
            std::printf(")");
        }
        for (std::size_t k = 0; k < item.missing_facts.size(); ++k) {
            const auto fact = decider.fact_name(item.missing_facts[k]);
            std::printf("%s%.*s", k ? ", " : "; missing: ", static_cast<int>(fact.size()), fact.data());
        }
        for (const auto& o : item.obligations) {
            if (o.kind == grondslag::TypedObligation::Kind::notify) {
                const auto actor = decider.actor_name(o.actor);
                std::printf("; notify %.*s", static_cast<int>(actor.size()), actor.data());
            } else if (o.under_provision()) {  // secrecy, inform, motivation, shield_after_close
                const auto kind = grondslag::TypedObligation::kind_name(o.kind);
                const auto duty = decider.provision(o.provision);
                std::printf("; %.*s under %.*s", static_cast<int>(kind.size()), kind.data(), static_cast<int>(duty.id.size()),
                            duty.id.data());
            } else {
                std::printf("; %s for %d days", o.kind == grondslag::TypedObligation::Kind::retain ? "retain" : "log",
                            o.until->days() - grondslag::Date::from_civil(2022, 3, 10)->days());
            }
        }
        std::printf("\n");
    }
    return decision.permits_all() ? 0 : 3;  // 3: not everything was permitted
}
