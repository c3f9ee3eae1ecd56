#include "grondslag/http_server.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <cctype>

#include <httplib.h>
#include <openssl/crypto.h>

#include "grondslag/sha256.hpp"

namespace grondslag::server {

namespace {

// Set on the thread that answers connections beyond the limit: its requests get a 503 at once.
thread_local bool refusing = false;

// httplib's ThreadPool with a bound on the connections that wait for a thread. A connection beyond it is
// handed to one refusal thread, which reads its request (within the read timeout) and answers 503 with
// `Connection: close`: a client is told to come back, and waiting connections cannot grow without end.
class BoundedPool final : public httplib::TaskQueue {
public:
    BoundedPool(std::size_t threads, std::size_t max_waiting, Service& service)
        : capacity_(threads + max_waiting), service_(service) {
        for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(jobs_, false); });
        workers_.emplace_back([this] { work(overflow_, true); });
    }
    ~BoundedPool() override = default;
    void enqueue(std::function<void()> fn) override {
        {
            std::lock_guard lock(mutex_);
            if (busy_ + jobs_.size() < capacity_) {
                jobs_.push_back(std::move(fn));
            } else {
                overflow_.push_back(std::move(fn));
                service_.count_refused_connection();
            }
        }
        ready_.notify_all();
    }
    void shutdown() override {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        ready_.notify_all();
        for (auto& t : workers_) t.join();
    }

private:
    void work(std::deque<std::function<void()>>& queue, bool refusal) {
        refusing = refusal;
        for (;;) {
            std::function<void()> fn;
            {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [&] { return stop_ || !queue.empty(); });
                if (queue.empty()) return;  // stopping, and nothing left
                fn = std::move(queue.front());
                queue.pop_front();
                if (!refusal) ++busy_;
            }
            fn();
            if (!refusal) {
                std::lock_guard lock(mutex_);
                --busy_;
            }
        }
    }
    std::size_t capacity_;  // connections being served or waiting
    std::size_t busy_ = 0;  // being served
    Service& service_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> jobs_, overflow_;
    bool stop_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace

struct HttpServer::Impl {
    Service& service;
    HttpOptions options;
    std::unique_ptr<httplib::Server> http;
    std::vector<std::string> token_digests;  // compared digest to digest, in constant time
    int port = 0;

    Impl(Service& s, HttpOptions o) : service(s), options(std::move(o)) {
        for (const auto& t : options.tokens) token_digests.push_back(sha256_hex(t));
    }

    bool authorised(const httplib::Request& r) const {
        if (token_digests.empty()) return true;
        const std::string header = r.get_header_value("Authorization");
        constexpr std::string_view scheme = "Bearer ";
        if (header.size() <= scheme.size() || header.compare(0, scheme.size(), scheme) != 0) return false;
        const std::string digest = sha256_hex(std::string_view(header).substr(scheme.size()));
        bool match = false;
        for (const auto& d : token_digests) match |= CRYPTO_memcmp(d.data(), digest.data(), d.size()) == 0;
        return match;
    }

    void answer(const httplib::Request& r, httplib::Response& out) {
        if (refusing) {
            out.status = 503;
            out.set_header("Connection", "close");
            out.set_header("Retry-After", "1");
            out.set_content("{\"error\":\"too many connections; try again\"}\n", "application/json");
            return;
        }
        if (r.path.rfind("/v1/", 0) == 0 && !authorised(r)) {
            out.status = 401;
            out.set_header("WWW-Authenticate", "Bearer");
            out.set_content("{\"error\":\"a bearer token is required\"}\n", "application/json");
            return;
        }
        Request request;
        request.method = r.method;
        request.path = r.path;
        request.query_date = r.get_param_value("date");
        request.query_why_not = r.get_param_value("why_not");
        std::string type = r.get_header_value("Content-Type");
        type = type.substr(0, type.find(';'));
        std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
        while (!type.empty() && type.back() == ' ') type.pop_back();
        request.content_type = type;
        request.accept_language = r.get_header_value("Accept-Language");
        request.traceparent = r.get_header_value("traceparent");
        request.body = r.body;
        Response response;
        try {
            response = service.handle(std::move(request));
        } catch (const std::exception&) {
            // Nothing half-decided leaves: a server error, never an answer.
            response = Response{500, "application/json", "{\"error\":\"internal error; no answer is given\"}\n"};
        }
        out.status = response.status;
        // The workbench page loads only what this server serves (no inline script, nothing from elsewhere),
        // and no response is read as another type than it says.
        out.set_header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        out.set_header("X-Content-Type-Options", "nosniff");
        // The register, vocabulary and explanations differ by Accept-Language, and no answer is to be
        // served again from a cache (a reload changes the set): a browser asks the server each time.
        out.set_header("Vary", "Accept-Language");
        if (r.path.rfind("/v1/", 0) == 0) out.set_header("Cache-Control", "no-store");
        if (!response.stream) {
            out.set_content(std::move(response.body), response.content_type.c_str());
            return;
        }
        // Chunked: each chunk decided and logged when the client can take it. An exception or a log that
        // cannot be written ends the response without its last chunk: incomplete, never a silent end.
        out.set_chunked_content_provider(response.content_type, [stream = std::move(response.stream)](std::size_t, httplib::DataSink& sink) {
            std::string chunk;
            Response::Chunk c;
            try {
                c = stream(chunk);
            } catch (const std::exception&) {
                return false;
            }
            if (c == Response::Chunk::failed) return false;
            if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
            if (c == Response::Chunk::last) sink.done();
            return true;
        });
    }
};

