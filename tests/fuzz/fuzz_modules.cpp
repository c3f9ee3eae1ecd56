// libFuzzer target: up to three modules from the input (split at lines "====") loaded beside the
// shipped national policies, as a municipality's modules are: ranks, excepts, groups and extension
// points against the national set. Never a crash; and a set that loads never breaks the hierarchy
// of norms: no module below an AMvB sets aside the national prohibitions on special, criminal or
// identifying-number data except through consent to the AVG's own, and no module adds members to a
// national group the vocabulary did not open. Accepted sets then decide requests into JSON.
//
// Each input is loaded beside the national modules it names (a module's name, or the first part of
// an id the module declares, as a word of the input), with the national modules their rules rest
// on (the rules they except, the grounds they cite, the provisions they are under), and always the
// vocabulary, which declares every actor, category, purpose and fact. A name reaches the set only
// through a module that declares it, so an input meets every national declaration it names, and
// compiling 174 national rules for an input that names three of them was nine tenths of its time.
// scripts/fuzz.sh gives the fuzzer a dictionary of every national name.
//
// The national files do not change between inputs, so they are parsed once: each input's modules
// are parsed and the set is ordered and compiled as Policies::load_sources does (the same
// parse_module, order_by_rank and compile, on national modules parsed beforehand). An accepted set is
// then loaded through the public API from all its sources with the image of the set just compiled,
// which must be read back (an image this build wrote from a consistent set, the same bytes when
// written again), and is checked and served from there.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <algorithm>
#include <cctype>
#include <string_view>
#include <unordered_map>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler.hpp"
#include "grondslag/grondslag.hpp"
#include "image.hpp"
#include "ir.hpp"
#include "policies_access.hpp"
#include "parser.hpp"

namespace {

std::vector<grondslag::PolicySource> national() {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(GRONDSLAG_POLICIES))
        if (entry.path().extension() == ".gsl") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::vector<grondslag::PolicySource> out;
    for (const auto& f : files) {
        std::ifstream in(f);
        std::stringstream text;
        text << in.rdbuf();
        out.push_back({"policies/" + f.filename().string(), text.str()});
    }
    return out;
}

