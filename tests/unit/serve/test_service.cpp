// The HTTP service without sockets (grondslag/service.hpp): routing, a reload that fails, answers that
// echo bytes that are not UTF-8, and the Logboek record of a decision.
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "grondslag/decision_log.hpp"
#include "grondslag/logbook.hpp"
#include "grondslag/service.hpp"
#include "support.hpp"

namespace {

using grondslag::server::Request;
using grondslag::server::Service;
using grondslag::server::ServedSet;

struct Fixture {
    grondslag::DecisionLog log{""};
    bool fail_next = false;
    Service service{[this](std::string& why) -> std::shared_ptr<ServedSet> {
                        if (fail_next) {
                            why = "no such bundle";
                            return nullptr;
                        }
                        auto set = std::make_shared<ServedSet>();
                        set->policies = test_support::standard();
                        return set;
                    },
                    log};
    Fixture() {
        std::string why;
        BOOST_REQUIRE(service.reload(why));
    }
    grondslag::server::Response call(std::string method, std::string path, std::string body = {}, std::string type = "application/json") {
        Request r;
        r.method = std::move(method);
        r.path = std::move(path);
        r.body = std::move(body);
        r.content_type = std::move(type);
        return service.handle(r);
    }
};

const std::string request_text =
    test_support::request("2022-03-10", "dji", "gemeente", "dr_plan", {"onderdak"}, {{"gedetineerd", true}, {"noodzakelijk", true}}).dump();

}  // namespace

BOOST_FIXTURE_TEST_SUITE(service, Fixture)

BOOST_AUTO_TEST_CASE(routes_answer_or_refuse_without_deciding) {
    BOOST_TEST(call("GET", "/health").status == 200);
    BOOST_TEST(call("GET", "/nowhere").status == 404);
    for (const char* method : {"GET", "PUT", "DELETE"}) BOOST_TEST(call(method, "/v1/decide", request_text).status == 405);
    BOOST_TEST(call("POST", "/v1/policy-set").status == 405);
    const auto decided = call("POST", "/v1/decide", request_text);
    BOOST_TEST(decided.status == 200);
    BOOST_TEST(nlohmann::json::parse(decided.body)["decision"] == "permit");
    BOOST_TEST(call("GET", "/v1/policy-set").status == 200);
}

BOOST_AUTO_TEST_CASE(a_malformed_request_is_a_deny_with_400_also_when_it_is_not_utf8) {
    const std::string bad = "{\"id\":1,\"date\":\"2022-03-10\",\"sender\":\"dji\xcb\"}";
    const auto decided = call("POST", "/v1/decide", bad);
    BOOST_TEST(decided.status == 400);
    BOOST_TEST(decided.body.find("\"decision\":\"deny\"") != std::string::npos);
    // explain quotes the request in its error: the bytes that are not UTF-8 are replaced, never a 500.
    const auto explained = call("POST", "/v1/explain", bad, "application/x-ndjson");
    BOOST_TEST(explained.status == 400);
    BOOST_TEST(!nlohmann::json::parse(explained.body)["error"].get<std::string>().empty());
}

BOOST_AUTO_TEST_CASE(a_reload_that_fails_leaves_the_set_serving) {
    const auto before = service.current();
    fail_next = true;
    std::string why;
    BOOST_TEST(!service.reload(why));
    BOOST_TEST(why == "no such bundle");
    BOOST_TEST(service.current() == before);
    BOOST_TEST(call("POST", "/v1/decide", request_text).status == 200);
    BOOST_TEST(call("GET", "/metrics").body.find("grondslag_reloads_total{result=\"failed\"} 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_logbook_record_hashes_the_subject_and_id_and_keeps_the_trace) {
    nlohmann::json r = nlohmann::json::parse(request_text);
    r["subject"] = "person-1";
    r["id"] = "123456782";
    grondslag::Decider d(test_support::standard());
    std::string answer;
    d.decide_json(r.dump(), answer);
    grondslag::LogbookContext c;
    const std::string key(32, 'k');
    c.subject_key = key;
    c.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const auto span = nlohmann::json::parse(grondslag::logbook_record(c, std::string(64, 'a'), r.dump(), answer));
    BOOST_TEST(span["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736");
    BOOST_TEST(span["parent_span_id"] == "00f067aa0ba902b7");
    const auto& a = span["attributes"];
    BOOST_TEST(a["dpl.core.data_subject_id"].get<std::string>().rfind("hmac-sha256:", 0) == 0);
    BOOST_TEST(span.dump().find("person-1") == std::string::npos);
    BOOST_TEST(span.dump().find("123456782") == std::string::npos);
    BOOST_TEST(a["grondslag.decision"] == "permit");
    // The same person under the same key: the same hash, so an access request finds every decision.
    const auto again = nlohmann::json::parse(grondslag::logbook_record(c, std::string(64, 'b'), r.dump(), answer));
    BOOST_TEST(again["attributes"]["dpl.core.data_subject_id"] == a["dpl.core.data_subject_id"]);
    // Without a key, neither is written; an invalid traceparent starts a new trace.
    c.subject_key = {};
    c.traceparent = "00-00000000000000000000000000000000-00f067aa0ba902b7-01";
    const auto bare = nlohmann::json::parse(grondslag::logbook_record(c, std::string(64, 'c'), r.dump(), answer));
    BOOST_TEST(!bare["attributes"].contains("dpl.core.data_subject_id"));
    BOOST_TEST(!bare["attributes"].contains("grondslag.request_id"));
    BOOST_TEST(bare["parent_span_id"] == "");
    BOOST_TEST(bare["trace_id"].get<std::string>().size() == 32u);
}

BOOST_AUTO_TEST_SUITE_END()
