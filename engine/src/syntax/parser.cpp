// Syntax layer: PEGTL parse tree -> ast::Module.
#include "parser.hpp"

#include <charconv>

#include <tao/pegtl/contrib/parse_tree.hpp>

#include "grondslag_parse_tree.hpp"

namespace grondslag {
namespace {

namespace g = grammar;
namespace pegtl = tao::pegtl;
namespace pt = tao::pegtl::parse_tree;

// The nodes read here are grammar::syntax_nodes (grondslag_parse_tree.hpp).
using Node = pt::node;

class Builder {
public:
    Builder(const SourceFile& file, DiagnosticReport& report) : file_(file), report_(report) {}

    ast::Module build(const Node& root) {
        ast::Module m;
        m.file = &file_;
        for (const auto& child : root.children) {
            const Node& n = *child;
            if (n.is_type<g::module_name>()) m.name = name(n);
            else if (n.is_type<g::rank_name>()) {
                m.rank = rank(n.string_view());
                m.rank_at = at(n);
            } else if (n.is_type<g::extend_decl>()) m.extensions.push_back(extension(n));
            else if (n.is_type<g::actor_decl>()) m.actors.push_back(actor(n));
            else if (n.is_type<g::category_decl>()) m.categories.push_back(category(n));
            else if (n.is_type<g::purpose_decl>()) m.purposes.push_back(purpose(n));
            else if (n.is_type<g::fact_decl>()) m.facts.push_back(fact(n));
            else if (n.is_type<g::basis_decl>()) m.bases.push_back(basis(n));
            else if (n.is_type<g::provision_decl>()) m.provisions.push_back(provision(n));
            else if (n.is_type<g::rule_decl>()) m.rules.push_back(rule(n));
        }
        return m;
    }

private:
    const SourceFile& file_;
    DiagnosticReport& report_;

    Location at(const Node& n) const {
        const auto p = n.begin();
        return Location{&file_, static_cast<std::uint32_t>(p.line), static_cast<std::uint32_t>(p.column)};
    }

    ast::Name name(const Node& n) const { return ast::Name{n.string(), at(n)}; }

    static std::string unquote(std::string_view s) {
        std::string out;
        if (s.size() < 2) return out;
        s = s.substr(1, s.size() - 2);
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '\\' && i + 1 < s.size()) {
                ++i;
                out += s[i] == 'n' ? '\n' : s[i];
            } else {
                out += s[i];
            }
        }
        return out;
    }

    ast::Label label(const Node& parent) const {
        ast::Label l;
        for (const auto& c : parent.children) {
            if (c->is_type<g::label_nl>()) l.nl = unquote(c->string_view());
            if (c->is_type<g::label_en>()) l.en = unquote(c->string_view());
        }
        return l;
    }

    std::vector<ast::Name> names(const Node& list) const {
        std::vector<ast::Name> out;
        for (const auto& c : list.children)
            if (c->is_type<g::name>() || c->is_type<g::qualified_id>()) out.push_back(name(*c));
        return out;
    }

    static ast::DataClass data_class(std::string_view s) {
        if (s == "SPEC") return ast::DataClass::spec;
        if (s == "CRIM") return ast::DataClass::crim;
        if (s == "NID") return ast::DataClass::nid;
        return ast::DataClass::ord;
    }

    static ast::Rank rank(std::string_view s) {
        static constexpr std::pair<std::string_view, ast::Rank> ranks[] = {
            {"eu_verordening", ast::Rank::eu_verordening},
            {"wet", ast::Rank::wet},
            {"amvb", ast::Rank::amvb},
            {"ministeriele_regeling", ast::Rank::ministeriele_regeling},
            {"gemeentelijke_verordening", ast::Rank::gemeentelijke_verordening},
            {"bestuursregeling", ast::Rank::bestuursregeling},
            {"convenant", ast::Rank::convenant}};
        for (const auto& [text, r] : ranks)
            if (text == s) return r;
        return ast::Rank::none;
    }

    ast::ExtendDecl extension(const Node& n) const {
        ast::ExtendDecl e;
        for (const auto& c : n.children) {
            if (c->is_type<g::extended_purpose>()) e.purpose = name(*c);
            else if (c->is_type<g::extend_needs>()) {
                e.needs_at = at(*c);
                for (const auto& list : c->children) e.needs = names(*list);
            } else if (c->is_type<g::extend_recipients>()) {
                e.recipients_at = at(*c);
                for (const auto& list : c->children) e.recipients = names(*list);
            }
        }
        return e;
    }

