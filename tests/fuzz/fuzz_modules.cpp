// libFuzzer target: up to three modules from the input (split at lines "====") loaded beside the
// shipped national policies, as a municipality's modules are: ranks, excepts, groups and extension
// points against the national set. Never a crash; and a set that loads never breaks the hierarchy
// of norms: no module below an AMvB sets aside the national prohibitions on special, criminal or
// identifying-number data except through consent to the AVG's own, and no module adds members to a
// national group the vocabulary did not open. Accepted sets then decide requests into JSON.
//
// The national files do not change between inputs, so they are parsed once: each input's modules
// are parsed and the whole set is ordered and compiled as Policies::load_sources does (the same
// parse_module, order_by_rank and compile, on the national modules parsed beforehand): parsing the
// national set was most of each input's time (docs/reliability.md, "Fuzzing"). An accepted set is
// then loaded through the public API from all its sources with the image of the set just compiled,
// which must be read back (an image this build wrote from a consistent set, the same bytes when
// written again), and is checked and served from there.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <algorithm>
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

// Parses the input's modules beside the national ones (lent, and given back in their load order)
// and compiles the set as Policies::load_sources does. Returns the compiled set, or nullptr with
// the diagnostics in `report`; `files` are all the set's files in load order.
std::unique_ptr<grondslag::ir::PolicySet> compile_with_national(National& base, const std::vector<grondslag::PolicySource>& own,
                                                                std::vector<std::unique_ptr<grondslag::SourceFile>>& own_files,
                                                                std::vector<const grondslag::SourceFile*>& files,
                                                                grondslag::DiagnosticReport& report) {
    std::vector<grondslag::ast::Module> modules = std::move(base.parsed);
    base.parsed.clear();
    for (const auto& f : base.files) files.push_back(f.get());
    for (const auto& s : own) {
        own_files.push_back(std::make_unique<grondslag::SourceFile>(s.path, s.text));
        files.push_back(own_files.back().get());
        if (auto m = grondslag::parse_module(*own_files.back(), report)) modules.push_back(std::move(*m));
    }
    grondslag::order_by_rank(modules);
    auto set = grondslag::compile(modules, report);
    // Back to the national files' order; the input's modules go with this call.
    for (const auto& f : base.files)
        for (auto& m : modules)
            if (m.file == f.get()) {
                base.parsed.push_back(std::move(m));
                break;
            }
    if (base.parsed.size() != base.files.size()) std::abort();
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
    const auto compiled = compile_with_national(base, own, own_files, files, report);
    (void)report.render();
    if (!compiled) return 0;
    // Loaded through the public API from all the sources, with the image of the set compiled above.
    const std::string image = grondslag::image::write(*compiled, files);
    std::vector<grondslag::PolicySource> sources = base.sources;
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
