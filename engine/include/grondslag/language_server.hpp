// `grondslag lsp`: a Language Server (LSP 3.17, JSON-RPC over stdio) for .gsl files. The checker's
// diagnostics as the file is typed (the whole workspace's policy set, the open documents as they stand),
// hover (a name's declaration, labels and, for a provision or rule, its citation, validity, text and link),
// go to definition, completion of declared names, and `fmt` as document formatting. docs/advisor-guide.md.
#pragma once
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grondslag/grondslag.hpp"
#include "grondslag/policy_index.hpp"

namespace grondslag {

class LanguageServer {
public:
    // Handles one message (a request or a notification); returns what to send back, in order: the
    // response to a request and any notifications (publishDiagnostics) it causes.
    std::vector<nlohmann::json> handle(const nlohmann::json& message);
    bool exit_requested() const { return exit_; }
    int exit_code() const { return shutdown_ ? 0 : 1; }  // LSP: exit before shutdown is an error

private:
    nlohmann::json initialize(const nlohmann::json& params);
    std::vector<nlohmann::json> check();
    nlohmann::json hover(const nlohmann::json& params) const;
    nlohmann::json definition(const nlohmann::json& params) const;
    nlohmann::json completion() const;
    nlohmann::json formatting(const nlohmann::json& params) const;
    // The text of a document: the open one, else the file.
    std::optional<std::string> text_of(const std::string& path) const;
    std::string word_at(const nlohmann::json& params) const;

    std::vector<std::string> roots_;                  // workspace folders (paths)
    std::map<std::string, std::string> documents_;    // open documents: path -> text
    std::set<std::string> published_;                 // paths last given diagnostics
    std::unique_ptr<PolicyIndex> index_;              // of the last set that loaded without errors
    bool initialized_ = false, shutdown_ = false, exit_ = false;
};

// Reads messages framed by Content-Length headers from `in` and writes the replies to `out` until `exit`
// or the end of the input. Returns the process's exit code: 0 after shutdown and exit, 1 otherwise.
int run_language_server(std::istream& in, std::ostream& out);

// The path of a file: URI, and back (percent-encoding as VS Code writes it). Empty for a URI that is
// not file:.
std::string path_from_uri(const std::string& uri);
std::string uri_from_path(const std::string& path);

}  // namespace grondslag
