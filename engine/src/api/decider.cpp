// Decider: decisions on a loaded policy set, from the contract's JSON (decide_json) or from a typed
// request (decide), with the answer written by the decide stage and --why-not by the explainer.
#include <stdexcept>

#include "answer.hpp"
#include "evaluator.hpp"
#include "logbook_capture.hpp"
#include "logbook_record.hpp"
#include "explain_internal.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/input_limits.hpp"
#include "request.hpp"
#include "typed_access.hpp"
#include "policies_access.hpp"

namespace grondslag {

struct Decider::Impl {
    Policies policies;
    const ir::PolicySet& set;
    // The answer's texts, escaped once per loaded set and shared by its Deciders (threads of one batch).
    std::shared_ptr<const AnswerFragments> shared_fragments;
    const AnswerFragments& fragments;
    Evaluator evaluator;
    RequestDecoder decoder;
    Request request;
    Decision decision;
    AnswerOptions options;
    AnswerText answer;
    RequestError error;
    std::vector<TypedItem> typed_items;  // reused
    std::vector<TypedObligation> typed_obligations;
    TypedDecision typed;
    std::string typed_error;
    struct RuleNames {
        std::string basis;
        std::vector<std::string> grounds;
    };
    std::vector<RuleNames> rule_names;  // per rule, as permit answers name its bases
    // What the last decide_json or reject left, for its decision-log record.
    enum class Last { nothing, decided, not_decided } last = Last::nothing;
    std::shared_ptr<const LogbookFragments> logbook;  // made when the first record is asked for
    const LogbookFragments& logbook_fragments() {
        if (!logbook) logbook = std::make_shared<const LogbookFragments>(set);
        return *logbook;
    }
    LoggedDecision logged(LoggedItem* items) const {
        const bool decided = last == Last::decided;
        return logged_decision(set, request, decided ? &decision : nullptr, decided ? std::string_view() : std::string_view(error.message),
                               items);
    }

