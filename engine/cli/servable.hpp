// The policy set that decide serves and explain explains: a sealed bundle, or the policy
// folders verified first (or not, with --unverified). One function for both commands, so
// that explain never explains a set that decide would refuse.
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "grondslag/grondslag.hpp"

namespace grondslag::cli {

// Loads the policy folders and prints their diagnostics to stderr.
Policies load_or_report(const std::vector<std::string>& dirs);

struct ServableSource {
    std::string bundle;              // a sealed bundle, or empty
    std::vector<std::string> dirs;   // policy folders; with a bundle, they must be the set it was sealed for
    std::vector<std::string> verification_keys;  // public keys (PEM); given, the bundle must be signed by one
    bool unverified = false;         // serve folders without verifying them
    unsigned timeout_ms = 10000;     // per verification check
    const char* refused = "no decisions are made";  // said when nothing is served
};

// On failure says why on stderr and returns false.
bool load_servable(const ServableSource& source, Policies& out);

// Adds --bundle and --verification-key, worded alike for every command that reads a bundle.
void add_servable_options(CLI::App& command, ServableSource& source);

}  // namespace grondslag::cli
