#include "grondslag/service.hpp"

#include "documents.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <sstream>

#include <nlohmann/json.hpp>

#include "grondslag/docgen.hpp"
#include "grondslag/logbook.hpp"
#include "grondslag/explain.hpp"
#include "grondslag/typed_request.hpp"
#include "grondslag/sha256.hpp"
#include "grondslag/version.hpp"

namespace grondslag::server {

namespace {

// Texts that echo a request (an error message quoting it) may hold bytes that are not UTF-8: they are
// replaced, never a reason to fail the response.
std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

Response json_error(int status, std::string_view message) {
    return Response{status, "application/json", dump(nlohmann::json{{"error", message}})};
}

// "nl" unless the client prefers English (the first language it names that we have).
Language language_of(const std::string& accept_language) {
    std::size_t at = 0;
    while (at < accept_language.size()) {
        std::size_t end = accept_language.find(',', at);
        if (end == std::string::npos) end = accept_language.size();
        std::string tag = accept_language.substr(at, end - at);
        tag = tag.substr(0, tag.find(';'));
        const auto first = tag.find_first_not_of(' ');
        tag = first == std::string::npos ? "" : tag.substr(first, 2);
        if (tag == "en" || tag == "EN") return Language::en;
        if (tag == "nl" || tag == "NL") return Language::nl;
        at = end + 1;
    }
    return Language::nl;
}

std::string_view outcome_of(std::string_view answer) {
    // The answer's first "decision" key is the request's: an id before it is a JSON string, in which a
    // quote is escaped, so the key cannot occur inside it.
    constexpr std::string_view key = "\"decision\":\"";
    const auto at = answer.find(key);
    if (at == std::string_view::npos) return {};
    const auto from = at + key.size();
    return answer.substr(from, answer.find('"', from) - from);
}

}  // namespace

Service::Service(Loader loader, DecisionLog& log) : loader_(std::move(loader)), log_(log) {}

bool Service::reload(std::string& why) {
    std::shared_ptr<ServedSet> next = loader_(why);
    if (!next) {
        ++reloads_failed_;
        return false;
    }
    std::lock_guard lock(set_mutex_);
    next->generation = ++generation_;
    {
        std::lock_guard pool_lock(pool_mutex_);
        pool_.clear();
        why_not_pool_.clear();
        pool_generation_ = next->generation;
    }
    set_ = std::move(next);
    ++reloads_ok_;
    return true;
}

std::shared_ptr<const ServedSet> Service::current() const {
    std::lock_guard lock(set_mutex_);
    return set_;
}

Response Service::handle(Request request) {
    const std::string& p = request.path;
    auto only = [&](const char* method) { return request.method == method; };
    if (p == "/health") return only("GET") ? Response{200, "text/plain; charset=utf-8", "ok\n"} : json_error(405, "GET only");
    if (p == "/ready") return only("GET") ? ready() : json_error(405, "GET only");
    if (p == "/metrics") return only("GET") ? metrics() : json_error(405, "GET only");
    for (std::size_t i = 0; i < document_count; ++i)
        if (const Document& d = documents[i]; p == d.path)
            return only("GET") ? Response{200, std::string(d.content_type), std::string(d.text)} : json_error(405, "GET only");
    const bool decide_path = p == "/v1/decide", explain_path = p == "/v1/explain", set_path = p == "/v1/policy-set",
               vocabulary_path = p == "/v1/vocabulary", register_path = p == "/v1/register", coverage_path = p == "/v1/coverage";
    const bool get_path = set_path || vocabulary_path || register_path || coverage_path;
    if (!decide_path && !explain_path && !get_path) return json_error(404, "no such endpoint");
    if (get_path ? !only("GET") : !only("POST")) return json_error(405, get_path ? "GET only" : "POST only");
    const std::shared_ptr<const ServedSet> set = current();
    if (!set) return json_error(503, "no policy set is loaded");
    if (set_path) return policy_set(*set, request);
    if (vocabulary_path) return vocabulary(*set, request);
    if (register_path) return register_of(*set, request);
    if (coverage_path)  // no corpus given: no case covers anything
        return Response{200, "application/json",
                        (set->coverage.empty() ? std::string(R"({"cases":0,"failed":0,"passed":0,"provisions":{},"rules":{}})") : set->coverage) + "\n"};
    if (request.body.size() > max_body_bytes) return json_error(413, "the request body is over the limit");
    if (explain_path) return explain(*set, request);
    if (!request.query_why_not.empty() && request.query_why_not != "true" && request.query_why_not != "false")
        return json_error(400, "why_not: expected true or false");
    if (log_failed_) return json_error(503, "the decision log could not be written; no decisions are made");
    return decide(set, std::move(request));
}

// Deciders are lent per request from a pool of the current set's: making one costs a little (its answer
// texts are the set's, shared), and a Decider is used by one thread at a time. A reload empties the pool,
// so an old set is released as soon as the requests that started on it are done, not kept by an idle thread.
Service::DeciderLease::DeciderLease(Service& service, const std::shared_ptr<const ServedSet>& set, bool why_not)
    : service_(service), set_(set), why_not_(why_not) {
    {
        std::lock_guard lock(service.pool_mutex_);
        auto& pool = why_not ? service.why_not_pool_ : service.pool_;
        if (service.pool_generation_ == set->generation && !pool.empty()) {
            decider_ = std::move(pool.back());
            pool.pop_back();
        }
    }
    if (!decider_) {
        DecideOptions options;
        options.why_not = why_not;
        decider_ = std::make_unique<Decider>(set->policies, options);
    }
}

Service::DeciderLease::~DeciderLease() {
    std::lock_guard lock(service_.pool_mutex_);
    if (service_.pool_generation_ == set_->generation) (why_not_ ? service_.why_not_pool_ : service_.pool_).push_back(std::move(decider_));
}

Response Service::decide(const std::shared_ptr<const ServedSet>& set, Request request) {
    const auto started = std::chrono::steady_clock::now();
    DeciderLease lease(*this, set, request.query_why_not == "true");
    Decider& decider = lease.decider();
    Response out;
    const bool ndjson = request.content_type == "application/x-ndjson";
    if (!ndjson) {
        std::string answer;
        const bool ok = decider.decide_json(request.body, answer, 0);
        std::string records;
        if (!add_record(decider, *set, request.body, answer, request.traceparent, records) || !write_records(records))
            return json_error(500, "the decision log could not be written; no answer is given");
        count(answer, !ok, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        out.status = ok ? 200 : 400;
        out.body = std::move(answer);
        out.body += '\n';
        return out;
    }
    // One answer per line, in order; a blank line is skipped, as decide does. Streamed: each chunk is
    // decided, logged and sent before the next is decided, so a large batch is neither held whole nor
    // kept waiting for its first answer.
    out.content_type = "application/x-ndjson";
    auto body = std::make_shared<const Request>(std::move(request));
    auto at = std::make_shared<std::size_t>(0), line = std::make_shared<std::size_t>(0);
    out.stream = [this, set, body, at, line](std::string& chunk) { return decide_lines(set, *body, *at, *line, chunk); };
    return out;
}

Response::Chunk Service::decide_lines(const std::shared_ptr<const ServedSet>& set, const Request& request, std::size_t& at,
                                      std::size_t& line, std::string& chunk) {
    constexpr std::size_t chunk_bytes = std::size_t{1} << 16, chunk_lines = 256;
    if (log_failed_) return Response::Chunk::failed;
    DeciderLease lease(*this, set, request.query_why_not == "true");
    Decider& decider = lease.decider();
    const std::string& body = request.body;
    std::string answer, records;
    const std::size_t start = chunk.size();
    for (std::size_t lines = 0; at < body.size() && lines < chunk_lines && chunk.size() - start < chunk_bytes;) {
        std::size_t end = body.find('\n', at);
        if (end == std::string::npos) end = body.size();
        std::string_view text(body.data() + at, end - at);
        at = end + 1;
        ++line;
        if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        const auto one = std::chrono::steady_clock::now();
        answer.clear();
        const bool ok = decider.decide_json(text, answer, line);
        if (!add_record(decider, *set, text, answer, request.traceparent, records)) {
            chunk.resize(start);
            return Response::Chunk::failed;
        }
        count(answer, !ok, std::chrono::duration<double>(std::chrono::steady_clock::now() - one).count());
        chunk += answer;
        chunk += '\n';
        ++lines;
    }
    // Every answer's record is written before any answer of the chunk leaves.
    if (!write_records(records)) {
        chunk.resize(start);
        return Response::Chunk::failed;
    }
    return at < body.size() ? Response::Chunk::more : Response::Chunk::last;
}

bool read_all(Response& response) {
    if (!response.stream) return true;
    for (;;) {
        const Response::Chunk c = response.stream(response.body);
        if (c == Response::Chunk::failed) return false;
        if (c == Response::Chunk::last) return true;
    }
}

Response Service::explain(const ServedSet& set, const Request& request) const {
    const Explanation e = grondslag::explain(set.policies, request.body);
    if (!e.ok)
        return Response{400, "application/json",
                        dump(nlohmann::json{{"error", e.error_message}, {"path", e.error_path}}) + "\n"};
    return Response{200, "text/plain; charset=utf-8", render_explanation(e, language_of(request.accept_language))};
}

// The date a GET names (?date=YYYY-MM-DD), today in UTC by default; empty when it is not a date.
std::string Service::request_date(const Request& request) {
    if (!request.query_date.empty()) return Date::parse(request.query_date) ? request.query_date : std::string();
    const std::time_t t = std::time(nullptr);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", std::gmtime(&t));
    return text;
}

Response Service::vocabulary(const ServedSet& set, const Request& request) const {
    const auto lang = language_of(request.accept_language) == Language::en ? docgen::Lang::en : docgen::Lang::nl;
    return Response{200, "application/json", dump(docgen::vocabulary_json(set.policies, lang)) + "\n"};
}

Response Service::register_of(const ServedSet& set, const Request& request) const {
    docgen::DocOptions options;
    options.as_of = request_date(request);
    if (options.as_of.empty()) return json_error(400, "date: expected a date YYYY-MM-DD");
    options.lang = language_of(request.accept_language) == Language::en ? docgen::Lang::en : docgen::Lang::nl;
    return Response{200, "application/json", dump(docgen::register_json(docgen::build_register(set.policies, options))) + "\n"};
}

Response Service::policy_set(const ServedSet& set, const Request& request) const {
    nlohmann::json j = {{"policy_set", set.policies.hash()},
                        {"rules", set.policies.rule_count()},
                        {"provisions", set.policies.provision_count()},
                        {"bundle", {{"path", set.bundle_path}, {"sha256", set.bundle_sha256}, {"sealed", set.sealed}}},
                        {"signer", set.signer},
                        {"verified", !set.signer.empty()},  // signed: the signer's verification vouches for it
                        {"loaded_at", set.loaded_at},
                        {"engine", std::string(engine_version())},
                        {"contract", std::string(contract_version())}};
    if (!set.warning.empty()) j["warning"] = set.warning;
    // The provisions in force on a date (?date=YYYY-MM-DD, today in UTC by default), as the register lists them.
    const std::string date = request_date(request);
    if (date.empty()) return json_error(400, "date: expected a date YYYY-MM-DD");
    docgen::DocOptions options;
    options.as_of = date;
    options.lang = docgen::Lang::en;
    const docgen::Register reg = docgen::build_register(set.policies, options);
    nlohmann::json provisions = nlohmann::json::array();
    for (const auto& section : reg.sections)
        provisions.push_back({{"provision", section.provision}, {"citation", section.citation}, {"law", section.law},
                              {"source", section.source}, {"valid", section.valid}, {"rules", section.activities.size()},
                              {"prohibitions", section.prohibitions.size()}});
    j["in_force_on"] = date;
    j["provisions_in_force"] = std::move(provisions);
    return Response{200, "application/json", dump(j) + "\n"};
}

Response Service::ready() const {
    if (!current()) return Response{503, "text/plain; charset=utf-8", "no policy set is loaded\n"};
    if (log_failed_) return Response{503, "text/plain; charset=utf-8", "the decision log could not be written\n"};
    return Response{200, "text/plain; charset=utf-8", "ready\n"};
}

bool Service::add_record(Decider& decider, const ServedSet& set, std::string_view request, std::string_view answer,
                         std::string_view traceparent, std::string& records) {
    if (!log_.enabled()) return true;
    LogbookContext context;  // the bundle that decided, also while a reload swaps in another
    context.bundle_sha256 = set.bundle_sha256;
    context.signer = set.signer;
    context.traceparent = traceparent;
    try {
        log_.append_record(decider, sha256_hex(request), answer, records, &context);
        return true;
    } catch (const std::exception&) {
        std::lock_guard lock(log_mutex_);
        log_failed_ = true;
        ++log_write_errors_;
        return false;
    }
}

bool Service::write_records(std::string_view records) {
    if (!log_.enabled()) return true;
    std::lock_guard lock(log_mutex_);
    if (log_failed_) return false;
    if (log_.write(records)) return true;
    log_failed_ = true;
    ++log_write_errors_;
    return false;
}

void Service::count(std::string_view answer, bool error, double seconds) {
    const std::string_view outcome = outcome_of(answer);
    const std::size_t k = error ? 3 : outcome == "permit" ? 0 : outcome == "partial" ? 2 : 1;
    ++outcomes_[k];
    std::size_t b = 0;
    while (b < buckets.size() && seconds > buckets[b]) ++b;
    ++latency_[b];
    latency_sum_ns_ += static_cast<std::uint64_t>(seconds * 1e9);
}

Response Service::metrics() const {
    std::ostringstream m;
    m << "# HELP grondslag_decisions_total Decisions answered, by outcome (error: a malformed request, answered deny).\n"
         "# TYPE grondslag_decisions_total counter\n";
    const char* names[] = {"permit", "deny", "partial", "error"};
    for (std::size_t k = 0; k < outcomes_.size(); ++k)
        m << "grondslag_decisions_total{outcome=\"" << names[k] << "\"} " << outcomes_[k].load() << "\n";
    m << "# HELP grondslag_decision_seconds Time to decide one request and log it.\n"
         "# TYPE grondslag_decision_seconds histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < buckets.size(); ++b) {
        cumulative += latency_[b].load();
        char le[32];
        std::snprintf(le, sizeof le, "%g", buckets[b]);
        m << "grondslag_decision_seconds_bucket{le=\"" << le << "\"} " << cumulative << "\n";
    }
    cumulative += latency_[buckets.size()].load();
    m << "grondslag_decision_seconds_bucket{le=\"+Inf\"} " << cumulative << "\n"
      << "grondslag_decision_seconds_sum " << static_cast<double>(latency_sum_ns_.load()) / 1e9 << "\n"
      << "grondslag_decision_seconds_count " << cumulative << "\n";
    const auto set = current();
    m << "# HELP grondslag_policy_set_info The policy set in use.\n# TYPE grondslag_policy_set_info gauge\n";
    if (set)
        m << "grondslag_policy_set_info{policy_set=\"" << set->policies.hash() << "\",bundle_sha256=\"" << set->bundle_sha256
          << "\",signer=\"" << set->signer << "\"} 1\n";
    m << "# HELP grondslag_reloads_total Loads of the bundle, by result.\n# TYPE grondslag_reloads_total counter\n"
      << "grondslag_reloads_total{result=\"ok\"} " << reloads_ok_.load() << "\n"
      << "grondslag_reloads_total{result=\"failed\"} " << reloads_failed_.load() << "\n"
      << "# HELP grondslag_decision_log_write_errors_total Records the decision log could not write.\n"
         "# TYPE grondslag_decision_log_write_errors_total counter\n"
      << "grondslag_decision_log_write_errors_total " << log_write_errors_.load() << "\n"
      << "# HELP grondslag_connections_refused_total Connections answered 503 because too many were waiting for a thread.\n"
         "# TYPE grondslag_connections_refused_total counter\n"
      << "grondslag_connections_refused_total " << connections_refused_.load() << "\n";
    return Response{200, "text/plain; version=0.0.4; charset=utf-8", m.str()};
}

}  // namespace grondslag::server