    Impl(Policies p, DecideOptions o)
        : policies(std::move(p)),
          set(compiled_form(policies)),
          shared_fragments(std::static_pointer_cast<const AnswerFragments>(PoliciesAccess::answer_texts(
              policies, [&] { return std::static_pointer_cast<const void>(std::make_shared<const AnswerFragments>(set)); }))),
          fragments(*shared_fragments),
          evaluator(set),
          decoder(set) {
        options.unverified = o.unverified;
        if (o.why_not) options.why_not = append_why_not;
        typed.unverified = o.unverified;
        typed_items.reserve(ir::max_universe);
        for (const ir::Rule& r : set.rules) {
            RuleNames names;
            set.name_bases(r, [&](bool is_basis, const std::string& id) {
                if (is_basis) names.basis = id;
                else names.grounds.push_back(id);
            });
            rule_names.push_back(std::move(names));
        }
    }
};

namespace {
// Deciding needs a compiled set; a set with errors has none, and serving it must not be possible.
Policies compiled_or_throw(Policies policies, const char* who) {
    if (!policies.ok())
        throw std::invalid_argument(std::string(who) + " needs a policy set that loaded without errors");
    return policies;
}
}  // namespace

Decider::Decider(Policies policies, DecideOptions options)
    : impl_(std::make_unique<Impl>(compiled_or_throw(std::move(policies), "a Decider"), options)) {}
Decider::~Decider() = default;
Decider::Decider(Decider&&) noexcept = default;

bool Decider::decide_json(std::string_view text, std::string& out, std::size_t line, bool padded) {
    Impl& d = *impl_;
    if (!d.decoder.decode(text, d.request, d.error, padded)) {
        write_error_answer(d.set, d.request.id_json, d.error, line, d.options, out);
        d.last = Impl::Last::not_decided;
        return false;
    }
    d.evaluator.decide(d.request, d.decision);
    d.last = Impl::Last::decided;
    write_answer(d.fragments, d.request, d.decision, d.options, d.answer);
    out += d.answer.view();
    return true;
}

void Decider::reject(std::string_view message, std::string& out, std::size_t line) {
    Impl& d = *impl_;
    d.error.path.clear();
    d.error.message.assign(message);
    d.request.id_json.clear();
    d.request.subject = d.request.traceparent = {};
    write_error_answer(d.set, std::string(), d.error, line, d.options, out);
    d.last = Impl::Last::not_decided;
}

void Decider::append_logbook_record(const LogbookContext& context, std::string_view request_sha256, std::string& out) {
    Impl& d = *impl_;
    if (d.last == Impl::Last::nothing) throw std::logic_error("append_logbook_record: no decision to record");
    LoggedItem items[ir::max_universe];
    write_logbook_record(d.logbook_fragments(), context, request_sha256, d.logged(items), out);
}

void Decider::capture_logbook_record(LogbookCapture& capture) {
    Impl& d = *impl_;
    if (d.last == Impl::Last::nothing) throw std::logic_error("capture_logbook_record: no decision to record");
    d.logbook_fragments();
    LoggedItem items[ir::max_universe];
    capture.impl_->add(d.logbook, d.logged(items));
}

namespace {
DenyCause cause_of(DenyReason r) {
    switch (r) {
        case DenyReason::none: return DenyCause::none;
        case DenyReason::forbidden: return DenyCause::forbidden;
        case DenyReason::no_candidate: return DenyCause::no_rule;
        case DenyReason::not_in_force: return DenyCause::not_in_force;
        case DenyReason::conditions: return DenyCause::conditions;
    }
    return DenyCause::conditions;
}
}  // namespace

const TypedDecision& Decider::decide(const TypedRequest& typed) {
    Impl& d = *impl_;
    const TypedAccess::RequestImpl& t = TypedAccess::of(typed);
    d.typed_items.clear();
    d.typed.items = {};
    if (const std::string* refusal = typed_request_refusal(t, d.set)) [[unlikely]] {
        d.typed_error = *refusal;  // a copy: the request may change before the answer is read
        d.typed.error = d.typed_error;
        return d.typed;
    }
    d.typed.error = {};
    d.evaluator.decide(t.counted_request(), d.decision);
    d.typed_obligations.clear();
    std::uint32_t obligations_from[ir::max_universe + 1];  // per item; the vector may grow until all are in
    for (const ItemResult& item : d.decision.items) {
        const bool permit = item.verdict == Verdict::permit;
        obligations_from[d.typed_items.size()] = static_cast<std::uint32_t>(d.typed_obligations.size());
        if (permit)
            for (const ir::Obligation& o : d.set.rules[item.rule].obligations) {
                // The two enumerations list the kinds in one order (typed_request.hpp, lang.hpp).
                static_assert(static_cast<int>(TypedObligation::Kind::use_number) == static_cast<int>(ast::ObligationKind::use_number));
                TypedObligation out;
                out.kind = static_cast<TypedObligation::Kind>(o.kind);
                out.actor = o.actor;
                out.provision = o.provision;
                out.category = o.category;
                if (o.kind == ast::ObligationKind::retain || o.kind == ast::ObligationKind::retain_minimum ||
                    o.kind == ast::ObligationKind::log) {
                    out.period = {o.period.amount, static_cast<TypedObligation::Period::Unit>(o.period.unit)};
                    if (o.anchor < 0) {
                        out.until = TypedAccess::date(add_period(t.request.date, o.period));
                    } else {
                        out.counted_from = d.set.slots[static_cast<std::size_t>(o.anchor)].fact;
                        if (t.request.given[static_cast<std::size_t>(o.anchor)])
                            out.until = TypedAccess::date(add_period(static_cast<Day>(t.request.values[static_cast<std::size_t>(o.anchor)]), o.period));
                    }
                }
                d.typed_obligations.push_back(out);
            }
        TypedItem& out = d.typed_items.emplace_back();
        out.category = item.category;
        out.permit = permit;
        out.cause = cause_of(item.reason);
        out.rule = item.rule;
        out.missing_facts = {d.decision.missing.data() + item.missing_begin, item.missing_end - item.missing_begin};
        if (!permit) {  // as the JSON answer: a deny names the rules considered and when one would apply
            out.considered = {d.decision.considered.data() + item.considered_begin, item.considered_end - item.considered_begin};
            if (item.later_start) out.applies_from = TypedAccess::date(item.in_force_from);
        }
    }
    obligations_from[d.typed_items.size()] = static_cast<std::uint32_t>(d.typed_obligations.size());
    for (std::size_t i = 0; i < d.typed_items.size(); ++i)
        d.typed_items[i].obligations = {d.typed_obligations.data() + obligations_from[i], obligations_from[i + 1] - obligations_from[i]};
    d.typed.items = d.typed_items;
    return d.typed;
}

RuleInfo Decider::rule(int rule) const {
    const ir::PolicySet& set = impl_->set;
    if (rule < 0 || static_cast<std::size_t>(rule) >= set.rules.size()) return {};
    const ir::Rule& r = set.rules[rule];
    const Impl::RuleNames& names = impl_->rule_names[rule];
    return RuleInfo{r.id, r.provision >= 0 ? std::string_view(set.provisions[r.provision].id) : std::string_view(),
                    names.basis, names.grounds, r.citations,
                    r.provision >= 0 ? std::string_view(ast::provision_kind_name(set.provisions[r.provision].kind))
                                     : std::string_view()};
}

std::string_view Decider::actor_name(int actor) const {
    const auto& actors = impl_->set.actors;
    return actor >= 0 && static_cast<std::size_t>(actor) < actors.size() ? std::string_view(actors[actor].name) : std::string_view();
}

ProvisionInfo Decider::provision(int provision) const {
    const auto& provisions = impl_->set.provisions;
    if (provision < 0 || static_cast<std::size_t>(provision) >= provisions.size()) return {};
    return ProvisionInfo{provisions[provision].id, provisions[provision].citation,
                         ast::provision_kind_name(provisions[provision].kind)};
}

std::string_view Decider::category_name(int category) const {
    const auto& categories = impl_->set.categories;
    return category >= 0 && static_cast<std::size_t>(category) < categories.size() ? std::string_view(categories[category].name)
                                                                                  : std::string_view();
}

std::string_view Decider::fact_name(std::uint16_t fact) const {
    const auto& facts = impl_->set.facts;
    return fact < facts.size() ? std::string_view(facts[fact].name) : std::string_view();
}

}  // namespace grondslag