struct National {
    std::vector<grondslag::PolicySource> sources = national();
    std::set<std::string> modules, rules, actors;
    std::vector<std::pair<std::string, grondslag::ir::Mask>> closed_groups;  // by name, with their members
    // The national files and their parsed modules, in load order; lent to each input's set.
    std::vector<std::unique_ptr<grondslag::SourceFile>> files;
    std::vector<grondslag::ast::Module> parsed;
    // Which national files a word of an input names, and which files each file's rules rest on.
    struct WordHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view w) const { return std::hash<std::string_view>{}(w); }
    };
    std::unordered_map<std::string, std::vector<std::size_t>, WordHash, std::equal_to<>> named_by;
    std::vector<std::vector<bool>> rests_on;
    std::size_t vocabulary = 0;

    National() {
        const auto p = grondslag::Policies::load_sources(sources);
        if (!p.ok()) std::abort();
        grondslag::DiagnosticReport report;
        for (const auto& s : sources) {
            files.push_back(std::make_unique<grondslag::SourceFile>(s.path, s.text));
            auto m = grondslag::parse_module(*files.back(), report);
            if (!m) std::abort();
            parsed.push_back(std::move(*m));
        }
        if (!report.all().empty()) std::abort();
        const auto& set = compiled_form(p);
        for (const auto& m : set.modules) modules.insert(m.name);
        for (const auto& r : set.rules) rules.insert(r.id);
        for (const auto& a : set.actors) {
            actors.insert(a.name);
            closed_groups.push_back({a.name, a.members});
        }
        map_names(set);
        check_each_closure_loads();
    }

    std::size_t file_of(const grondslag::Location& at) const {
        for (std::size_t i = 0; i < sources.size(); ++i)
            if (at.file && at.file->path == sources[i].path) return i;
        std::abort();
    }

    void name(const std::string& word, std::size_t file) {
        auto& to = named_by[word.substr(0, word.find('.'))];
        if (std::find(to.begin(), to.end(), file) == to.end()) to.push_back(file);
    }

    void map_names(const grondslag::ir::PolicySet& set) {
        rests_on.assign(sources.size(), std::vector<bool>(sources.size(), false));
        bool found_vocabulary = false;
        for (std::size_t i = 0; i < parsed.size(); ++i) {
            name(parsed[i].name.text, i);
            if (parsed[i].name.text == "vocabulary") vocabulary = i, found_vocabulary = true;
        }
        if (!found_vocabulary) std::abort();
        for (const auto& b : set.bases) name(b.id, file_of(b.at));
        for (const auto& p : set.provisions) name(p.id, file_of(p.at));
        for (const auto& r : set.rules) {
            const std::size_t f = file_of(r.at);
            name(r.id, f);
            for (int e : r.excepts) rests_on[f][file_of(set.rules[e].at)] = true;
            for (int b : r.bases) rests_on[f][file_of(set.bases[b].at)] = true;
            if (r.provision >= 0) rests_on[f][file_of(set.provisions[r.provision].at)] = true;
            for (const auto& o : r.obligations)
                if (o.provision >= 0) rests_on[f][file_of(set.provisions[o.provision].at)] = true;
        }
    }

    // The national files an input's text names, with the files they rest on and the vocabulary; a
    // flag per file, in load order.
    std::vector<bool> named_in(std::string_view text) const {
        std::vector<bool> chosen(sources.size(), false);
        std::vector<std::size_t> todo{vocabulary};
        for (std::size_t i = 0; i < text.size();) {
            std::size_t j = i;
            while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
            if (j == i) {
                ++i;
                continue;
            }
            if (auto it = named_by.find(text.substr(i, j - i)); it != named_by.end())
                todo.insert(todo.end(), it->second.begin(), it->second.end());
            i = j;
        }
        while (!todo.empty()) {
            const std::size_t f = todo.back();
            todo.pop_back();
            if (chosen[f]) continue;
            chosen[f] = true;
            for (std::size_t g = 0; g < sources.size(); ++g)
                if (rests_on[f][g] && !chosen[g]) todo.push_back(g);
        }
        return chosen;
    }

    // Every national file with what it rests on loads on its own, without a diagnostic: a set an
    // input is loaded beside is always a consistent one.
    void check_each_closure_loads() const {
        for (const auto& [word, named] : named_by) {
            const auto chosen = named_in(word);
            std::vector<grondslag::PolicySource> subset;
            for (std::size_t i = 0; i < sources.size(); ++i)
                if (chosen[i]) subset.push_back(sources[i]);
            const auto p = grondslag::Policies::load_sources(subset);
            if (!p.ok() || !p.diagnostics().all().empty()) std::abort();
        }
    }
};

int index_of(const grondslag::ir::PolicySet& set, const std::string& actor) {
    auto it = set.actor_ids.find(actor);
    return it == set.actor_ids.end() ? -1 : it->second;
}

void check_hierarchy(const grondslag::ir::PolicySet& set, const National& national) {
    using grondslag::ast::Rank;
    // No new member in a national group: the group's members, by name, are the national ones.
    for (const auto& [group, members] : national.closed_groups) {
        const int g = index_of(set, group);
        if (g < 0) std::abort();
        for (std::size_t i = 0; i < set.actors.size() && i < 64; ++i)
            if ((set.actors[g].members >> i & 1) && !national.actors.count(set.actors[i].name)) std::abort();
    }
    // No module below an AMvB sets aside avg.9.1, avg.10 or uavg.46, but by consent to the AVG's own.
    for (const auto& r : set.rules) {
        if (national.modules.count(r.module) || r.effect != grondslag::ast::Effect::permit) continue;
        Rank rank = Rank::none;
        for (const auto& m : set.modules)
            if (m.name == r.module) rank = m.rank;
        if (rank != Rank::none && static_cast<int>(rank) <= static_cast<int>(Rank::amvb)) continue;
        for (int e : r.excepts) {
            const auto& lifted = set.rules[e];
            if (lifted.id != "avg.9.1" && lifted.id != "avg.10" && lifted.id != "uavg.46") continue;
            bool consent = false;
            for (int b : r.bases) consent = consent || (set.bases[b].from_consent && lifted.id != "uavg.46");
            if (!consent) std::abort();
        }
    }
}

