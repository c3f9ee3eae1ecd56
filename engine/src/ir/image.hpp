// The compiled form as bytes: a sealed bundle carries it beside its sources, so that a
// process serving the bundle maps names and rules back in instead of parsing and compiling
// (most of a cold start; docs/performance.md, "Memory and cold start").
//
// An image is only read by the engine build that wrote it: it starts with a fingerprint of
// the engine's sources (computed by CMake), and any other fingerprint is refused, so the
// caller compiles the sources instead. The sources stay the truth; the image is a cache of
// what this compiler makes of them. Reading checks every index, count and enum value of the
// compiled form before anything is returned (a bundle's digest is not a signature), so a
// crafted image is refused instead of read out of bounds.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ir.hpp"

namespace grondslag::image {

// This engine build's fingerprint ("gsl-image/3:sha256:...").
std::string_view engine_fingerprint();

// Why an image was not used when another build wrote it, in the words users see (a bundle's
// header can say so before the image is read, and image::read can find it out).
inline constexpr std::string_view another_build_refusal = "its compiled image was written by another engine build";

// `files` are the set's source files in load order; locations refer to them by position.
std::string write(const ir::PolicySet& set, const std::vector<const SourceFile*>& files);

// nullptr with `error` set when the image is from another engine build, truncated, or not
// a consistent compiled form. `from_another_build` tells the first case from the others.
std::unique_ptr<ir::PolicySet> read(std::string_view bytes, const std::vector<const SourceFile*>& files,
                                    std::string& error, bool& from_another_build);

// The compiled form's internal consistency: every index within its table, children before
// their parents (so conditions are acyclic and their depth bounded), the candidate index
// shaped for the set's universes. Empty when consistent, else what is wrong.
std::string check_consistency(const ir::PolicySet& set);

}  // namespace grondslag::image
