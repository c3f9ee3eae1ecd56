// The identifiers a decision-log record carries: keyed pseudonyms (HMAC-SHA-256) for the person and the
// request's id, and random trace and span ids, all through OpenSSL's libcrypto.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace grondslag {

// "hmac-sha256:" and the lower-case hex HMAC-SHA-256 of `text` under `key`. Throws std::runtime_error when
// libcrypto fails.
std::string hmac_sha256_tag(std::string_view key, std::string_view text);

// Appends `bytes` (at most 64) random bytes as lower-case hex from OpenSSL's generator, drawn per thread in
// blocks: one RAND_bytes call per record would cost more than the record. Never all zero (W3C trace
// context forbids an all-zero id). Throws std::runtime_error when the generator fails.
void append_random_hex(std::string& out, std::size_t bytes);

}  // namespace grondslag
