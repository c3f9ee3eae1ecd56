// The grondslag command line: a thin layer over the engine library.
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <openssl/crypto.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include "grondslag/grondslag.hpp"
#include "grondslag/exit_code.hpp"
#include "grondslag/version.hpp"
#include "check_command.hpp"
#include "decide_command.hpp"
#include "serve_command.hpp"
#include "log_command.hpp"
#include "diff_command.hpp"
#include "explain_command.hpp"
#include "fmt_command.hpp"
#include "lsp_command.hpp"
#include "doc_command.hpp"
#include "proofs.hpp"
#include "grondslag/safe_files.hpp"
#include "servable.hpp"
#include "test_command.hpp"
#include "verify_command.hpp"

namespace {

using grondslag::exit_input;
using grondslag::exit_ok;
using grondslag::exit_write_failed;


// Every command's stdout is checked once it is done: a report or list cut short by a full disk or a
// closed stdout must not end in exit 0 (docs/reliability.md, "Nothing silently lost").

int finish_output(int code) {
    std::cout.flush();
    const bool failed = !std::cout || std::fflush(stdout) != 0 || std::ferror(stdout);
    if (!failed) return code;
    std::cerr << "grondslag: cannot write the output to stdout" << (errno ? std::string(": ") + std::strerror(errno) : "")
              << "\n";
    return exit_write_failed;
}

int run(int argc, char** argv);

}  // namespace

int main(int argc, char** argv) {
    // libcrypto's error strings are never shown (a failed check is said in our words); not loading
    // them keeps 0.3-0.4 MB out of every process (peak RSS, docs/performance.md).
    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS, nullptr);
    // A closed stdout or stderr would be taken by the next file opened (a decision log, a report),
    // and output meant for the terminal would land in it. A closed stdout is refused; a closed
    // stdin or stderr is filled with /dev/null (no input; nothing can be said on it).
    for (const int fd : {STDIN_FILENO, STDERR_FILENO})
        if (::fcntl(fd, F_GETFD) < 0) {
            const int null = ::open("/dev/null", O_RDWR);
            if (null >= 0 && null != fd) {
                ::dup2(null, fd);
                ::close(null);
            }
        }
    if (::fcntl(STDOUT_FILENO, F_GETFD) < 0) {
        std::cerr << "grondslag: standard output is closed; nothing is done\n";
        return exit_write_failed;
    }
    return finish_output(run(argc, argv));
}

namespace {

int run(int argc, char** argv) {
    grondslag::cli::keep_command_line(argc, argv);
    CLI::App app{"grondslag: a policy engine for Dutch data-sharing law"};
    app.require_subcommand(1);
    // Which engine answers, in which contract, and the build a bundle's compiled image must match.
    app.set_version_flag("--version", std::string("grondslag ") + std::string(grondslag::engine_version()) +
                                          "\ndecision contract " + std::string(grondslag::contract_version()) +
                                          "\nbuild " + std::string(grondslag::build_fingerprint()));

    auto& check = grondslag::cli::add_check_command(app);

    auto& decide = grondslag::cli::add_decide_command(app);
    auto& serve = grondslag::cli::add_serve_command(app);
    auto& log = grondslag::cli::add_log_command(app);

    auto& test = grondslag::cli::add_test_command(app);

    auto& verify = grondslag::cli::add_verify_command(app);
    auto& diff = grondslag::cli::add_diff_command(app);
    auto& explain = grondslag::cli::add_explain_command(app, *decide.command);
    auto& fmt = grondslag::cli::add_fmt_command(app);
    auto& docs = grondslag::cli::add_doc_commands(app);
    auto& lsp = grondslag::cli::add_lsp_command(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? exit_ok : exit_input;
    }
    if (*check.command) return grondslag::cli::run_check(check);
    if (*decide.command) return grondslag::cli::run_decide(decide);
    if (*serve.command) return grondslag::cli::run_serve(serve);
    if (*log.command) return grondslag::cli::run_log(log);
    if (*test.command) return grondslag::cli::run_test(test);
    if (*verify.command) return grondslag::cli::run_verify(verify);
    if (*diff.command) return grondslag::cli::run_diff(diff);
    if (*explain.command) return grondslag::cli::run_explain(explain);
    if (*fmt.command) return grondslag::cli::run_fmt(fmt);
    if (docs.selected()) return grondslag::cli::run_doc_commands(docs);
    if (*lsp.command) return grondslag::cli::run_lsp(lsp);
    return exit_input;
}

}  // namespace
