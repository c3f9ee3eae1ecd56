// The data-flow diagram: one edge per permitted (sender, recipient, purpose) in
// force on the date, in Graphviz DOT.
#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "docgen_common.hpp"
#include "policies_access.hpp"

namespace grondslag::docgen {

using namespace detail;

namespace {

struct Flow {
    ir::Mask categories = 0;
    std::vector<int> bases;
    std::vector<std::string> rules;
};

// "AVG art. 6 lid 1 onder e" from "AVG art. 6 lid 1 onder e: taak van algemeen belang".
std::string short_basis(const ir::Basis& b, Lang lang) {
    std::string label = label_of(b.label, b.id, lang, "basis");
    const auto colon = label.find(':');
    return colon == std::string::npos ? label : label.substr(0, colon);
}

// The items on lines of about 60 characters, each line starting with a line break; an item longer than a
// line is broken between its words.
std::string wrapped(const std::vector<std::string>& items, const std::string& sep, const std::string& first = "") {
    std::string out, line = first;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string piece = items[i] + (i + 1 < items.size() ? sep : "");
        if (!line.empty() && line.size() + piece.size() > 60) {
            out += "\n" + line;
            line.clear();
        }
        for (std::size_t start = 0; start < piece.size();) {
            std::size_t end = piece.find(' ', start);
            end = end == std::string::npos ? piece.size() : end + 1;
            if (!line.empty() && line.size() + (end - start) > 60) {
                out += "\n" + line;
                line.clear();
            }
            line += piece.substr(start, end - start);
            start = end;
        }
    }
    if (!line.empty()) out += "\n" + line;
    return out;
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', start)) {
        if (at > start) out.push_back(text.substr(start, at - start));
        start = at + 1;
    }
    if (start < text.size()) out.push_back(text.substr(start));
    return out;
}

// An actor's name on a few short lines (about 22 characters each), so that a row of boxes stays narrow.
std::string box_label(const std::string& label) {
    std::string out, line;
    std::size_t start = 0;
    while (start <= label.size()) {
        std::size_t end = label.find(' ', start);
        if (end == std::string::npos) end = label.size();
        const std::string word = label.substr(start, end - start);
        if (!line.empty() && line.size() + 1 + word.size() > 22) {
            out += (out.empty() ? "" : "\n") + line;
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        start = end + 1;
    }
    if (!line.empty()) out += (out.empty() ? "" : "\n") + line;
    return out;
}

}  // namespace

// The permitted flows in force on `date`, by (sender, recipient, purpose). With a phase of a purpose, only
// what a request naming that phase can reach: the rules that apply in it, to the recipients and of the
// categories the phase declares (the verifier proves that no request gets more).
std::map<std::tuple<int, int, int>, Flow> permitted_flows(const ir::PolicySet& set, Day date, const ir::Phase* phase) {
    std::map<std::tuple<int, int, int>, Flow> flows;
    for (const ir::Rule& rule : set.rules) {
        if (rule.effect != ir::Effect::permit || !in_force(rule.from, rule.until, date)) continue;
        if (phase && rule.phases != 0 && !(rule.phases >> phase->value & 1)) continue;
        const ir::Mask categories = phase ? rule.categories & phase->needs : rule.categories;
        if (categories == 0) continue;
        const std::vector<int> senders = ir::actors_compressed(set, rule.senders);
        const std::vector<int> recipients = ir::actors_compressed(set, phase ? rule.recipients & phase->recipients : rule.recipients);
        for (int s : senders)
            for (int r : recipients) {
                // An actor giving data to itself is drawn only when the rule says exactly that (ZVH to another ZVH).
                if (s == r && !(senders.size() == 1 && recipients.size() == 1)) continue;
                for (std::size_t p = 0; p < set.purposes.size(); ++p) {
                    if (!(rule.purposes & (ir::Mask{1} << p))) continue;
                    Flow& f = flows[{s, r, static_cast<int>(p)}];
                    f.categories |= categories;
                    for (int b : rule.bases)
                        if (std::find(f.bases.begin(), f.bases.end(), b) == f.bases.end()) f.bases.push_back(b);
                    f.rules.push_back(rule.id);
                }
            }
    }
    return flows;
}

