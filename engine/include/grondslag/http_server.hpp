// The HTTP layer of `grondslag serve` (Boost.Beast on Asio, Debian's libboost-dev; TLS through OpenSSL): it
// parses HTTP, enforces the limits, deadlines and bearer tokens, and hands each request to the Service.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "grondslag/service.hpp"

namespace grondslag::server {

struct HttpOptions {
    std::string host = "127.0.0.1";
    int port = 8181;                  // 0: any free port (tests)
    unsigned threads = 16;            // threads that read, decide and write (an open connection holds none)
    std::size_t max_waiting = 64;     // connections open at once beyond `threads`; a new one beyond them is
                                      // answered 503 (counted in /metrics: grondslag_connections_refused_total)
    std::vector<std::string> tokens;  // bearer tokens for /v1/*; empty: none asked
    std::string tls_cert, tls_key;    // PEM files; both given: HTTPS
    int read_timeout_s = 5;           // a request (header and body) not read whole within it: the connection closes
    int write_timeout_s = 5;
    std::size_t keep_alive_max = 1000;  // requests on one connection
};

class HttpServer {
public:
    HttpServer(Service& service, HttpOptions options);
    ~HttpServer();
    // Binds the address; false with the reason.
    bool bind(std::string& why);
    int port() const;
    // Serves until stop(); in-flight requests finish before it returns.
    bool run();
    void stop();

    struct Impl;  // http_server.cpp

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace grondslag::server
