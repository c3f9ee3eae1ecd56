// The JSON libraries Debian 12 ships, parsing the same NDJSON lines in one process:
// the measure behind "Which JSON library, and why" in docs/performance.md.
//
//   bench_json_libraries FILE [--runs R]
//
// Every library parses every line of FILE into its own document (or, for the
// event-based parsers, validates it with handlers that do nothing) and must
// accept all of them; a library that rejects a line is reported, not timed.
// Each row is the median of R passes (default 5) over all lines, in µs per line.
// Libraries other than simdjson and nlohmann_json are optional: CMake builds them
// in when pkg-config finds them (apt-get install rapidjson-dev libjsoncpp-dev
// libjansson-dev libcjson-dev libyajl-dev), and a missing one is
// printed as such. json-c is left out: it exports the same symbol names as jansson
// (json_object_get, json_object_iter...), so one process cannot link both.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#ifdef GRONDSLAG_BENCH_RAPIDJSON
#include <rapidjson/document.h>
#include <rapidjson/reader.h>
#endif
#ifdef GRONDSLAG_BENCH_JSONCPP
#include <json/json.h>
#endif
#ifdef GRONDSLAG_BENCH_JANSSON
#include <jansson.h>
#endif
#ifdef GRONDSLAG_BENCH_CJSON
#include <cJSON.h>
#endif
#ifdef GRONDSLAG_BENCH_YAJL
#include <yajl_parse.h>
#include <yajl_tree.h>
#endif