// Parses the input's modules beside the chosen national ones (lent, and given back to their places)
// and compiles the set as Policies::load_sources does. Returns the compiled set, or nullptr with
// the diagnostics in `report`; `files` are all the set's files in load order.
std::unique_ptr<grondslag::ir::PolicySet> compile_with_national(National& base, const std::vector<bool>& chosen,
                                                                const std::vector<grondslag::PolicySource>& own,
                                                                std::vector<std::unique_ptr<grondslag::SourceFile>>& own_files,
                                                                std::vector<const grondslag::SourceFile*>& files,
                                                                grondslag::DiagnosticReport& report) {
    std::vector<grondslag::ast::Module> modules;
    for (std::size_t i = 0; i < base.files.size(); ++i)
        if (chosen[i]) {
            files.push_back(base.files[i].get());
            modules.push_back(std::move(base.parsed[i]));
        }
    for (const auto& s : own) {
        own_files.push_back(std::make_unique<grondslag::SourceFile>(s.path, s.text));
        files.push_back(own_files.back().get());
        if (auto m = grondslag::parse_module(*own_files.back(), report)) modules.push_back(std::move(*m));
    }
    grondslag::order_by_rank(modules);
    auto set = grondslag::compile(modules, report);
    // Back to the national files' places; the input's modules go with this call.
    std::size_t given_back = 0;
    for (auto& m : modules)
        for (std::size_t i = 0; i < base.files.size(); ++i)
            if (chosen[i] && m.file == base.files[i].get()) {
                base.parsed[i] = std::move(m);
                ++given_back;
                break;
            }
    if (given_back != static_cast<std::size_t>(std::count(chosen.begin(), chosen.end(), true))) std::abort();
    if (report.has_errors()) set.reset();
    return set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static National base;
    // Far under the limits on policy files (E005, which the fast path does not check); scripts/fuzz.sh
    // gives at most 4,096 bytes.
    if (size > (std::size_t{1} << 20)) return 0;
    std::vector<grondslag::PolicySource> own;
    const std::string input(reinterpret_cast<const char*>(data), size);
    std::size_t start = 0;
    for (int k = 0; k < 3 && start <= input.size(); ++k) {
        std::size_t end = input.find("\n====\n", start);
        if (end == std::string::npos || k == 2) end = input.size();
        own.push_back({"municipal/m" + std::to_string(k) + ".gsl", input.substr(start, end - start)});
        start = end + 6;
    }
    grondslag::DiagnosticReport report;
    std::vector<std::unique_ptr<grondslag::SourceFile>> own_files;
    std::vector<const grondslag::SourceFile*> files;
    const auto chosen = base.named_in(input);
    const auto compiled = compile_with_national(base, chosen, own, own_files, files, report);
    (void)report.render();
    if (!compiled) return 0;
    // Loaded through the public API from all the sources, with the image of the set compiled above.
    const std::string image = grondslag::image::write(*compiled, files);
    std::vector<grondslag::PolicySource> sources;
    for (std::size_t i = 0; i < base.sources.size(); ++i)
        if (chosen[i]) sources.push_back(base.sources[i]);
    sources.insert(sources.end(), own.begin(), own.end());
    const auto p = grondslag::Policies::load_sources_with_image(std::move(sources), image);
    if (!p.ok() || !p.from_image() || p.compiled_image() != image) std::abort();
    check_hierarchy(compiled_form(p), base);
    grondslag::Decider decider(p);
    for (const char* request :
         {R"({"id":"a","date":"2023-05-01","sender":"werkgever","recipient":"gemeente","purpose":"zorg","data":["medisch","bsn","risico","onderdak"],"facts":{}})",
          R"({"id":"b","date":"2023-05-01","sender":"minister_rb","recipient":"woningcorporatie","purpose":"resocialisatie","data":["identificerend","detentiedata"],"facts":{"zwaarwegend_algemeen_belang":true,"noodzakelijk":true}})"}) {
        std::string out;
        decider.decide_json(request, out, 1);
        if (nlohmann::json::parse(out, nullptr, false).is_discarded()) std::abort();
    }
    return 0;
}
