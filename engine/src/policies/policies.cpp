// Policies: a policy set loaded from its files (or a directory tree, or a bundle's compiled image),
// parsed, checked and compiled once; every later stage (decide, explain, prove, render) reads its
// compiled form.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <mutex>
#include <stdexcept>

#include "compiler.hpp"
#include "image.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/input_limits.hpp"
#include "parser.hpp"
#include "grondslag/sha256.hpp"
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
    // The decide stage's answer texts, derived from the compiled set once and shared by every Decider of
    // the set: built by the first that asks, under the lock (its type is the decide stage's).
    std::mutex answer_texts_mutex;
    std::shared_ptr<const void> answer_texts;

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

std::shared_ptr<const void> PoliciesAccess::answer_texts(const Policies& policies, const std::function<std::shared_ptr<const void>()>& make) {
    Policies::State& s = *policies.state_;
    std::lock_guard lock(s.answer_texts_mutex);
    if (!s.answer_texts) s.answer_texts = make();
    return s.answer_texts;
}

}  // namespace grondslag
