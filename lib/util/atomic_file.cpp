#include "util/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace charter {

namespace {

// (built with += : GCC 12 warns falsely about `"literal" + string` here, PR 105329)
std::string cannot_write(const std::string& path, const std::string& why) {
    std::string s = "cannot write '";
    s += path;
    s += "': ";
    s += why;
    return s;
}

Expected<Unit, std::string> write_all(int fd, const std::string& path, std::string_view content) {
    std::size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return unexpected(cannot_write(path, std::generic_category().message(errno)));
        }
        done += static_cast<std::size_t>(n);
    }
    return Unit{};
}

} // namespace

Expected<Unit, std::string> write_atomically(const std::string& path, std::string_view content,
                                             Durability durability) {
    namespace fs = std::filesystem;
    // a device or a pipe (/dev/null, /dev/stdout, a FIFO) is written to as it
    // is: renaming a file over it would replace it
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            return unexpected(cannot_write(path, "it is a directory"));
        }
        int fd = ::open(path.c_str(), O_WRONLY);
        if (fd < 0) {
            return unexpected(cannot_write(path, std::generic_category().message(errno)));
        }
        auto w = write_all(fd, path, content);
        ::close(fd);
        return w;
    }
    fs::path target(path);
    fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string name = ".";
    name += target.filename().string();
    name += ".XXXXXX";
    std::string tmpl = (dir / name).string();
    int fd = mkstemp(tmpl.data());
    if (fd < 0) {
        return unexpected(cannot_write(path, std::generic_category().message(errno)));
    }
    auto fail = [&](int err) {
        ::close(fd);
        ::unlink(tmpl.c_str());
        return unexpected(cannot_write(path, std::generic_category().message(err)));
    };
    std::size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return fail(errno);
        }
        done += static_cast<std::size_t>(n);
    }
    if (durability == Durability::Synced && ::fsync(fd) != 0) {
        return fail(errno);
    }
    // keep the usual permissions of a new file (mkstemp makes it 0600)
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(tmpl.c_str());
        return unexpected(cannot_write(path, std::generic_category().message(err)));
    }
    if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmpl.c_str());
        return unexpected(cannot_write(path, std::generic_category().message(err)));
    }
    return Unit{};
}

bool same_file(const std::string& a, const std::string& b) {
    struct stat sa {
    }, sb{};
    return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

} // namespace charter
