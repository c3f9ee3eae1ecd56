// The HTTP layer of `grondslag serve` on Boost.Beast (Debian's libboost-dev): an event loop (Asio) on a
// few threads, so that a connection kept open costs no thread, and every read of a request has a deadline
// for the whole request, so that a client sending a byte at a time is cut off (docs/serve.md, "Why
// Boost.Beast"). It parses HTTP, enforces the limits and the bearer tokens, and hands each request to the
// Service, which decides.
#include "grondslag/http_server.hpp"

#include <utility>  // before Boost 1.74's Asio, which uses std::exchange without including it

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include <openssl/crypto.h>

#include "grondslag/sha256.hpp"

namespace grondslag::server {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
// Streams bound to one loop's executor type, not Asio's type-erased any_io_executor: each handler then
// runs without copying and destroying a polymorphic executor (a sixth of the server's CPU per request).
using LoopExecutor = asio::io_context::executor_type;
using PlainStream = beast::basic_stream<tcp, LoopExecutor>;
using TlsStream = beast::ssl_stream<PlainStream>;

// A request's header may not exceed this; a longer one gets 431.
constexpr std::uint32_t max_header_bytes = 16 * 1024;

std::string percent_decoded(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
                   std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// The value of `name` in a query string ("date=2026-01-01&why_not=true"), decoded; empty when absent.
std::string query_value(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (percent_decoded(pair.substr(0, eq)) == name) return eq == std::string_view::npos ? "" : percent_decoded(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return {};
}

std::string_view text(beast::string_view s) { return {s.data(), s.size()}; }

std::string error_body(std::string_view why) { return "{\"error\":\"" + std::string(why) + "\"}\n"; }

// A response's status line and fields as they go on the wire (RFC 9112 section 4 and 5), ending in the
// blank line before the body.
std::string header_bytes(const http::response_header<>& h) {
    std::string out = h.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(h.result_int());
    out += ' ';
    out += text(h.reason());
    out += "\r\n";
    for (const auto& field : h) {
        out += text(field.name_string());
        out += ": ";
        out += text(field.value());
        out += "\r\n";
    }
    out += "\r\n";
    return out;
}

}  // namespace

// What stop() needs of a connection, whatever its stream.
struct Closable {
    virtual ~Closable() = default;
    virtual void close_when_idle() = 0;
};

struct HttpServer::Impl {
    Service& service;
    HttpOptions options;
    std::vector<std::string> token_digests;  // compared digest to digest, in constant time
    // One event loop per thread, each connection on one of them (accepted in turn): a connection's reads,
    // decisions and writes all run on one thread, with no hand-over between threads and no locks.
    std::vector<std::unique_ptr<asio::io_context>> loops;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
    std::size_t next_loop = 0;  // used by the accepting loop only
    std::optional<ssl::context> tls;
    std::optional<tcp::acceptor> acceptor;
    int port = 0;
    std::size_t capacity = 0;  // connections open at once (threads + those allowed to wait); beyond it: 503
    std::atomic<std::size_t> open{0};
    std::atomic<bool> stopping{false};
    // Every open connection, so that stop() can end the idle ones; each entry closes itself on its strand.
    std::mutex connections_mutex;
    std::set<std::shared_ptr<Closable>> connections;

    Impl(Service& s, HttpOptions o) : service(s), options(std::move(o)) {
        for (const auto& t : options.tokens) token_digests.push_back(sha256_hex(t));
    }

    bool authorised(std::string_view header) const {
        if (token_digests.empty()) return true;
        constexpr std::string_view scheme = "Bearer ";
        if (header.size() <= scheme.size() || header.compare(0, scheme.size(), scheme) != 0) return false;
        const std::string digest = sha256_hex(header.substr(scheme.size()));
        bool match = false;
        for (const auto& d : token_digests) match |= CRYPTO_memcmp(d.data(), digest.data(), d.size()) == 0;
        return match;
    }

    void accept();
};

namespace {

using Impl = HttpServer::Impl;

// One connection: reads a request within the read deadline, answers it, and reads the next while the
// client keeps the connection and the server is not stopping. `Stream` is a PlainStream or a TLS stream
// over one.
template <class Stream>
class Connection final : public Closable, public std::enable_shared_from_this<Connection<Stream>> {
public:
    template <class... Args>
    Connection(Impl& server, bool refuse, Args&&... stream_args)
        : server_(server), stream_(std::forward<Args>(stream_args)...), refuse_(refuse) {}

    ~Connection() override { --server_.open; }

    void start() {
        if constexpr (std::is_same_v<Stream, PlainStream>) {
            read();
        } else {
            beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(server_.options.read_timeout_s));
            stream_.async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code e) {
                if (e) return self->finish();
                self->read();
            });
        }
    }

