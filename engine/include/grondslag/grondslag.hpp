// grondslag: a policy engine for Dutch data-sharing law.
//
// The public interface is small: load policy sources (which parses, resolves,
// checks and compiles them), inspect the diagnostics, and decide requests of
// the decision contract. An application embeds this header and the
// grondslag_engine library; the CLI is a thin layer over it.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "grondslag/diagnostics.hpp"

namespace grondslag {

class TypedRequest;    // grondslag/typed_request.hpp
struct TypedDecision;
struct LogbookContext;  // grondslag/logbook.hpp
class LogbookCapture;  // grondslag/logbook.hpp
struct RuleInfo;
struct ProvisionInfo;

struct PolicySource {
    std::string path;  // shown in diagnostics
    std::string text;
};

// A loaded policy set: its sources, diagnostics and, when they have no error,
// the compiled form. Cheap to copy (shared, immutable once loaded).
class Policies {
public:
    // Reads every *.gsl file under each directory (recursively, in path order; find_policy_files). A file over
    // max_policy_file_bytes, or a set over max_policy_set_bytes (grondslag/input_limits.hpp),
    // is refused with E005 without being read past the limit.
    static Policies load_directories(const std::vector<std::string>& directories);
    static Policies load_sources(std::vector<PolicySource> sources);
    // Sources together with the compiled image written from them by compiled_image() (a sealed
    // bundle's digest ties the two; the caller vouches for that): the image stands in for parsing
    // and compiling when this engine build wrote it and it is consistent, else the sources are
    // compiled. Either way the same policy set; from_image() tells which happened.
    static Policies load_sources_with_image(std::vector<PolicySource> sources, std::string_view compiled);

    bool ok() const;  // compiled without errors
    const DiagnosticReport& diagnostics() const;
    std::string render_diagnostics() const;
    // "sha256:<hex>" over the sources' paths and texts.
    const std::string& hash() const;
    std::size_t rule_count() const;
    // The sources as loaded (paths and texts), in load order.
    std::vector<PolicySource> sources() const;
    std::size_t provision_count() const;

    // The compiled form as bytes, readable by this engine build only (empty unless ok()).
    std::string compiled_image() const;
    // True when the compiled form was read from an image instead of compiled from the sources
    // (no diagnostics then: the set compiled cleanly when the image was written).
    bool from_image() const;
    // Why the image given to load_sources_with_image was not used ("its compiled image was written by
    // another engine build", or what was inconsistent in it); empty when it was used or none was given.
    const std::string& image_refusal() const;

private:
    friend struct PoliciesAccess;  // the engine's own stages read the compiled form (not public)
    struct Refused {  // a path or file refused before parsing, with its diagnostic
        const char* code;
        std::string message;
    };
    static Policies load(std::vector<PolicySource> sources, const std::vector<Refused>& refused);
    struct State;
    std::shared_ptr<State> state_;
};

// The policy files below `folder`, recursively (docs/language.md, "Policy files"): every regular file
// whose name ends in ".gsl". Nothing is skipped without a word: a symbolic link, a FIFO, socket or
// device, a folder that cannot be read, or a file named *.GSL in another case adds an error naming
// its path to `errors`. In no particular order.
void find_policy_files(const std::string& folder, std::vector<std::string>& files, std::vector<std::string>& errors);

// Readable bytes a caller of Decider::decide_json(..., padded = true) keeps after the request text.
inline constexpr std::size_t json_padding = 64;

struct DecideOptions {
    bool unverified = false;  // mark every answer as coming from an unverified set
    // Add to each denied item a `why_not` array: per candidate permit its failing conditions,
    // missing facts, consent state, first date and the forbids that would still block it.
    bool why_not = false;
};

// Decides requests against a loaded policy set. Not thread-safe; use one per
// thread. Buffers are reused between calls, so steady-state decisions do not
// allocate in the evaluator.
class Decider {
public:
    // Throws std::invalid_argument when !policies.ok(): a set with errors is never served.
    explicit Decider(Policies policies, DecideOptions options = {});
    ~Decider();
    Decider(Decider&&) noexcept;

    // Decides one request given as JSON text and appends the answer (one line of
    // JSON, without newline) to `out`. `line` > 0 names the NDJSON line in errors.
    // Returns false when the request was malformed (the answer is then a deny
    // with an error naming the JSON path).
    // `padded`: json_padding bytes after the request may be read (not as JSON), which saves a copy.
    bool decide_json(std::string_view request, std::string& out, std::size_t line = 0, bool padded = false);

    // Appends the deny answer for input that was not decided at all (a line over the
    // size limit, for example), with `message` as its error and `line` (> 0) named.
    void reject(std::string_view message, std::string& out, std::size_t line = 0);

    // Appends the Logboek Dataverwerkingen record (grondslag/logbook.hpp; one line, no newline) of the last
    // decide_json or reject, written from the decision itself. `request_sha256`: the request text's sha256
    // in hex. Throws std::logic_error before any decision, std::runtime_error when libcrypto fails.
    void append_logbook_record(const LogbookContext& context, std::string_view request_sha256, std::string& out);
    // Keeps what that record names in `capture`, for another thread to write it later
    // (LogbookCapture::append_record gives the same record). Throws std::logic_error before any decision.
    void capture_logbook_record(LogbookCapture& capture);

    // Decides a request filled without JSON (grondslag/typed_request.hpp): the same decision as
    // decide_json on the same request, without text. The answer is valid until the next decision.
    const TypedDecision& decide(const TypedRequest& request);
    // Names for a typed answer, from tables made at load time (empty for a number out of range).
    RuleInfo rule(int rule) const;                          // TypedItem::rule
    std::string_view fact_name(std::uint16_t fact) const;   // TypedItem::missing_facts, TypedObligation::counted_from
    std::string_view category_name(int category) const;     // TypedItem::category, TypedObligation::category
    std::string_view actor_name(int actor) const;           // TypedObligation::actor
    ProvisionInfo provision(int provision) const;           // TypedObligation::provision

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace grondslag
