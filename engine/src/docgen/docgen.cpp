// The documentation as a whole: the as-of date, the index page, and writing
// every file (rendering flows.svg with Graphviz when its `dot` is installed).
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "docgen_common.hpp"
#include "policies_access.hpp"
#include "grondslag/safe_files.hpp"

namespace grondslag::docgen {

using namespace detail;

std::int32_t parse_as_of(const std::string& date) {
    const auto d = parse_date(date);
    if (!d) throw std::invalid_argument("not a calendar date (YYYY-MM-DD): " + date);
    return *d;
}

std::string index_html(const Register& reg, bool have_flows_svg, const std::vector<std::pair<std::string, std::string>>& purpose_diagrams) {
    const Lang lang = reg.lang;
    std::size_t activities = 0;
    for (const auto& s : reg.sections) activities += s.activities.size();
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"" << (lang == Lang::nl ? "nl" : "en") << "\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<title>" << html_escape(msg(lang, "index.title")) << "</title>\n"
        << "<style>body{font-family:\"DejaVu Sans\",Arial,sans-serif;margin:2em auto;max-width:60em;color:#1a1a1a}"
           "h1{font-size:1.6em;color:#154273}li{margin:.4em 0}.meta{color:#444}code{background:#f0f0f0}</style>\n"
        << "</head>\n<body>\n<h1>" << html_escape(msg(lang, "index.title")) << "</h1>\n";
    out << "<p>" << html_escape(fill(msg(lang, "index.intro"), {{"date", reg.as_of}})) << "</p>\n";
    out << "<p class=\"meta\">" << html_escape(fill(msg(lang, "index.counts"), {{"p", std::to_string(reg.sections.size())},
                                                                                {"r", std::to_string(activities)}}))
        << " · " << html_escape(msg(lang, "policy_set")) << ": <code>" << html_escape(reg.policy_hash) << "</code></p>\n";
    out << "<ul id=\"documents\">\n";
    out << "<li><a href=\"register.html\">" << html_escape(msg(lang, "index.register")) << "</a></li>\n";
    out << "<li><a href=\"register.md\">" << html_escape(msg(lang, "index.register_md")) << "</a></li>\n";
    if (have_flows_svg) out << "<li><a href=\"flows.svg\">" << html_escape(msg(lang, "index.flows")) << "</a></li>\n";
    out << "<li><a href=\"flows.dot\">" << html_escape(msg(lang, "index.flows_dot")) << "</a></li>\n";
    if (have_flows_svg) out << "<li><a href=\"flows-full.svg\">" << html_escape(msg(lang, "index.flows_full")) << "</a></li>\n";
    out << "<li><a href=\"timeline.svg\">" << html_escape(msg(lang, "index.timeline")) << "</a></li>\n";
    out << "</ul>\n";
    if (have_flows_svg && !purpose_diagrams.empty()) {
        out << "<h2>" << html_escape(msg(lang, "index.flows_by_purpose")) << "</h2>\n<ul id=\"purposes\">\n";
        for (const auto& [name, label] : purpose_diagrams)
            out << "<li><a href=\"flows-" << html_escape(name) << ".svg\">" << html_escape(label) << "</a></li>\n";
        out << "</ul>\n";
    }
    if (!have_flows_svg) out << "<p class=\"meta\">" << html_escape(msg(lang, "index.no_svg")) << "</p>\n";
    out << "<p><img src=\"timeline.svg\" alt=\"" << html_escape(msg(lang, "index.timeline")) << "\" style=\"max-width:100%\"></p>\n";
    out << "<p class=\"meta\">" << html_escape(msg(lang, "generated")) << ".</p>\n</body>\n</html>\n";
    return out.str();
}

namespace {

// Through a new temporary file renamed over the old one: a link planted in the output folder under
// one of these names is refused, never followed (safe_files.hpp).
void write_file(const std::filesystem::path& path, const std::string& text) {
    std::string error;
    if (!replace_file(path.string(), text, error)) throw std::runtime_error(error);
}

// Graphviz's `dot` on PATH, or empty.
std::string find_dot() {
    const char* path = std::getenv("PATH");
    if (!path) return {};
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        if (dir.empty()) continue;
        const std::string candidate = dir + "/dot";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return {};
}

// Runs `dot -Tsvg IN -o OUT` without a shell; true on exit status 0. dot writes to a temporary
// file of ours (O_EXCL, random name), renamed to OUT when it succeeded: dot's own open would
// follow a link planted at OUT.
bool run_dot_into(const std::string& dot, const std::string& in, const std::string& out);
bool run_dot(const std::string& dot, const std::string& in, const std::string& out) {
    std::string name = out + ".tmp-XXXXXX";
    std::vector<char> temp(name.begin(), name.end());
    temp.push_back('\0');
    const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0) return false;
    ::close(fd);
    const bool ok = run_dot_into(dot, in, temp.data()) && ::rename(temp.data(), out.c_str()) == 0;
    if (!ok) ::unlink(temp.data());
    return ok;
}
bool run_dot_into(const std::string& dot, const std::string& in, const std::string& out) {
    const pid_t pid = ::fork();
    if (pid < 0) return false;
    if (pid == 0) {
        const char* argv[] = {dot.c_str(), "-Tsvg", in.c_str(), "-o", out.c_str(), nullptr};
        ::execv(dot.c_str(), const_cast<char* const*>(argv));
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return false;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Every purpose of the set: its name and its label in the options' language.
std::vector<std::pair<std::string, std::string>> purposes_of(const Policies& policies, Lang lang) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& p : compiled_form(policies).purposes) out.emplace_back(p.name, label_of(p.label, p.name, lang, "purpose"));
    return out;
}

}  // namespace

