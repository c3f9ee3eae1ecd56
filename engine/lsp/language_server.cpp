// The language server: LSP's JSON-RPC messages over the engine's public API (Policies for the
// diagnostics, PolicyIndex for names, format_source for formatting). The framing is Content-Length
// headers over a byte stream, written here on nlohmann/json (no LSP library is packaged in Debian).
#include "grondslag/language_server.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>

#include "grondslag/format.hpp"
#include "grondslag/input_limits.hpp"
#include "grondslag/version.hpp"

namespace grondslag {

namespace {

using json = nlohmann::json;

// JSON-RPC and LSP error codes.
constexpr int parse_error = -32700, invalid_request = -32600, method_not_found = -32601, invalid_params = -32602,
              server_not_initialized = -32002;

json response(const json& id, json result) { return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}; }

json error(const json& id, int code, const std::string& message) {
    return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

json notification(const char* method, json params) {
    return json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

// Line `line` (0-based) of a text, without its line end.
std::string_view line_of(std::string_view text, std::size_t line) {
    std::size_t at = 0;
    for (std::size_t i = 0; i < line; ++i) {
        const std::size_t nl = text.find('\n', at);
        if (nl == std::string_view::npos) return {};
        at = nl + 1;
    }
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    if (end > at && text[end - 1] == '\r') --end;
    return text.substr(at, end - at);
}

// LSP counts characters in UTF-16 code units, the engine in bytes of UTF-8.
std::size_t utf16_from_bytes(std::string_view line, std::size_t bytes) {
    std::size_t units = 0;
    for (std::size_t i = 0; i < line.size() && i < bytes;) {
        const unsigned char c = static_cast<unsigned char>(line[i]);
        const std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        units += length == 4 ? 2 : 1;
        i += length;
    }
    return units;
}

std::size_t bytes_from_utf16(std::string_view line, std::size_t units) {
    std::size_t i = 0;
    while (i < line.size() && units > 0) {
        const unsigned char c = static_cast<unsigned char>(line[i]);
        const std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        const std::size_t u = length == 4 ? 2 : 1;
        if (u > units) break;
        units -= u;
        i += length;
    }
    return std::min(i, line.size());
}

json position(std::string_view text, std::uint32_t line, std::uint32_t column) {
    const std::size_t l = line > 0 ? line - 1 : 0;
    return json{{"line", l}, {"character", utf16_from_bytes(line_of(text, l), column > 0 ? column - 1 : 0)}};
}

// The range of the name at a 1-based line and byte column, at least one character.
json range_at(std::string_view text, std::uint32_t line, std::uint32_t column) {
    const std::size_t l = line > 0 ? line - 1 : 0;
    const std::string_view s = line_of(text, l);
    std::size_t begin = std::min<std::size_t>(column > 0 ? column - 1 : 0, s.size()), end = begin;
    while (end < s.size() && name_char(s[end])) ++end;
    if (end == begin && end < s.size()) ++end;
    return json{{"start", {{"line", l}, {"character", utf16_from_bytes(s, begin)}}},
                {"end", {{"line", l}, {"character", utf16_from_bytes(s, end)}}}};
}

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool under(const std::string& path, const std::string& folder) {
    return path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
           (folder.back() == '/' || path[folder.size()] == '/');
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string path_from_uri(const std::string& uri) {
    constexpr std::string_view scheme = "file://";
    if (uri.compare(0, scheme.size(), scheme) != 0) return std::string();
    std::string out;
    for (std::size_t i = scheme.size(); i < uri.size(); ++i) {
        if (uri[i] == '%' && i + 2 < uri.size() && hex_value(uri[i + 1]) >= 0 && hex_value(uri[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(uri[i + 1]) * 16 + hex_value(uri[i + 2]));
            i += 2;
        } else {
            out += uri[i];
        }
    }
    return out;
}

std::string uri_from_path(const std::string& path) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out = "file://";
    for (unsigned char c : path) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-' || c == '.' ||
            c == '_' || c == '~')
            out += static_cast<char>(c);
        else
            out += {'%', digits[c >> 4], digits[c & 15]};
    }
    return out;
}

std::vector<json> LanguageServer::handle(const json& message) {
    if (!message.is_object()) return {error(nullptr, invalid_request, "a message is a JSON object")};
    const bool request = message.contains("id");
    const json id = request ? message["id"] : json();
    if (!message.contains("method") || !message["method"].is_string()) {
        if (request && !message.contains("result") && !message.contains("error"))
            return {error(id, invalid_request, "a request names its method")};
        return {};  // a response to a request of ours: we send none
    }
    const std::string method = message["method"];
    const json params = message.value("params", json::object());
    try {
        if (method == "exit") {
            exit_ = true;
            return {};
        }
        if (!initialized_ && method != "initialize")
            return request ? std::vector<json>{error(id, server_not_initialized, "initialize first")} : std::vector<json>{};
        if (shutdown_) return request ? std::vector<json>{error(id, invalid_request, "the server is shut down")} : std::vector<json>{};
        if (method == "initialize")
            return {initialized_ ? error(id, invalid_request, "initialize comes once") : response(id, initialize(params))};
        if (method == "shutdown") {
            shutdown_ = true;
            return {response(id, nullptr)};
        }
        if (method == "textDocument/didOpen") {
            const json& doc = params.at("textDocument");
            documents_[path_from_uri(doc.at("uri"))] = doc.at("text").get<std::string>();
            return check();
        }
        if (method == "textDocument/didChange") {
            const json& changes = params.at("contentChanges");
            // Full synchronisation (initialize says so): the last change holds the whole text.
            if (!changes.empty()) documents_[path_from_uri(params.at("textDocument").at("uri"))] = changes.back().at("text").get<std::string>();
            return check();
        }
        if (method == "textDocument/didClose") {
            documents_.erase(path_from_uri(params.at("textDocument").at("uri")));
            return check();
        }
        if (method == "textDocument/didSave" || method == "workspace/didChangeWatchedFiles") return check();
        if (method == "textDocument/hover") return {response(id, hover(params))};
        if (method == "textDocument/definition") return {response(id, definition(params))};
        if (method == "textDocument/completion") return {response(id, completion())};
        if (method == "textDocument/formatting") return {response(id, formatting(params))};
        if (request) return {error(id, method_not_found, "grondslag lsp does not answer " + method)};
        return {};  // notifications we do not act on ($/cancelRequest, initialized, ...)
    } catch (const json::exception& e) {
        if (request) return {error(id, invalid_params, std::string("invalid params: ") + e.what())};
        return {};
    }
}

json LanguageServer::initialize(const json& params) {
    initialized_ = true;
    if (params.contains("workspaceFolders") && params["workspaceFolders"].is_array())
        for (const auto& f : params["workspaceFolders"])
            if (const std::string p = path_from_uri(f.value("uri", "")); !p.empty()) roots_.push_back(p);
    if (roots_.empty() && params.contains("rootUri") && params["rootUri"].is_string())
        if (const std::string p = path_from_uri(params["rootUri"]); !p.empty()) roots_.push_back(p);
    return json{{"capabilities",
                 {{"textDocumentSync", {{"openClose", true}, {"change", 1}, {"save", true}}},
                  {"hoverProvider", true},
                  {"definitionProvider", true},
                  {"completionProvider", {{"triggerCharacters", json::array({"."})}}},
                  {"documentFormattingProvider", true}}},
                {"serverInfo", {{"name", "grondslag"}, {"version", std::string(engine_version())}}}};
}

std::optional<std::string> LanguageServer::text_of(const std::string& path) const {
    if (const auto it = documents_.find(path); it != documents_.end()) return it->second;
    return read_file(path);
}

// The whole policy set of the workspace, the open documents as they stand: the checker's diagnostics for
// every file, and a new index when it compiles.
std::vector<json> LanguageServer::check() {
    // The workspace folders, recursively, as `grondslag check` reads a folder; a document outside them
    // brings the policy files beside it (not the folders below: a file opened in a home folder must not
    // make the whole home folder a policy set).
    std::vector<std::string> files, refusals;
    for (const auto& root : roots_) find_policy_files(root, files, refusals);
    std::set<std::string> beside;
    for (const auto& document : documents_) {
        const std::string& path = document.first;  // a name, not a structured binding: clang 14 cannot capture those
        if (std::none_of(roots_.begin(), roots_.end(), [&](const std::string& r) { return under(path, r); }))
            beside.insert(std::filesystem::path(path).parent_path().string());
    }
    for (const auto& folder : beside) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
            if (entry.path().extension() == ".gsl" && entry.is_regular_file(ec) && !entry.is_symlink(ec)) files.push_back(entry.path().string());
    }
    for (const auto& [path, text] : documents_) files.push_back(path);
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    std::vector<PolicySource> sources;
    for (const auto& f : files)
        if (auto text = text_of(f)) sources.push_back({f, std::move(*text)});
        else refusals.push_back("cannot read " + f);
    const Policies policies = Policies::load_sources(std::move(sources));
    if (policies.ok() && refusals.empty()) index_ = std::make_unique<PolicyIndex>(policies);

    std::map<std::string, json> by_path;
    for (const Diagnostic& d : policies.diagnostics().all()) {
        const std::string path = d.where.file ? d.where.file->path : std::string();
        const std::string text = d.where.file ? d.where.file->text : std::string();
        json diagnostic = {{"range", range_at(text, d.where.line, d.where.column)},
                           {"severity", d.severity == Severity::error ? 1 : d.severity == Severity::warning ? 2 : 3},
                           {"code", d.code},
                           {"source", "grondslag"},
                           {"message", d.message}};
        json& list = by_path[path];
        if (list.is_null()) list = json::array();
        list.push_back(std::move(diagnostic));
    }
    // A diagnostic without a file, and a policy file that could not be taken in, are never dropped: they
    // are shown at the top of every open document.
    std::vector<json> unplaced;
    if (auto it = by_path.find(std::string()); it != by_path.end()) {
        for (auto& d : it->second) unplaced.push_back(std::move(d));
        by_path.erase(it);
    }
    for (const auto& r : refusals)
        unplaced.push_back({{"range", range_at("", 1, 1)}, {"severity", 1}, {"code", "E004"}, {"source", "grondslag"}, {"message", r}});
    for (const auto& [path, text] : documents_)
        for (const auto& d : unplaced) {
            json& list = by_path[path];
            if (list.is_null()) list = json::array();
            list.push_back(d);
        }
    std::vector<json> out;
    std::set<std::string> now;
    for (auto& [path, list] : by_path) {
        now.insert(path);
        out.push_back(notification("textDocument/publishDiagnostics", {{"uri", uri_from_path(path)}, {"diagnostics", std::move(list)}}));
    }
    // Files that had diagnostics and have none now, and open documents without any: cleared.
    std::set<std::string> clear = published_;
    for (const auto& [path, text] : documents_) clear.insert(path);
    for (const auto& path : clear)
        if (!now.count(path))
            out.push_back(notification("textDocument/publishDiagnostics", {{"uri", uri_from_path(path)}, {"diagnostics", json::array()}}));
    published_ = std::move(now);
    return out;
}

std::string LanguageServer::word_at(const json& params) const {
    const std::string path = path_from_uri(params.at("textDocument").at("uri"));
    const auto text = text_of(path);
    if (!text) return std::string();
    const std::size_t line = params.at("position").at("line");
    const std::string_view s = line_of(*text, line);
    std::size_t at = bytes_from_utf16(s, params.at("position").at("character").get<std::size_t>());
    if (at == s.size() && at > 0) --at;  // the cursor just after a name
    if (at >= s.size() || (!name_char(s[at]) && (at == 0 || !name_char(s[at - 1])))) return std::string();
    if (!name_char(s[at])) --at;
    std::size_t begin = at, end = at;
    while (begin > 0 && name_char(s[begin - 1])) --begin;
    while (end < s.size() && name_char(s[end])) ++end;
    std::string word(s.substr(begin, end - begin));
    while (!word.empty() && word.back() == '.') word.pop_back();  // the end of a sentence in a comment
    return word;
}

json LanguageServer::hover(const json& params) const {
    const std::string word = word_at(params);
    if (!index_ || word.empty()) return nullptr;
    const std::string markdown = index_->hover(word);
    if (markdown.empty()) return nullptr;
    return json{{"contents", {{"kind", "markdown"}, {"value", markdown}}}};
}

json LanguageServer::definition(const json& params) const {
    const std::string word = word_at(params);
    if (!index_ || word.empty()) return nullptr;
    const auto place = index_->declaration(word);
    if (!place) return nullptr;
    const auto text = text_of(place->path);
    const json at = position(text ? *text : std::string(), place->line, place->column);
    return json{{"uri", uri_from_path(place->path)}, {"range", {{"start", at}, {"end", at}}}};
}

json LanguageServer::completion() const {
    json items = json::array();
    if (!index_) return items;
    // LSP's CompletionItemKind: Module 9, Variable 6, Enum 13, Interface 8, Field 5, Constant 21, Reference 18, Function 3.
    static const std::map<std::string, int> kinds = {{"module", 9}, {"actor", 6},     {"category", 13}, {"purpose", 8},
                                                     {"fact", 5},   {"basis", 21},    {"provision", 18}, {"rule", 3}};
    for (const NameCompletion& c : index_->completions())
        items.push_back({{"label", c.name}, {"kind", kinds.at(c.kind)}, {"detail", c.kind + (c.detail.empty() ? "" : ": " + c.detail)}});
    return items;
}

json LanguageServer::formatting(const json& params) const {
    const std::string path = path_from_uri(params.at("textDocument").at("uri"));
    const auto text = text_of(path);
    if (!text) return nullptr;
    const FormatResult formatted = format_source(path, *text);
    if (!formatted.ok || formatted.text == *text) return json::array();  // a file that does not parse is left as it is
    std::size_t lines = static_cast<std::size_t>(std::count(text->begin(), text->end(), '\n'));
    return json::array({{{"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", lines + 1}, {"character", 0}}}}},
                         {"newText", formatted.text}}});
}

