// The hand-over side of proofs.hpp, linked into grondslag (no Z3): a command that needs a proof
// replaces this process with grondslag-prove, the same program with the prover linked in.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>

#include "proofs.hpp"

#include "grondslag/exit_code.hpp"

namespace grondslag::cli {

namespace {

constexpr const char* prover_name = "grondslag-prove";
char** kept_argv = nullptr;

// The prover is installed beside this binary. /proc/self/exe names this binary itself, however
// it was started (through PATH, a symbolic link or a relative path).
std::string prover_path() {
    std::string self(4096, '\0');
    const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size());
    if (n <= 0 || static_cast<std::size_t>(n) >= self.size()) return {};
    self.resize(static_cast<std::size_t>(n));
    const std::size_t slash = self.rfind('/');
    return slash == std::string::npos ? std::string() : self.substr(0, slash + 1) + prover_name;
}

// Returns only when the prover cannot be started: exit code 2, nothing was proven.
int hand_over() {
    const std::string path = prover_path();
    if (path.empty()) {
        std::cerr << "grondslag: this command needs " << prover_name << " (Z3), and this binary cannot find its own "
                  << "folder (/proc/self/exe); nothing was verified\n";
        return exit_input;
    }
    std::cout.flush();
    std::cerr.flush();
    if (kept_argv != nullptr) ::execv(path.c_str(), kept_argv);
    std::cerr << "grondslag: this command needs " << prover_name << " (Z3) beside grondslag, and " << path
              << " cannot be run: " << std::strerror(errno) << "; nothing was verified\n";
    return exit_input;
}

}  // namespace

void keep_command_line(int, char** argv) { kept_argv = argv; }

int run_verify(const VerifyCommand&) { return hand_over(); }

int run_diff(const DiffCommand&) { return hand_over(); }

bool ready_to_verify() {
    hand_over();
    return false;
}

// Not reached: ready_to_verify comes first and never returns true here. Refuses, should it be.
bool verify_for_serving(const Policies&, const ServableSource&) {
    std::cerr << "grondslag: this binary cannot verify a policy set (" << prover_name << " does); nothing is served\n";
    return false;
}

}  // namespace grondslag::cli
