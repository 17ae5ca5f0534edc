// SPDX-License-Identifier: GPL-2.0-or-later
// Password hashing (libcrypt), the password file and the terminal.
#include "lvsweb/password.h"

#include <crypt.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "common/base/file.h"

namespace lvs::web {

std::string password_problem(const std::string& pw) {
    if (pw.size() < 8) return "the password must have at least 8 characters";
    if (pw.size() > 512) return "the password must have at most 512 characters";
    for (const unsigned char c : pw)
        if (c < 0x20 || c == 0x7f) return "the password must not contain control characters";
    return {};
}

Result<std::string> hash_password(const std::string& pw) {
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$y$", 0, nullptr, 0, salt, sizeof salt))
        return make_error(ErrorCode::Io, "crypt_gensalt_rn (yescrypt)", errno);
    auto data = std::make_unique<crypt_data>();
    const char* h = crypt_rn(pw.c_str(), salt, data.get(), sizeof *data);
    if (!h || h[0] == '*') return make_error(ErrorCode::Io, "crypt_rn (yescrypt)", errno);
    return std::string(h);
}

bool verify_password(const std::string& pw, const std::string& hash) {
    if (hash.empty() || hash[0] != '$') return false;
    auto data = std::make_unique<crypt_data>();
    const char* h = crypt_rn(pw.c_str(), hash.c_str(), data.get(), sizeof *data);
    if (!h || h[0] == '*') return false;
    const std::size_t n = std::strlen(h);
    return n == hash.size() && CRYPTO_memcmp(h, hash.data(), n) == 0;
}

Result<std::string> read_password_file(const std::string& path) {
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0)
        return make_error(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io, path, errno);
    if (st.st_mode & 077) return make_error(ErrorCode::Permission, path + " is open to group or others (chmod 600)");
    auto text = read_file(path);
    if (!text.ok()) return text.error();
    std::string h = *text;
    while (!h.empty() && (h.back() == '\n' || h.back() == '\r')) h.pop_back();
    if (h.empty() || h[0] != '$' || h.find('\n') != std::string::npos)
        return make_error(ErrorCode::Config, path + " holds no password hash (run lvsweb --passwd)");
    return h;
}

Status write_password_file(const std::string& path, const std::string& hash) {
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return make_error(ErrorCode::Io, tmp, errno);
    const std::string line = hash + "\n";
    bool ok = ::fchmod(fd, 0600) == 0 && (::geteuid() != 0 || ::fchown(fd, 0, 0) == 0);
    ok = ok && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    const int e = errno;
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
        const int e2 = ok ? errno : e;
        ::unlink(tmp.c_str());
        return make_error(ErrorCode::Io, path, e2);
    }
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    if (const int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); d >= 0) {
        (void)::fsync(d);
        ::close(d);
    }
    return ok_status();
}

namespace {

// One line from `fd`, without its newline; false at end of input.
bool read_line(int fd, std::string& out) {
    out.clear();
    char c = 0;
    ssize_t n = 0;
    while ((n = ::read(fd, &c, 1)) == 1 && c != '\n') {
        if (out.size() < 4096) out += c;
    }
    if (!out.empty() && out.back() == '\r') out.pop_back();
    return n == 1 || !out.empty();
}

bool ask(const char* prompt, std::string& out) {
    std::fputs(prompt, stderr);
    std::fflush(stderr);
    termios old{};
    ::tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    const bool got = read_line(STDIN_FILENO, out);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    return got;
}

}  // namespace

Result<std::string> read_new_password() {
    std::string pw;
    if (!::isatty(STDIN_FILENO)) {
        if (!read_line(STDIN_FILENO, pw)) return make_error(ErrorCode::Invalid, "no password on standard input");
        return pw;
    }
    std::string again;
    if (!ask("New password: ", pw) || !ask("Again: ", again)) return make_error(ErrorCode::Invalid, "no password given");
    if (pw != again) return make_error(ErrorCode::Invalid, "the passwords differ");
    return pw;
}

}  // namespace lvs::web