int run_language_server(std::istream& in, std::ostream& out) {
    LanguageServer server;
    const auto send = [&out](const json& message) {
        const std::string body = message.dump(-1, ' ', false, json::error_handler_t::replace);
        out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
        out.flush();
        return static_cast<bool>(out);
    };
    for (;;) {
        // Headers: Content-Length is required; Content-Type, if sent, is not read.
        std::size_t length = 0;
        bool have_length = false;
        std::string line;
        bool any = false;
        while (std::getline(in, line)) {
            any = true;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty()) break;
            constexpr std::string_view key = "content-length:";
            std::string lower = line.substr(0, key.size());
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
            if (lower == key) {
                try {
                    length = std::stoul(line.substr(key.size()));
                    have_length = true;
                } catch (const std::exception&) {
                    have_length = false;
                }
            }
        }
        if (!in) return any ? 1 : server.exit_code();  // the input ended (the client went away)
        // A message without a usable length, or over the limit, leaves the stream out of step: stop.
        if (!have_length || length > max_policy_set_bytes) {
            send(error(nullptr, parse_error, "a message needs a Content-Length of at most " + std::to_string(max_policy_set_bytes) + " bytes"));
            return 1;
        }
        std::string body(length, '\0');
        if (!in.read(body.data(), static_cast<std::streamsize>(body.size()))) return 1;
        json message;
        try {
            message = json::parse(body);
        } catch (const json::exception& e) {
            if (!send(error(nullptr, parse_error, std::string("not JSON: ") + e.what()))) return 1;
            continue;
        }
        for (const json& reply : server.handle(message))
            if (!send(reply)) return 1;
        if (server.exit_requested()) return server.exit_code();
    }
}

}  // namespace grondslag
