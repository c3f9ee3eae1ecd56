// The timeline: one bar per provision from its validity, over the years from 2018 to the as-of date or the
// last date a provision starts or ends, grouped by module (one module per instrument), as
// an SVG written here (no external tool).
#include <algorithm>
#include <map>
#include <sstream>
#include <stdexcept>

#include "docgen_common.hpp"
#include "policies_access.hpp"

namespace grondslag::docgen {

using namespace detail;

namespace {

constexpr double width = 1200, label_width = 330, chart_left = 340, chart_right = 1170;
constexpr double top = 118, group_height = 22, row_height = 18, bar_height = 12;

std::string module_of(const std::string& id) { return id.substr(0, id.find('.')); }

std::string group_caption(const ir::PolicySet& set, const std::string& module, Lang lang) {
    try {
        return msg(lang, "group." + module);
    } catch (const std::out_of_range&) {
        std::vector<std::string> laws;  // a module without a caption: its laws
        for (const auto& p : set.provisions)
            if (module_of(p.id) == module && std::find(laws.begin(), laws.end(), p.law) == laws.end()) laws.push_back(p.law);
        return join(laws, ", ");
    }
}

const char* palette[] = {"#154273", "#007b5f", "#8a4b08", "#5b3b8c", "#a0004b", "#00636e", "#6b6b00", "#3d5a80"};

// A module's colour follows from its name (FNV-1a), so a law keeps its colour whatever other modules the
// set has, in every run and on every page.
const char* colour_of(const std::string& module) {
    std::uint32_t h = 2166136261u;
    for (unsigned char c : module) h = (h ^ c) * 16777619u;
    return palette[h % std::size(palette)];
}

int year_of(Day d) { return civil_from_days(d).year; }

// Milestones: the earliest start of the provisions whose id begins with the prefix.
struct Milestone {
    const char* key;
    const char* prefix;
};
constexpr Milestone milestones[] = {
    {"milestone.wjsg51c", "wjsg.51c"},
    {"milestone.consent", "toestemming."},
    {"milestone.wsb", "pbw."},
    {"milestone.wgs", "wgs."},
};

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

}  // namespace

double Timeline::x(std::int32_t day) const {
    return left + (static_cast<double>(day) - start) * (right - left) / (static_cast<double>(end) + 1 - start);
}

Timeline build_timeline(const Policies& policies, const DocOptions& options) {
    const ir::PolicySet& set = compiled_form(policies);
    const Day date = parse_as_of(options.as_of);
    Timeline t;
    // From 2018 (the AVG; provisions from before it are drawn from the axis's start, their dates in their
    // tooltips) or the as-of date's year if earlier, to the later of the as-of date's year and the last year
    // a provision starts or ends (at most 60 years, so that a year stays readable).
    int first = std::min(2018, year_of(date)), last = year_of(date);
    for (const auto& p : set.provisions) {
        last = std::max(last, year_of(p.from));
        if (p.until < ir::far_future) last = std::max(last, year_of(p.until));
    }
    last = std::min(last, first + 59);
    t.first_year = first;
    t.last_year = last;
    t.start = days_from_civil({first, 1, 1});
    t.end = days_from_civil({last, 12, 31});
    t.left = chart_left;
    t.right = chart_right;
    t.as_of_x = t.x(std::clamp<Day>(date, t.start, t.end + 1));

    // Modules in the order of their earliest provision, then load order.
    std::vector<std::string> modules;
    std::map<std::string, Day> earliest;
    for (const auto& p : set.provisions) {
        const std::string m = module_of(p.id);
        if (!earliest.count(m)) {
            modules.push_back(m);
            earliest[m] = p.from;
        }
        earliest[m] = std::min(earliest[m], p.from);
    }
    std::stable_sort(modules.begin(), modules.end(), [&](const auto& a, const auto& b) { return earliest[a] < earliest[b]; });

    double y = top;
    for (const auto& m : modules) {
        y += group_height;
        for (const auto& p : set.provisions) {
            if (module_of(p.id) != m) continue;
            TimelineBar bar;
            bar.provision = p.id;
            bar.group = m;
            bar.citation = p.citation;
            bar.from = p.from;
            bar.until = p.until;
            bar.open_end = p.until >= ir::far_future;
            bar.in_force = in_force(p.from, p.until, date);
            bar.x0 = t.x(std::clamp<Day>(p.from, t.start, t.end + 1));
            bar.x1 = t.x(std::clamp<Day>(bar.open_end ? t.end + 1 : p.until + 1, t.start, t.end + 1));
            bar.y = y;
            t.bars.push_back(bar);
            y += row_height;
        }
    }
    return t;
}

std::string timeline_svg(const Policies& policies, const DocOptions& options) {
    const ir::PolicySet& set = compiled_form(policies);
    const Lang lang = options.lang;
    const Timeline t = build_timeline(policies, options);
    const Day date = parse_as_of(options.as_of);
    const double bottom = (t.bars.empty() ? top : t.bars.back().y + row_height) + 10;
    const double height = bottom + 40;

    std::ostringstream out;
    out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << fmt(width) << "\" height=\"" << fmt(height)
        << "\" viewBox=\"0 0 " << fmt(width) << " " << fmt(height) << "\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n";
    const std::string title = fill(msg(lang, "timeline.title"), {{"first", std::to_string(t.first_year)}, {"last", std::to_string(t.last_year)}});
    out << "<title>" << html_escape(title) << "</title>\n";
    out << "<rect x=\"0\" y=\"0\" width=\"" << fmt(width) << "\" height=\"" << fmt(height) << "\" fill=\"#ffffff\"/>\n";
    out << "<text x=\"10\" y=\"24\" font-size=\"17\" font-weight=\"bold\" fill=\"#1a1a1a\">"
        << html_escape(title) << "</text>\n";
    out << "<text x=\"10\" y=\"44\" font-size=\"11\" fill=\"#444444\">" << html_escape(msg(lang, "timeline.legend")) << "</text>\n";

    // DPAN: the years before the consent regime, when no provision governed the exchange.
    Day consent_start = ir::far_future;
    for (const auto& p : set.provisions)
        if (p.id.rfind("toestemming.", 0) == 0) consent_start = std::min(consent_start, p.from);
    if (consent_start < ir::far_future && consent_start > t.start) {
        const double x1 = t.x(std::min<Day>(consent_start, t.end + 1));
        out << "<g class=\"dpan\"><rect x=\"" << fmt(t.left) << "\" y=\"" << fmt(top - 40) << "\" width=\"" << fmt(x1 - t.left)
            << "\" height=\"" << fmt(bottom - top + 40) << "\" fill=\"#fde9c8\"/>";
        out << "<text x=\"" << fmt(t.left + 4) << "\" y=\"" << fmt(top - 28) << "\" font-size=\"10\" fill=\"#8a4b08\">"
            << html_escape(msg(lang, "timeline.dpan")) << "</text></g>\n";
    }

    // Years.
    for (int year = t.first_year; year <= t.last_year + 1; ++year) {
        const Day d = days_from_civil({year, 1, 1});
        const double x = t.x(d);
        out << "<line x1=\"" << fmt(x) << "\" y1=\"" << fmt(top - 6) << "\" x2=\"" << fmt(x) << "\" y2=\"" << fmt(bottom)
            << "\" stroke=\"#d0d0d0\" stroke-width=\"1\"/>\n";
        if (year <= t.last_year)
            out << "<text class=\"year\" x=\"" << fmt(x + (t.x(days_from_civil({year + 1, 1, 1})) - x) / 2) << "\" y=\""
                << fmt(top - 8) << "\" font-size=\"11\" text-anchor=\"middle\" fill=\"#333333\">" << year << "</text>\n";
    }

    // Milestones, their labels on alternating lines.
    int index = 0;
    for (const auto& m : milestones) {
        Day d = ir::far_future;
        for (const auto& p : set.provisions)
            if (p.id.rfind(m.prefix, 0) == 0) d = std::min(d, p.from);
        if (d >= ir::far_future || d < t.start || d > t.end) continue;
        const double x = t.x(d);
        const double ly = top - 62 + 12 * (index++ % 2);
        out << "<g class=\"milestone\" data-date=\"" << format_date(d) << "\"><line x1=\"" << fmt(x) << "\" y1=\"" << fmt(ly + 2)
            << "\" x2=\"" << fmt(x) << "\" y2=\"" << fmt(bottom) << "\" stroke=\"#888888\" stroke-dasharray=\"4 3\"/>";
        out << "<text x=\"" << fmt(x + 3) << "\" y=\"" << fmt(ly) << "\" font-size=\"10\" fill=\"#333333\">"
            << html_escape(msg(lang, m.key)) << " " << format_date(d) << "</text></g>\n";
    }

    // Groups and bars.
    std::string group;
    const char* colour = palette[0];
    for (const auto& bar : t.bars) {
        if (bar.group != group) {
            group = bar.group;
            colour = colour_of(group);
            out << "<text class=\"group\" x=\"10\" y=\"" << fmt(bar.y - 7) << "\" font-size=\"12\" font-weight=\"bold\" fill=\""
                << colour << "\">" << html_escape(group_caption(set, group, lang)) << "</text>\n";
        }
        // Two provisions with one citation (a text that changed) are told apart by their ids' last part.
        std::string row_label = bar.citation;
        if (std::count_if(t.bars.begin(), t.bars.end(), [&](const TimelineBar& b) { return b.citation == bar.citation; }) > 1)
            row_label += " (" + bar.provision.substr(bar.provision.rfind('.') + 1) + ")";
        out << "<text x=\"" << fmt(label_width) << "\" y=\"" << fmt(bar.y + 10) << "\" font-size=\"10\" text-anchor=\"end\" fill=\"#1a1a1a\">"
            << html_escape(row_label) << "</text>\n";
        const std::string validity = format_date(bar.from) + " – " + (bar.open_end ? msg(lang, "open_end") : format_date(bar.until));
        out << "<rect class=\"bar\" data-provision=\"" << html_escape(bar.provision) << "\" data-from=\"" << format_date(bar.from)
            << "\" data-until=\"" << (bar.open_end ? std::string() : format_date(bar.until)) << "\" x=\"" << fmt(bar.x0)
            << "\" y=\"" << fmt(bar.y) << "\" width=\"" << fmt(std::max(bar.x1 - bar.x0, 0.0)) << "\" height=\""
            << fmt(bar_height) << "\" rx=\"2\" fill=\"" << colour << "\" fill-opacity=\"" << (bar.in_force ? "0.9" : "0.3")
            << "\"><title>" << html_escape(bar.provision + ": " + bar.citation + ", " + validity) << "</title></rect>\n";
        if (bar.open_end && bar.x1 > bar.x0)
            out << "<path d=\"M" << fmt(bar.x1) << " " << fmt(bar.y - 2) << " L" << fmt(bar.x1 + 8) << " " << fmt(bar.y + bar_height / 2)
                << " L" << fmt(bar.x1) << " " << fmt(bar.y + bar_height + 2) << " Z\" fill=\"" << colour << "\"/>\n";
    }

    // The as-of date.
    out << "<g class=\"as-of\" data-date=\"" << format_date(date) << "\"><line x1=\"" << fmt(t.as_of_x) << "\" y1=\"" << fmt(top - 40)
        << "\" x2=\"" << fmt(t.as_of_x) << "\" y2=\"" << fmt(bottom + 6) << "\" stroke=\"#d00000\" stroke-width=\"2\"/>";
    // Anchored so that the label stays inside the picture at either end of the axis.
    const char* anchor = t.as_of_x > width - 110 ? "end" : t.as_of_x < 110 ? "start" : "middle";
    out << "<text x=\"" << fmt(t.as_of_x) << "\" y=\"" << fmt(bottom + 20) << "\" font-size=\"11\" font-weight=\"bold\" "
        << "text-anchor=\"" << anchor << "\" fill=\"#d00000\">" << html_escape(fill(msg(lang, "timeline.as_of"), {{"date", format_date(date)}}))
        << "</text></g>\n";
    out << "</svg>\n";
    return out.str();
}

}  // namespace grondslag::docgen