namespace {

// The legend of a diagram of one purpose: a row per category and per legal basis, a column per number on
// the arrows, a dot where the bundle holds it. Bundles of one purpose share most of their categories, so
// the table is a fraction of the height of each bundle spelled out in turn.
std::string bundle_matrix(const ir::PolicySet& set, const std::vector<std::pair<ir::Mask, std::vector<int>>>& bundles, Lang lang) {
    ir::Mask all = 0;
    std::vector<int> bases;
    for (const auto& [categories, bundle_bases] : bundles) {
        all |= categories;
        for (int b : bundle_bases)
            if (std::find(bases.begin(), bases.end(), b) == bases.end()) bases.push_back(b);
    }
    std::sort(bases.begin(), bases.end());
    const std::string columns = std::to_string(bundles.size() + 1);
    const auto row = [&](const std::string& label, const std::string& colour, bool italic, const auto& holds) {
        std::vector<std::string> lines;
        for (const auto& l : split_lines(wrapped({label}, ""))) lines.push_back(html_escape(l));
        std::string text = join(lines, "<BR/>");
        if (italic) text = "<I>" + text + "</I>";
        std::string out = "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT COLOR=\"" + colour + "\">" + text + "</FONT></TD>";
        for (const auto& bundle : bundles) out += holds(bundle) ? "<TD>&#9679;</TD>" : "<TD></TD>";
        return out + "</TR>";
    };
    std::string out = "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\" COLOR=\"#999999\"><TR><TD ALIGN=\"LEFT\" COLSPAN=\"" +
                      columns + "\"><B>" + html_escape(msg(lang, "flows.bundles")) + "</B></TD></TR><TR><TD></TD>";
    for (std::size_t k = 0; k < bundles.size(); ++k) out += "<TD><B>" + std::to_string(k + 1) + "</B></TD>";
    out += "</TR>";
    for (std::size_t c = 0; c < set.categories.size(); ++c) {
        if (!(all >> c & 1)) continue;
        const auto& cat = set.categories[c];
        std::string label = label_of(cat.label, cat.name, lang, "category");
        if (cat.data_class != ir::DataClass::ord) label += std::string(" [") + class_mark(cat.data_class) + "]";
        const std::string colour = cat.data_class == ir::DataClass::spec ? "#7b2d8e" : cat.data_class == ir::DataClass::crim ? "#b00020" : "#1a1a1a";
        out += row(label, colour, false, [c](const auto& bundle) { return (bundle.first >> c & 1) != 0; });
    }
    out += "<TR><TD ALIGN=\"LEFT\" COLSPAN=\"" + columns + "\"><I>" + html_escape(msg(lang, "basis")) + "</I></TD></TR>";
    for (int b : bases)
        out += row(short_basis(set.bases[b], lang), "#1a1a1a", true, [b](const auto& bundle) {
            return std::find(bundle.second.begin(), bundle.second.end(), b) != bundle.second.end();
        });
    return out + "</TABLE>";
}

// The diagram of `flows` (all purposes, or one: `purpose` >= 0; of that purpose one phase: `phase` >= 0).
std::string flows_diagram(const Policies& policies, const DocOptions& options, int purpose, int phase = -1,
                          FlowLayout layout = FlowLayout::top_down, double fit_width_points = 0);

}  // namespace

std::string flows_dot(const Policies& policies, const DocOptions& options) { return flows_diagram(policies, options, -1); }

std::string purpose_flows_dot(const Policies& policies, const DocOptions& options, const std::string& name, const std::string& phase,
                              FlowLayout layout, double fit_width_points) {
    const ir::PolicySet& set = compiled_form(policies);
    for (std::size_t p = 0; p < set.purposes.size(); ++p) {
        if (set.purposes[p].name != name) continue;
        if (phase.empty()) return flows_diagram(policies, options, static_cast<int>(p), -1, layout, fit_width_points);
        for (std::size_t v = 0; v < set.purposes[p].phases.size(); ++v)
            if (set.purposes[p].phases[v].name == phase)
                return flows_diagram(policies, options, static_cast<int>(p), static_cast<int>(v), layout, fit_width_points);
    }
    return {};
}

