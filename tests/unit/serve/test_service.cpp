// The HTTP service without sockets (grondslag/service.hpp): routing, a reload that fails, answers that
// echo bytes that are not UTF-8, and the Logboek record of a decision.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <set>
#include <sstream>
#include <thread>

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
        auto out = service.handle(r);
        BOOST_REQUIRE(grondslag::server::read_all(out));
        return out;
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

BOOST_AUTO_TEST_CASE(an_ndjson_batch_streams_its_answers_in_chunks_one_per_line_in_order) {
    // 600 lines, a blank and a malformed one among them: one answer per request line, in order, in chunks
    // of at most 256 lines, the set kept alive by the stream even after a reload.
    std::string body;
    for (int i = 0; i < 600; ++i) {
        if (i == 7) body += "\n";
        if (i == 300) body += "{not json\n";
        auto r = nlohmann::json::parse(request_text);
        r["id"] = i;
        body += r.dump() + "\n";
    }
    Request r;
    r.method = "POST";
    r.path = "/v1/decide";
    r.content_type = "application/x-ndjson";
    r.body = body;
    auto out = service.handle(r);
    BOOST_REQUIRE(out.stream);
    BOOST_TEST(out.content_type == "application/x-ndjson");
    std::string why;
    BOOST_REQUIRE(service.reload(why));  // the stream decides on the set it started with
    std::vector<std::size_t> chunk_lines;
    std::string all;
    for (;;) {
        std::string chunk;
        const auto c = out.stream(chunk);
        BOOST_REQUIRE(c != grondslag::server::Response::Chunk::failed);
        chunk_lines.push_back(static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n')));
        all += chunk;
        if (c == grondslag::server::Response::Chunk::last) break;
    }
    BOOST_TEST(chunk_lines.size() >= 3u);  // at most 256 lines or about 64 KiB of answers a chunk
    for (std::size_t n : chunk_lines) BOOST_TEST(n <= 256u);
    std::istringstream lines(all);
    std::string line;
    int next = 0, errors = 0;
    while (std::getline(lines, line)) {
        const auto answer = nlohmann::json::parse(line);
        if (answer.contains("error")) {
            ++errors;
            BOOST_TEST(answer["error"]["line"] == 302);  // counted as the input's lines, the blank one too
            continue;
        }
        BOOST_TEST(answer["id"] == next++);
        BOOST_TEST(answer["decision"] == "permit");
    }
    BOOST_TEST(next == 600);
    BOOST_TEST(errors == 1);
}

BOOST_AUTO_TEST_CASE(a_set_replaced_by_a_reload_is_released_once_its_requests_are_done) {
    std::weak_ptr<const ServedSet> old = service.current();
    BOOST_TEST(call("POST", "/v1/decide", request_text).status == 200);  // a Decider of the old set in the pool
    std::string why;
    BOOST_REQUIRE(service.reload(why));
    BOOST_TEST(old.expired());  // no idle thread or pooled Decider keeps it
    BOOST_TEST(call("POST", "/v1/decide", request_text).status == 200);
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

namespace {
grondslag::Policies shipped() {
    static const auto policies = grondslag::Policies::load_directories({std::string(GRONDSLAG_SOURCE_DIR) + "/policies"});
    BOOST_REQUIRE(policies.ok());
    return policies;
}

nlohmann::json record_of(grondslag::Decider& d, const grondslag::LogbookContext& c, const std::string& sha) {
    std::string out;
    d.append_logbook_record(c, sha, out);
    BOOST_TEST(out.find('\n') == std::string::npos);
    return nlohmann::json::parse(out);
}
}  // namespace

BOOST_AUTO_TEST_CASE(the_logbook_record_hashes_the_subject_and_id_and_keeps_the_trace) {
    nlohmann::json r = nlohmann::json::parse(request_text);
    r["subject"] = "person-1";
    r["id"] = "123456782";
    grondslag::Decider d(test_support::standard());
    std::string answer;
    BOOST_CHECK_THROW(d.append_logbook_record({}, std::string(64, 'a'), answer), std::logic_error);  // nothing decided yet
    d.decide_json(r.dump(), answer);
    grondslag::LogbookContext c;
    const std::string key(32, 'k');
    c.subject_key = key;
    c.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const auto span = record_of(d, c, std::string(64, 'a'));
    BOOST_TEST(span["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736");
    BOOST_TEST(span["parent_span_id"] == "00f067aa0ba902b7");
    BOOST_TEST(span["span_id"].get<std::string>().size() == 16u);
    const auto& a = span["attributes"];
    BOOST_TEST(a["dpl.core.data_subject_id"] == grondslag::logbook_subject_hash(key, "person-1"));
    BOOST_TEST(a["grondslag.request_id"] == grondslag::logbook_subject_hash(key, "\"123456782\""));
    BOOST_TEST(span.dump().find("person-1") == std::string::npos);
    BOOST_TEST(span.dump().find("123456782") == std::string::npos);
    BOOST_TEST(a["grondslag.decision"] == "permit");
    BOOST_TEST(a["grondslag.request_sha256"] == "sha256:" + std::string(64, 'a'));
    // The same person under the same key: the same hash, so an access request finds every decision; the
    // span is new each time.
    const auto again = record_of(d, c, std::string(64, 'b'));
    BOOST_TEST(again["attributes"]["dpl.core.data_subject_id"] == a["dpl.core.data_subject_id"]);
    BOOST_TEST(again["span_id"] != span["span_id"]);
    // Without a key, neither is written; an invalid traceparent (an all-zero trace id) starts a new trace.
    c.subject_key = {};
    c.traceparent = "00-00000000000000000000000000000000-00f067aa0ba902b7-01";
    const auto bare = record_of(d, c, std::string(64, 'c'));
    BOOST_TEST(!bare["attributes"].contains("dpl.core.data_subject_id"));
    BOOST_TEST(!bare["attributes"].contains("grondslag.request_id"));
    BOOST_TEST(bare["parent_span_id"] == "");
    BOOST_TEST(bare["trace_id"].get<std::string>().size() == 32u);
    BOOST_TEST(bare["trace_id"] != "00000000000000000000000000000000");
    // Without a header, the request's own traceparent field continues the trace.
    r["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    answer.clear();
    d.decide_json(r.dump(), answer);
    c.traceparent = {};
    BOOST_TEST(record_of(d, c, std::string(64, 'd'))["trace_id"] == "0af7651916cd43dd8448eb211c80319c");
}

BOOST_AUTO_TEST_CASE(a_request_not_decided_is_an_error_span_with_its_message) {
    grondslag::Decider d(test_support::standard());
    std::string answer;
    d.decide_json(R"({"id":7,"subject":"person-1","date":"2024-13-01"})", answer);
    grondslag::LogbookContext c;
    const std::string key(32, 'k');
    c.subject_key = key;
    auto span = record_of(d, c, std::string(64, 'a'));
    BOOST_TEST(span["status"]["code"] == "STATUS_CODE_ERROR");
    BOOST_TEST(span["attributes"]["grondslag.decision"] == "deny");
    BOOST_TEST(span["attributes"]["grondslag.items"] == "[]");
    BOOST_TEST(span["attributes"]["grondslag.error"] == nlohmann::json::parse(answer)["error"]["message"]);
    BOOST_TEST(span["attributes"]["grondslag.request_id"] == grondslag::logbook_subject_hash(key, "7"));
    BOOST_TEST(!span["attributes"].contains("dpl.core.data_subject_id"));  // not decided: nothing shared about anyone
    // A line over the limit, rejected unread: no id, the reason.
    d.reject("line 3 is too long", answer, 3);
    span = record_of(d, c, std::string(64, 'b'));
    BOOST_TEST(span["attributes"]["grondslag.error"] == "line 3 is too long");
    BOOST_TEST(!span["attributes"].contains("grondslag.request_id"));
}

// The record is written from the decision, the answer from the same decision: on every request of the legal
// corpus the record's receipt says what the answer says.
BOOST_AUTO_TEST_CASE(the_logbook_record_says_what_the_answer_says_on_the_legal_corpus) {
    const auto policies = shipped();
    grondslag::Decider d(policies);
    std::size_t cases = 0, items = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(GRONDSLAG_SOURCE_DIR) + "/corpus")) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path());
        const auto file = nlohmann::json::parse(in);
        for (const auto& c : file["cases"]) {
            std::string text;
            const bool decided = d.decide_json(c["request"].dump(), text);
            const auto answer = nlohmann::json::parse(text);
            const auto span = record_of(d, {}, std::string(64, 'e'));
            const auto& a = span["attributes"];
            const std::string name = c["name"];
            BOOST_TEST(a["grondslag.decision"] == answer["decision"], name);
            BOOST_TEST(a["grondslag.policy_set"] == answer["policy_set"], name);
            BOOST_TEST((span["status"]["code"] == "STATUS_CODE_OK") == decided, name);
            if (!decided) continue;
            ++cases;
            const auto& request = c["request"];
            BOOST_TEST(a["grondslag.sender"] == request["sender"], name);
            BOOST_TEST(a["grondslag.recipient"] == request["recipient"], name);
            BOOST_TEST(a["grondslag.purpose"] == request["purpose"], name);
            BOOST_TEST(a["grondslag.request_date"] == request["date"], name);
            BOOST_TEST(a.contains("grondslag.phase") == request.contains("phase"), name);
            if (request.contains("phase")) BOOST_TEST(a["grondslag.phase"] == request["phase"], name);
            const auto logged = nlohmann::json::parse(a["grondslag.items"].get<std::string>());
            BOOST_REQUIRE_EQUAL(logged.size(), answer["items"].size());
            std::set<std::string> activities;
            for (std::size_t i = 0; i < logged.size(); ++i, ++items) {
                const auto& x = answer["items"][i];
                const auto& y = logged[i];
                BOOST_TEST(y["data"] == x["data"], name);
                BOOST_TEST(y["decision"] == x["decision"], name);
                BOOST_TEST(y.value("rule", "") == x.value("rule", ""), name);
                BOOST_TEST(y.value("provision", "") == x.value("provision", ""), name);
                BOOST_TEST(y.value("cause", "") == x.value("cause", ""), name);
                BOOST_TEST(y.value("basis", "") == x.value("basis", ""), name);
                if (x["decision"] == "permit") {
                    BOOST_TEST(y["citation"] == x["citations"][0], name);
                    activities.insert("urn:grondslag:register:" + answer["policy_set"].get<std::string>() + ":" +
                                      x["rule"].get<std::string>());
                }
            }
            const auto listed = a.value("dpl.core.processing_activity_id", nlohmann::json::array());
            BOOST_TEST(listed.size() == activities.size(), name);
            for (const auto& uri : listed) BOOST_TEST(activities.count(uri.get<std::string>()) == 1u, name);
        }
    }
    BOOST_TEST(cases > 500u, cases << " cases compared");
    BOOST_TEST(items > 800u, items << " items compared");
}

