// The HTTP layer of `grondslag serve` (cpp-httplib, Debian's libcpp-httplib-dev): it parses HTTP,
// enforces the limits and the bearer tokens, and hands each request to the Service.
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
    unsigned threads = 16;            // connections served at once (a kept-alive one holds its thread); more wait
    std::size_t max_waiting = 64;     // connections waiting for a thread; beyond them a new one is answered 503
                                      // (counted in /metrics: grondslag_connections_refused_total)
    std::vector<std::string> tokens;  // bearer tokens for /v1/*; empty: none asked
    std::string tls_cert, tls_key;    // PEM files; both given: HTTPS
    int read_timeout_s = 5;           // a client that sends slower is cut off
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

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace grondslag::server