namespace {

std::string flows_diagram(const Policies& policies, const DocOptions& options, int only, int phase, FlowLayout layout,
                          double fit_width_points) {
    const ir::PolicySet& set = compiled_form(policies);
    const Day date = parse_as_of(options.as_of);
    const Lang lang = options.lang;
    const ir::Phase* in_phase = only >= 0 && phase >= 0 ? &set.purposes[static_cast<std::size_t>(only)].phases[static_cast<std::size_t>(phase)] : nullptr;
    auto flows = permitted_flows(set, date, in_phase);
    if (only >= 0) {
        for (auto it = flows.begin(); it != flows.end();) it = std::get<2>(it->first) == only ? std::next(it) : flows.erase(it);
        if (flows.empty()) return {};
    }

    std::set<int> nodes;
    for (const auto& [key, flow] : flows) {
        nodes.insert(std::get<0>(key));
        nodes.insert(std::get<1>(key));
    }

    // Left to right, a party that gives to (or receives from) many has them in a column rather than a row
    // wider than a page; the legend then heads the drawing.
    const bool left_to_right = only >= 0 && layout == FlowLayout::left_to_right;

    std::ostringstream body;
    // The title's parts: the date, the purpose and the phase. In the comment they run on one line; on a page
    // each has a line of its own, so that the title does not set the width.
    const std::string dated = fill(msg(lang, "flows.title"), {{"date", format_date(date)}});
    const std::string purpose_label = only >= 0 ? label_of(set.purposes[only].label, set.purposes[only].name, lang, "purpose") : "";
    const std::string phase_label = in_phase ? fill(msg(lang, "flows.phase"), {{"phase", label_of(in_phase->label, in_phase->name, lang, "phase")}}) : "";
    const std::string title = dated + (only >= 0 ? ": " + purpose_label : "") + (in_phase ? " " + phase_label : "");
    const std::string title_lines = dated + (only >= 0 ? ":\n" + purpose_label : "") + (in_phase ? "\n" + phase_label : "");
    // Parties of one declared group (`actor dji in minister_rb`) are drawn together in a box named after the
    // group, when a diagram of one purpose holds two or more of them.
    std::map<int, std::vector<int>> by_group;
    for (int a : nodes)
        if (only >= 0 && set.actors[a].parent >= 0) by_group[set.actors[a].parent].push_back(a);
    const auto node_line = [&](int a) {
        const auto& actor = set.actors[a];
        return "\"" + dot_escape(actor.name) + "\" [label=\"" + dot_escape(box_label(label_of(actor.label, actor.name, lang, "actor"))) + "\"];\n";
    };
    for (int a : nodes) {
        const int group = set.actors[a].parent;
        if (group < 0 || by_group[group].size() < 2) body << "  " << node_line(a);
    }
    for (const auto& [group, members] : by_group) {
        if (members.size() < 2) continue;
        const auto& g = set.actors[group];
        body << "  subgraph \"cluster_" << dot_escape(g.name) << "\" {\n    label=\"" << dot_escape(label_of(g.label, g.name, lang, "actor"))
             << "\"; style=\"rounded,dashed\"; color=\"#6b7a8f\"; fontsize=10;\n";
        for (int a : members) body << "    " << node_line(a);
        body << "  }\n";
    }
    // The categories and bases of a flow are long: each distinct set gets a number, shown on the edge
    // with the purpose and spelled out in the legend; the edge's tooltip holds all of it.
    std::map<std::tuple<int, ir::Mask, std::vector<int>>, int> bundles;
    std::vector<std::string> legend_rows;
    // For a diagram of one purpose: what each bundle holds, in the order of its number.
    std::vector<std::pair<ir::Mask, std::vector<int>>> bundle_contents;
    struct Edge {
        std::vector<std::string> lines, tooltips, marks;
        bool spec = false, crim = false;
    };
    std::map<std::pair<int, int>, Edge> edges;
    for (const auto& [key, flow] : flows) {
        const auto [s, r, p] = key;
        bool spec = false, crim = false;
        std::vector<std::string> categories, marks;
        for (std::size_t c = 0; c < set.categories.size(); ++c) {
            if (!(flow.categories & (ir::Mask{1} << c))) continue;
            const auto& cat = set.categories[c];
            std::string text = label_of(cat.label, cat.name, lang, "category");
            if (cat.data_class != ir::DataClass::ord) {
                text += std::string(" [") + class_mark(cat.data_class) + "]";
                if (std::find(marks.begin(), marks.end(), class_mark(cat.data_class)) == marks.end())
                    marks.push_back(class_mark(cat.data_class));
            }
            categories.push_back(text);
            spec |= cat.data_class == ir::DataClass::spec;
            crim |= cat.data_class == ir::DataClass::crim;
        }
        std::vector<std::string> bases;
        for (int b : flow.bases) bases.push_back(short_basis(set.bases[b], lang));
        std::vector<int> sorted_bases = flow.bases;
        std::sort(sorted_bases.begin(), sorted_bases.end());
        auto [it, added] = bundles.try_emplace({p, flow.categories, sorted_bases}, static_cast<int>(bundles.size()) + 1);
        const int code = it->second;
        const std::string purpose = label_of(set.purposes[p].label, set.purposes[p].name, lang, "purpose");
        if (added) bundle_contents.push_back({flow.categories, sorted_bases});
        if (added && only < 0) {
            // The overview's legend colours a bundle by its most sensitive class; a purpose's table
            // colours each category row instead.
            const std::string colour = spec ? "#7b2d8e" : crim ? "#b00020" : "#1a1a1a";
            std::vector<std::string> lines, basis_wrapped;
            for (const auto& l : split_lines(wrapped(categories, "; "))) lines.push_back(html_escape(l));
            // The grounds wrapped as the categories are: one long line would set the legend's width.
            for (const auto& l : split_lines(wrapped(bases, "; ", msg(lang, "basis") + ": "))) basis_wrapped.push_back(html_escape(l));
            const std::string basis_lines = join(basis_wrapped, "<BR/>");
            const std::string heading = "<B>" + html_escape(purpose) + "</B><BR/>";
            legend_rows.push_back("<TR><TD VALIGN=\"TOP\"><B>" + std::to_string(code) + "</B></TD><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">" +
                                  heading + "<FONT COLOR=\"" + colour + "\">" + join(lines, "<BR/>") +
                                  "</FONT><BR/><I>" + basis_lines + "</I></TD></TR>");
        }
        Edge& e = edges[{s, r}];
        e.lines.push_back(std::to_string(code));
        for (const auto& m : marks)
            if (std::find(e.marks.begin(), e.marks.end(), m) == e.marks.end()) e.marks.push_back(m);
        e.tooltips.push_back(purpose + ": " + join(categories, "; ") + ". " + msg(lang, "basis") + ": " + join(bases, "; ") +
                             ". " + msg(lang, "rule") + ": " + join(flow.rules, ", "));
        e.spec |= spec;
        e.crim |= crim;
    }
    // One edge per (sender, recipient) with a line per purpose; the two directions of an exchange with
    // the same lines are drawn as one double-headed edge.
    for (const auto& [key, e] : edges) {
        const auto [s, r] = key;
        const auto back = edges.find({r, s});
        const bool both = s != r && back != edges.end() && back->second.lines == e.lines;
        if (both && r < s) continue;  // drawn with its other direction
        std::string style;
        if (e.spec && e.crim) style = "color=\"#b00020:#7b2d8e\", fontcolor=\"#7b2d8e\", penwidth=2, class=\"spec crim\"";
        else if (e.crim) style = "color=\"#b00020\", fontcolor=\"#b00020\", penwidth=2, class=\"crim\"";
        else if (e.spec) style = "color=\"#7b2d8e\", fontcolor=\"#7b2d8e\", style=dashed, penwidth=2, class=\"spec\"";
        else style = "color=\"#555555\", class=\"ord\"";
        if (both) style += ", dir=both";
        body << "  \"" << dot_escape(set.actors[s].name) << "\" -> \"" << dot_escape(set.actors[r].name) << "\" [label=\""
            << dot_escape(join(e.lines, ", ") + (e.marks.empty() ? "" : "\n" + join(e.marks, ", "))) << "\", tooltip=\"" << dot_escape(join(e.tooltips, " | ")) << "\", " << style
            << "];\n";
    }
    std::string legend;
    if (!legend_rows.empty()) {
        legend = "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"3\" COLOR=\"#999999\"><TR><TD COLSPAN=\"2\"><B>" +
                 html_escape(msg(lang, "flows.bundles")) + "</B></TD></TR>";
        for (const auto& row : legend_rows) legend += row;
        legend += "</TABLE>";
    } else if (!bundle_contents.empty()) {
        legend = bundle_matrix(set, bundle_contents, lang);
    }
    std::ostringstream out;
    out << "// " << title << " (" << policies.hash() << ")\n";
    out << "digraph flows {\n";
    // Graphviz's `size` is in inches and only ever scales a drawing down.
    if (fit_width_points > 0) out << "  graph [size=\"" << fit_width_points / 72 << ",1000\"];\n";
    // One purpose: senders above recipients (Graphviz's dot), or left to right when it fans out, small enough
    // for a page; all purposes: a spring layout, as an overview.
    if (left_to_right) {
        std::string heading;
        for (const auto& line : split_lines(title_lines)) heading += "<TR><TD ALIGN=\"LEFT\"><B>" + html_escape(line) + "</B></TD></TR>";
        out << "  graph [layout=dot, rankdir=LR, nodesep=0.25, ranksep=1.2, fontname=\"DejaVu Sans\", fontsize=12, labelloc=t, "
               "labeljust=l, label=<<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">"
            << heading << "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\">" << html_escape(msg(lang, "flows.legend"))
            << "</FONT></TD></TR><TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\">" << legend << "</FONT></TD></TR></TABLE>>];\n";
    } else if (only >= 0) {
        out << "  graph [layout=dot, rankdir=TB, nodesep=0.25, ranksep=0.9, fontname=\"DejaVu Sans\", fontsize=12, labelloc=t, "
               "labeljust=l, label=\""
            << dot_escape(title_lines + "\n" + msg(lang, "flows.legend")) << "\"];\n";
    } else {
        out << "  graph [layout=neato, overlap=scale, sep=\"+20\", splines=true, fontname=\"DejaVu Sans\", fontsize=12, labelloc=t, labeljust=l, "
               "label=\""
            << dot_escape(title + "\n" + msg(lang, "flows.legend")) << "\"];\n";
    }
    out << "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef2f7\", color=\"#154273\", fontname=\"DejaVu Sans\", "
           "fontsize=11];\n";
    out << "  edge [fontname=\"DejaVu Sans\", fontsize=9, arrowsize=0.7];\n";
    out << body.str();
    if (!legend.empty() && !left_to_right) {
        out << "  legend [shape=plain, style=\"\", fontsize=9, label=<" << legend << ">];\n";
        if (only >= 0) out << "  { rank=sink; legend; }\n";
    }
    out << "}\n";
    return out.str();
}

}  // namespace

