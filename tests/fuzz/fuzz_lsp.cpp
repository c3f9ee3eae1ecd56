// libFuzzer target: `grondslag lsp` on any byte stream after the client's initialize (a workspace of the
// golden policies copied to a folder of its own, made once). Never a crash, hang or leak; every reply is
// framed (Content-Length: N, a blank line, N bytes of JSON), and every reply to a request carries its id
// with a result or an error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "grondslag/language_server.hpp"

namespace {

std::string frame(const std::string& body) { return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body; }

const std::string& workspace() {
    static const std::string root = [] {
        const auto dir = std::filesystem::temp_directory_path() / ("grondslag-fuzz-lsp-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        for (const auto& e : std::filesystem::directory_iterator(GRONDSLAG_POLICIES))
            if (e.path().extension() == ".gsl")
                std::filesystem::copy_file(e.path(), dir / e.path().filename(), std::filesystem::copy_options::overwrite_existing);
        return dir.string();
    }();
    return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string init = frame(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"rootUri":")" +
                                   grondslag::uri_from_path(workspace()) + R"("}})");
    std::istringstream in(init + std::string(reinterpret_cast<const char*>(data), size));
    std::ostringstream out;
    const int code = grondslag::run_language_server(in, out);
    if (code != 0 && code != 1) __builtin_trap();
    // Every reply is framed JSON.
    const std::string text = out.str();
    std::size_t at = 0;
    while (at < text.size()) {
        constexpr std::string_view head = "Content-Length: ";
        if (text.compare(at, head.size(), head) != 0) __builtin_trap();
        const std::size_t end = text.find("\r\n\r\n", at);
        if (end == std::string::npos) __builtin_trap();
        const std::size_t length = std::stoul(text.substr(at + head.size(), end - at - head.size()));
        const std::size_t body = end + 4;
        if (body + length > text.size()) __builtin_trap();
        const auto reply = nlohmann::json::parse(text.substr(body, length), nullptr, false);
        if (reply.is_discarded() || !reply.is_object() || reply.value("jsonrpc", "") != "2.0") __builtin_trap();
        if (!reply.contains("method") && !reply.contains("result") && !reply.contains("error")) __builtin_trap();
        at = body + length;
    }
    return 0;
}
