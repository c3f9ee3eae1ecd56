// Size limits on the files grondslag reads whole, and the reader that keeps them.
// A file over its limit is refused without being read past the limit, so a huge or
// endless input costs at most the limit in memory (docs/reliability.md, "Memory bounds").
#pragma once
#include <cstddef>
#include <string>

namespace grondslag {

// One policy file. Parsing and compiling take about 22 bytes of memory per byte of
// source (a 4 MiB file of 10,000 rules: 89 MB peak RSS), so this bounds one file's cost.
inline constexpr std::size_t max_policy_file_bytes = std::size_t{4} << 20;
// All the policy files of one set together.
inline constexpr std::size_t max_policy_set_bytes = std::size_t{16} << 20;
// A sealed bundle: the sources of a set at its limit, quoted in JSON, plus the verification record.
inline constexpr std::size_t max_bundle_bytes = std::size_t{64} << 20;
// One request, on one line or pretty-printed over several, is at most this many bytes. Longer input
// is never held in memory: it gets a deny answer naming the line and the limit.
inline constexpr std::size_t max_request_bytes = std::size_t{1} << 20;

// Reads the whole of `path` ("-" is standard input) when it has at most `limit` bytes.
// Otherwise returns false with `error` saying why: "cannot read PATH: reason" or
// "PATH has more than LIMIT bytes (the limit for WHAT)".
bool read_file_within(const std::string& path, std::size_t limit, const char* what, std::string& text,
                      std::string& error);
// The same for a file that must be a regular file (a policy file, a bundle): anything else (a FIFO,
// a device, a directory) is refused without waiting for it, "cannot read PATH: it is not a regular
// file". "-" is a path like any other here.
bool read_regular_file_within(const std::string& path, std::size_t limit, const char* what, std::string& text,
                              std::string& error);

}  // namespace grondslag