    // From stop(), on any thread: a connection waiting for its next request is closed; one being answered
    // finishes its answer and then closes.
    void close_when_idle() override {
        asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
            if (self->idle_) beast::get_lowest_layer(self->stream_).cancel();
        });
    }

private:
    Impl& server_;
    Stream stream_;
    bool refuse_;
    bool idle_ = false;  // waiting for a request (the next one on a kept connection)
    std::size_t served_ = 0;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<http::response<http::string_body>> response_;
    std::string head_bytes_;  // the status line and fields of the response being written
    std::shared_ptr<http::response<http::empty_body>> chunked_;
    std::shared_ptr<std::string> chunk_;
    std::function<Response::Chunk(std::string&)> stream_fn_;

    void read() {
        if (server_.stopping) return finish();
        parser_.emplace();
        parser_->header_limit(max_header_bytes);
        parser_->body_limit(Service::max_body_bytes);
        idle_ = true;
        // One deadline for the whole request, header and body: a client that trickles bytes is cut off.
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(server_.options.read_timeout_s));
        http::async_read_header(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code e, std::size_t) {
            self->idle_ = false;
            if (e) return self->on_read(e);
            // A client that asks before sending its body (curl does for bodies over 1 MiB) is told to go on
            // at once, rather than waiting a second for an answer that would not come.
            const auto expect = self->parser_->get()[http::field::expect];
            if (!self->refuse_ && beast::iequals(expect, "100-continue") && !self->parser_->is_done()) {
                static constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
                return asio::async_write(self->stream_, asio::buffer(go_on.data(), go_on.size()),
                                         [self](beast::error_code e, std::size_t) {
                                             if (e) return self->finish();
                                             self->read_body();
                                         });
            }
            self->read_body();
        });
    }

    void read_body() {
        http::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code e, std::size_t) { self->on_read(e); });
    }

    void on_read(beast::error_code e) {
        if (e == http::error::end_of_stream || e == beast::error::timeout || e == asio::error::operation_aborted ||
            e == asio::error::eof || e == asio::error::connection_reset || e == ssl::error::stream_truncated)
            return finish();
        if (e == http::error::body_limit) return refuse(413, "the request body is over the limit");
        if (e == http::error::header_limit) return refuse(431, "the request header is over the limit");
        if (e) return refuse(400, "the HTTP request could not be read");
        if (refuse_) {
            server_.service.count_refused_connection();
            return refuse(503, "too many connections; try again");
        }
        answer(parser_->release());
    }

    // An answer after which the connection closes: the request could not be read whole, or is refused.
    void refuse(unsigned status, std::string_view why) {
        auto r = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status), 11);
        r->set(http::field::content_type, "application/json");
        if (status == 503) r->set(http::field::retry_after, "1");
        r->body() = error_body(why);
        r->keep_alive(false);
        r->prepare_payload();
        send(std::move(r));
    }

    void headers(http::fields& f, const std::string& path) const {
        // The workbench page loads only what this server serves (no inline script, nothing from elsewhere),
        // and no response is read as another type than it says.
        f.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        f.set("X-Content-Type-Options", "nosniff");
        // The register, vocabulary and explanations differ by Accept-Language, and no answer is to be
        // served again from a cache (a reload changes the set): a browser asks the server each time.
        f.set(http::field::vary, "Accept-Language");
        if (path.rfind("/v1/", 0) == 0) f.set(http::field::cache_control, "no-store");
    }

    void answer(http::request<http::string_body> request) {
        const std::string_view target(request.target().data(), request.target().size());
        const auto question = target.find('?');
        const std::string path(target.substr(0, question));
        const std::string_view query = question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
        const bool keep = request.keep_alive() && ++served_ < server_.options.keep_alive_max && !server_.stopping;
        const unsigned version = request.version();
        if (path.rfind("/v1/", 0) == 0 && !server_.authorised(text(request[http::field::authorization]))) {
            auto r = std::make_shared<http::response<http::string_body>>(http::status::unauthorized, version);
            r->set(http::field::www_authenticate, "Bearer");
            r->set(http::field::content_type, "application/json");
            r->body() = error_body("a bearer token is required");
            r->keep_alive(keep);
            r->prepare_payload();
            return send(std::move(r));
        }
        Request in;
        in.method = std::string(text(request.method_string()));
        in.path = path;
        in.query_date = query_value(query, "date");
        in.query_why_not = query_value(query, "why_not");
        std::string type(text(request[http::field::content_type]));
        type = type.substr(0, type.find(';'));
        std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
        while (!type.empty() && type.back() == ' ') type.pop_back();
        in.content_type = type;
        in.accept_language = std::string(text(request[http::field::accept_language]));
        in.traceparent = std::string(text(request["traceparent"]));
        in.body = std::move(request.body());
        Response out;
        try {
            out = server_.service.handle(std::move(in));
        } catch (const std::exception&) {
            // Nothing half-decided leaves: a server error, never an answer.
            out = Response{500, "application/json", error_body("internal error; no answer is given")};
        }
        if (!out.stream) {
            auto r = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(out.status), version);
            r->set(http::field::content_type, out.content_type);
            headers(*r, path);
            r->body() = std::move(out.body);
            r->keep_alive(keep);
            r->prepare_payload();
            return send(std::move(r));
        }
        // Chunked: each chunk decided and logged when the client can take it. An exception or a log that
        // cannot be written ends the response without its last chunk: incomplete, never a silent end. A
        // batch whose answers fit one chunk (256 lines) goes as one response with its length.
        stream_fn_ = std::move(out.stream);
        chunk_ = std::make_shared<std::string>();
        const Response::Chunk first = produce(*chunk_);
        if (first == Response::Chunk::last) {
            stream_fn_ = nullptr;
            auto r = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(out.status), version);
            r->set(http::field::content_type, out.content_type);
            headers(*r, path);
            r->body() = std::move(*chunk_);
            r->keep_alive(keep);
            r->prepare_payload();
            return send(std::move(r));
        }
        chunked_ = std::make_shared<http::response<http::empty_body>>(static_cast<http::status>(out.status), version);
        chunked_->set(http::field::content_type, out.content_type);
        headers(*chunked_, path);
        chunked_->keep_alive(keep);
        chunked_->chunked(true);
        head_bytes_ = header_bytes(*chunked_);
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(server_.options.write_timeout_s));
        asio::async_write(stream_, asio::buffer(head_bytes_), [self = this->shared_from_this(), first](beast::error_code e, std::size_t) {
            if (e || first == Response::Chunk::failed) return self->finish();
            self->write_chunk(false);
        });
    }

    Response::Chunk produce(std::string& chunk) {
        try {
            return stream_fn_(chunk);
        } catch (const std::exception&) {
            return Response::Chunk::failed;
        }
    }

    // Writes chunk_ (the last one when `last`, then the end of the response), and makes the next.
    void write_chunk(bool last) {
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(server_.options.write_timeout_s));
        const auto done = [self = this->shared_from_this(), last](beast::error_code e, std::size_t) {
            if (e) return self->finish();
            if (last) {
                const bool keep = self->chunked_->keep_alive();
                self->chunked_.reset();
                self->stream_fn_ = nullptr;
                return keep ? self->read() : self->finish();
            }
            self->chunk_ = std::make_shared<std::string>();
            const Response::Chunk c = self->produce(*self->chunk_);
            if (c == Response::Chunk::failed) return self->finish();  // no last chunk: the client sees it incomplete
            self->write_chunk(c == Response::Chunk::last);
        };
        if (chunk_->empty() && last) return asio::async_write(stream_, http::make_chunk_last(), done);
        if (chunk_->empty()) return asio::post(stream_.get_executor(), [done] { done({}, 0); });  // not recursion
        if (last) return asio::async_write(stream_, beast::buffers_cat(http::make_chunk(asio::buffer(*chunk_)), http::make_chunk_last()), done);
        asio::async_write(stream_, http::make_chunk(asio::buffer(*chunk_)), done);
    }

    // The header, laid out once from Beast's fields, and the body leave in one gather write. Beast's
    // serializer walks a chain of buffer views on every write, a fifth of the server's CPU per request.
    void send(std::shared_ptr<http::response<http::string_body>> r) {
        response_ = std::move(r);
        head_bytes_ = header_bytes(*response_);
        const std::array<asio::const_buffer, 2> out{asio::buffer(head_bytes_), asio::buffer(response_->body())};
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(server_.options.write_timeout_s));
        asio::async_write(stream_, out, [self = this->shared_from_this()](beast::error_code e, std::size_t) {
            const bool keep = self->response_->keep_alive();
            self->response_.reset();
            if (e || !keep) return self->finish();
            self->read();
        });
    }

    // Closes the connection (for TLS after its close_notify, within the write deadline) and forgets it.
    void finish() {
        if constexpr (std::is_same_v<Stream, PlainStream>) {
            beast::error_code ignored;
            stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
            stream_.close();
            forget();
        } else {
            beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(1));
            stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
                beast::get_lowest_layer(self->stream_).close();
                self->forget();
            });
        }
    }

    void forget() {
        std::lock_guard lock(server_.connections_mutex);
        server_.connections.erase(std::static_pointer_cast<Closable>(this->shared_from_this()));
    }
};

}  // namespace

