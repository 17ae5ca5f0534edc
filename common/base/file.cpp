// SPDX-License-Identifier: GPL-2.0-or-later
// Bounded whole-file reads and atomic whole-file writes.
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

namespace {

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

void sync_directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    if (const int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); d >= 0) {
        (void)::fsync(d);
        ::close(d);
    }
}

}  // namespace

Status write_file_atomic(const std::string& path, std::string_view data, const WriteMode& how) {
    struct stat old {};
    bool exists = ::lstat(path.c_str(), &old) == 0 && S_ISREG(old.st_mode);
    if (!exists && !how.like.empty()) exists = ::stat(how.like.c_str(), &old) == 0 && S_ISREG(old.st_mode);
    const mode_t mode = exists ? (old.st_mode & 07777) : static_cast<mode_t>(how.mode);
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return make_error(ErrorCode::Io, "failed to create " + tmp, errno);
    bool ok = true;
    if (exists && how.keep_owner && ::geteuid() == 0) ok = ::fchown(fd, old.st_uid, old.st_gid) == 0;
    ok = ok && ::fchmod(fd, mode) == 0 && write_all(fd, data) && ::fsync(fd) == 0;
    const int e = errno;
    ::close(fd);
    if (!ok) {
        ::unlink(tmp.c_str());
        return make_error(ErrorCode::Io, "failed to write " + tmp, e);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int e2 = errno;
        ::unlink(tmp.c_str());
        return make_error(ErrorCode::Io, "failed to replace " + path, e2);
    }
    sync_directory_of(path);
    return ok_status();
}

}  // namespace lvs
