// The decision service behind `grondslag serve`, without sockets: a request (method, path, headers,
// body) in, a response out. The HTTP layer (http_server.cpp) only moves bytes; everything a response
// says is decided here, so the handling can be tested and fuzzed without a network.
//
// The served set is swapped whole on reload: each request takes the set current when it starts and
// finishes on it, so an answer always names the set that decided it. A set that fails to load leaves
// the old one serving. Each decision is written to the decision log before its answer is returned;
// when the log cannot be written, the service answers nothing more (503) and says so in /ready and
// /metrics: an audit trail with holes is not acceptable.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "grondslag/decision_log.hpp"
#include "grondslag/grondslag.hpp"

namespace grondslag::server {

// One loaded policy set and what is known about where it came from.
struct ServedSet {
    Policies policies;
    std::string bundle_path;
    std::string bundle_sha256;  // of the bundle file's bytes
    std::string signer;         // the key id whose signature was checked; empty when unsigned
    std::string sealed;         // when the bundle was sealed
    std::string warning;        // served without a checked signature (development only)
    std::string loaded_at;      // UTC, when this process loaded it
    std::string coverage;       // GET /v1/coverage: corpus_coverage_json of the corpus run against it; empty: none given
    std::uint64_t generation = 0;
};

struct Request {
    std::string method;  // "GET", "POST"
    std::string path;    // without the query
    std::string query_date;       // ?date=YYYY-MM-DD (GET /v1/policy-set, /v1/register)
    std::string query_why_not;    // ?why_not=true|false (POST /v1/decide): decide --why-not
    std::string content_type;     // without parameters, lower case
    std::string accept_language;  // the header as sent
    std::string traceparent;      // the W3C trace context header, for the decision log
    std::string body;
};

struct Response {
    Response() = default;
    Response(int status_code, std::string type, std::string text)
        : status(status_code), content_type(std::move(type)), body(std::move(text)) {}
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    // Set for an NDJSON decide: the answers come in chunks, each appended to `chunk` by a call, after
    // `body` (empty). A chunk's log records are written before it is returned. `failed`: no chunk and no
    // more (the decision log could not be written): the HTTP layer then ends the response without its
    // last chunk, so the client sees an incomplete response, never a complete one with answers missing.
    enum class Chunk { more, last, failed };
    std::function<Chunk(std::string& chunk)> stream;
};

// Reads a streamed response into its body (tests, the fuzz target); false when the stream failed.
bool read_all(Response& response);

class Service {
public:
    // Loads a set, or returns null with the reason in `why`.
    using Loader = std::function<std::shared_ptr<ServedSet>(std::string& why)>;

    // `log` may be disabled (an empty path); it must outlive the service.
    Service(Loader loader, DecisionLog& log);

    // Loads the set and swaps it in; on failure the current set keeps serving and `why` says why.
    bool reload(std::string& why);
    std::shared_ptr<const ServedSet> current() const;

    // By value: an NDJSON decide keeps the request (its body) while its answers stream.
    Response handle(Request request);
    // The HTTP layer answered a connection 503 because too many were waiting (/metrics).
    void count_refused_connection() { ++connections_refused_; }

    // The limit on a request body, as the HTTP layer enforces it (decide and explain).
    static constexpr std::size_t max_body_bytes = std::size_t{64} << 20;

private:
    Response decide(const std::shared_ptr<const ServedSet>& set, Request request);
    // The next chunk of an NDJSON decide: lines from `at` until about 64 KiB of answers or 256 lines.
    Response::Chunk decide_lines(const std::shared_ptr<const ServedSet>& set, const Request& request, std::size_t& at,
                                 std::size_t& line, std::string& chunk);
    Response explain(const ServedSet& set, const Request& request) const;
    Response policy_set(const ServedSet& set, const Request& request) const;
    Response vocabulary(const ServedSet& set, const Request& request) const;
    Response register_of(const ServedSet& set, const Request& request) const;
    static std::string request_date(const Request& request);
    Response ready() const;
    Response metrics() const;
    // Adds the decision's record (the log's form) to `records`; false (and the service stops deciding) when it
    // cannot be made.
    bool add_record(Decider& decider, const ServedSet& set, std::string_view request, std::string_view answer,
                    std::string_view traceparent, std::string& records);
    // Writes records before their answers leave; false (and the service stops deciding) when it fails.
    bool write_records(std::string_view records);
    void count(std::string_view answer, bool error, double seconds);

    class DeciderLease {
    public:
        DeciderLease(Service& service, const std::shared_ptr<const ServedSet>& set, bool why_not);
        ~DeciderLease();
        Decider& decider() { return *decider_; }

    private:
        Service& service_;
        std::shared_ptr<const ServedSet> set_;
        std::unique_ptr<Decider> decider_;
        bool why_not_;
    };
    std::mutex pool_mutex_;
    std::uint64_t pool_generation_ = 0;
    std::vector<std::unique_ptr<Decider>> pool_;          // the current set's Deciders not lent out
    std::vector<std::unique_ptr<Decider>> why_not_pool_;  // ... of those that add why_not to denied items

    Loader loader_;
    DecisionLog& log_;
    std::mutex log_mutex_;
    std::atomic<bool> log_failed_{false};
    mutable std::mutex set_mutex_;
    std::shared_ptr<const ServedSet> set_;
    std::uint64_t generation_ = 0;

    // Metrics (Prometheus text, /metrics).
    static constexpr std::array<double, 10> buckets{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 1.0};
    std::array<std::atomic<std::uint64_t>, 4> outcomes_{};  // permit, deny, partial, error
    std::array<std::atomic<std::uint64_t>, buckets.size() + 1> latency_{};
    std::atomic<std::uint64_t> latency_sum_ns_{0};
    std::atomic<std::uint64_t> reloads_ok_{0}, reloads_failed_{0}, log_write_errors_{0}, connections_refused_{0};
};

}  // namespace grondslag::server
