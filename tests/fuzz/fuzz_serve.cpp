// libFuzzer target: the HTTP service's request handling without sockets (grondslag/service.hpp). The
// input is split into method, path, content type, Accept-Language and body (first four bytes choose
// them); whatever comes in, the service answers with a status and never crashes, a decide answer is
// JSON (or one JSON line per request for NDJSON), and nothing but a well-formed decide is answered 200
// with a decision: a malformed request is a deny (400) and an unknown path or method never decides.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "grondslag/decision_log.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/service.hpp"

namespace {

grondslag::server::Service& service() {
    static grondslag::DecisionLog log("");  // no log
    static grondslag::server::Service s(
        [](std::string& why) -> std::shared_ptr<grondslag::server::ServedSet> {
            auto set = std::make_shared<grondslag::server::ServedSet>();
            set->policies = grondslag::Policies::load_directories({GRONDSLAG_POLICIES});
            if (!set->policies.ok()) {
                why = "the policies do not compile";
                return nullptr;
            }
            return set;
        },
        log);
    static const bool loaded = [] {
        std::string why;
        return s.reload(why);
    }();
    if (!loaded) std::abort();
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 4) return 0;
    static const char* methods[] = {"GET", "POST", "PUT", "DELETE"};
    static const char* paths[] = {"/v1/decide", "/v1/explain", "/v1/policy-set", "/health", "/ready", "/metrics", "/", "/v1/decide/x"};
    static const char* types[] = {"application/json", "application/x-ndjson", "", "text/plain"};
    static const char* languages[] = {"en", "nl", "en-GB,en;q=0.9", ""};
    grondslag::server::Request r;
    r.method = methods[data[0] % 4];
    r.path = paths[data[1] % 8];
    r.content_type = types[data[2] % 4];
    r.accept_language = languages[data[3] % 4];
    r.body.assign(reinterpret_cast<const char*>(data + 4), size - 4);
    grondslag::server::Response out = service().handle(r);
    if (!grondslag::server::read_all(out)) std::abort();  // no log here: a stream never fails
    if (out.status < 200 || out.status > 599) std::abort();
    const bool deciding = r.method == std::string("POST") && r.path == "/v1/decide";
    if (!deciding && out.body.find("\"items\"") != std::string::npos && r.path != "/v1/explain") std::abort();
    if (deciding && (out.status == 200 || out.status == 400)) {
        // Every line a JSON answer; 400 only for one malformed request (JSON bodies).
        std::size_t at = 0;
        while (at < out.body.size()) {
            std::size_t end = out.body.find('\n', at);
            if (end == std::string::npos) end = out.body.size();
            const auto j = nlohmann::json::parse(out.body.substr(at, end - at), nullptr, false);
            if (j.is_discarded() || !j.contains("decision")) std::abort();
            if (out.status == 400 && (j["decision"] != "deny" || !j.contains("error"))) std::abort();
            at = end + 1;
        }
    }
    return 0;
}
