#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "answer.hpp"
#include "compiler.hpp"
#include "evaluator.hpp"
#include "grondslag/grondslag.hpp"
#include "parser.hpp"
#include "request.hpp"
#include "sha256.hpp"

namespace grondslag {

struct Policies::State {
    std::vector<std::unique_ptr<SourceFile>> files;
    DiagnosticReport report;
    std::unique_ptr<ir::PolicySet> set;
    std::string hash;
};

static std::string hash_sources(const std::vector<std::unique_ptr<SourceFile>>& files) {
    Sha256 h;
    for (const auto& f : files) {
        const std::string name = std::filesystem::path(f->path).filename().string();
        h.update(name);
        h.update(std::string_view("\0", 1));
        h.update(f->text);
        h.update(std::string_view("\0", 1));
    }
    return "sha256:" + h.hex_digest();
}

Policies Policies::load_sources(std::vector<PolicySource> sources) { return load(std::move(sources), {}); }

// Unreadable paths are reported first, so that they are not mistaken for an empty set.
Policies Policies::load(std::vector<PolicySource> sources, const std::vector<std::string>& unreadable) {
    Policies p;
    p.state_ = std::make_shared<State>();
    State& s = *p.state_;
    for (const auto& e : unreadable) s.report.error("E004", Location{}, "cannot read policy path '" + e + "'");
    for (auto& src : sources) s.files.push_back(std::make_unique<SourceFile>(std::move(src.path), std::move(src.text)));
    std::vector<ast::Module> modules;
    for (const auto& f : s.files) {
        auto m = parse_module(*f, s.report);
        if (m) modules.push_back(std::move(*m));
    }
    s.hash = hash_sources(s.files);
    if (s.files.empty() && !s.report.has_errors()) s.report.error("E004", Location{}, "no policy files (*.gsl) found");
    // Semantic checks run on every file that parsed, so one syntax error does not hide the rest.
    auto set = compile(modules, s.report);
    if (!s.report.has_errors() && set) {
        set->source_hash = s.hash;
        for (const auto& f : s.files) set->source_paths.push_back(f->path);
        s.set = std::move(set);
    }
    return p;
}

Policies Policies::load_directories(const std::vector<std::string>& directories) {
    std::vector<PolicySource> sources;
    std::vector<std::string> errors;
    for (const auto& dir : directories) {
        std::vector<std::filesystem::path> paths;
        std::error_code ec;
        if (std::filesystem::is_regular_file(dir, ec)) {
            paths.push_back(dir);
        } else if (!std::filesystem::is_directory(dir, ec)) {
            errors.push_back(dir);
            continue;
        } else {
            for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
                if (it->is_regular_file() && it->path().extension() == ".gsl") paths.push_back(it->path());
        }
        std::sort(paths.begin(), paths.end());
        for (const auto& path : paths) {
            std::ifstream in(path, std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            if (!in) {
                errors.push_back(path.string());
                continue;
            }
            sources.push_back({path.string(), text.str()});
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
const ir::PolicySet& Policies::compiled() const { return *state_->set; }

struct Decider::Impl {
    Policies policies;
    const ir::PolicySet& set;
    Evaluator evaluator;
    RequestDecoder decoder;
    Request request;
    Decision decision;
    AnswerOptions options;
    RequestError error;

    Impl(Policies p, DecideOptions o) : policies(std::move(p)), set(policies.compiled()), evaluator(set), decoder(set) {
        options.unverified = o.unverified;
        options.why_not = o.why_not;
    }
};

Decider::Decider(Policies policies, DecideOptions options) : impl_(std::make_unique<Impl>(std::move(policies), options)) {}
Decider::~Decider() = default;
Decider::Decider(Decider&&) noexcept = default;

bool Decider::decide_json(std::string_view text, std::string& out, std::size_t line) {
    Impl& d = *impl_;
    if (!d.decoder.decode(text, d.request, d.error)) {
        write_error_answer(d.set, d.request.id_json, d.error, line, d.options, out);
        return false;
    }
    d.evaluator.decide(d.request, d.decision);
    write_answer(d.set, d.request, d.decision, d.options, out);
    return true;
}

}  // namespace grondslag
