// The command-line work that needs Z3, declared once and defined twice, one definition per binary:
//  - grondslag-prove links grondslag_prove (and libz3) and runs it in process (proofs_z3.cpp);
//  - grondslag, the binary users run, links the engine only and hands such a command over to
//    grondslag-prove beside it, with the same arguments (proofs_handover.cpp).
// So deciding from a sealed bundle never loads libz3: loading it (20 MB) cost 3–6 ms of a
// cold start (docs/performance.md, "Memory and cold start"). A command that needs a proof and
// cannot reach the prover exits 2 and says why: it never runs without its proof.
#pragma once
#include "diff_command.hpp"
#include "grondslag/grondslag.hpp"
#include "servable.hpp"
#include "verify_command.hpp"

namespace grondslag::cli {

// The program's arguments, kept for a hand-over; main calls this first.
void keep_command_line(int argc, char** argv);

// Exit codes: 0 all proven, 1 violations, 2 input errors, 3 a check ended unknown.
int run_verify(const VerifyCommand& command);

// Exit codes: 0 no change that --fail-on names, 1 such a change, 2 input errors, 3 a check ended unknown.
int run_diff(const DiffCommand& command);

// Before anything is read or loaded for a set that must be verified to be served: in grondslag it
// replaces the process with grondslag-prove and returns only when that fails (false, said on
// stderr); in grondslag-prove it returns true and verify_for_serving does the work.
bool ready_to_verify();

// Verifies a loaded set before it is served; false (said on stderr) unless every check passed.
bool verify_for_serving(const Policies& policies, const ServableSource& source);

}  // namespace grondslag::cli
