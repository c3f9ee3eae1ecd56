#include "fmt_command.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "grondslag/format.hpp"
#include "grondslag/grondslag.hpp"
#include "grondslag/input_limits.hpp"
#include "grondslag/exit_code.hpp"
#include "grondslag/safe_files.hpp"

namespace grondslag::cli {
namespace {

namespace fs = std::filesystem;


// Files in the order given; a directory contributes its *.gsl files, recursively, in path order,
// found as policies are (find_policy_files: a link, FIFO or unreadable folder is an error, not a skip).
bool expand(const std::vector<std::string>& paths, std::vector<std::string>& files) {
    bool ok = true;
    for (const auto& p : paths) {
        std::error_code ec;
        if (p == "-") {
            files.push_back(p);
        } else if (fs::is_directory(p, ec)) {
            std::vector<std::string> found, errors;
            find_policy_files(p, found, errors);
            for (const auto& e : errors) std::cerr << "grondslag: " << e << "\n";
            ok = ok && errors.empty();
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

// A file that nobody may write is left as it is: fmt would otherwise replace it (a rename needs
// only the folder's permission) and undo the owner's choice. So is anything but a regular file.
bool writable(const std::string& path, std::string& why) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        why = std::strerror(errno);
        return false;
    }
    if (S_ISLNK(st.st_mode)) why = "it is a symbolic link; fmt rewrites only regular files";
    else if (!S_ISREG(st.st_mode)) why = "it is not a regular file";
    else if ((st.st_mode & 0222) == 0 || ::access(path.c_str(), W_OK) != 0) why = "it is read-only; fmt leaves it as it is";
    return why.empty();
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
        const bool read = path == "-" ? read_file_within(path, max_policy_file_bytes, "a policy file", text, why)
                                      : read_regular_file_within(path, max_policy_file_bytes, "a policy file", text, why);
        if (!read) {
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
            std::string why;
            if (!writable(path, why) || !replace_file(path, result.text, why)) {
                std::cerr << "grondslag: " << (why.starts_with("cannot write") ? why : "cannot write " + path + ": " + why) << "\n";
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
        return exit_findings;
    }
    return exit_ok;
}

}  // namespace grondslag::cli
