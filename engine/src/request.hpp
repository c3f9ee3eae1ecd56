// Decoding a request of the decision contract into the compiled form the
// evaluator reads: ids instead of names, one value per slot, and consent
// records reduced to "active on the request date" bits per category.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ir.hpp"

namespace grondslag {

struct Request {
    std::string id_json;  // the request's id as JSON text, empty when absent
    Day date = 0;
    std::uint16_t sender = 0;
    std::uint16_t recipient = 0;
    std::uint16_t purpose = 0;
    std::vector<std::uint16_t> items;
    std::vector<std::int64_t> values;  // per slot
    std::vector<std::uint8_t> given;   // per slot: 1 when the request gives it
    ir::Mask consent_active = 0;       // categories with a consent active on `date`
    ir::Mask explicit_active = 0;      // ... of which explicit
};

struct RequestError {
    std::string path;     // JSON pointer, "" for the whole document
    std::string message;
};

// Prepares `r` for `set` (sizes the slot arrays once).
void prepare_request(const ir::PolicySet& set, Request& r);

// Returns false and fills `error` when the request does not fit the contract or
// the policy set's vocabulary.
bool decode_request(const ir::PolicySet& set, const nlohmann::json& doc, Request& r, RequestError& error);

// The id of a request that failed to decode, if it has a usable one.
std::string request_id_json(const nlohmann::json& doc);

}  // namespace grondslag
