// Shared helpers for the unit tests: a small vocabulary, loading inline
// sources, and deciding a request in one call.
#pragma once
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grondslag/grondslag.hpp"

namespace test_support {

inline std::string read_fixture(const char* name) {
    std::ifstream in(std::string(GRONDSLAG_SOURCE_DIR) + "/tests/fixtures/" + name, std::ios::binary);
    if (!in) throw std::runtime_error(std::string("cannot read tests/fixtures/") + name);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// A compact vocabulary and a few laws, independent of the shipped policies (tests/fixtures/; the
// checker's diagnostics cases in tests/diagnostics/ are loaded beside them too).
inline const std::string vocabulary = read_fixture("voc.gsl");

inline const std::string laws = read_fixture("law.gsl");

// A contract request over the test vocabulary.
inline nlohmann::json request(const std::string& date, const std::string& sender, const std::string& recipient,
                              const std::string& purpose, std::vector<std::string> data,
                              nlohmann::json facts = nlohmann::json::object()) {
    return nlohmann::json{{"date", date}, {"sender", sender}, {"recipient", recipient},
                          {"purpose", purpose}, {"data", data}, {"facts", facts}};
}

// The facts of a detained person whose data are necessary for the plan.
inline const nlohmann::json detained = {{"gedetineerd", true}, {"noodzakelijk", true}};

inline grondslag::Policies load(std::initializer_list<std::pair<const char*, std::string>> files) {
    std::vector<grondslag::PolicySource> sources;
    for (const auto& [path, text] : files) sources.push_back({path, text});
    return grondslag::Policies::load_sources(std::move(sources));
}

inline grondslag::Policies standard() { return load({{"voc.gsl", vocabulary}, {"law.gsl", laws}}); }

inline nlohmann::json decide(grondslag::Decider& d, const nlohmann::json& request) {
    std::string out;
    d.decide_json(request.dump(), out);
    return nlohmann::json::parse(out);
}

inline nlohmann::json decide_text(grondslag::Decider& d, const std::string& request) {
    std::string out;
    d.decide_json(request, out);
    return nlohmann::json::parse(out);
}

}  // namespace test_support