HttpServer::HttpServer(Service& service, HttpOptions options) : impl_(std::make_unique<Impl>(service, std::move(options))) {}
HttpServer::~HttpServer() = default;

bool HttpServer::bind(std::string& why) {
    Impl& s = *impl_;
    if (!s.options.tls_cert.empty() || !s.options.tls_key.empty()) {
        if (s.options.tls_cert.empty() || s.options.tls_key.empty()) {
            why = "TLS needs both --tls-cert and --tls-key";
            return false;
        }
        auto tls = std::make_unique<httplib::SSLServer>(s.options.tls_cert.c_str(), s.options.tls_key.c_str());
        if (!tls->is_valid()) {
            why = "the TLS certificate or key could not be loaded";
            return false;
        }
        s.http = std::move(tls);
    } else {
        s.http = std::make_unique<httplib::Server>();
    }
    httplib::Server& h = *s.http;
    const unsigned threads = std::max(1u, s.options.threads);
    h.new_task_queue = [threads, &s] { return new BoundedPool(threads, s.options.max_waiting, s.service); };
    h.set_payload_max_length(Service::max_body_bytes);
    h.set_read_timeout(s.options.read_timeout_s, 0);
    h.set_write_timeout(s.options.write_timeout_s, 0);
    h.set_keep_alive_max_count(s.options.keep_alive_max);
    h.set_tcp_nodelay(true);  // an answer leaves at once, not after the peer's delayed ACK (40 ms)
    // Every path and method goes to the service, which answers 404 or 405 itself.
    auto handler = [&s](const httplib::Request& r, httplib::Response& out) { s.answer(r, out); };
    h.Get(R"(/.*)", handler);
    h.Post(R"(/.*)", handler);
    h.Put(R"(/.*)", handler);
    h.Delete(R"(/.*)", handler);
    h.Patch(R"(/.*)", handler);
    // What httplib refuses itself (a body over the limit, a request it cannot parse) gets a body too.
    h.set_error_handler([](const httplib::Request&, httplib::Response& out) {
        if (!out.body.empty()) return;
        const char* why = out.status == 413 ? "the request body is over the limit"
                          : out.status == 404 ? "no such endpoint"
                          : out.status == 405 ? "method not allowed"
                                              : "the HTTP request could not be read";
        out.set_content(std::string("{\"error\":\"") + why + "\"}\n", "application/json");
    });
    h.set_exception_handler([](const httplib::Request&, httplib::Response& out, std::exception_ptr) {
        out.status = 500;
        out.set_content("{\"error\":\"internal error; no answer is given\"}\n", "application/json");
    });
    if (s.options.port == 0) {
        s.port = h.bind_to_any_port(s.options.host);
        if (s.port < 0) {
            why = "cannot bind " + s.options.host;
            return false;
        }
    } else {
        if (!h.bind_to_port(s.options.host, s.options.port)) {
            why = "cannot bind " + s.options.host + ":" + std::to_string(s.options.port);
            return false;
        }
        s.port = s.options.port;
    }
    return true;
}

int HttpServer::port() const { return impl_->port; }
bool HttpServer::run() { return impl_->http && impl_->http->listen_after_bind(); }
void HttpServer::stop() {
    if (impl_->http) impl_->http->stop();
}

}  // namespace grondslag::server
