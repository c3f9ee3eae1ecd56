// The exit codes of every grondslag command, and of the reports that choose one (VerifyReport,
// DiffReport). One list, so a code means the same in every command (docs/cli.md, "Exit codes").
#pragma once

namespace grondslag {

// Unscoped on purpose: a command returns them as its int exit status.
enum ExitCode : int {
    exit_ok = 0,
    exit_findings = 1,      // the command ran and found what it reports: errors, violations, differences, failing cases
    exit_input = 2,         // it could not run: bad options or input, a policy set with errors, a file not written
    exit_unknown = 3,       // a proof ended unknown (timeout, deadline): nothing is claimed either way
    exit_write_failed = 4,  // a write that carries answers (stdout, the decision log) failed: output stopped there
};

}  // namespace grondslag