namespace {

using Lines = std::vector<std::string>;
// Where visits leave their sums, so that no part of a visit can be left out by the compiler.
std::size_t visited_sum = 0;
// A parser returns how many lines it accepted as a JSON object.
using Parse = std::function<std::size_t(const Lines&)>;

struct Row {
    std::string name;
    Parse parse;
};

// Every key and value of an On-Demand document, so that all of it is validated and converted.
std::size_t visit(simdjson::ondemand::value v) {
    using simdjson::ondemand::json_type;
    switch (v.type()) {
        case json_type::object: {
            std::size_t n = 0;
            for (auto field : v.get_object()) {
                n += field.unescaped_key().value().size();
                n += visit(field.value());
            }
            return n;
        }
        case json_type::array: {
            std::size_t n = 1;
            for (auto element : v.get_array()) n += visit(element.value());
            return n;
        }
        case json_type::string: return std::string_view(v.get_string()).size();
        case json_type::number: return static_cast<std::size_t>(double(v.get_double()));
        case json_type::boolean: return bool(v.get_bool());
        case json_type::null: return v.is_null();
    }
    return 0;
}

std::vector<Row> rows() {
    std::vector<Row> r;
    r.push_back({"simdjson 3.0.1, DOM (the decoder's; parser reused, line copied into a padded buffer)", [](const Lines& lines) {
                     static simdjson::dom::parser parser;
                     static std::string padded;
                     std::size_t ok = 0;
                     for (const auto& l : lines) {
                         if (padded.size() < l.size() + simdjson::SIMDJSON_PADDING) padded.resize(l.size() + simdjson::SIMDJSON_PADDING);
                         std::memcpy(padded.data(), l.data(), l.size());
                         simdjson::dom::element doc;
                         ok += !parser.parse(padded.data(), l.size(), false).get(doc) && doc.is_object();
                     }
                     return ok;
                 }});
    r.push_back({std::string("simdjson 3.0.1, On-Demand, every key and value visited (") +
                     simdjson::builtin_implementation()->name() + " build of the inline part)",
                 [](const Lines& lines) {
                     static simdjson::ondemand::parser parser;
                     static std::string padded;
                     std::size_t ok = 0;
                     for (const auto& l : lines) {
                         if (padded.size() < l.size() + simdjson::SIMDJSON_PADDING) padded.resize(l.size() + simdjson::SIMDJSON_PADDING);
                         std::memcpy(padded.data(), l.data(), l.size());
                         simdjson::ondemand::document doc;
                         if (parser.iterate(padded.data(), l.size(), padded.size()).get(doc)) continue;
                         simdjson::ondemand::value root;
                         if (doc.get_value().get(root)) continue;
                         try {
                             const std::size_t sum = visit(root);
                             visited_sum += sum;
                             ok += sum > 0;  // 3.0.1 has no document::at_end; the lines end after their object
                         } catch (const simdjson::simdjson_error&) {
                         }
                     }
                     return ok;
                 }});
    r.push_back({"nlohmann_json 3.11, DOM (json::parse)", [](const Lines& lines) {
                     std::size_t ok = 0;
                     for (const auto& l : lines) ok += nlohmann::json::parse(l, nullptr, false).is_object();
                     return ok;
                 }});
    r.push_back({"nlohmann_json 3.11, validation only (json::accept)", [](const Lines& lines) {
                     std::size_t ok = 0;
                     for (const auto& l : lines) ok += nlohmann::json::accept(l);
                     return ok;
                 }});
#ifdef GRONDSLAG_BENCH_RAPIDJSON
    r.push_back({"RapidJSON 1.1, DOM (Document::Parse, pool allocator cleared per line)", [](const Lines& lines) {
                     static rapidjson::MemoryPoolAllocator<> pool;
                     std::size_t ok = 0;
                     for (const auto& l : lines) {
                         rapidjson::Document doc(&pool);
                         doc.Parse(l.data(), l.size());
                         ok += !doc.HasParseError() && doc.IsObject();
                         doc.SetNull();
                         pool.Clear();
                     }
                     return ok;
                 }});
    r.push_back({"RapidJSON 1.1, events only (Reader, handlers that do nothing)", [](const Lines& lines) {
                     rapidjson::Reader reader;
                     rapidjson::BaseReaderHandler<> handler;
                     std::size_t ok = 0;
                     for (const auto& l : lines) {
                         rapidjson::StringStream in(l.c_str());
                         ok += !reader.Parse(in, handler).IsError();
                     }
                     return ok;
                 }});
#endif
#ifdef GRONDSLAG_BENCH_JSONCPP
    r.push_back({"jsoncpp 1.9.5, DOM (CharReader reused)", [](const Lines& lines) {
                     static std::unique_ptr<Json::CharReader> reader(Json::CharReaderBuilder().newCharReader());
                     std::size_t ok = 0;
                     for (const auto& l : lines) {
                         Json::Value v;
                         ok += reader->parse(l.data(), l.data() + l.size(), &v, nullptr) && v.isObject();
                     }
                     return ok;
                 }});
#endif
#ifdef GRONDSLAG_BENCH_JANSSON
    r.push_back({"jansson 2.14, DOM (json_loadb)", [](const Lines& lines) {
                     std::size_t ok = 0;
                     for (const auto& l : lines) {
                         json_t* v = json_loadb(l.data(), l.size(), 0, nullptr);
                         ok += v != nullptr && json_is_object(v);
                         json_decref(v);
                     }
                     return ok;
                 }});
#endif
#ifdef GRONDSLAG_BENCH_CJSON
    r.push_back({"cJSON 1.7.15, DOM (cJSON_ParseWithLength)", [](const Lines& lines) {
                     std::size_t ok = 0;
                     for (const auto& l : lines) {
                         cJSON* v = cJSON_ParseWithLength(l.data(), l.size());
                         ok += v != nullptr && cJSON_IsObject(v);
                         cJSON_Delete(v);
                     }
                     return ok;
                 }});
#endif
#ifdef GRONDSLAG_BENCH_YAJL
    r.push_back({"yajl 2.1, DOM (yajl_tree_parse)", [](const Lines& lines) {
                     std::size_t ok = 0;
                     for (const auto& l : lines) {
                         yajl_val v = yajl_tree_parse(l.c_str(), nullptr, 0);
                         ok += v != nullptr && YAJL_IS_OBJECT(v);
                         yajl_tree_free(v);
                     }
                     return ok;
                 }});
    r.push_back({"yajl 2.1, events only (no callbacks)", [](const Lines& lines) {
                     std::size_t ok = 0;
                     for (const auto& l : lines) {
                         yajl_handle h = yajl_alloc(nullptr, nullptr, nullptr);
                         ok += yajl_parse(h, reinterpret_cast<const unsigned char*>(l.data()), l.size()) == yajl_status_ok &&
                               yajl_complete_parse(h) == yajl_status_ok;
                         yajl_free(h);
                     }
                     return ok;
                 }});
#endif
    return r;
}

const char* missing_libraries() {
    static std::string s;
#ifndef GRONDSLAG_BENCH_RAPIDJSON
    s += " RapidJSON (rapidjson-dev)";
#endif
#ifndef GRONDSLAG_BENCH_JSONCPP
    s += " jsoncpp (libjsoncpp-dev)";
#endif
#ifndef GRONDSLAG_BENCH_JANSSON
    s += " jansson (libjansson-dev)";
#endif
#ifndef GRONDSLAG_BENCH_CJSON
    s += " cJSON (libcjson-dev)";
#endif
#ifndef GRONDSLAG_BENCH_YAJL
    s += " yajl (libyajl-dev)";
#endif
    return s.c_str();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_json_libraries FILE.ndjson [--runs R]\n");
        return 2;
    }
    int runs = 5;
    for (int i = 2; i < argc; ++i)
        if (std::string(argv[i]) == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
    Lines lines;
    {
        std::ifstream in(argv[1]);
        std::string l;
        std::size_t bytes = 0;
        while (std::getline(in, l)) {
            if (l.empty()) continue;
            bytes += l.size() + 1;
            lines.push_back(std::move(l));
        }
        if (lines.empty()) {
            std::fprintf(stderr, "bench_json_libraries: no lines in %s\n", argv[1]);
            return 2;
        }
        std::printf("%zu lines, %.0f bytes each on average, median of %d passes\n\n", lines.size(),
                    static_cast<double>(bytes) / static_cast<double>(lines.size()), runs);
    }
    std::printf("| library, API | µs/line | ÷ simdjson DOM |\n|---|---:|---:|\n");
    double reference = 0;
    int status = 0;
    for (const Row& row : rows()) {
        std::vector<double> us;
        std::size_t accepted = 0;
        for (int round = 0; round < runs; ++round) {
            const auto start = std::chrono::steady_clock::now();
            accepted = row.parse(lines);
            const std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
            us.push_back(took.count() / static_cast<double>(lines.size()));
        }
        if (accepted != lines.size()) {
            std::printf("| %s | accepted %zu of %zu lines: not timed | |\n", row.name.c_str(), accepted, lines.size());
            status = 1;
            continue;
        }
        std::sort(us.begin(), us.end());
        const double median = us[us.size() / 2];
        if (reference == 0) reference = median;
        std::printf("| %s | %.3f | %.2f× |\n", row.name.c_str(), median, median / reference);
    }
    std::fprintf(stderr, "(sum of the On-Demand visits: %zu)\n", visited_sum);
    if (*missing_libraries()) std::printf("\nnot installed, so not measured:%s\n", missing_libraries());
    return status;
}