    ast::ActorDecl actor(const Node& n) const {
        ast::ActorDecl a;
        a.name = name(*n.children.at(0));
        for (const auto& c : n.children) {
            if (c->is_type<g::actor_group>()) a.group = name(*c);
            if (c->is_type<g::actor_open>()) a.open = true;
        }
        a.label = label(n);
        return a;
    }

    ast::CategoryDecl category(const Node& n) const {
        ast::CategoryDecl c;
        c.name = name(*n.children.at(0));
        for (const auto& ch : n.children)
            if (ch->is_type<g::class_name>()) c.data_class = data_class(ch->string_view());
        c.label = label(n);
        return c;
    }

    ast::PurposeDecl purpose(const Node& n) const {
        ast::PurposeDecl p;
        p.name = name(*n.children.at(0));
        for (const auto& c : n.children) {
            if (c->is_type<g::needed_categories>()) p.needs = names(*c);
            if (c->is_type<g::purpose_recipients>()) p.recipients = names(*c);
            if (c->is_type<g::open_needs>()) p.open_needs = true;
            if (c->is_type<g::open_recipients>()) p.open_recipients = true;
            if (c->is_type<g::phase_decl>()) {
                ast::PhaseDecl phase;
                for (const auto& pc : c->children) {
                    if (pc->is_type<g::phase_name>()) phase.name = name(*pc);
                    if (pc->is_type<g::phase_needs>()) phase.needs = names(*pc);
                    if (pc->is_type<g::phase_recipients>()) phase.recipients = names(*pc);
                }
                phase.label = label(*c);
                p.phases.push_back(std::move(phase));
            }
        }
        p.label = label(n);
        return p;
    }

    ast::Type type(const Node& n) const {
        ast::Type t;
        t.at = at(n);
        if (n.is_type<g::type_bool>()) t.kind = ast::TypeKind::boolean;
        else if (n.is_type<g::type_int>()) t.kind = ast::TypeKind::integer;
        else if (n.is_type<g::type_date>()) t.kind = ast::TypeKind::date;
        else if (n.is_type<g::type_text_list>()) {
            t.kind = ast::TypeKind::text_list;
            t.articles = !n.children.empty() && n.children.front()->is_type<g::article_element>();
        }
        else if (n.is_type<g::type_consents>()) t.kind = ast::TypeKind::consents;
        else if (n.is_type<g::type_enum>()) {
            t.kind = ast::TypeKind::enumeration;
            t.enum_values = names(n);
        } else if (n.is_type<g::type_record>()) {
            t.kind = ast::TypeKind::record;
            for (const auto& f : n.children) {
                ast::Field field;
                field.name = name(*f->children.at(0));
                field.type = std::make_unique<ast::Type>(type(*f->children.at(1)));
                t.fields.push_back(std::move(field));
            }
        }
        return t;
    }

    ast::FactDecl fact(const Node& n) const {
        ast::FactDecl f;
        f.name = name(*n.children.at(0));
        f.type = type(*n.children.at(1));
        f.label = label(n);
        return f;
    }

    ast::BasisDecl basis(const Node& n) const {
        ast::BasisDecl b;
        b.id = name(*n.children.at(0));
        const auto kind = n.children.at(1)->string_view();
        b.kind = kind == "art9" ? ast::BasisKind::art9
                 : kind == "art10" ? ast::BasisKind::art10
                 : kind == "nid"  ? ast::BasisKind::nid
                                  : ast::BasisKind::art6;
        for (const auto& c : n.children)
            if (c->is_type<g::basis_consent>()) b.from_consent = true;
        b.label = label(n);
        return b;
    }

    ast::Validity validity(const Node& n) const {
        ast::Validity v;
        v.at = at(n);
        for (const auto& c : n.children) {
            const auto day = parse_date(c->string_view());
            if (!day) {
                report_.error("E002", at(*c), "'" + c->string() + "' is not a calendar date");
                v.dates_valid = false;
            }
            if (c->is_type<g::valid_from>()) {
                v.from = day.value_or(0);
                v.from_at = at(*c);
            } else if (c->is_type<g::valid_until>()) {
                v.until = day.value_or(0);
                v.until_at = at(*c);
            }
        }
        return v;
    }

