// Malformed requests: each is denied with an error naming the JSON path.
#include <algorithm>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "article_notation.hpp"
#include "ir.hpp"
#include "support.hpp"

namespace {

struct BadRequest {
    const char* name;
    const char* text;
    const char* path;
    const char* message;  // a substring of the message
};

std::ostream& operator<<(std::ostream& o, const BadRequest& b) { return o << b.name; }

#define BASE R"("date":"2022-03-10","sender":"dji","recipient":"gemeente","purpose":"dr_plan","data":["onderdak"])"

const BadRequest bad_requests[] = {
    {"not JSON", "{bad", "", "malformed JSON at byte 2"},
    {"truncated", R"({"date":"2022-03-10")", "", "malformed JSON"},
    {"an array", "[]", "", "a request is a JSON object"},
    {"unknown field", "{" BASE R"(,"extra":1})", "/extra", "unknown field 'extra'"},
    {"no date", R"({"sender":"dji","recipient":"gemeente","purpose":"dr_plan","data":["onderdak"]})", "/date", "no date"},
    {"date not a string", R"({"date":20220310,"sender":"dji","recipient":"gemeente","purpose":"dr_plan","data":["onderdak"]})", "/date", "expected a date"},
    {"impossible date", R"({"date":"2022-02-30","sender":"dji","recipient":"gemeente","purpose":"dr_plan","data":["onderdak"]})", "/date", "is not a date"},
    {"unknown sender", R"({"date":"2022-03-10","sender":"dij","recipient":"gemeente","purpose":"dr_plan","data":["onderdak"]})", "/sender", "unknown actor 'dij'"},
    {"no recipient", R"({"date":"2022-03-10","sender":"dji","purpose":"dr_plan","data":["onderdak"]})", "/recipient", "no recipient"},
    {"unknown purpose", R"({"date":"2022-03-10","sender":"dji","recipient":"gemeente","purpose":"x","data":["onderdak"]})", "/purpose", "unknown purpose"},
    {"no purpose", R"({"date":"2022-03-10","sender":"dji","recipient":"gemeente","data":["onderdak"]})", "/purpose", "no purpose"},
    {"data not an array", R"({"date":"2022-03-10","sender":"dji","recipient":"gemeente","purpose":"dr_plan","data":"onderdak"})", "/data", "non-empty array"},
    {"empty data", R"({"date":"2022-03-10","sender":"dji","recipient":"gemeente","purpose":"dr_plan","data":[]})", "/data", "non-empty array"},
    {"unknown category", R"({"date":"2022-03-10","sender":"dji","recipient":"gemeente","purpose":"dr_plan","data":["onderdak","geheim"]})", "/data/1", "unknown data category 'geheim'"},
    {"facts not an object", "{" BASE R"(,"facts":[]})", "/facts", "facts is a JSON object"},
    {"unknown fact", "{" BASE R"(,"facts":{"gedetinerd":true}})", "/facts/gedetinerd", "unknown fact"},
    {"bool given as text", "{" BASE R"(,"facts":{"gedetineerd":"ja"}})", "/facts/gedetineerd", "expected true or false"},
    {"enum value unknown", "{" BASE R"(,"facts":{"risico_delict":"brand"}})", "/facts/risico_delict", "is not one of zeden, geweld, overig"},
    {"date fact malformed", "{" BASE R"(,"facts":{"verwachte_terugkeer":"31-05-2024"}})", "/facts/verwachte_terugkeer", "is not a date"},
    {"record not an object", "{" BASE R"(,"facts":{"veroordeling":true}})", "/facts/veroordeling", "expected a JSON object"},
    {"record field unknown", "{" BASE R"(,"facts":{"veroordeling":{"duur":3}}})", "/facts/veroordeling/duur", "has no field 'duur'"},
    {"int given as float", "{" BASE R"(,"facts":{"veroordeling":{"maanden":1.5}}})", "/facts/veroordeling/maanden", "expected an integer"},
    {"text list with a number", "{" BASE R"(,"facts":{"veroordeling":{"artikelen":["242",243]}}})", "/facts/veroordeling/artikelen/1", "expected a text"},
    {"article in another notation", "{" BASE R"(,"facts":{"veroordeling":{"artikelen":["242","141 lid 2"]}}})", "/facts/veroordeling/artikelen/1",
     "'141 lid 2' is not an article in the contract's notation"},
    {"article with 'Sr'", "{" BASE R"(,"facts":{"veroordeling":{"artikelen":["art. 242 Sr"]}}})", "/facts/veroordeling/artikelen/0",
     "is not an article in the contract's notation"},
    {"consents not a list", "{" BASE R"(,"facts":{"toestemmingen":{}}})", "/facts/toestemmingen", "list of consent records"},
    {"consent without category", "{" BASE R"(,"facts":{"toestemmingen":[{"gegeven":"2020-01-01"}]}})", "/facts/toestemmingen/0/categorie", "no categorie"},
    {"consent with unknown category", "{" BASE R"(,"facts":{"toestemmingen":[{"categorie":"x","gegeven":"2020-01-01"}]}})", "/facts/toestemmingen/0/categorie", "unknown data category"},
    {"consent without date", "{" BASE R"(,"facts":{"toestemmingen":[{"categorie":"onderdak"}]}})", "/facts/toestemmingen/0/gegeven", "no gegeven"},
    {"consent withdrawn before given", "{" BASE R"(,"facts":{"toestemmingen":[{"categorie":"onderdak","gegeven":"2020-02-01","ingetrokken":"2020-01-01"}]}})", "/facts/toestemmingen/0/ingetrokken", "withdrawn before"},
    {"consent with unknown field", "{" BASE R"(,"facts":{"toestemmingen":[{"categorie":"onderdak","gegeven":"2020-02-01","door":"x"}]}})", "/facts/toestemmingen/0/door", "unknown field"},
    {"explicit flag as text", "{" BASE R"(,"facts":{"toestemmingen":[{"categorie":"onderdak","gegeven":"2020-02-01","uitdrukkelijk":"ja"}]}})", "/facts/toestemmingen/0/uitdrukkelijk", "expected true or false"},
    {"id of wrong type", "{" BASE R"(,"id":[1]})", "/id", "string or an integer"},
    // A key given twice is ambiguous: JSON does not say which one counts.
    {"field given twice", "{" BASE R"(,"date":"2022-03-11"})", "/date", "field 'date' is given twice"},
    {"data given twice", "{" BASE R"(,"data":["schulden"]})", "/data", "field 'data' is given twice"},
    {"id given twice", R"({"id":1,)" BASE R"(,"id":2})", "/id", "field 'id' is given twice"},
    {"facts given twice", "{" BASE R"(,"facts":{},"facts":{"gedetineerd":true}})", "/facts", "field 'facts' is given twice"},
    {"fact given twice", "{" BASE R"(,"facts":{"gedetineerd":true,"noodzakelijk":true,"gedetineerd":false}})", "/facts/gedetineerd", "fact 'gedetineerd' is given twice"},
    {"fact given as unknown, then again", "{" BASE R"(,"facts":{"gedetineerd":null,"gedetineerd":true}})", "/facts/gedetineerd", "is given twice"},
    {"record field given twice", "{" BASE R"(,"facts":{"veroordeling":{"maanden":1,"maanden":30}}})", "/facts/veroordeling/maanden", "field 'maanden' is given twice"},
    {"consent field given twice", "{" BASE R"(,"facts":{"toestemmingen":[{"categorie":"onderdak","gegeven":"2020-02-01","gegeven":"2021-02-01"}]}})", "/facts/toestemmingen/0/gegeven", "field 'gegeven' is given twice in a consent record"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(requests)

BOOST_DATA_TEST_CASE(each_malformed_request_is_denied_with_its_json_path, boost::unit_test::data::make(bad_requests), bad) {
    grondslag::Decider d(test_support::standard());
    std::string out;
    BOOST_TEST(!d.decide_json(bad.text, out, 7));
    const auto answer = nlohmann::json::parse(out);
    BOOST_TEST(answer["decision"] == "deny");
    BOOST_TEST(answer["items"].empty());
    BOOST_TEST(answer["error"]["path"] == bad.path);
    BOOST_TEST(answer["error"]["line"] == 7);
    const std::string message = answer["error"]["message"];
    BOOST_TEST(message.find(bad.message) != std::string::npos, message);
}

// Inputs the fuzzers found (tests/fuzz/regressions): each answer must be valid JSON and a deny.
BOOST_AUTO_TEST_CASE(fuzzer_regressions_give_valid_json_denies) {
    auto p = grondslag::Policies::load_directories({std::string(GRONDSLAG_SOURCE_DIR) + "/policies"});
    BOOST_REQUIRE(p.ok());
    grondslag::Decider d(p);
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(GRONDSLAG_SOURCE_DIR) + "/tests/fuzz/regressions/request")) {
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::string out;
        d.decide_json(text, out, 1);
        const auto answer = nlohmann::json::parse(out, nullptr, false);
        BOOST_TEST(!answer.is_discarded(), entry.path().string() << ": " << out);
        if (!answer.is_discarded()) BOOST_TEST(answer["decision"] == "deny");
        ++count;
    }
    BOOST_TEST(count > 0u);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_never_breaks_the_answer) {
    grondslag::Decider d(test_support::standard());
    std::string out;
    d.decide_json("{\"date\":\"2022-03-10\",\"sender\":\"dj\xff\",\"recipient\":\"gemeente\",\"purpose\":\"dr_plan\",\"data\":[\"onderdak\"]}", out);
    const auto answer = nlohmann::json::parse(out, nullptr, false);
    BOOST_TEST(!answer.is_discarded(), out);
    BOOST_TEST(answer["decision"] == "deny");
}

BOOST_AUTO_TEST_CASE(at_most_64_data_items_as_the_contract_says) {
    grondslag::Decider d(test_support::standard());
    auto request = test_support::request("2022-03-10", "dji", "gemeente", "dr_plan", {"onderdak"}, test_support::detained);
    request["data"] = nlohmann::json::array();
    for (int i = 0; i < 64; ++i) request["data"].push_back("onderdak");
    auto a = test_support::decide(d, request);
    BOOST_TEST(!a.contains("error"));
    BOOST_TEST(a["items"].size() == 64u);
    request["data"].push_back("onderdak");
    a = test_support::decide(d, request);
    BOOST_TEST(a["decision"] == "deny");
    BOOST_TEST(a["items"].empty());
    BOOST_TEST(a["error"]["path"] == "/data");
    BOOST_TEST(a["error"]["message"] == "at most 64 data items per request");
}

BOOST_AUTO_TEST_CASE(the_id_is_echoed_even_for_a_bad_request) {
    grondslag::Decider d(test_support::standard());
    auto a = test_support::decide_text(d, R"({"id":"r-1","date":"2022-13-01","sender":"dji","recipient":"gemeente","purpose":"dr_plan","data":["onderdak"]})");
    BOOST_TEST(a["id"] == "r-1");
    BOOST_TEST(a["decision"] == "deny");
}

BOOST_AUTO_TEST_CASE(an_id_given_twice_is_an_error_that_echoes_the_first_id) {
    grondslag::Decider d(test_support::standard());
    auto a = test_support::decide_text(d, R"({"id":"eerste",)" BASE R"(,"id":"tweede"})");
    BOOST_TEST(a["id"] == "eerste");
    BOOST_TEST(a["error"]["path"] == "/id");
}

// The same facts and records in the next request are not "given twice": each request starts afresh.
BOOST_AUTO_TEST_CASE(facts_of_one_request_are_not_duplicates_in_the_next) {
    grondslag::Decider d(test_support::standard());
    const char* text = "{" BASE R"(,"facts":{"gedetineerd":true,"veroordeling":{"maanden":30},"toestemmingen":[{"categorie":"onderdak","gegeven":"2020-02-01"},{"categorie":"onderdak","gegeven":"2020-03-01"}]}})";
    for (int i = 0; i < 3; ++i) {
        auto a = test_support::decide_text(d, text);
        BOOST_TEST(!a.contains("error"), a.dump());
    }
}

// Facts from the 64th on are tracked apart from the first 64 (a bit mask): both refuse a fact given twice,
// and neither carries a fact over into the next request.
BOOST_AUTO_TEST_CASE(a_fact_given_twice_is_refused_beyond_the_first_64_facts) {
    std::string extra = "module extra rank wet\n";
    for (int i = 0; i < 80; ++i) extra += "fact extra_" + std::to_string(i) + ": bool\n";
    grondslag::Decider d(test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"extra.gsl", extra}}));
    for (const char* fact : {"extra_3", "extra_75"}) {
        const std::string once = std::string("{" BASE R"(,"facts":{")") + fact + R"(":true,"extra_79":false}})";
        const std::string twice = std::string("{" BASE R"(,"facts":{")") + fact + R"(":true,"extra_79":false,")" + fact + R"(":null}})";
        for (int round = 0; round < 3; ++round) {
            BOOST_TEST(!test_support::decide_text(d, once).contains("error"), fact);
            const auto a = test_support::decide_text(d, twice);
            BOOST_TEST(a["error"]["path"] == std::string("/facts/") + fact);
            BOOST_TEST(a["error"]["message"] == std::string("fact '") + fact + "' is given twice");
        }
    }
}

BOOST_AUTO_TEST_CASE(a_bad_request_leaves_no_trace_in_the_next) {
    grondslag::Decider d(test_support::standard());
    test_support::decide_text(d, "{" BASE R"(,"facts":{"gedetineerd":true,"noodzakelijk":"x"}})");
    auto a = test_support::decide_text(d, "{" BASE R"(,"facts":{"noodzakelijk":true}})");
    BOOST_TEST(a["items"][0]["decision"] == "deny");
    BOOST_TEST(a["items"][0]["missing_facts"] == nlohmann::json::array({"gedetineerd"}));
}

// A deny names the unstated facts that could change whether a considered rule holds, not every fact the
// rule reads: a part of an `and` already false, or of an `or` already true, settles it whatever the others
// are. `known(f)` of an unstated f is false, yet stating f would change it, so f is named.
BOOST_AUTO_TEST_CASE(missing_facts_are_those_that_could_change_a_rule) {
    const std::string module = R"(module m rank wet
fact a: bool
fact b: bool
fact c: bool
provision m.p law "PM" article "1" bwb BWBR0009398 valid from 2021-07-01
rule m.and under m.p permit onderdak from dji to gemeente for dr_plan when a and b basis law.6e
rule m.or under m.p permit onderdak from dji to gemeente for dr_plan when c or known(b) basis law.6e
)";
    grondslag::Decider d(test_support::load({{"voc.gsl", test_support::vocabulary}, {"law.gsl", test_support::laws}, {"m.gsl", module}}));
    auto missing = [&](const std::string& facts) {
        const auto a = test_support::decide_text(d, "{" BASE R"(,"facts":)" + facts + "}");
        BOOST_TEST_REQUIRE(a["items"][0]["decision"] == "deny", a.dump());
        auto names = a["items"][0]["missing_facts"].get<std::vector<std::string>>();
        std::sort(names.begin(), names.end());
        return names;
    };
    using names = std::vector<std::string>;
    // a is false: m.and cannot hold, so b is named only for known(b) in m.or; law.d.plan's two facts and c.
    BOOST_TEST((missing(R"({"a":false})") == names{"b", "c", "gedetineerd", "noodzakelijk"}));
    // a true: m.and waits on b; gedetineerd false settles law.d.plan; m.or waits on c and b.
    BOOST_TEST((missing(R"({"a":true,"gedetineerd":false})") == names{"b", "c"}));
    // a and gedetineerd false settle m.and and law.d.plan: only m.or's facts are open.
    BOOST_TEST((missing(R"({"a":false,"gedetineerd":false})") == names{"b", "c"}));
    // c false too: m.or is false, but stating b would make known(b) true, so b is named...
    BOOST_TEST((missing(R"({"a":false,"gedetineerd":false,"c":false})") == names{"b"}));
    // ...and stating it, whatever its value, permits.
    const auto stated = test_support::decide_text(d, "{" BASE R"(,"facts":{"a":false,"gedetineerd":false,"c":false,"b":false}})");
    BOOST_TEST(stated["items"][0]["decision"] == "permit", stated.dump());
    BOOST_TEST(stated["items"][0]["rule"] == "m.or", stated.dump());
}

