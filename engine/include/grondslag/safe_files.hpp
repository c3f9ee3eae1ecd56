// Writing output files so that nothing is silently lost and nothing else is overwritten
// (docs/reliability.md, "Nothing silently lost").
#pragma once
#include <string>

namespace grondslag {

// Replaces `path` with `text`: written to a new temporary file beside it (created with O_EXCL under
// a random name, so a link planted under a predictable name cannot redirect the write), every write
// and the close checked, then renamed over `path`, so a reader never sees half a file. Refused when
// `path` exists and is not a regular file (a symbolic link, a FIFO, a device, a directory): it is
// never followed or replaced. The new file keeps the mode of the file it replaces (else 0666 less
// the umask). False with `error` ("cannot write PATH: reason") when it was not written.
bool replace_file(const std::string& path, const std::string& text, std::string& error);

// Writes all of `text` to the descriptor, through short writes and EINTR; false with errno set.
bool write_all(int fd, const char* data, std::size_t size);

}  // namespace grondslag