    ast::ProvisionDecl provision(const Node& n) const {
        ast::ProvisionDecl p;
        p.id = name(*n.children.at(0));
        for (const auto& c : n.children) {
            if (c->is_type<g::provision_duty>()) p.kind = ast::ProvisionKind::duty;
            else if (c->is_type<g::provision_power>()) p.kind = ast::ProvisionKind::power;
            else if (c->is_type<g::law_name>()) p.law = unquote(c->string_view());
            else if (c->is_type<g::article_ref>()) p.article = unquote(c->string_view());
            else if (c->is_type<g::lid_ref>()) p.lid = unquote(c->string_view());
            else if (c->is_type<g::onder_ref>()) p.onder = unquote(c->string_view());
            else if (c->is_type<g::bwb_id>()) p.source_id = c->string();
            else if (c->is_type<g::celex_id>()) p.source_id = "CELEX " + c->string();
            else if (c->is_type<g::cvdr_id>()) p.source_id = c->string();
            else if (c->is_type<g::validity>()) p.validity = validity(*c);
            else if (c->is_type<g::says_text>()) p.says = unquote(c->string_view());
            else if (c->is_type<g::says_en>()) p.says_en = unquote(c->string_view());
        }
        return p;
    }

    static constexpr std::int32_t max_period = 100000;

    Period period(const Node& n) const {
        Period p;
        // Bounded so that date arithmetic on it cannot overflow: 100,000 years is 36.5 million days.
        const Node& amount = *n.children.at(0);
        const std::string_view digits = amount.string_view();
        std::int32_t value = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (ec != std::errc() || end != digits.data() + digits.size() || value > max_period) {
            report_.error("E003", at(amount), "the period " + amount.string() + " is too large (at most " +
                                                  std::to_string(max_period) + ")");
            value = 0;
        }
        p.amount = value;
        const auto unit = n.children.at(1)->string_view();
        p.unit = unit.starts_with("day") ? PeriodUnit::days : unit.starts_with("month") ? PeriodUnit::months : PeriodUnit::years;
        return p;
    }

    ast::RuleDecl rule(const Node& n) const {
        ast::RuleDecl r;
        r.id = name(*n.children.at(0));
        for (const auto& cp : n.children) {
            const Node& c = *cp;
            if (c.is_type<g::rule_provision>()) r.provision = name(c);
            else if (c.is_type<g::effect_permit>()) r.effect = ast::Effect::permit;
            else if (c.is_type<g::effect_forbid>()) r.effect = ast::Effect::forbid;
            else if (c.is_type<g::any_data>()) {
                r.data.kind = ast::DataSelection::Kind::any;
                r.data.at = at(c);
            } else if (c.is_type<g::data_class>()) {
                r.data.kind = ast::DataSelection::Kind::data_class;
                r.data.data_class = data_class(c.children.at(0)->string_view());
                r.data.at = at(c);
            } else if (c.is_type<g::data_names>()) {
                r.data.kind = ast::DataSelection::Kind::names;
                r.data.names = names(c);
                r.data.at = at(c);
            } else if (c.is_type<g::senders>() || c.is_type<g::recipients>()) {
                ast::ActorSelection s;
                s.at = at(c);
                s.anyone = !c.children.empty() && c.children.front()->is_type<g::anyone>();
                s.names = names(c);
                (c.is_type<g::senders>() ? r.senders : r.recipients) = std::move(s);
            } else if (c.is_type<g::purposes>()) {
                r.purposes.at = at(c);
                r.purposes.any = !c.children.empty() && c.children.front()->is_type<g::any_purpose>();
                r.purposes.names = names(c);
            } else if (c.is_type<g::phase_clause>()) {
                r.phases = names(*c.children.at(0));
            } else if (c.is_type<g::validity>()) {
                r.validity = validity(c);
            } else if (c.is_type<g::condition>()) {
                r.condition = expr(*c.children.at(0));
            } else if (c.is_type<g::bases>()) {
                r.bases = names(c);
            } else if (c.is_type<g::exceptions>()) {
                r.exceptions = names(c);
            } else if (c.is_type<g::prevails_clause>()) {
                r.prevails = at(c);
            } else if (c.is_type<g::retain_obligation>() || c.is_type<g::log_obligation>()) {
                ast::Obligation o;
                o.kind = c.is_type<g::retain_obligation>() ? ast::ObligationKind::retain : ast::ObligationKind::log;
                o.at = at(c);
                // `retain at least ...` keeps its parts under one node; `retain PERIOD ...` beside the keyword.
                const Node& parts = c.children.at(0)->is_type<g::retain_minimum>() ? *c.children.at(0) : c;
                if (&parts != &c) o.kind = ast::ObligationKind::retain_minimum;
                for (const auto& part : parts.children) {
                    if (part->is_type<g::period>()) o.period = period(*part);
                    else if (part->is_type<g::retain_anchor>()) o.anchor = name(*part);
                    else if (part->is_type<g::duty_provision>()) o.provision = name(*part);
                }
                r.obligations.push_back(o);
            } else if (c.is_type<g::use_obligation>()) {
                ast::Obligation o;
                o.kind = ast::ObligationKind::use_number;
                o.at = at(c);
                o.category = name(*c.children.at(0));
                o.provision = name(*c.children.at(1));
                r.obligations.push_back(o);
            } else if (c.is_type<g::notify_obligation>()) {
                ast::Obligation o;
                o.kind = ast::ObligationKind::notify;
                o.at = at(c);
                o.actor = name(*c.children.at(0));
                r.obligations.push_back(o);
            } else if (c.is_type<g::secrecy_obligation>() || c.is_type<g::inform_obligation>() ||
                       c.is_type<g::motivate_obligation>() || c.is_type<g::shield_obligation>()) {
                ast::Obligation o;
                o.kind = c.is_type<g::secrecy_obligation>()    ? ast::ObligationKind::secrecy
                         : c.is_type<g::inform_obligation>()   ? ast::ObligationKind::inform
                         : c.is_type<g::motivate_obligation>() ? ast::ObligationKind::motivation
                                                               : ast::ObligationKind::shield;
                o.at = at(c);
                o.provision = name(*c.children.at(0));
                r.obligations.push_back(o);
            } else if (c.is_type<g::citation>()) {
                r.cites.push_back(unquote(c.string_view()));
            } else if (c.is_type<g::says_text>()) {
                r.says = unquote(c.string_view());
            } else if (c.is_type<g::says_en>()) {
                r.says_en = unquote(c.string_view());
            }
        }
        return r;
    }

