#include "grondslag/bundle.hpp"

#include <ctime>

#include <nlohmann/json.hpp>

#include "sha256.hpp"

namespace grondslag {

using nlohmann::json;

namespace {

constexpr const char* format_name = "grondslag-bundle/1";

// nlohmann keeps object keys sorted, so dump() is canonical.
std::string digest_of(const json& content) { return "sha256:" + sha256_hex(content.dump()); }

std::string now_utc() {
    char buf[32];
    const std::time_t t = std::time(nullptr);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

}  // namespace

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
    json bundle = content;
    bundle["digest"] = digest_of(content);
    return bundle.dump(1) + "\n";
}

LoadedBundle open_bundle(const std::string& text) {
    LoadedBundle out;
    json bundle = json::parse(text, nullptr, false);
    if (bundle.is_discarded() || !bundle.is_object()) {
        out.error = "the bundle is not valid JSON";
        return out;
    }
    if (bundle.value("format", "") != format_name) {
        out.error = std::string("not a grondslag bundle (expected format ") + format_name + ")";
        return out;
    }
    if (!bundle.contains("digest") || !bundle["digest"].is_string()) {
        out.error = "the bundle has no digest";
        return out;
    }
    const std::string recorded = bundle["digest"];
    json content = bundle;
    content.erase("digest");
    if (digest_of(content) != recorded) {
        out.error = "the bundle was altered after it was sealed (its digest does not match its content)";
        return out;
    }
    try {
        std::vector<PolicySource> sources;
        for (const auto& s : content.at("sources")) sources.push_back({s.at("path").get<std::string>(), s.at("text").get<std::string>()});
        out.policies = Policies::load_sources(std::move(sources));
        if (!out.policies.ok()) {
            out.error = "the bundle's policies do not compile:\n" + out.policies.render_diagnostics();
            return out;
        }
        if (out.policies.hash() != content.at("policy_set").get<std::string>()) {
            out.error = "the bundle's sources do not match its policy_set hash";
            return out;
        }
        const int verified = content.at("verification").at("exit_code").get<int>();
        if (verified != 0) {
            out.error = "the bundle records a verification that did not pass (exit code " + std::to_string(verified) +
                        "); only a verified policy set is served";
            return out;
        }
        out.sealed = content.value("sealed", "");
    } catch (const json::exception& e) {
        out.error = std::string("the bundle is incomplete: ") + e.what();
    }
    return out;
}

}  // namespace grondslag