void HttpServer::Impl::accept() {
    asio::io_context& loop = *loops[next_loop++ % loops.size()];
    acceptor->async_accept(loop, [this, &loop](beast::error_code e, PlainStream::socket_type socket) {
        if (e == asio::error::operation_aborted || stopping) return;  // the acceptor was closed by stop()
        if (!e) {
            beast::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);  // an answer leaves at once, not after a delayed ACK
            const bool refuse = open.fetch_add(1) >= capacity;
            std::shared_ptr<Closable> c;
            if (tls) {
                auto conn = std::make_shared<Connection<TlsStream>>(*this, refuse, std::move(socket), *tls);
                c = conn;
                {
                    std::lock_guard lock(connections_mutex);
                    connections.insert(c);
                }
                asio::post(loop, [conn] { conn->start(); });  // on the connection's own loop
            } else {
                auto conn = std::make_shared<Connection<PlainStream>>(*this, refuse, std::move(socket));
                c = conn;
                {
                    std::lock_guard lock(connections_mutex);
                    connections.insert(c);
                }
                asio::post(loop, [conn] { conn->start(); });
            }
        }
        accept();
    });
}

HttpServer::HttpServer(Service& service, HttpOptions options) : impl_(std::make_unique<Impl>(service, std::move(options))) {}
HttpServer::~HttpServer() = default;

