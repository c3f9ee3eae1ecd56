#include "fmt_command.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "grondslag/format.hpp"
#include "grondslag/input_limits.hpp"

namespace grondslag::cli {
namespace {

namespace fs = std::filesystem;

constexpr int exit_ok = 0;
constexpr int exit_unformatted = 1;
constexpr int exit_input = 2;

// Files in the order given; a directory contributes its *.gsl files, recursively, in path order.
bool expand(const std::vector<std::string>& paths, std::vector<std::string>& files) {
    bool ok = true;
    for (const auto& p : paths) {
        std::error_code ec;
        if (p == "-") {
            files.push_back(p);
        } else if (fs::is_directory(p, ec)) {
            std::vector<std::string> found;
            for (fs::recursive_directory_iterator it(p, ec), last; !ec && it != last; it.increment(ec))
                if (it->is_regular_file() && it->path().extension() == ".gsl") found.push_back(it->path().string());
            if (ec) {
                std::cerr << "grondslag: cannot read the directory " << p << ": " << ec.message() << "\n";
                ok = false;
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(p, ec)) {
            files.push_back(p);
        } else {
            std::cerr << "grondslag: no such file or directory: " << p << "\n";
            ok = false;
        }
    }
    return ok;
}

// Writes next to the file and renames over it, so a reader never sees half a file.
bool replace_file(const std::string& path, const std::string& text) {
    const std::string temp = path + ".fmt-" + std::to_string(::getpid()) + ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            std::remove(temp.c_str());
            return false;
        }
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) ::chmod(temp.c_str(), st.st_mode & 07777);
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        std::remove(temp.c_str());
        return false;
    }
    return true;
}

}  // namespace

FmtCommand& add_fmt_command(CLI::App& app) {
    static FmtCommand command;
    command.command = app.add_subcommand(
        "fmt", "rewrite policy files in the canonical layout; --check lists unformatted files (exit 1) instead");
    command.command->add_option("paths", command.paths, "policy files or directories (every *.gsl below); '-' for stdin")
        ->required();
    command.command->add_flag("--check", command.check,
                              "change nothing; list the files that are not formatted and exit 1 if there are any");
    command.command->add_flag("--stdout", command.to_stdout, "write the formatted text to stdout instead of the files");
    return command;
}

int run_fmt(const FmtCommand& command) {
    std::vector<std::string> files;
    bool input_error = !expand(command.paths, files);
    std::size_t unformatted = 0;
    for (const auto& path : files) {
        const std::string shown = path == "-" ? "<stdin>" : path;
        std::string text, why;
        if (!read_file_within(path, max_policy_file_bytes, "a policy file", text, why)) {
            std::cerr << "grondslag: " << why << "\n";
            input_error = true;
            continue;
        }
        const FormatResult result = format_source(shown, text);
        if (!result.ok) {
            std::cerr << result.diagnostics;
            input_error = true;
            continue;
        }
        const bool changed = result.text != text;
        if (command.check) {
            if (changed) {
                std::cout << shown << "\n";
                ++unformatted;
            }
        } else if (command.to_stdout || path == "-") {
            std::cout << result.text;
        } else if (changed) {
            if (!replace_file(path, result.text)) {
                std::cerr << "grondslag: cannot write " << path << "\n";
                input_error = true;
                continue;
            }
            std::cout << "formatted " << path << "\n";
        }
    }
    std::cout.flush();
    if (input_error) return exit_input;
    if (command.check && unformatted > 0) {
        std::cerr << unformatted << " file(s) not formatted; run `grondslag fmt` on them\n";
        return exit_unformatted;
    }
    return exit_ok;
}

}  // namespace grondslag::cli
