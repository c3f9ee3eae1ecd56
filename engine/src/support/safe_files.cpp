#include "grondslag/safe_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace grondslag {

bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) {
            errno = EIO;
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool replace_file(const std::string& path, const std::string& text, std::string& error) {
    const auto fail = [&](const std::string& why) {
        error = "cannot write " + path + ": " + why;
        return false;
    };
    mode_t mode = 0666;
    bool exists = false;
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
        if (S_ISLNK(st.st_mode)) return fail("it is a symbolic link, which is not followed or replaced");
        if (!S_ISREG(st.st_mode)) return fail("it is not a regular file");
        mode = st.st_mode & 07777;
        exists = true;
    } else if (errno != ENOENT) {
        return fail(std::strerror(errno));
    }
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    std::string temp_name = dir + "." + name + ".XXXXXX.tmp";
    std::vector<char> temp(temp_name.begin(), temp_name.end());
    temp.push_back('\0');
    const int fd = ::mkostemps(temp.data(), 4, O_CLOEXEC);  // O_CREAT | O_EXCL, mode 0600
    if (fd < 0) return fail(std::strerror(errno));
    const auto discard = [&](int err) {
        ::close(fd);
        ::unlink(temp.data());
        return fail(std::strerror(err));
    };
    if (!write_all(fd, text.data(), text.size())) return discard(errno);
    if (!exists) {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        mode = 0666 & ~mask;
    }
    if (::fchmod(fd, mode) != 0) return discard(errno);
    if (::fsync(fd) != 0) return discard(errno);
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(temp.data());
        return fail(std::strerror(err));
    }
    if (::rename(temp.data(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.data());
        return fail(std::strerror(err));
    }
    return true;
}

}  // namespace grondslag
