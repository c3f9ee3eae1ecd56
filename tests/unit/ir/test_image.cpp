// The compiled image (src/image.hpp) and the bundles that carry it: an image read back is the
// same compiled form (byte for byte when written again, decision for decision), an image of
// another engine build is not used, and no truncated, mutated or crafted image is accepted
// unless it is a consistent compiled form.
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <filesystem>
#include <memory>
#include <fstream>
#include <random>
#include <sstream>

#include "answer.hpp"
#include "evaluator.hpp"
#include "grondslag/bundle.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/verify.hpp"
#include "image.hpp"
#include "random_requests.hpp"
#include "grondslag/sha256.hpp"
#include "test_keys.hpp"
#include "grondslag/signing.hpp"
#include "support.hpp"
#include "policies_access.hpp"

namespace {

using grondslag::Policies;

const std::string root = GRONDSLAG_SOURCE_DIR;

std::vector<const grondslag::SourceFile*> no_files() { return {}; }

// Source files for reading an image outside Policies: locations only need them to exist.
struct SourceFiles {
    std::vector<std::unique_ptr<grondslag::SourceFile>> owned;
    std::vector<const grondslag::SourceFile*> list;
    explicit SourceFiles(const Policies& p) {
        for (auto& s : p.sources()) {
            owned.push_back(std::make_unique<grondslag::SourceFile>(s.path, s.text));
            list.push_back(owned.back().get());
        }
    }
};

// Every decision of `n` random requests aimed at the rules, as answer text, on two sets that
// must agree (the same slots and names, so a request of one is a request of the other).
void expect_same_decisions(const grondslag::ir::PolicySet& a, const grondslag::ir::PolicySet& b, int n) {
    grondslag::Evaluator ea(a), eb(b);
    test_support::Generator gen(a, 20261124);
    grondslag::Request r;
    grondslag::Decision da, db;
    grondslag::AnswerOptions options;
    const grondslag::AnswerFragments fa(a), fb(b);
    std::string sa, sb;
    int differing = 0;
    for (int i = 0; i < n; ++i) {
        gen.make(r);
        ea.decide(r, da);
        eb.decide(r, db);
        sa.clear();
        sb.clear();
        grondslag::write_answer(fa, r, da, options, sa);
        grondslag::write_answer(fb, r, db, options, sb);
        if (sa != sb && ++differing <= 3) BOOST_ERROR("request " << i << " decided differently:\n" << sa << "\n" << sb);
    }
    BOOST_TEST(differing == 0);
}

std::vector<std::vector<std::string>> shipped_sets() {
    return {{root + "/policies"},
            {root + "/policies", root + "/examples/amsterdam/policies"},
            {root + "/tests/golden/policies"},
            {root + "/tests/golden/explain_policies"}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(compiled_image)

BOOST_AUTO_TEST_CASE(an_image_read_back_is_the_same_compiled_form) {
    for (const auto& dirs : shipped_sets()) {
        BOOST_TEST_CONTEXT(dirs.back()) {
            const Policies compiled = Policies::load_directories(dirs);
            BOOST_REQUIRE(compiled.ok());
            const std::string image = compiled.compiled_image();
            BOOST_TEST(!image.empty());
            BOOST_TEST(grondslag::image::check_consistency(compiled_form(compiled)).empty());
            const Policies loaded = Policies::load_sources_with_image(compiled.sources(), image);
            BOOST_REQUIRE(loaded.ok());
            BOOST_TEST(loaded.from_image());
            BOOST_TEST(!compiled.from_image());
            BOOST_TEST(loaded.hash() == compiled.hash());
            BOOST_TEST(loaded.rule_count() == compiled.rule_count());
            // Written again, byte for byte the same: every field written came back.
            BOOST_TEST((loaded.compiled_image() == image));
            // The parts rebuilt on reading (name lookups, source paths) behave the same.
            BOOST_TEST((compiled_form(loaded).source_paths == compiled_form(compiled).source_paths));
            for (const auto& a : compiled_form(compiled).actors)
                BOOST_TEST(compiled_form(loaded).actor_index.find(a.name) == compiled_form(compiled).actor_index.find(a.name));
            expect_same_decisions(compiled_form(compiled), compiled_form(loaded), 20000);
        }
    }
}

// The candidate index of a loaded set is the compiled set's: the same 4-byte lists, each read into a
// vector of exactly its size (its capacity is memory the peak of docs/performance.md counts), and the
// same 16-byte entry per rule, which index_candidates makes at load.
BOOST_AUTO_TEST_CASE(a_loaded_set_has_the_compiled_candidate_index) {
    for (const auto& dirs : shipped_sets()) {
        BOOST_TEST_CONTEXT(dirs.back()) {
            const Policies compiled = Policies::load_directories(dirs);
            BOOST_REQUIRE(compiled.ok());
            const Policies loaded = Policies::load_sources_with_image(compiled.sources(), compiled.compiled_image());
            BOOST_REQUIRE(loaded.from_image());
            const auto& a = compiled_form(compiled);
            const auto& b = compiled_form(loaded);
            BOOST_TEST(!b.candidate_lists.empty());
            BOOST_TEST(!b.broad.empty());
            BOOST_TEST(a.candidate_lists == b.candidate_lists);
            BOOST_TEST(a.broad == b.broad);
            BOOST_TEST(a.cell_lists == b.cell_lists);
            BOOST_TEST(a.group_of == b.group_of);
            BOOST_TEST(a.broad_starts == b.broad_starts);
            BOOST_TEST(b.candidate_lists.capacity() == b.candidate_lists.size());
            BOOST_TEST(b.cell_lists.capacity() == b.cell_lists.size());
            BOOST_TEST(b.broad.capacity() == b.broad.size());
            BOOST_TEST(b.rule_entries.capacity() == b.rule_entries.size());
            BOOST_REQUIRE(a.rule_entries.size() == a.rules.size());
            BOOST_REQUIRE(b.rule_entries.size() == b.rules.size());
            for (std::size_t i = 0; i < a.rule_entries.size(); ++i)
                BOOST_TEST((std::memcmp(&a.rule_entries[i], &b.rule_entries[i], sizeof(a.rule_entries[i])) == 0));
            BOOST_TEST(a.wide_rules == b.wide_rules);
        }
    }
}

BOOST_AUTO_TEST_CASE(locations_point_into_the_loaded_sources) {
    const Policies compiled = Policies::load_directories({root + "/policies"});
    const Policies loaded = Policies::load_sources_with_image(compiled.sources(), compiled.compiled_image());
    BOOST_REQUIRE(loaded.from_image());
    const auto& rule = compiled_form(loaded).rules.front();
    BOOST_REQUIRE(rule.at.file != nullptr);
    BOOST_TEST(rule.at.to_string() == compiled_form(compiled).rules.front().at.to_string());
    BOOST_TEST(rule.at.file->line(rule.at.line).find(rule.id) != std::string_view::npos);
}

BOOST_AUTO_TEST_CASE(an_image_of_another_engine_build_is_not_used) {
    const Policies compiled = Policies::load_directories({root + "/policies"});
    std::string image = compiled.compiled_image();
    const auto at = image.find("sha256:");
    BOOST_REQUIRE(at != std::string::npos);
    image[at + 7] = image[at + 7] == 'a' ? 'b' : 'a';
    std::string error;
    bool other_build = false;
    BOOST_TEST(!grondslag::image::read(image, no_files(), error, other_build));
    BOOST_TEST(other_build);
    BOOST_TEST(error.find("another engine build") != std::string::npos);
    // The sources are compiled instead: the same set.
    const Policies loaded = Policies::load_sources_with_image(compiled.sources(), image);
    BOOST_REQUIRE(loaded.ok());
    BOOST_TEST(!loaded.from_image());
    BOOST_TEST(loaded.image_refusal() == "its compiled image was written by another engine build");
    BOOST_TEST((loaded.compiled_image() == compiled.compiled_image()));

    // An image of this build that cannot be read says why it was not used; a used one says nothing.
    const Policies truncated = Policies::load_sources_with_image(compiled.sources(), compiled.compiled_image().substr(0, 200));
    BOOST_REQUIRE(truncated.ok());
    BOOST_TEST(!truncated.from_image());
    BOOST_TEST(truncated.image_refusal() == "the compiled image is truncated or malformed");
    const Policies used = Policies::load_sources_with_image(compiled.sources(), compiled.compiled_image());
    BOOST_TEST(used.from_image());
    BOOST_TEST(used.image_refusal().empty());
}

BOOST_AUTO_TEST_CASE(truncated_or_mutated_images_are_refused_or_consistent) {
    const Policies compiled = Policies::load_directories({root + "/tests/golden/policies"});
    const std::string image = compiled.compiled_image();
    const SourceFiles sources(compiled);
    const auto& files = sources.list;
    {
        std::string why;
        bool other = false;
        BOOST_REQUIRE(grondslag::image::read(image, files, why, other));  // unchanged, it is read
    }
    std::string error;
    bool other_build = false;
    int accepted = 0;
    for (std::size_t n = 0; n < image.size(); n += n < 2048 ? 1 : 61)
        if (grondslag::image::read(std::string_view(image).substr(0, n), files, error, other_build)) ++accepted;
    BOOST_TEST(accepted == 0);
    // Mutations past the fingerprint (which would only make it another build's image).
    const std::size_t body = image.find('\n') + 1 + 1 + grondslag::image::engine_fingerprint().size();
    std::mt19937_64 random(20261124);
    int refused = 0, consistent = 0;
    for (int i = 0; i < 4000; ++i) {
        std::string bad = image;
        const int changes = 1 + static_cast<int>(random() % 3);
        for (int k = 0; k < changes; ++k) bad[body + random() % (bad.size() - body)] = static_cast<char>(random());
        auto set = grondslag::image::read(bad, files, error, other_build);
        if (!set) {
            ++refused;
            continue;
        }
        // Accepted: then it is a compiled form the evaluator can walk (ASan watches the walk).
        ++consistent;
        BOOST_TEST(grondslag::image::check_consistency(*set).empty());
        grondslag::Evaluator evaluator(*set);
        test_support::Generator gen(*set, static_cast<std::uint64_t>(i));
        grondslag::Request r;
        grondslag::Decision d;
        const grondslag::AnswerFragments fragments(*set);
        std::string out;
        for (int k = 0; k < 20 && !set->rules.empty(); ++k) {
            gen.make(r);
            evaluator.decide(r, d);
            out.clear();
            grondslag::write_answer(fragments, r, d, grondslag::AnswerOptions{}, out);
        }
    }
    BOOST_TEST_MESSAGE("mutated images: " << refused << " refused, " << consistent << " consistent");
    BOOST_TEST(refused + consistent == 4000);
    BOOST_TEST(refused > 0);
    BOOST_TEST(consistent > 0);  // most changes to a name or a text leave a consistent form
}

BOOST_AUTO_TEST_CASE(crafted_inconsistencies_are_named) {
    const Policies compiled = Policies::load_directories({root + "/tests/golden/policies"});
    const auto& good = compiled_form(compiled);
    auto expect_problem = [&](const char* what, auto&& spoil) {
        grondslag::ir::PolicySet s = good;
        spoil(s);
        const std::string problem = grondslag::image::check_consistency(s);
        BOOST_TEST(problem.find(what) != std::string::npos, "expected '" << what << "', got '" << problem << "'");
    };
    BOOST_REQUIRE(grondslag::image::check_consistency(good).empty());
    auto with_children = [&](const grondslag::ir::PolicySet& s) {
        for (std::size_t i = 0; i < s.nodes.size(); ++i)
            if (s.nodes[i].count > 0) return i;
        return std::size_t{0};
    };
    expect_problem("a condition node's child", [&](auto& s) { s.children[s.nodes[with_children(s)].first] = static_cast<std::uint32_t>(with_children(s)); });
    expect_problem("a condition node's children", [](auto& s) { s.nodes.back().count = static_cast<std::uint32_t>(s.children.size() + 1); });
    expect_problem("a rule's provision", [](auto& s) { s.rules.front().provision = static_cast<int>(s.provisions.size()); });
    expect_problem("a rule's exception", [](auto& s) { s.rules.front().excepts.push_back(-1); });
    expect_problem("a rule's basis", [](auto& s) { s.rules.front().bases.push_back(static_cast<int>(s.bases.size())); });
    expect_problem("a candidate", [](auto& s) { s.candidate_lists[1] = static_cast<std::uint32_t>(s.rules.size()); });
    expect_problem("a candidate list", [](auto& s) { s.candidate_lists.front() = 0; });
    expect_problem("a candidate list", [](auto& s) { s.candidate_lists.front() = static_cast<std::uint32_t>(s.candidate_lists.size()); });
    expect_problem("a cell's candidate list", [](auto& s) { s.cell_lists.front() = static_cast<std::uint32_t>(s.candidate_lists.size()); });
    expect_problem("a cell's candidate list", [](auto& s) { s.cell_lists.front() = 1; });  // a rule number, not a list's start
    expect_problem("a cell group", [](auto& s) { s.cell_lists.pop_back(); });
    expect_problem("the candidate index's cells", [](auto& s) { s.group_of.pop_back(); });
    expect_problem("a cell's group", [](auto& s) { s.group_of.back() = static_cast<std::uint32_t>(s.cell_groups.size()); });
    expect_problem("the candidate ranges", [](auto& s) { s.broad_starts.back() = static_cast<std::uint32_t>(s.broad.size() + 1); });
    expect_problem("a rule's masks", [](auto& s) { s.rules.front().senders |= grondslag::ir::Mask{1} << s.actors.size(); });
    expect_problem("a condition node", [](auto& s) { s.nodes.front().op = static_cast<grondslag::ir::Op>(200); });
    expect_problem("a fact's slots", [](auto& s) { s.facts.back().slot_count = static_cast<int>(s.slots.size()) + 1; });
    expect_problem("a rule's obligation", [](auto& s) {
        grondslag::ir::Obligation secrecy{grondslag::ast::ObligationKind::secrecy, {}, -1, -1};  // under no provision
        s.rules.front().obligations.push_back(secrecy);
    });
    expect_problem("a rule's obligation", [](auto& s) {
        grondslag::ir::Obligation notify{grondslag::ast::ObligationKind::notify, {}, -1, -1};  // to no one
        s.rules.front().obligations.push_back(notify);
    });
    expect_problem("a provision's kind", [](auto& s) { s.provisions.front().kind = static_cast<grondslag::ast::ProvisionKind>(7); });
    expect_problem("a name's id", [](auto& s) { s.rule_ids["x"] = static_cast<int>(s.rules.size()); });
    expect_problem("a condition nested too deep", [](auto& s) {
        // A chain of negations, each the child of the next, deeper than the evaluator may walk.
        for (int i = 0; i < 5000; ++i) {
            grondslag::ir::Node n;
            n.op = grondslag::ir::Op::negate;
            n.first = static_cast<std::uint32_t>(s.children.size());
            n.count = 1;
            s.children.push_back(static_cast<std::uint32_t>(s.nodes.size() - 1));
            s.nodes.push_back(n);
        }
    });
}

BOOST_AUTO_TEST_CASE(signed_bundles_carry_the_image) {
    const Policies compiled = Policies::load_directories({root + "/tests/golden/policies"});
    grondslag::VerifyReport passed;
    passed.checks = 1;
    std::string why;
    const auto pair = grondslag::testing::test_key_pair(1);
    const auto key = grondslag::SigningKey::from_pem(pair.private_pem, why);
    const auto public_key = grondslag::VerificationKey::from_pem(pair.public_pem, why);
    BOOST_REQUIRE(key && public_key);
    const std::string bundle = grondslag::seal_bundle(compiled, passed, &*key);
    BOOST_TEST(bundle.rfind("grondslag-bundle/3 sha256:", 0) == 0);
    const grondslag::LoadedBundle opened = grondslag::open_bundle(bundle, {*public_key});
    BOOST_REQUIRE(opened.error.empty());
    BOOST_TEST(opened.signer == key->key_id());
    BOOST_TEST(opened.warning.empty());
    BOOST_TEST(opened.policies.from_image());
    BOOST_TEST(opened.notice.empty());
    BOOST_TEST(opened.policies.hash() == compiled.hash());
    expect_same_decisions(compiled_form(compiled), compiled_form(opened.policies), 5000);

    // Without a key (development) the same bundle is served from its sources, with a warning.
    const grondslag::LoadedBundle unchecked = grondslag::open_bundle(bundle);
    BOOST_TEST(unchecked.error.empty(), unchecked.error);
    BOOST_TEST(!unchecked.policies.from_image());
    BOOST_TEST(unchecked.warning.find("was not checked") != std::string::npos, unchecked.warning);

    // Older formats are refused: their policy_set hash was ambiguous and they carry no signature.
    BOOST_TEST(grondslag::open_bundle(R"({"digest":"sha256:00","format":"grondslag-bundle/1"})").error.find("older format") !=
               std::string::npos);
    BOOST_TEST(grondslag::open_bundle("grondslag-bundle/2 sha256:00\n{}").error.find("older format") != std::string::npos);

    // Changed after sealing: in the first line or after it.
    std::string header_changed = bundle;
    header_changed[30] = header_changed[30] == '0' ? '1' : '0';
    BOOST_TEST(grondslag::open_bundle(header_changed, {*public_key}).error.find("altered") != std::string::npos);
    std::string body_changed = bundle;
    body_changed[bundle.size() / 2] ^= 1;
    BOOST_TEST(grondslag::open_bundle(body_changed, {*public_key}).error.find("altered") != std::string::npos);
    std::string cut = bundle.substr(0, 40);
    BOOST_TEST(grondslag::open_bundle(cut).error.find("first line") != std::string::npos);

    // Crafted, with the digest made to match: no longer signed by the key, so refused with it;
    // without it, sections that do not add up are refused, an image said to be another engine
    // build's is not used.
    const std::string body = bundle.substr(bundle.find('\n') + 1);
    auto reseal = [](const std::string& b) { return "grondslag-bundle/3 sha256:" + grondslag::sha256_hex(b) + "\n" + b; };
    BOOST_TEST(grondslag::open_bundle(reseal(body), {*public_key}).error.find("not signed") != std::string::npos);
    BOOST_TEST(grondslag::open_bundle(reseal(body)).error.empty());
    BOOST_TEST(grondslag::open_bundle(reseal(body + "x")).error.find("does not account for") != std::string::npos);
    BOOST_TEST(grondslag::open_bundle(reseal(body.substr(0, body.size() - 1))).error.find("incomplete (its compiled image)") !=
               std::string::npos);
    std::string other_engine = body;
    const auto fingerprint = other_engine.find(std::string(grondslag::image::engine_fingerprint()));
    BOOST_REQUIRE(fingerprint < other_engine.find('\n'));
    other_engine[fingerprint + 20] = other_engine[fingerprint + 20] == 'a' ? 'b' : 'a';
    const grondslag::LoadedBundle compiled_instead = grondslag::open_bundle(reseal(other_engine));
    BOOST_TEST(compiled_instead.error.empty(), compiled_instead.error);
    BOOST_TEST(!compiled_instead.policies.from_image());
    BOOST_TEST(compiled_instead.notice.find("written by another engine build; its sources were compiled instead") != std::string::npos,
               compiled_instead.notice);
    BOOST_TEST(grondslag::open_bundle(reseal("not json\n")).error.find("header is not valid JSON") != std::string::npos);
}

// The attacks on the bundle: each is refused with a verification key, and those that change what
// decides are refused without one too.
BOOST_AUTO_TEST_CASE(altered_bundles_never_serve) {
    const Policies compiled = Policies::load_directories({root + "/tests/golden/policies"});
    grondslag::VerifyReport passed;
    passed.checks = 1;
    std::string why;
    const auto pair = grondslag::testing::test_key_pair(2), other = grondslag::testing::test_key_pair(3);
    const auto key = grondslag::SigningKey::from_pem(pair.private_pem, why);
    const auto public_key = grondslag::VerificationKey::from_pem(pair.public_pem, why);
    const auto other_key = grondslag::SigningKey::from_pem(other.private_pem, why);
    const auto other_public = grondslag::VerificationKey::from_pem(other.public_pem, why);
    BOOST_REQUIRE(key && public_key && other_key && other_public);
    const std::string bundle = grondslag::seal_bundle(compiled, passed, &*key);
    const std::string body = bundle.substr(bundle.find('\n') + 1);
    auto reseal = [](const std::string& b) { return "grondslag-bundle/3 sha256:" + grondslag::sha256_hex(b) + "\n" + b; };

    // A compiled image patched (its sources untouched, so the answers would carry the genuine
    // policy_set): a byte of the image flipped, the digest recomputed.
    std::string patched = body;
    patched[patched.size() - 100] ^= 0x01;
    BOOST_TEST(grondslag::open_bundle(reseal(patched), {*public_key}).error.find("not signed") != std::string::npos);
    const grondslag::LoadedBundle unsigned_patch = grondslag::open_bundle(reseal(patched));
    BOOST_TEST(unsigned_patch.error.find("image was altered") != std::string::npos, unsigned_patch.error);
    // The same patch re-signed with the right key would be a signer's own act; with another key it is refused.
    BOOST_TEST(grondslag::open_bundle(grondslag::seal_bundle(compiled, passed, &*other_key), {*public_key}).error.find(
                   "not one of the verification keys") != std::string::npos);
    // Rotation: either key of a list is accepted.
    BOOST_TEST(grondslag::open_bundle(grondslag::seal_bundle(compiled, passed, &*other_key), {*public_key, *other_public})
                   .error.empty());

    // A failed verification with its recorded exit code edited to 0, digest recomputed.
    std::string failed_body = grondslag::seal_bundle(compiled, passed, &*key);
    failed_body = failed_body.substr(failed_body.find('\n') + 1);
    const auto at = failed_body.find("\"exit_code\":0");
    BOOST_REQUIRE(at != std::string::npos);
    failed_body[at + 12] = '1';
    BOOST_TEST(grondslag::open_bundle(reseal(failed_body), {*public_key}).error.find("not signed") != std::string::npos);
    BOOST_TEST(grondslag::open_bundle(reseal(failed_body)).error.find("did not pass") != std::string::npos);

    // The signature moved onto another body: refused.
    const std::string first_line = bundle.substr(0, bundle.find('\n'));
    const std::string signature = first_line.substr(first_line.find(" signed "));
    const std::string moved = "grondslag-bundle/3 sha256:" + grondslag::sha256_hex(patched) + signature + "\n" + patched;
    BOOST_TEST(grondslag::open_bundle(moved, {*public_key}).error.find("does not verify") != std::string::npos);
    // A malformed signature field.
    const std::string malformed = "grondslag-bundle/3 sha256:" + grondslag::sha256_hex(body) + " signed x zz\n" + body;
    BOOST_TEST(grondslag::open_bundle(malformed, {*public_key}).error.find("signature is malformed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(keys_are_ed25519_pem) {
    std::string why;
    BOOST_TEST(!grondslag::SigningKey::from_pem("not a key", why));
    BOOST_TEST(why.find("not a private key in PEM form") != std::string::npos);
    const auto pair = grondslag::testing::test_key_pair(4);
    BOOST_TEST(!grondslag::SigningKey::from_pem(pair.public_pem, why));
    BOOST_TEST(!grondslag::VerificationKey::from_pem(pair.private_pem, why));  // a private key is not handed to servers
    BOOST_TEST(!grondslag::VerificationKey::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", why));
    BOOST_TEST(why.find("not a public key in PEM form") != std::string::npos);
    const auto key = grondslag::SigningKey::from_pem(pair.private_pem, why);
    const auto public_key = grondslag::VerificationKey::from_pem(pair.public_pem, why);
    BOOST_REQUIRE(key && public_key);
    BOOST_TEST(key->key_id() == public_key->key_id());
    BOOST_TEST(key->key_id().rfind("ed25519:", 0) == 0);
    const std::string signature = key->sign("message");
    BOOST_TEST(signature.size() == 64u);
    BOOST_TEST(public_key->verify("message", signature));
    BOOST_TEST(!public_key->verify("messagf", signature));
    BOOST_TEST(!public_key->verify("message", signature.substr(1)));
}

BOOST_AUTO_TEST_SUITE_END()