DocResult write_documentation(const Policies& policies, const DocOptions& options, const std::string& directory) {
    namespace fs = std::filesystem;
    const fs::path dir(directory);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error("cannot create " + directory + ": " + ec.message());

    DocResult result;
    const Register reg = build_register(policies, options);
    for (const auto& m : reg.missing_labels) result.notes.push_back("no " + std::string(options.lang == Lang::nl ? "Dutch" : "English") + " label for " + m);
    write_file(dir / "register.md", register_markdown(reg));
    result.files.push_back("register.md");
    write_file(dir / "register.html", register_html(reg));
    result.files.push_back("register.html");
    write_file(dir / "flows.dot", flows_dot(policies, options));
    result.files.push_back("flows.dot");
    write_file(dir / "flows-full.dot", flows_full_dot(policies, options));
    result.files.push_back("flows-full.dot");

    bool have_svg = false;
    const std::string dot = find_dot();
    fs::remove(dir / "flows.svg", ec);
    fs::remove(dir / "flows-full.svg", ec);
    if (dot.empty()) {
        result.notes.push_back("Graphviz (dot) is not installed: flows.svg not rendered (render flows.dot later with `dot -Tsvg`)");
    } else if (run_dot(dot, (dir / "flows.dot").string(), (dir / "flows.svg").string()) &&
               run_dot(dot, (dir / "flows-full.dot").string(), (dir / "flows-full.svg").string())) {
        have_svg = true;
        result.files.push_back("flows.svg");
        result.files.push_back("flows-full.svg");
    } else {
        result.notes.push_back("dot failed to render flows.dot: flows.svg not written");
    }
    // One diagram per purpose, small enough to read on A4; the index links them.
    std::vector<std::pair<std::string, std::string>> purpose_diagrams;
    for (const auto& purpose : purposes_of(policies, options.lang)) {
        const std::string name = purpose.first;
        fs::remove(dir / ("flows-" + name + ".svg"), ec);
        const std::string text = purpose_flows_dot(policies, options, name);
        if (text.empty()) {
            fs::remove(dir / ("flows-" + name + ".dot"), ec);
            continue;
        }
        write_file(dir / ("flows-" + name + ".dot"), text);
        result.files.push_back("flows-" + name + ".dot");
        if (!have_svg) continue;
        if (!run_dot(dot, (dir / ("flows-" + name + ".dot")).string(), (dir / ("flows-" + name + ".svg")).string())) {
            result.notes.push_back("dot failed to render flows-" + name + ".dot");
            continue;
        }
        result.files.push_back("flows-" + name + ".svg");
        purpose_diagrams.emplace_back(name, purpose.second);
    }
    write_file(dir / "timeline.svg", timeline_svg(policies, options));
    result.files.push_back("timeline.svg");
    write_file(dir / "index.html", index_html(reg, have_svg, purpose_diagrams));
    result.files.push_back("index.html");
    return result;
}

}  // namespace grondslag::docgen