    std::unique_ptr<ast::Expr> make(ast::ExprKind kind, const Node& n) const {
        auto e = std::make_unique<ast::Expr>();
        e->kind = kind;
        e->at = at(n);
        return e;
    }

    // expression and and_expr nodes fold when they have a single child.
    std::unique_ptr<ast::Expr> expr(const Node& n) const {
        if (n.is_type<g::expression>() || n.is_type<g::and_expr>()) {
            if (n.children.size() == 1) return expr(*n.children.front());
            auto e = make(n.is_type<g::expression>() ? ast::ExprKind::logical_or : ast::ExprKind::logical_and, n);
            for (const auto& c : n.children) e->children.push_back(expr(*c));
            return e;
        }
        if (n.is_type<g::negation>()) {
            auto e = make(ast::ExprKind::logical_not, n);
            e->children.push_back(expr(*n.children.at(0)));
            return e;
        }
        if (n.is_type<g::comparison>()) return comparison(n);
        if (n.is_type<g::operand>()) return operand(n);
        return atom(n);
    }

    std::unique_ptr<ast::Expr> comparison(const Node& n) const {
        auto left = operand(*n.children.at(0));
        if (n.children.size() == 1) return left;
        const Node& tail = *n.children.at(1);
        std::unique_ptr<ast::Expr> e;
        if (tail.is_type<g::member_tail>() || tail.is_type<g::contains_any_tail>()) {
            e = make(tail.is_type<g::member_tail>() ? ast::ExprKind::member : ast::ExprKind::contains_any, tail);
            for (const auto& v : tail.children) {
                std::string text = v->string();
                if (!text.empty() && text.front() == '"') text = unquote(text);
                e->values.push_back(ast::Name{text, at(*v)});
            }
        } else if (tail.is_type<g::contains_tail>()) {
            e = make(ast::ExprKind::contains, tail);
            e->values.push_back(ast::Name{unquote(tail.children.at(0)->string_view()), at(*tail.children.at(0))});
        } else {
            // compare_tail was not stored: tail is the operator, n.children[2] the right operand.
            e = make(ast::ExprKind::compare, tail);
            if (tail.is_type<g::op_le>()) e->op = ast::CompareOp::le;
            else if (tail.is_type<g::op_ge>()) e->op = ast::CompareOp::ge;
            else if (tail.is_type<g::op_ne>()) e->op = ast::CompareOp::ne;
            else if (tail.is_type<g::op_lt>()) e->op = ast::CompareOp::lt;
            else if (tail.is_type<g::op_gt>()) e->op = ast::CompareOp::gt;
            else e->op = ast::CompareOp::eq;
            e->children.push_back(std::move(left));
            e->children.push_back(operand(*n.children.at(2)));
            return e;
        }
        e->children.push_back(std::move(left));
        return e;
    }

