// Benchmark helper (not a test): one decision from a sealed bundle in a process
// that links grondslag_engine only, so it never loads libz3. scripts/bench.sh times
// it cold beside `grondslag decide --bundle` (which links Z3 for verify and diff).
//
//   cold_decide BUNDLE REQUEST.json      prints the answer (one JSON line)
//
// The request file holds one request (pretty-printed or on one line). Exit 0 on
// an answer, 1 on a malformed request, 2 when the bundle or file cannot be used.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "grondslag/bundle.hpp"
#include "grondslag/grondslag.hpp"

static bool read_file(const char* path, std::string& text) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
    return true;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: cold_decide BUNDLE REQUEST.json\n";
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
    grondslag::LoadedBundle b = grondslag::open_bundle(bundle_text);
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
