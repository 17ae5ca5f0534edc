// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/base/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace lvs {

Result<std::string> read_file(const std::string& path, const ReadLimit& limit) {
    // Non-blocking open: a FIFO given as a file must not hang the caller.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return make_error(ErrorCode::Io, "failed to open " + path, errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int e = errno;
        ::close(fd);
        return make_error(ErrorCode::Io, "failed to open " + path, e);
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        return make_error(ErrorCode::Io, path + (S_ISDIR(st.st_mode) ? " is a directory" : " is not a regular file"));
    }
    std::string out;
    // /proc files report size 0: read in chunks up to the limit (+1 to see an overflow).
    char buf[65536];
    for (;;) {
        const std::size_t want = std::min(sizeof buf, limit.max_bytes + 1 - out.size());
        const ssize_t n = ::read(fd, buf, want);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int e = errno;
            ::close(fd);
            return make_error(ErrorCode::Io, "I/O error while reading " + path, e);
        }
        if (n == 0) break;
        out.append(buf, static_cast<std::size_t>(n));
        if (out.size() > limit.max_bytes) {
            if (limit.truncate) {
                out.resize(limit.max_bytes);
                break;
            }
            ::close(fd);
            return make_error(ErrorCode::Io, path + " is larger than " + std::to_string(limit.max_bytes >> 20) + " MiB");
        }
    }
    ::close(fd);
    return out;
}

}  // namespace lvs