// A batch keeps its decisions (LogbookCapture) and writes their records on another thread: the record of a
// captured decision is the record the Decider writes at once, on every request of the legal corpus and on
// requests not decided, with the subject key and a traceparent; only the random span ids differ.
BOOST_AUTO_TEST_CASE(a_captured_decision_gives_the_record_the_decider_writes) {
    const auto policies = shipped();
    grondslag::Decider d(policies);
    grondslag::LogbookCapture capture;
    BOOST_CHECK_THROW(d.capture_logbook_record(capture), std::logic_error);  // nothing decided yet
    grondslag::LogbookContext c;
    const std::string key(32, 'k');
    c.subject_key = key;
    c.start = c.end = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));  // both records at one time
    const auto without_span_ids = [](nlohmann::json span) {
        BOOST_TEST(span["span_id"].get<std::string>().size() == 16u);
        span.erase("span_id");
        if (span["parent_span_id"] == "") span.erase("trace_id");  // a new trace: random too
        return span;
    };
    std::vector<nlohmann::json> direct;
    std::size_t requests = 0;
    const auto add = [&](const std::string& request) {
        std::string answer;
        d.decide_json(request, answer);
        direct.push_back(without_span_ids(record_of(d, c, std::string(64, 'f'))));
        d.capture_logbook_record(capture);
        ++requests;
    };
    for (const auto& entry : std::filesystem::directory_iterator(std::string(GRONDSLAG_SOURCE_DIR) + "/corpus")) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path());
        const auto file = nlohmann::json::parse(in);
        for (auto r : file["cases"]) {
            r["request"]["subject"] = "person-" + std::to_string(requests % 7);
            if (requests % 3 == 0) r["request"]["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            add(r["request"].dump());
        }
    }
    add(R"({"id":7,"subject":"person-1","date":"2024-13-01"})");  // not decided
    std::string answer;
    d.reject("line 3 is too long", answer, 3);
    direct.push_back(without_span_ids(record_of(d, c, std::string(64, 'f'))));
    d.capture_logbook_record(capture);
    BOOST_REQUIRE_EQUAL(capture.size(), direct.size());
    for (std::size_t i = 0; i < capture.size(); ++i) {
        std::string out;
        capture.append_record(i, c, std::string(64, 'f'), out);
        BOOST_TEST(without_span_ids(nlohmann::json::parse(out)) == direct[i], i);
    }
    BOOST_CHECK_THROW(capture.append_record(capture.size(), c, std::string(64, 'f'), answer), std::out_of_range);
    BOOST_TEST(requests > 500u);
    // Without a time in the context, a captured record carries the time of its decision, not of its writing.
    c.start = c.end = {};
    std::string first;
    capture.append_record(0, c, std::string(64, 'f'), first);
    const auto before = std::chrono::system_clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    std::string later;
    capture.append_record(0, c, std::string(64, 'f'), later);
    const auto span = nlohmann::json::parse(later);
    BOOST_TEST(span["start_time_unix_nano"] == nlohmann::json::parse(first)["start_time_unix_nano"]);
    BOOST_TEST(span["end_time_unix_nano"] == span["start_time_unix_nano"]);
    BOOST_TEST(std::stoll(span["start_time_unix_nano"].get<std::string>()) <
               std::chrono::duration_cast<std::chrono::nanoseconds>(before.time_since_epoch()).count());
    capture.clear();
    BOOST_TEST(capture.size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
