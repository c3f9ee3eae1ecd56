#include "grondslag/bundle.hpp"

#include <array>
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

constexpr char base64_digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 2]);
        out += base64_digits[v >> 18 & 63];
        out += base64_digits[v >> 12 & 63];
        out += i + 1 < bytes.size() ? base64_digits[v >> 6 & 63] : '=';
        out += i + 2 < bytes.size() ? base64_digits[v & 63] : '=';
    }
    return out;
}

// False on any character outside the alphabet or a length that is not a multiple of 4.
bool unbase64(std::string_view text, std::string& out) {
    static const auto table = [] {
        std::array<signed char, 256> t{};
        t.fill(-1);
        for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(base64_digits[i])] = static_cast<signed char>(i);
        return t;
    }();
    if (text.size() % 4 != 0) return false;
    out.clear();
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        std::uint32_t v = 0;
        int pad = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const char c = text[i + k];
            if (c == '=' && i + 4 == text.size() && k >= 2) {
                ++pad;
                v <<= 6;
                continue;
            }
            const int d = table[static_cast<unsigned char>(c)];
            if (d < 0 || pad > 0) return false;
            v = v << 6 | static_cast<std::uint32_t>(d);
        }
        out += static_cast<char>(v >> 16);
        if (pad < 2) out += static_cast<char>(v >> 8 & 0xFF);
        if (pad < 1) out += static_cast<char>(v & 0xFF);
    }
    return true;
}

std::string now_utc() {
    char buf[32];
    const std::time_t t = std::time(nullptr);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

}  // namespace

// Version 2: a first line "grondslag-bundle/2 sha256:<hex>" with the digest of every byte after
// it, then one JSON document: the sources, their policy_set hash, the verification result, and
// the compiled image of this engine build (base64), which spares the server parsing and compiling.
std::string seal_bundle(const Policies& policies, const VerifyReport& report) {
    json content;
    content["format"] = format_name;
    content["policy_set"] = policies.hash();
    content["sealed"] = now_utc();
    json sources = json::array();
    for (const auto& s : policies.sources()) sources.push_back({{"path", s.path}, {"text", s.text}});
    content["sources"] = sources;
    content["verification"] = {{"exit_code", report.exit_code()},
                               {"violations", report.violations()},
                               {"unknown", report.unknowns.size()},
                               {"checks", report.checks},
                               {"proven", report.proven}};
    if (policies.ok())
        content["compiled"] = {{"engine", std::string(image::engine_fingerprint())}, {"image", base64(policies.compiled_image())}};
    const std::string body = content.dump(1) + "\n";
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
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(body.data(), body.size()).get(doc) || !doc.is_object()) {
        out.error = "the bundle is not valid JSON";
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
    std::vector<PolicySource> list;
    for (simdjson::dom::element s : sources) {
        std::string_view path, source_text;
        if (s["path"].get(path) || s["text"].get(source_text)) {
            out.error = "the bundle is incomplete (a source without path or text)";
            return out;
        }
        list.push_back({std::string(path), std::string(source_text)});
    }
    // An image from another engine build, or none, means compiling the sources: slower, same set.
    std::string_view encoded;
    std::string compiled;
    if (doc["compiled"]["image"].get(encoded) || !unbase64(encoded, compiled)) compiled.clear();
    out.policies = Policies::load_sources_with_image(std::move(list), compiled);
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