std::string flows_full_dot(const Policies& policies, const DocOptions& options) {
    const ir::PolicySet& set = compiled_form(policies);
    const Day date = parse_as_of(options.as_of);
    const Lang lang = options.lang;
    const auto flows = permitted_flows(set, date, nullptr);
    std::ostringstream out;
    const std::string title = fill(msg(lang, "flows.title"), {{"date", format_date(date)}});
    out << "// " << title << " (" << policies.hash() << "): one edge per permitted flow, labelled in full\n";
    out << "digraph flows_full {\n";
    out << "  graph [rankdir=LR, fontname=\"DejaVu Sans\", fontsize=12, labelloc=t, label=\"" << dot_escape(title) << "\"];\n";
    out << "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef2f7\", color=\"#154273\", fontname=\"DejaVu Sans\", "
           "fontsize=11];\n";
    out << "  edge [fontname=\"DejaVu Sans\", fontsize=8, arrowsize=0.7];\n";
    std::set<int> nodes;
    for (const auto& [key, flow] : flows) {
        nodes.insert(std::get<0>(key));
        nodes.insert(std::get<1>(key));
    }
    for (int a : nodes) {
        const auto& actor = set.actors[a];
        out << "  \"" << dot_escape(actor.name) << "\" [label=\"" << dot_escape(label_of(actor.label, actor.name, lang, "actor"))
            << "\"];\n";
    }
    for (const auto& [key, flow] : flows) {
        const auto [s, r, p] = key;
        bool spec = false, crim = false;
        std::vector<std::string> categories;
        for (std::size_t c = 0; c < set.categories.size(); ++c) {
            if (!(flow.categories & (ir::Mask{1} << c))) continue;
            const auto& cat = set.categories[c];
            std::string text = label_of(cat.label, cat.name, lang, "category");
            if (cat.data_class != ir::DataClass::ord) text += std::string(" [") + class_mark(cat.data_class) + "]";
            categories.push_back(text);
            spec |= cat.data_class == ir::DataClass::spec;
            crim |= cat.data_class == ir::DataClass::crim;
        }
        std::vector<std::string> bases;
        for (int b : flow.bases) bases.push_back(short_basis(set.bases[b], lang));
        const std::string purpose = label_of(set.purposes[p].label, set.purposes[p].name, lang, "purpose");
        const std::string label = purpose + "\n" + wrapped(categories, "; ") + "\n" + msg(lang, "basis") + ": " + join(bases, "; ");
        std::string style = "color=\"#555555\", class=\"ord\"";
        if (spec && crim) style = "color=\"#b00020:#7b2d8e\", fontcolor=\"#7b2d8e\", penwidth=2, class=\"spec crim\"";
        else if (crim) style = "color=\"#b00020\", fontcolor=\"#b00020\", penwidth=2, class=\"crim\"";
        else if (spec) style = "color=\"#7b2d8e\", fontcolor=\"#7b2d8e\", style=dashed, penwidth=2, class=\"spec\"";
        out << "  \"" << dot_escape(set.actors[s].name) << "\" -> \"" << dot_escape(set.actors[r].name) << "\" [label=\""
            << dot_escape(label) << "\", tooltip=\"" << dot_escape(msg(lang, "rule") + ": " + join(flow.rules, ", ")) << "\", "
            << style << "];\n";
    }
    out << "}\n";
    return out.str();
}

}  // namespace grondslag::docgen
