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

std::string index_html(const Register& reg, bool have_flows_svg, const std::vector<PurposeDiagram>& purpose_diagrams) {
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
        for (const auto& d : purpose_diagrams) {
            out << "<li><a href=\"flows-" << html_escape(d.name) << ".svg\">" << html_escape(d.label) << "</a>";
            if (!d.phases.empty()) {
                out << "\n<ul class=\"phases\">\n";
                for (const auto& [phase, label] : d.phases)
                    out << "<li><a href=\"flows-" << html_escape(d.name) << "-" << html_escape(phase) << ".svg\">"
                        << html_escape(fill(msg(lang, "index.phase"), {{"phase", label}})) << "</a></li>\n";
                out << "</ul>\n";
            }
            out << "</li>\n";
        }
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

// The width in points that Graphviz writes on an SVG's root (width="643pt"); 0 when it cannot be read.
double svg_width(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string head(2048, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    const auto at = head.find("<svg width=\"");
    if (at == std::string::npos) return 0;
    try {
        return std::stod(head.substr(at + 12, 16));
    } catch (const std::exception&) {
        return 0;
    }
}

// An A4 page in landscape, in points.
constexpr double landscape_page_width = 842;

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
    // One diagram per purpose, and per phase of a purpose divided into phases, small enough to read on A4;
    // the index links them. Each is drawn top down and left to right, and the narrower drawing is kept
    // (top down when both fit a landscape page). Returns whether the diagram `stem` was written and rendered.
    const auto diagram = [&](const std::string& stem, const std::string& purpose, const std::string& phase) {
        fs::remove(dir / (stem + ".svg"), ec);
        FlowLayout layout = FlowLayout::top_down;
        const std::string text = purpose_flows_dot(policies, options, purpose, phase, layout);
        if (text.empty()) {
            fs::remove(dir / (stem + ".dot"), ec);
            return false;
        }
        write_file(dir / (stem + ".dot"), text);
        result.files.push_back(stem + ".dot");
        if (!have_svg) return false;
        if (!run_dot(dot, (dir / (stem + ".dot")).string(), (dir / (stem + ".svg")).string())) {
            result.notes.push_back("dot failed to render " + stem + ".dot");
            return false;
        }
        result.files.push_back(stem + ".svg");
        const double top_down = svg_width(dir / (stem + ".svg"));
        if (top_down > landscape_page_width) {
            const fs::path other = dir / (stem + ".lr.dot"), other_svg = dir / (stem + ".lr.svg");
            const std::string lr = purpose_flows_dot(policies, options, purpose, phase, FlowLayout::left_to_right);
            write_file(other, lr);
            if (run_dot(dot, other.string(), other_svg.string()) && svg_width(other_svg) < top_down) {
                fs::rename(other, dir / (stem + ".dot"), ec);
                if (!ec) fs::rename(other_svg, dir / (stem + ".svg"), ec);
                if (ec) throw std::runtime_error("cannot replace " + stem + ".svg: " + ec.message());
                layout = FlowLayout::left_to_right;
            }
            fs::remove(other, ec);
            fs::remove(other_svg, ec);
        }
        // Neither way fits: Graphviz scales the drawing down to the page's width (`size`, in inches), so that
        // every purpose and phase prints on a landscape page.
        if (svg_width(dir / (stem + ".svg")) > landscape_page_width) {
            write_file(dir / (stem + ".dot"), purpose_flows_dot(policies, options, purpose, phase, layout, landscape_page_width));
            if (!run_dot(dot, (dir / (stem + ".dot")).string(), (dir / (stem + ".svg")).string()))
                throw std::runtime_error("dot failed to render the scaled " + stem + ".dot");
        }
        return true;
    };
    std::vector<PurposeDiagram> purpose_diagrams;
    for (const ir::Purpose& purpose : compiled_form(policies).purposes) {
        if (!diagram("flows-" + purpose.name, purpose.name, "")) continue;
        PurposeDiagram d{purpose.name, label_of(purpose.label, purpose.name, options.lang, "purpose"), {}};
        for (const ir::Phase& phase : purpose.phases)
            if (diagram("flows-" + purpose.name + "-" + phase.name, purpose.name, phase.name))
                d.phases.emplace_back(phase.name, label_of(phase.label, phase.name, options.lang, "phase"));
        purpose_diagrams.push_back(std::move(d));
    }
    write_file(dir / "timeline.svg", timeline_svg(policies, options));
    result.files.push_back("timeline.svg");
    write_file(dir / "index.html", index_html(reg, have_svg, purpose_diagrams));
    result.files.push_back("index.html");
    return result;
}

}  // namespace grondslag::docgen
