// Lawful grounds: special (SPEC), criminal (CRIM) and national identification (NID) data are
// permitted only by rules that name the matching ground, and a permit that rests on consent never
// decides without an active consent.
#include "properties.hpp"

namespace grondslag::verifier {

using ir::Op;

// (3) Grounds: SPEC, CRIM and NID items are permitted only by rules with the matching basis;
// a consent-based permit never decides without the consent it tests.
void Verifier::grounds() {
    progress("grounds");
    begin();
    for (std::size_t i = 0; i < set_.rules.size(); ++i) {
        const ir::Rule& r = set_.rules[i];
        if (r.effect != ast::Effect::permit || !live_[i]) continue;
        bool art9 = false, art10 = false, nid = false;
        for (int b : r.bases) {
            art9 |= set_.bases[b].kind == ast::BasisKind::art9;
            art10 |= set_.bases[b].kind == ast::BasisKind::art10;
            nid |= set_.bases[b].kind == ast::BasisKind::nid;
        }
        for (std::size_t c = 0; c < set_.categories.size(); ++c) {
            if (!(r.categories >> c & 1)) continue;
            const ast::DataClass k = set_.categories[c].data_class;
            const char* need = nullptr;
            if (k == ast::DataClass::spec && !art9) need = "an art. 9(2) ground (basis of kind art9)";
            if (k == ast::DataClass::crim && !art10) need = "an art. 10 authorisation (basis of kind art10)";
            if (k == ast::DataClass::nid && !nid) need = "a law that allows the BSN (basis of kind nid)";
            if (!need) continue;
            Region g = enc_.region_of(static_cast<int>(i));
            g.categories = ir::Mask{1} << c;
            const Outcome o = check(g, [&](const Decision& d) { return d.winner == static_cast<int>(i); },
                                    "permit '" + r.id + "' decides '" + set_.categories[c].name + "'");
            if (o.res == Res::sat) {
                Finding& found = add("ground", FindingLevel::violation,
                                     "permit '" + r.id + "' permits '" + set_.categories[c].name + "' (" +
                                         (k == ast::DataClass::spec ? "SPEC" : k == ast::DataClass::crim ? "CRIM" : "NID") +
                                         ") but names no " + need,
                                     static_cast<int>(i));
                found.suggestion = std::string("add to `basis` of '") + r.id + "' the ground of the law that allows it (" +
                                   (k == ast::DataClass::spec ? "kind art9, e.g. avg.9.2.g with the Dutch law that fills it in"
                                    : k == ast::DataClass::crim ? "kind art10, the article that authorises it"
                                                                : "kind nid, the law that allows the BSN (UAVG art. 46)") +
                                   "), or remove '" + set_.categories[c].name + "' from the rule";
                attach(found, o);
            }
        }
        // A permit whose every art. 6 basis is consent rests on consent: it must not decide an item
        // when the consents it tests are not active (or, when it tests none, the item's own consent).
        if (consent_based(r)) {
            std::vector<int> nodes;
            if (r.condition >= 0) consent_nodes(r.condition, nodes);
            z3::expr_vector none(ctx_);
            for (int n : nodes) none.push_back(!enc_.consent_bit(set_.nodes[n]));
            if (nodes.empty()) {
                ir::Node item_consent;
                item_consent.op = Op::consent;
                none.push_back(!enc_.consent_bit(item_consent));
            }
            const Outcome o = check(enc_.region_of(static_cast<int>(i)),
                                    [&](const Decision& d) { return d.winner == static_cast<int>(i) && z3::mk_and(none); },
                                    "permit '" + r.id + "' decides without consent");
            if (o.res == Res::sat)
                attach(add("consent", FindingLevel::violation,
                           "permit '" + r.id + "' rests on consent (" + consent_bases(r) + ") but decides an item while " +
                               (nodes.empty() ? std::string("no consent for that item is active (its condition tests no consent)")
                                              : std::string("none of the consents its condition tests is active")),
                           static_cast<int>(i)),
                       o);
        }
    }
    proven("ground", "every permitted SPEC, CRIM and NID item is decided by a rule with the matching ground");
    proven("consent", "no permit that rests on consent decides without an active consent");
}

bool Verifier::mentions_consent(const ir::Basis& b) {
    auto has = [](const std::string& text, const char* word) { return text.find(word) != std::string::npos; };
    return has(b.label.nl, "toestemming") || has(b.label.en, "consent");
}

// Every art. 6 basis of the rule is a consent basis (its label names consent / toestemming).
bool Verifier::consent_based(const ir::Rule& r) const {
    bool any = false;
    for (int b : r.bases) {
        if (set_.bases[b].kind != ast::BasisKind::art6) continue;
        if (!mentions_consent(set_.bases[b])) return false;
        any = true;
    }
    return any;
}

std::string Verifier::consent_bases(const ir::Rule& r) const {
    std::vector<std::string> v;
    for (int b : r.bases)
        if (mentions_consent(set_.bases[b])) v.push_back(set_.bases[b].id);
    return join(v);
}

void Verifier::consent_nodes(int index, std::vector<int>& out) const {
    const ir::Node& n = set_.nodes[index];
    if (n.op == Op::consent) out.push_back(index);
    if (n.op == Op::all || n.op == Op::any || n.op == Op::negate)
        for (std::uint32_t i = 0; i < n.count; ++i) consent_nodes(static_cast<int>(set_.children[n.first + i]), out);
}

}  // namespace grondslag::verifier
