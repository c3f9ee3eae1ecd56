#include "grondslag/bundle.hpp"

#include <cstdint>
#include <ctime>
#include <string_view>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "image.hpp"
#include "grondslag/sha256.hpp"
#include "grondslag/signing.hpp"

namespace grondslag {

using nlohmann::json;

namespace {

constexpr std::string_view format_name = "grondslag-bundle/3";

std::string now_utc() {
    char buf[32];
    const std::time_t t = std::time(nullptr);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

bool from_hex(std::string_view hex, std::string& out) {
    if (hex.size() % 2) return false;
    out.clear();
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int value = 0;
        for (char c : hex.substr(i, 2)) {
            value <<= 4;
            if (c >= '0' && c <= '9') value |= c - '0';
            else if (c >= 'a' && c <= 'f') value |= c - 'a' + 10;
            else return false;
        }
        out += static_cast<char>(value);
    }
    return true;
}

}  // namespace

// Format 3, three parts:
//   grondslag-bundle/3 sha256:<hex>[ signed <key id> <signature hex>]
//       the digest of every byte after this line, and the Ed25519 signature of the line up to the
//       digest (so the signature covers every byte: the digest commits to them)
//   {"format":..., "policy_set":..., "sealed":..., "verification":{...},
//    "sources":[{"path":..., "bytes":N}...], "compiled":{"engine":..., "bytes":M}}   one line
//   the sources' bytes one after another, then the compiled image's bytes
// The sources stay plain text; only the JSON header is parsed, and neither the sources nor the
// image are escaped or encoded, so opening copies each once at most (parsing a 120 KB JSON
// document cost a cold process about 1 ms more).
std::string seal_bundle(const Policies& policies, const VerifyReport& report, const SigningKey* key) {
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
    std::string first_line = std::string(format_name) + " sha256:" + sha256_hex(body);
    if (key) first_line += " signed " + key->key_id() + " " + to_hex(key->sign(first_line));
    return first_line + "\n" + body;
}

namespace {

// What the header records beside the sources.
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

std::string key_list(const std::vector<VerificationKey>& keys) {
    std::string out;
    for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k.key_id();
    return out;
}

// The first line: the digest of the body, and the signature when there is one. Sets out.error,
// out.signer and out.warning.
bool check_first_line(std::string_view line, std::string_view body, const std::vector<VerificationKey>& keys,
                      LoadedBundle& out) {
    const std::string_view digest_prefix = " sha256:";
    const std::size_t digest_at = format_name.size() + digest_prefix.size();
    if (line.size() < digest_at + 64 || line.substr(format_name.size(), digest_prefix.size()) != digest_prefix) {
        out.error = "the bundle's first line is not \"grondslag-bundle/3 sha256:<digest>[ signed <key> <signature>]\"";
        return false;
    }
    const std::string_view digested = line.substr(0, digest_at + 64);
    std::string_view rest = line.substr(digested.size());
    if (sha256_hex(body) != line.substr(digest_at, 64)) {
        out.error = "the bundle was altered after it was sealed (its digest does not match its content)";
        return false;
    }
    std::string key_id, signature;
    if (!rest.empty()) {
        const std::string_view signed_word = " signed ";
        const std::size_t space = rest.find(' ', signed_word.size());
        if (rest.substr(0, signed_word.size()) != signed_word || space == std::string_view::npos ||
            !from_hex(rest.substr(space + 1), signature) || signature.size() != 64) {
            out.error = "the bundle's signature is malformed (expected \" signed <key> <128 hex digits>\")";
            return false;
        }
        key_id = rest.substr(signed_word.size(), space - signed_word.size());
    }
    if (keys.empty()) {
        out.warning = (key_id.empty() ? std::string("it is not signed") : "its signature (key " + key_id + ") was not checked: no --verification-key was given") +
                      "; served for development only, from a fresh compile of its sources, its verification record taken on trust";
        return true;
    }
    if (key_id.empty()) {
        out.error = "the bundle is not signed; with --verification-key only a bundle signed by one of those keys is served (seal it with verify --seal FILE --signing-key KEY.pem)";
        return false;
    }
    for (const auto& key : keys) {
        if (key.key_id() != key_id) continue;
        if (!key.verify(digested, signature)) {
            out.error = "the bundle's signature does not verify with key " + key_id + ": it was altered after it was signed";
            return false;
        }
        out.signer = key_id;
        return true;
    }
    out.error = "the bundle is signed by key " + key_id + ", which is not one of the verification keys given (" + key_list(keys) + ")";
    return false;
}

}  // namespace

LoadedBundle open_bundle(std::string_view text, const std::vector<VerificationKey>& keys) {
    LoadedBundle out;
    if (text.substr(0, format_name.size() + 1) != std::string(format_name) + " ") {
        const bool older = text.rfind("grondslag-bundle/2 ", 0) == 0 || text.find("\"grondslag-bundle/1\"") != std::string_view::npos;
        out.error = older ? "the bundle has an older format, which named its policy set by an ambiguous hash and could not be signed: seal it again with this build's verify --seal"
                          : "not a grondslag bundle (expected format " + std::string(format_name) + ")";
        return out;
    }
    const std::size_t eol = text.find('\n');
    const std::string_view line = text.substr(0, eol);
    const std::string_view body = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (!check_first_line(line, body, keys, out)) return out;
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
    if (out.signer.empty()) {
        // Unsigned (or unchecked): the image is a claim nobody vouches for. The sources are compiled,
        // and an image of this build that differs from their compiled form is refused, so the rules
        // that decide are always the sources' rules.
        out.policies = Policies::load_sources(std::move(list));
        if (out.policies.ok() && has_image && !other_build && out.policies.compiled_image() != compiled) {
            out.error = "its compiled image differs from the compiled form of its sources: the image was altered";
            return out;
        }
        if (other_build) out.notice = std::string(image::another_build_refusal) + "; its sources were compiled instead (re-seal it with this build's verify --seal)";
    } else {
        // Signed by a trusted key: the signer compiled the image from these sources.
        if (other_build) compiled = {};
        out.policies = Policies::load_sources_with_image(std::move(list), compiled);
        if (other_build) out.notice = image::another_build_refusal;
        else if (!out.policies.image_refusal().empty()) out.notice = "its compiled image was not used: " + out.policies.image_refusal();
        if (!out.notice.empty()) out.notice += "; its sources were compiled instead (the same policy set, a slower start: re-seal it with this build's verify --seal)";
    }
    finish(out, recorded);
    return out;
}

}  // namespace grondslag