bool HttpServer::bind(std::string& why) {
    Impl& s = *impl_;
    if (!s.options.tls_cert.empty() || !s.options.tls_key.empty()) {
        if (s.options.tls_cert.empty() || s.options.tls_key.empty()) {
            why = "TLS needs both --tls-cert and --tls-key";
            return false;
        }
        s.tls.emplace(ssl::context::tls_server);
        beast::error_code e;
        s.tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                               ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                           e);
        if (!e) s.tls->use_certificate_chain_file(s.options.tls_cert, e);
        if (!e) s.tls->use_private_key_file(s.options.tls_key, ssl::context::pem, e);
        if (e) {
            why = "the TLS certificate or key could not be loaded";
            return false;
        }
    }
    s.capacity = std::max(1u, s.options.threads) + s.options.max_waiting;
    beast::error_code e;
    const auto address = asio::ip::make_address(s.options.host, e);
    if (e) {
        why = "cannot bind " + s.options.host + ": not an IP address";
        return false;
    }
    const tcp::endpoint endpoint(address, static_cast<unsigned short>(s.options.port));
    const unsigned threads = std::max(1u, s.options.threads);
    for (unsigned i = 0; i < threads; ++i) {
        s.loops.push_back(std::make_unique<asio::io_context>(1));
        s.keep_running.push_back(asio::make_work_guard(*s.loops.back()));
    }
    s.acceptor.emplace(*s.loops.front());
    s.acceptor->open(endpoint.protocol(), e);
    if (!e) s.acceptor->set_option(asio::socket_base::reuse_address(true), e);
    if (!e) s.acceptor->bind(endpoint, e);
    if (!e) s.acceptor->listen(asio::socket_base::max_listen_connections, e);
    if (e) {
        why = "cannot bind " + s.options.host + (s.options.port ? ":" + std::to_string(s.options.port) : std::string()) + ": " + e.message();
        return false;
    }
    s.port = s.acceptor->local_endpoint().port();
    return true;
}

int HttpServer::port() const { return impl_->port; }

bool HttpServer::run() {
    Impl& s = *impl_;
    if (!s.acceptor) return false;
    s.accept();
    std::vector<std::thread> pool;
    for (std::size_t i = 1; i < s.loops.size(); ++i) pool.emplace_back([&s, i] { s.loops[i]->run(); });
    s.loops.front()->run();
    for (auto& t : pool) t.join();
    return true;
}

void HttpServer::stop() {
    Impl& s = *impl_;
    s.stopping = true;
    if (s.loops.empty()) return;
    asio::post(*s.loops.front(), [&s] {
        beast::error_code ignored;
        if (s.acceptor) s.acceptor->close(ignored);
        // Each loop ends once its connections have finished.
        for (auto& guard : s.keep_running) guard.reset();
    });
    std::vector<std::shared_ptr<Closable>> open;
    {
        std::lock_guard lock(s.connections_mutex);
        open.assign(s.connections.begin(), s.connections.end());
    }
    for (auto& c : open) c->close_when_idle();
}

}  // namespace grondslag::server