// simdjson stops at 1,024 levels; the answer says so, and a deep malformed text is not built
// into a tree to find its error (the message comes from a SAX pass).
BOOST_AUTO_TEST_CASE(deep_nesting_is_a_deny_with_a_reason) {
    grondslag::Decider d(test_support::standard());
    const std::string closed = std::string(200000, '[') + std::string(200000, ']');
    const std::string open = std::string(200000, '[');
    const std::string in_facts = "{" BASE R"(,"facts":{"gedetineerd":)" + std::string(5000, '[');  // closed below
    std::string out;
    BOOST_TEST(!d.decide_json(closed, out, 3));
    auto a = nlohmann::json::parse(out);
    BOOST_TEST(a["decision"] == "deny");
    BOOST_TEST(a["error"]["message"] == "malformed JSON: nested more deeply than 1024 levels of arrays and objects");
    out.clear();
    BOOST_TEST(!d.decide_json(open, out, 3));  // never closed: simdjson finds that first
    a = nlohmann::json::parse(out);
    BOOST_TEST(a["decision"] == "deny");
    BOOST_TEST(a["error"]["message"].get<std::string>().find("malformed JSON at byte 200001: syntax error") == 0);
    out.clear();
    BOOST_TEST(!d.decide_json(std::string(500, '[') + "}", out, 3));  // shallow but malformed: the byte is named
    BOOST_TEST(nlohmann::json::parse(out)["error"]["message"].get<std::string>().find("malformed JSON at byte 501") == 0);
    out.clear();
    BOOST_TEST(!d.decide_json(in_facts + std::string(5000, ']') + "}}", out, 3));
    BOOST_TEST(nlohmann::json::parse(out)["error"]["message"].get<std::string>().find("nested more deeply") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_number_out_of_range_is_named) {
    grondslag::Decider d(test_support::standard());
    std::string out;
    BOOST_TEST(!d.decide_json("{\"id\":1e999}", out, 1));
    BOOST_TEST(nlohmann::json::parse(out)["error"]["message"] == "malformed JSON: number overflow parsing '1e999'");
}

BOOST_AUTO_TEST_CASE(reject_writes_a_deny_with_the_message_and_line) {
    grondslag::Decider d(test_support::standard());
    std::string out;
    d.reject("line 4 is too long", out, 4);
    const auto a = nlohmann::json::parse(out);
    BOOST_TEST(a["decision"] == "deny");
    BOOST_TEST(a["items"].empty());
    BOOST_TEST(a["error"]["path"] == "");
    BOOST_TEST(a["error"]["message"] == "line 4 is too long");
    BOOST_TEST(a["error"]["line"] == 4);
    BOOST_TEST(a.contains("policy_set"));
}

// The decoder's name lookup keys a name by its length and its first and last 8 bytes; names that
// share those must still be told apart by their middle bytes, at every length.
BOOST_AUTO_TEST_CASE(name_index_finds_every_name_and_nothing_else) {
    std::vector<std::pair<std::string, int>> names;
    for (std::size_t n = 0; n <= 40; ++n) names.emplace_back(std::string(n, 'a'), static_cast<int>(n));
    for (std::size_t n = 1; n <= 40; ++n) {
        std::string s(n, 'a');
        s[n / 2] = 'b';  // differs from the all-'a' name in the middle only
        names.emplace_back(s, static_cast<int>(100 + n));
    }
    names.emplace_back("gedetineerd", 500);
    names.emplace_back("zwaarwegend_algemeen_belang", 501);
    grondslag::ir::NameIndex index;
    index.build(names);
    for (const auto& [name, id] : names) BOOST_TEST(index.find(name) == id, name);
    for (std::size_t n = 1; n <= 40; ++n)
        for (std::size_t at = 0; at < n; ++at) {
            std::string s(n, 'a');
            s[at] = 'c';  // one byte off any name in the index
            BOOST_TEST(index.find(s) == -1, s);
        }
    BOOST_TEST(index.find("zwaarwegend_algemeen_belanG") == -1);
    BOOST_TEST(index.find("zwaarwegend_algemeXn_belang") == -1);
    BOOST_TEST(index.find("gedetineerd ") == -1);
    BOOST_TEST(index.find(std::string(41, 'a')) == -1);
    grondslag::ir::NameIndex empty;
    BOOST_TEST(empty.find("a") == -1);
}

// A Decider keeps state between requests (the parser, a memo of parsed dates, reused buffers):
// every answer must be the one a fresh Decider gives. Dates are drawn from a small pool, with
// impossible ones among them, so the memo is hit, missed and overwritten; ids, booleans given
// as text and consent records vary too.
BOOST_AUTO_TEST_CASE(a_reused_decider_answers_as_a_fresh_one_does) {
    const auto policies = test_support::standard();
    grondslag::Decider reused(policies);
    const char* dates[] = {"2019-06-01", "2020-01-01", "2021-07-01", "2022-03-10", "2022-02-30", "2024-02-29",
                           "2023-02-29", "2024-08-01", "2025-12-31", "2026-01-01", "1899-12-31", "2024-13-01",
                           "2024-06-3x", "2030-06-15", "2018-01-01", "2027-07-07", "2028-02-29", "2100-02-29",
                           "2024-08-02", "2022-03-11", "2024-02-28", "2023-02-28", "2021-07-0", "2021-07-011"};
    const char* categories[] = {"onderdak", "schulden", "medisch", "geheim"};
    std::mt19937_64 rng(7);
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    std::size_t fine = 0;
    for (int i = 0; i < 3000; ++i) {
        nlohmann::json r;
        if (pick(3) == 0) r["id"] = i;
        else if (pick(2) == 0) r["id"] = "r" + std::to_string(i);
        r["date"] = dates[pick(std::size(dates))];
        r["sender"] = "dji";
        r["recipient"] = "gemeente";
        r["purpose"] = "dr_plan";
        r["data"] = {categories[pick(3)], categories[pick(std::size(categories))]};
        nlohmann::json facts = nlohmann::json::object();
        if (pick(2)) facts["gedetineerd"] = pick(8) == 0 ? nlohmann::json("ja") : nlohmann::json(pick(2) == 0);
        if (pick(2)) facts["verwachte_terugkeer"] = dates[pick(std::size(dates))];
        if (pick(2))
            facts["toestemmingen"] = {{{"categorie", categories[pick(3)]}, {"gegeven", dates[pick(std::size(dates))]}},
                                      {{"categorie", "schulden"}, {"gegeven", "2019-06-01"}, {"ingetrokken", dates[pick(std::size(dates))]}}};
        r["facts"] = facts;
        const std::string text = r.dump();
        std::string a, b;
        const bool ok = reused.decide_json(text, a, 1);
        grondslag::Decider fresh(policies);
        BOOST_TEST(fresh.decide_json(text, b, 1) == ok);
        BOOST_TEST(a == b, text);
        fine += ok;
    }
    // Both kinds must have been seen, or the comparison proves little.
    BOOST_TEST(fine > 200u, fine << " of 3000 decoded");
    BOOST_TEST(fine < 2800u, fine << " of 3000 decoded");
}

BOOST_AUTO_TEST_CASE(the_article_notation) {
    for (const char* good : {"242", "151f", "141(2)", "248a(3)", "250a", "1"}) BOOST_TEST(grondslag::is_article(good), good);
    for (const char* bad : {"", "141 lid 2", "art. 242 Sr", "242 Sr", "141(2", "141()", "141(2)(3)", "(2)", "A242", "242A", "141(a)",
                            "1234567", "242 "})
        BOOST_TEST(!grondslag::is_article(bad), bad);
}

BOOST_AUTO_TEST_SUITE_END()
