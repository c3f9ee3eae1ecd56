// Benchmark (not a test): the decision service of `grondslag serve` behind Boost.Beast instead of
// cpp-httplib, to measure the other HTTP library Debian ships on the same requests (docs/serve.md,
// "Why cpp-httplib"). An asynchronous server on N threads running one io_context, keep-alive, the same
// Service (routing, decisions, limits); no TLS, tokens or decision log.
//   beast_serve BUNDLE PORT [THREADS]
#include <utility>  // before Boost 1.74's asio, which uses std::exchange without it

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include "grondslag/bundle.hpp"
#include "grondslag/decision_log.hpp"
#include "grondslag/service.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(tcp::socket socket, grondslag::server::Service& service) : stream_(std::move(socket)), service_(service) {}
    void start() { read(); }

private:
    void read() {
        request_ = {};
        parser_.emplace();
        parser_->body_limit(grondslag::server::Service::max_body_bytes);
        stream_.expires_after(std::chrono::seconds(5));
        http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code e, std::size_t) {
            if (e) return self->close();
            self->request_ = self->parser_->release();
            self->answer();
        });
    }
    void answer() {
        grondslag::server::Request r;
        r.method = std::string(request_.method_string());
        const std::string target(request_.target());
        r.path = target.substr(0, target.find('?'));
        std::string type(request_[http::field::content_type]);
        r.content_type = type.substr(0, type.find(';'));
        r.accept_language = std::string(request_[http::field::accept_language]);
        r.traceparent = std::string(request_["traceparent"]);
        r.body = std::move(request_.body());
        grondslag::server::Response out = service_.handle(std::move(r));
        const bool complete = grondslag::server::read_all(out);
        response_ = {};
        response_.version(request_.version());
        response_.result(complete ? out.status : 500);
        response_.set(http::field::content_type, out.content_type);
        response_.body() = std::move(out.body);
        response_.keep_alive(complete && request_.keep_alive());
        response_.prepare_payload();
        http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code e, std::size_t) {
            if (e || !self->response_.keep_alive()) return self->close();
            self->read();
        });
    }
    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    beast::tcp_stream stream_;
    grondslag::server::Service& service_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::request<http::string_body> request_;
    http::response<http::string_body> response_;
};

void accept(tcp::acceptor& acceptor, grondslag::server::Service& service) {
    acceptor.async_accept(asio::make_strand(acceptor.get_executor()), [&](beast::error_code e, tcp::socket socket) {
        if (!e) std::make_shared<Connection>(std::move(socket), service)->start();
        accept(acceptor, service);
    });
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: beast_serve BUNDLE PORT [THREADS]\n";
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    grondslag::LoadedBundle bundle = grondslag::open_bundle(text.str());
    if (!bundle.error.empty()) {
        std::cerr << "beast_serve: " << bundle.error << "\n";
        return 2;
    }
    grondslag::DecisionLog log("");
    grondslag::server::Service service(
        [&](std::string&) {
            auto set = std::make_shared<grondslag::server::ServedSet>();
            set->policies = bundle.policies;
            return set;
        },
        log);
    std::string why;
    if (!service.reload(why)) return 2;
    const int threads = argc > 3 ? std::max(1, std::atoi(argv[3])) : 1;
    asio::io_context io(threads);
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::atoi(argv[2]))});
    accept(acceptor, service);
    std::cerr << "beast_serve: http://127.0.0.1:" << acceptor.local_endpoint().port() << " on " << threads << " threads\n";
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) pool.emplace_back([&] { io.run(); });
    io.run();
    for (auto& t : pool) t.join();
}
