#include "grondslag/bundle.hpp"

#include <cstdint>
#include <ctime>
#include <string_view>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "image.hpp"
#include "sha256.hpp"

namespace grondslag {

using nlohmann::json;

namespace {

constexpr const char* format_name = "grondslag-bundle/2";
constexpr const char* format_v1 = "grondslag-bundle/1";

// Version 1 (read, no longer written): one JSON document whose digest is over the canonical dump
// of everything but the digest (nlohmann keeps object keys sorted, so dump() is canonical).
std::string digest_of(const json& content) { return "sha256:" + sha256_hex(content.dump()); }

std::string now_utc() {
    char buf[32];
    const std::time_t t = std::time(nullptr);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

}  // namespace

// Version 2, three parts:
//   grondslag-bundle/2 sha256:<hex>     the digest of every byte after this line
//   {"format":..., "policy_set":..., "sealed":..., "verification":{...},
//    "sources":[{"path":..., "bytes":N}...], "compiled":{"engine":..., "bytes":M}}   one line
//   the sources' bytes one after another, then the compiled image's bytes
// The sources stay plain text; only the JSON header is parsed, and neither the sources nor the
// image are escaped or encoded, so opening copies each once at most (parsing a 120 KB JSON
// document cost a cold process about 1 ms more).
std::string seal_bundle(const Policies& policies, const VerifyReport& report) {
    json header;
    header["format"] = format_name;
    header["policy_set"] = policies.hash();
    header["sealed"] = now_utc();
    header["verification"] = {{"exit_code", report.exit_code()},
                              {"violations", report.violations()},
                              {"unknown", report.unknowns.size()},
                              {"checks", report.checks},
                              {"proven", report.proven}};
    std::string sections;
    json sources = json::array();
    for (const auto& s : policies.sources()) {
        sources.push_back({{"path", s.path}, {"bytes", s.text.size()}});
        sections += s.text;
    }
    header["sources"] = sources;
    if (policies.ok()) {
        const std::string image = policies.compiled_image();
        header["compiled"] = {{"engine", std::string(image::engine_fingerprint())}, {"bytes", image.size()}};
        sections += image;
    }
    const std::string body = header.dump() + "\n" + sections;
    return std::string(format_name) + " sha256:" + sha256_hex(body) + "\n" + body;
}

namespace {

LoadedBundle open_bundle_v1(const std::string& text);

// What both versions record beside their sources.
struct Recorded {
    std::string policy_set, sealed;
    std::int64_t exit_code = -1;
};

void finish(LoadedBundle& out, const Recorded& recorded) {
    if (!out.policies.ok()) {
        out.error = "the bundle's policies do not compile:\n" + out.policies.render_diagnostics();
        return;
    }
    if (out.policies.hash() != recorded.policy_set) {
        out.error = "the bundle's sources do not match its policy_set hash";
        return;
    }
    if (recorded.exit_code != 0) {
        out.error = "the bundle records a verification that did not pass (exit code " + std::to_string(recorded.exit_code) +
                    "); only a verified policy set is served";
        return;
    }
    out.sealed = recorded.sealed;
}

LoadedBundle open_bundle_v2(std::string_view text) {
    LoadedBundle out;
    const std::size_t eol = text.find('\n');
    const std::string_view header = text.substr(0, eol);
    const std::string_view body = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    const std::string_view prefix = " sha256:";
    const std::size_t name_length = std::char_traits<char>::length(format_name);
    if (header.size() != name_length + prefix.size() + 64 || header.substr(name_length, prefix.size()) != prefix) {
        out.error = "the bundle's first line is not \"grondslag-bundle/2 sha256:<digest>\"";
        return out;
    }
    if (sha256_hex(body) != header.substr(name_length + prefix.size())) {
        out.error = "the bundle was altered after it was sealed (its digest does not match its content)";
        return out;
    }
    const std::size_t header_end = body.find('\n');
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (header_end == std::string_view::npos || parser.parse(body.data(), header_end).get(doc) || !doc.is_object()) {
        out.error = "the bundle's header is not valid JSON";
        return out;
    }
    Recorded recorded;
    std::string_view format, policy_set, sealed = "";
    simdjson::dom::array sources;
    if (doc["format"].get(format) || format != format_name || doc["policy_set"].get(policy_set) ||
        doc["verification"]["exit_code"].get(recorded.exit_code) || doc["sources"].get(sources)) {
        out.error = "the bundle is incomplete (format, policy_set, verification.exit_code or sources)";
        return out;
    }
    if (doc["sealed"].get(sealed)) sealed = "";
    recorded.policy_set = policy_set;
    recorded.sealed = sealed;
    // The sections follow the header: each source's bytes, then the image's.
    std::string_view rest = body.substr(header_end + 1);
    auto take = [&](std::uint64_t bytes, std::string_view& section) {
        if (bytes > rest.size()) return false;
        section = rest.substr(0, bytes);
        rest.remove_prefix(bytes);
        return true;
    };
    std::vector<PolicySource> list;
    for (simdjson::dom::element s : sources) {
        std::string_view path, source_text;
        std::uint64_t bytes = 0;
        if (s["path"].get(path) || s["bytes"].get(bytes) || !take(bytes, source_text)) {
            out.error = "the bundle is incomplete (a source without path, or its bytes)";
            return out;
        }
        list.push_back({std::string(path), std::string(source_text)});
    }
    // An image from another engine build, or none, means compiling the sources: slower, same set.
    std::string_view compiled;
    std::uint64_t image_bytes = 0;
    std::string_view engine;
    const bool has_image = !doc["compiled"]["bytes"].get(image_bytes) && !doc["compiled"]["engine"].get(engine);
    if (has_image && !take(image_bytes, compiled)) {
        out.error = "the bundle is incomplete (its compiled image)";
        return out;
    }
    if (!rest.empty()) {
        out.error = "the bundle has bytes its header does not account for";
        return out;
    }
    const bool other_build = has_image && engine != image::engine_fingerprint();
    if (other_build) compiled = {};
    out.policies = Policies::load_sources_with_image(std::move(list), compiled);
    if (other_build) out.notice = image::another_build_refusal;
    else if (!out.policies.image_refusal().empty()) out.notice = "its compiled image was not used: " + out.policies.image_refusal();
    if (!out.notice.empty()) out.notice += "; its sources were compiled instead (the same policy set, a slower start: re-seal it with this build's verify --seal)";
    finish(out, recorded);
    return out;
}

}  // namespace

LoadedBundle open_bundle(const std::string& text) {
    if (text.rfind(format_name, 0) == 0) return open_bundle_v2(text);
    return open_bundle_v1(text);
}

namespace {

LoadedBundle open_bundle_v1(const std::string& text) {
    LoadedBundle out;
    json bundle = json::parse(text, nullptr, false);
    if (bundle.is_discarded() || !bundle.is_object()) {
        out.error = "the bundle is not valid JSON";
        return out;
    }
    if (bundle.value("format", "") != format_v1) {
        out.error = std::string("not a grondslag bundle (expected format ") + format_name + ")";
        return out;
    }
    if (!bundle.contains("digest") || !bundle["digest"].is_string()) {
        out.error = "the bundle has no digest";
        return out;
    }
    const std::string recorded_digest = bundle["digest"];
    json content = bundle;
    content.erase("digest");
    if (digest_of(content) != recorded_digest) {
        out.error = "the bundle was altered after it was sealed (its digest does not match its content)";
        return out;
    }
    try {
        std::vector<PolicySource> sources;
        for (const auto& s : content.at("sources")) sources.push_back({s.at("path").get<std::string>(), s.at("text").get<std::string>()});
        out.policies = Policies::load_sources(std::move(sources));
        Recorded recorded;
        recorded.policy_set = content.at("policy_set").get<std::string>();
        recorded.exit_code = content.at("verification").at("exit_code").get<int>();
        recorded.sealed = content.value("sealed", "");
        finish(out, recorded);
    } catch (const json::exception& e) {
        out.error = std::string("the bundle is incomplete: ") + e.what();
    }
    return out;
}

}  // namespace

}  // namespace grondslag
