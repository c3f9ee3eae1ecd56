// The entry point of `grondslag verify` inside the engine: the properties of docs/verification.md
// proved over one compiled set. `grondslag::verify` (verifier.cpp) calls it on a loaded set; the tests
// call it directly, with slicing on and off. The encoding it proves over is encoding.hpp's.
#pragma once
#include "encoding.hpp"
#include "grondslag/verify.hpp"
#include "ir.hpp"

namespace grondslag::verifier {

// `slicing` false: every query over every rule and the whole domain, as before slicing; the tests
// compare the two.
VerifyReport verify_set(const ir::PolicySet& set, const VerifyOptions& options, bool slicing = true);

}  // namespace grondslag::verifier
