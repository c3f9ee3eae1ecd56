#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "answer.hpp"
#include "compiler.hpp"
#include "evaluator.hpp"
#include "explain_internal.hpp"
#include "image.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/input_limits.hpp"
#include "parser.hpp"
#include "request.hpp"
#include "grondslag/sha256.hpp"
#include "typed_access.hpp"
#include "policies_access.hpp"

#include <atomic>

namespace grondslag {

struct Policies::State {
    std::vector<std::unique_ptr<SourceFile>> files;
    DiagnosticReport report;
    std::unique_ptr<ir::PolicySet> set;
    std::string hash;
    bool from_image = false;
    std::string image_refusal;  // why an image of this engine build was not used

    std::vector<const SourceFile*> file_list() const {
        std::vector<const SourceFile*> out;
        for (const auto& f : files) out.push_back(f.get());
        return out;
    }
    void accept(std::vector<PolicySource>& sources);
    void compile_all();
    void adopt(std::unique_ptr<ir::PolicySet> compiled) {
        static std::atomic<std::uint32_t> loaded{0};
        compiled->serial = ++loaded;
        compiled->source_hash = hash;
        for (const auto& f : files) compiled->source_paths.push_back(f->path);
        set = std::move(compiled);
    }
};

// An unambiguous encoding: the number of files, then each file's name and text, each preceded by
// its length in 8 bytes. No two different sets of (name, text) pairs encode alike, whatever bytes the
// texts hold (a separator could appear inside a text).
static std::string hash_sources(const std::vector<std::unique_ptr<SourceFile>>& files) {
    Sha256 h;
    auto length = [&](std::uint64_t n) {
        char bytes[8];
        for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(n >> (8 * (7 - i)));
        h.update(std::string_view(bytes, 8));
    };
    h.update("grondslag-policy-set/2");
    length(files.size());
    for (const auto& f : files) {
        const std::string name = std::filesystem::path(f->path).filename().string();
        length(name.size());
        h.update(name);
        length(f->text.size());
        h.update(f->text);
    }
    return "sha256:" + h.hex_digest();
}

Policies Policies::load_sources(std::vector<PolicySource> sources) { return load(std::move(sources), {}); }

namespace {
std::string too_large_file(const std::string& path) {
    return "the policy file '" + path + "' has more than " + std::to_string(max_policy_file_bytes) +
           " bytes, the limit for one policy file (split it into modules)";
}
std::string too_large_set() {
    return "the policy files have more than " + std::to_string(max_policy_set_bytes) +
           " bytes together, the limit for one policy set";
}
}  // namespace

// Sources over the size limits are refused before parsing (docs/reliability.md, "Memory bounds").
void Policies::State::accept(std::vector<PolicySource>& sources) {
    std::size_t total = 0;
    for (auto& src : sources) {
        if (src.text.size() > max_policy_file_bytes) {
            report.error("E005", Location{}, too_large_file(src.path));
            continue;
        }
        total += src.text.size();
        if (total > max_policy_set_bytes) {
            report.error("E005", Location{}, too_large_set());
            break;
        }
        files.push_back(std::make_unique<SourceFile>(std::move(src.path), std::move(src.text)));
    }
    hash = hash_sources(files);
}

void Policies::State::compile_all() {
    std::vector<ast::Module> modules;
    for (const auto& f : files) {
        auto m = parse_module(*f, report);
        if (m) modules.push_back(std::move(*m));
    }
    if (files.empty() && !report.has_errors()) report.error("E004", Location{}, "no policy files (*.gsl) found");
    order_by_rank(modules);
    // Semantic checks run on every file that parsed, so one syntax error does not hide the rest.
    auto compiled = compile(modules, report);
    if (!report.has_errors() && compiled) adopt(std::move(compiled));
}

// Paths that could not be read are reported first, so that they are not mistaken for an empty set.
Policies Policies::load(std::vector<PolicySource> sources, const std::vector<Refused>& refused) {
    Policies p;
    p.state_ = std::make_shared<State>();
    State& s = *p.state_;
    for (const auto& r : refused) s.report.error(r.code, Location{}, r.message);
    s.accept(sources);
    s.compile_all();
    return p;
}

Policies Policies::load_sources_with_image(std::vector<PolicySource> sources, std::string_view compiled) {
    Policies p;
    p.state_ = std::make_shared<State>();
    State& s = *p.state_;
    s.accept(sources);
    if (!s.report.has_errors() && !s.files.empty()) {
        std::string why;
        bool other_build = false;
        if (auto set = image::read(compiled, s.file_list(), why, other_build)) {
            s.adopt(std::move(set));
            s.from_image = true;
            return p;
        }
        if (!compiled.empty()) s.image_refusal = other_build ? std::string(image::another_build_refusal) : why;
    }
    s.compile_all();
    return p;
}

std::string Policies::compiled_image() const { return ok() ? image::write(*state_->set, state_->file_list()) : std::string(); }
bool Policies::from_image() const { return state_ && state_->from_image; }
const std::string& Policies::image_refusal() const {
    static const std::string none;
    return state_ ? state_->image_refusal : none;
}

namespace {

bool has_extension_in_any_case(const std::filesystem::path& p, std::string_view ext) {
    const std::string e = p.extension().string();
    return e.size() == ext.size() &&
           std::equal(e.begin(), e.end(), ext.begin(), [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

}  // namespace

// Iterative, one folder at a time, so that a folder that cannot be read ends nothing but itself.
void find_policy_files(const std::string& root, std::vector<std::string>& files, std::vector<std::string>& errors) {
    namespace fs = std::filesystem;
    std::vector<fs::path> folders{fs::path(root)};
    while (!folders.empty()) {
        const fs::path folder = std::move(folders.back());
        folders.pop_back();
        std::error_code ec;
        fs::directory_iterator it(folder, ec), end;
        if (ec) {
            errors.push_back("cannot read the policy folder '" + folder.string() + "': " + ec.message());
            continue;
        }
        for (; it != end; it.increment(ec)) {
            const fs::path& path = it->path();
            std::error_code type_ec;
            const fs::file_status st = it->symlink_status(type_ec);
            if (type_ec) {
                errors.push_back("cannot read policy path '" + path.string() + "': " + type_ec.message());
                continue;
            }
            if (fs::is_symlink(st)) {
                errors.push_back("the policy folder holds a symbolic link, '" + path.string() +
                                 "': links are not followed; put the file or folder itself there");
            } else if (fs::is_directory(st)) {
                folders.push_back(path);
            } else if (fs::is_regular_file(st)) {
                if (path.extension() == ".gsl") files.push_back(path.string());
                else if (has_extension_in_any_case(path, ".gsl"))
                    errors.push_back("'" + path.string() +
                                     "' is named like a policy file but its name does not end in \".gsl\" in lower case; "
                                     "rename it (or move it out of the policy folder)");
            } else {
                errors.push_back("the policy folder holds '" + path.string() +
                                 "', which is not a regular file or folder (a FIFO, socket or device)");
            }
        }
        if (ec) errors.push_back("cannot read the policy folder '" + folder.string() + "': " + ec.message());
    }
}

Policies Policies::load_directories(const std::vector<std::string>& directories) {
    std::vector<PolicySource> sources;
    std::vector<Refused> errors;
    std::size_t total = 0;
    for (const auto& dir : directories) {
        std::vector<std::filesystem::path> paths;
        std::error_code ec;
        // A path named on the command line is followed if it is a link: it was chosen, not found.
        if (std::filesystem::is_regular_file(dir, ec)) {
            paths.push_back(dir);
        } else if (!std::filesystem::is_directory(dir, ec)) {
            errors.push_back({"E004", "cannot read policy path '" + dir + "'"});
            continue;
        } else {
            std::vector<std::string> found, found_errors;
            find_policy_files(dir, found, found_errors);
            paths.assign(found.begin(), found.end());
            for (auto& e : found_errors) errors.push_back({"E004", std::move(e)});
        }
        std::sort(paths.begin(), paths.end());
        for (const auto& path : paths) {
            std::string text, why;
            // Each file is read only up to its limit, and only while the set is within its own.
            const std::size_t limit = std::min(max_policy_file_bytes, max_policy_set_bytes - std::min(total, max_policy_set_bytes));
            if (!read_regular_file_within(path.string(), limit, "a policy file", text, why)) {
                if (why.rfind("cannot read", 0) == 0) errors.push_back({"E004", "cannot read policy path '" + path.string() + "'" + why.substr(std::string("cannot read ").size() + path.string().size())});
                else if (limit < max_policy_file_bytes) errors.push_back({"E005", too_large_set()});
                else errors.push_back({"E005", too_large_file(path.string())});
                if (limit < max_policy_file_bytes) return load({}, errors);
                continue;
            }
            total += text.size();
            sources.push_back({path.string(), std::move(text)});
        }
    }
    return load(std::move(sources), errors);
}

bool Policies::ok() const { return state_ && state_->set != nullptr; }
const DiagnosticReport& Policies::diagnostics() const { return state_->report; }
std::string Policies::render_diagnostics() const { return state_->report.render(); }
const std::string& Policies::hash() const { return state_->hash; }
std::vector<PolicySource> Policies::sources() const {
    std::vector<PolicySource> out;
    for (const auto& f : state_->files) out.push_back({f->path, f->text});
    return out;
}
std::size_t Policies::rule_count() const { return ok() ? state_->set->rules.size() : 0; }
std::size_t Policies::provision_count() const { return ok() ? state_->set->provisions.size() : 0; }
const ir::PolicySet& PoliciesAccess::compiled(const Policies& policies) { return *policies.state_->set; }

struct Decider::Impl {
    Policies policies;
    const ir::PolicySet& set;
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

    Impl(Policies p, DecideOptions o) : policies(std::move(p)), set(compiled_form(policies)), evaluator(set), decoder(set) {
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
        return false;
    }
    d.evaluator.decide(d.request, d.decision);
    write_answer(d.set, d.request, d.decision, d.options, d.answer);
    out += d.answer.view();
    return true;
}

void Decider::reject(std::string_view message, std::string& out, std::size_t line) {
    Impl& d = *impl_;
    d.error.path.clear();
    d.error.message.assign(message);
    write_error_answer(d.set, std::string(), d.error, line, d.options, out);
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
                TypedObligation out;
                if (o.kind == ast::ObligationKind::notify) {
                    out.kind = TypedObligation::Kind::notify;
                    out.actor = o.actor;
                } else if (o.kind == ast::ObligationKind::secrecy) {
                    out.kind = TypedObligation::Kind::secrecy;
                    out.provision = o.provision;
                } else {
                    out.kind = o.kind == ast::ObligationKind::retain ? TypedObligation::Kind::retain : TypedObligation::Kind::log;
                    out.until = TypedAccess::date(add_period(t.request.date, o.period));
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
                    names.basis, names.grounds, r.citations};
}

std::string_view Decider::actor_name(int actor) const {
    const auto& actors = impl_->set.actors;
    return actor >= 0 && static_cast<std::size_t>(actor) < actors.size() ? std::string_view(actors[actor].name) : std::string_view();
}

ProvisionInfo Decider::provision(int provision) const {
    const auto& provisions = impl_->set.provisions;
    if (provision < 0 || static_cast<std::size_t>(provision) >= provisions.size()) return {};
    return ProvisionInfo{provisions[provision].id, provisions[provision].citation};
}

std::string_view Decider::fact_name(std::uint16_t fact) const {
    const auto& facts = impl_->set.facts;
    return fact < facts.size() ? std::string_view(facts[fact].name) : std::string_view();
}

}  // namespace grondslag
