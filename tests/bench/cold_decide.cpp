// Benchmark helper (not a test): one decision from a sealed bundle in a process
// that links grondslag_engine only, so it never loads libz3. scripts/bench.sh times
// it cold beside `grondslag decide --bundle` (which links Z3 for verify and diff).
//
//   cold_decide BUNDLE REQUEST.json [PUB.pem]   prints the answer (one JSON line)
//
// With the verification key the bundle's signature is checked and its compiled image used, as
// `decide --bundle B --verification-key PUB.pem` does; without it the sources are compiled.
//
// The request file holds one request (pretty-printed or on one line). Exit 0 on
// an answer, 1 on a malformed request, 2 when the bundle or file cannot be used.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <optional>
#include <string>
#include <vector>

#include "grondslag/bundle.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/signing.hpp"

static bool read_file(const char* path, std::string& text) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
    return true;
}

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) {
        std::cerr << "usage: cold_decide BUNDLE REQUEST.json [PUB.pem]\n";
        return 2;
    }
    std::string bundle_text, request;
    if (!read_file(argv[1], bundle_text)) {
        std::cerr << "cold_decide: cannot read " << argv[1] << "\n";
        return 2;
    }
    if (!read_file(argv[2], request)) {
        std::cerr << "cold_decide: cannot read " << argv[2] << "\n";
        return 2;
    }
    std::vector<grondslag::VerificationKey> keys;
    if (argc == 4) {
        std::string pem, why;
        std::optional<grondslag::VerificationKey> key;
        if (!read_file(argv[3], pem) || !(key = grondslag::VerificationKey::from_pem(pem, why))) {
            std::cerr << "cold_decide: " << argv[3] << " is not a verification key " << why << "\n";
            return 2;
        }
        keys.push_back(*key);
    }
    grondslag::LoadedBundle b = grondslag::open_bundle(bundle_text, keys);
    if (!b.error.empty()) {
        std::cerr << "cold_decide: refusing the bundle " << argv[1] << ": " << b.error << "\n";
        return 2;
    }
    grondslag::Decider decider(b.policies);
    std::string out;
    const bool ok = decider.decide_json(request, out);
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
    return ok ? 0 : 1;
}