    std::unique_ptr<ast::Expr> operand(const Node& n) const {
        auto base = atom(*n.children.at(0));
        if (n.children.size() == 1) return base;
        const Node& shift = *n.children.at(1);
        auto e = make(shift.is_type<g::plus_period>() ? ast::ExprKind::add_period : ast::ExprKind::subtract_period, shift);
        e->period = period(*shift.children.at(0));
        e->children.push_back(std::move(base));
        return e;
    }

    std::unique_ptr<ast::Expr> atom(const Node& n) const {
        if (n.is_type<g::parenthesised>()) return expr(*n.children.at(0));
        if (n.is_type<g::consent_test>()) {
            auto e = make(ast::ExprKind::consent, n);
            for (const auto& c : n.children) {
                if (c->is_type<g::consent_explicit>()) e->explicit_consent = true;
                if (c->is_type<g::consent_category>()) e->consent_category = name(*c);
            }
            return e;
        }
        if (n.is_type<g::known_test>()) {
            auto e = make(ast::ExprKind::known, n);
            e->children.push_back(atom(*n.children.at(0)));
            return e;
        }
        if (n.is_type<g::request_date>()) return make(ast::ExprKind::request_date, n);
        if (n.is_type<g::request_sender>()) return make(ast::ExprKind::request_sender, n);
        if (n.is_type<g::request_recipient>()) return make(ast::ExprKind::request_recipient, n);
        if (n.is_type<g::literal_true>() || n.is_type<g::literal_false>()) {
            auto e = make(ast::ExprKind::bool_literal, n);
            e->number = n.is_type<g::literal_true>() ? 1 : 0;
            return e;
        }
        if (n.is_type<g::date_lit>()) {
            auto e = make(ast::ExprKind::date_literal, n);
            const auto day = parse_date(n.string_view());
            if (!day) report_.error("E002", at(n), "'" + n.string() + "' is not a calendar date");
            e->number = day.value_or(0);
            return e;
        }
        if (n.is_type<g::integer>()) {
            auto e = make(ast::ExprKind::int_literal, n);
            try {
                e->number = std::stoll(n.string());
            } catch (const std::exception&) {
                report_.error("E003", at(n), "the number " + n.string() + " is too large");
            }
            return e;
        }
        if (n.is_type<g::string_lit>()) {
            auto e = make(ast::ExprKind::string_literal, n);
            e->text = unquote(n.string_view());
            return e;
        }
        auto e = make(ast::ExprKind::path, n);
        for (const auto& c : n.children) e->path.push_back(c->string());
        return e;
    }
};

}  // namespace

std::optional<ast::Module> parse_module(const SourceFile& file, DiagnosticReport& report) {
    pegtl::memory_input<> in(file.text, file.path);
    try {
        auto root = pt::parse<g::file, g::syntax_selector, g::depth_limit, g::control>(in);
        if (!root) {
            report.error("E001", Location{&file, 1, 1}, "the file is not a grondslag module");
            return std::nullopt;
        }
        return Builder(file, report).build(*root);
    } catch (const pegtl::parse_error& e) {
        const auto& p = e.positions().front();
        std::string message = e.message() == "maximum parser rule nesting depth exceeded"
                                  ? std::string("the text is nested too deeply (at most about 90 levels of parentheses)")
                                  : std::string(e.message());
        // Where a name was expected and a reserved word stands, say which word it is (the grammar's own
        // list decides, so the message cannot disagree with the parser).
        if (p.byte < file.text.size() && message.find("name") != std::string::npos) {
            const std::string_view rest = std::string_view(file.text).substr(p.byte);
            pegtl::memory_input<> word(rest.data(), rest.size(), file.path);
            if (pegtl::parse<g::reserved>(word))
                message += "; '" + std::string(rest.substr(0, static_cast<std::size_t>(word.current() - rest.data()))) +
                           "' is a reserved word and cannot be a name; choose another (docs/language.md lists the reserved words)";
        }
        report.error("E001", Location{&file, static_cast<std::uint32_t>(p.line), static_cast<std::uint32_t>(p.column)}, message);
        return std::nullopt;
    }
}

}  // namespace grondslag
