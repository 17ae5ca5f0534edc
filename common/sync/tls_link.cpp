// SPDX-License-Identifier: GPL-2.0-or-later
// The config-sync link over OpenSSL: TLS 1.3, external PSK, no certificate.
#include "common/sync/tls_link.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "common/base/file.h"
#include "common/hb/heartbeat.h"
#include "common/net/sockaddr.h"

namespace lvs::sync {

namespace {

constexpr char kIdentity[] = "lvs-sync";
constexpr char kSalt[] = "lvs-sync psk";
constexpr char kInfo[] = "lvs.cf sync v1";
constexpr unsigned char kTlsAes128GcmSha256[] = {0x13, 0x01};

struct CtxFree { void operator()(SSL_CTX* c) const { SSL_CTX_free(c); } };
struct SslFree { void operator()(SSL* s) const { SSL_free(s); } };
using CtxPtr = std::unique_ptr<SSL_CTX, CtxFree>;
using SslPtr = std::unique_ptr<SSL, SslFree>;

std::string tls_error(const char* what) {
    const unsigned long e = ERR_get_error();
    ERR_clear_error();
    if (e == 0) return std::string(what) + (errno ? std::string(": ") + std::strerror(errno) : std::string(": connection closed or timed out"));
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    return std::string(what) + ": " + buf;
}

SSL_SESSION* psk_session(SSL* ssl) {
    const auto* psk = static_cast<const Psk*>(SSL_get_app_data(ssl));
    const SSL_CIPHER* cipher = SSL_CIPHER_find(ssl, kTlsAes128GcmSha256);
    if (!psk || !cipher) return nullptr;
    SSL_SESSION* s = SSL_SESSION_new();
    if (!s) return nullptr;
    if (!SSL_SESSION_set1_master_key(s, psk->data(), psk->size()) || !SSL_SESSION_set_cipher(s, cipher) ||
        !SSL_SESSION_set_protocol_version(s, TLS1_3_VERSION)) {
        SSL_SESSION_free(s);
        return nullptr;
    }
    return s;
}

int use_session(SSL* ssl, const EVP_MD* md, const unsigned char** id, std::size_t* idlen, SSL_SESSION** sess) {
    SSL_SESSION* s = psk_session(ssl);
    if (s && md && md != SSL_CIPHER_get_handshake_digest(SSL_SESSION_get0_cipher(s))) {
        SSL_SESSION_free(s);
        s = nullptr;
    }
    *sess = s;
    *id = reinterpret_cast<const unsigned char*>(kIdentity);
    *idlen = sizeof kIdentity - 1;
    return s ? 1 : 0;
}

int find_session(SSL* ssl, const unsigned char* id, std::size_t idlen, SSL_SESSION** sess) {
    *sess = nullptr;
    if (idlen != sizeof kIdentity - 1 || std::memcmp(id, kIdentity, idlen) != 0) return 1;  // unknown: no PSK
    *sess = psk_session(ssl);
    return *sess ? 1 : 0;
}

Result<SslPtr> make_ssl(int fd, const Psk& psk, bool server) {
    CtxPtr ctx(SSL_CTX_new(server ? TLS_server_method() : TLS_client_method()));
    if (!ctx) return make_error(ErrorCode::Io, tls_error("SSL_CTX_new"));
    SSL_CTX_set_min_proto_version(ctx.get(), TLS1_3_VERSION);
    SSL_CTX_set_max_proto_version(ctx.get(), TLS1_3_VERSION);
    SSL_CTX_set_options(ctx.get(), SSL_OP_NO_TICKET);
    SSL_CTX_set_num_tickets(ctx.get(), 0);
    if (!SSL_CTX_set_ciphersuites(ctx.get(), "TLS_AES_128_GCM_SHA256"))
        return make_error(ErrorCode::Io, tls_error("TLS_AES_128_GCM_SHA256"));
    if (server) SSL_CTX_set_psk_find_session_callback(ctx.get(), find_session);
    else SSL_CTX_set_psk_use_session_callback(ctx.get(), use_session);
    SslPtr ssl(SSL_new(ctx.get()));  // holds its own reference to the context
    if (!ssl || !SSL_set_fd(ssl.get(), fd)) return make_error(ErrorCode::Io, tls_error("SSL_new"));
    SSL_set_app_data(ssl.get(), const_cast<Psk*>(&psk));
    return ssl;
}

using Clock = std::chrono::steady_clock;

Status set_nonblocking(int fd) {
    const int fl = ::fcntl(fd, F_GETFL);
    if (fl < 0 || ::fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0) return make_error(ErrorCode::Io, "fcntl", errno);
    return ok_status();
}

// Runs one OpenSSL call until it is done, waiting with poll(2) for what it
// wants, and gives up at `until`. 1 = done, 0 = the peer closed or failed
// (tls_error says why), -1 = the deadline passed.
template <class Op>
int drive(SSL* ssl, Clock::time_point until, Op op) {
    for (;;) {
        errno = 0;
        const int r = op();
        if (r == 1) return 1;
        const int e = SSL_get_error(ssl, r);
        if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) return 0;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
        if (left <= 0) return -1;
        pollfd p{SSL_get_fd(ssl), static_cast<short>(e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT), 0};
        const int n = ::poll(&p, 1, static_cast<int>(left));
        if (n == 0) return -1;
        if (n < 0 && errno != EINTR) return 0;
    }
}

Status outcome(int r, const char* what) {
    if (r == 1) return ok_status();
    if (r < 0) return make_error(ErrorCode::Timeout, std::string(what) + ": timed out");
    return make_error(ErrorCode::Io, tls_error(what));
}

Status handshake(SSL* ssl, bool server, std::chrono::milliseconds step) {
    const int r = drive(ssl, Clock::now() + step, [&] { return server ? SSL_accept(ssl) : SSL_connect(ssl); });
    if (r == 1) return ok_status();
    if (r < 0) return make_error(ErrorCode::Timeout, "TLS handshake: timed out");
    return make_error(ErrorCode::Permission, tls_error(server ? "TLS handshake failed"
                                                              : "TLS handshake failed (do both routers have the same heartbeat key?)"));
}

Status write_frame(SSL* ssl, const Frame& f, std::chrono::milliseconds step) {
    const std::string bytes = encode(f);
    const auto until = Clock::now() + step;
    std::size_t done = 0;
    while (done < bytes.size()) {
        std::size_t n = 0;
        const int r = drive(ssl, until, [&] { return SSL_write_ex(ssl, bytes.data() + done, bytes.size() - done, &n); });
        if (r != 1) return outcome(r, "sending");
        done += n;
    }
    return ok_status();
}

// Bounded in time as a whole: a peer that trickles a byte at a time is
// dropped at the deadline all the same.
Result<Frame> read_frame(SSL* ssl, std::chrono::milliseconds limit) {
    const auto until = Clock::now() + limit;
    std::string buf;
    char chunk[16384];
    for (;;) {
        Frame f;
        std::size_t used = 0;
        const Decode d = decode(buf, f, used);
        if (d == Decode::Complete) return f;
        if (d != Decode::Incomplete) return make_error(ErrorCode::Protocol, to_string(d));
        std::size_t n = 0;
        const int r = drive(ssl, until, [&] { return SSL_read_ex(ssl, chunk, sizeof chunk, &n); });
        if (r != 1) return outcome(r, "receiving").error();
        buf.append(chunk, n);
    }
}

// A polite close_notify, never waited for.
void close_tls(SSL* ssl) {
    if (SSL_shutdown(ssl) < 0) ERR_clear_error();
}

}  // namespace

Result<Psk> derive_psk(std::span<const std::uint8_t> key) {
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
    EVP_KDF_CTX* kctx = kdf ? EVP_KDF_CTX_new(kdf) : nullptr;
    EVP_KDF_free(kdf);
    if (!kctx) return make_error(ErrorCode::Io, "HKDF is not available");
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<std::uint8_t*>(key.data()), key.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(kSalt), sizeof kSalt - 1),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(kInfo), sizeof kInfo - 1),
        OSSL_PARAM_construct_end()};
    Psk out(32);
    const int ok = EVP_KDF_derive(kctx, out.data(), out.size(), params);
    EVP_KDF_CTX_free(kctx);
    if (ok != 1) return make_error(ErrorCode::Io, "HKDF-SHA256 failed");
    return out;
}

Result<Psk> psk_from_key_file(const std::string& path) {
    if (path.empty()) return make_error(ErrorCode::Config, "no heartbeat key: set [heartbeat] key_file in lvs.ini on both routers");
    auto text = read_file(path);
    if (!text.ok()) return text.error();
    auto key = hb::parse_key(*text);
    if (!key.ok()) return key.error();
    return derive_psk(*key);
}

Result<int> connect_to(const std::string& addr, std::uint16_t port, std::chrono::milliseconds step) {
    const auto ip = IpAddress::parse(addr);
    if (!ip) return make_error(ErrorCode::Invalid, "not a numeric address: " + addr);
    sockaddr_storage ss{};
    const socklen_t len = net::to_sockaddr(*ip, port, ss);
    const int fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return make_error(ErrorCode::Io, "socket", errno);
    const std::string where = addr + " port " + std::to_string(port);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 && errno != EINPROGRESS) {
        const int e = errno;
        ::close(fd);
        return make_error(ErrorCode::Io, "cannot connect to " + where, e);
    }
    pollfd p{fd, POLLOUT, 0};
    int err = 0;
    socklen_t elen = sizeof err;
    const int r = ::poll(&p, 1, static_cast<int>(step.count()));
    if (r <= 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0 || err != 0) {
        ::close(fd);
        return make_error(r == 0 ? ErrorCode::Timeout : ErrorCode::Io, "cannot connect to " + where, r == 0 ? ETIMEDOUT : err);
    }
    return fd;
}

Result<Frame> exchange(int fd, const Psk& psk, const Frame& request, const Limits& limits) {
    if (auto st = set_nonblocking(fd); !st.ok()) return st.error();
    auto ssl = make_ssl(fd, psk, false);
    if (!ssl.ok()) return ssl.error();
    if (auto st = handshake(ssl->get(), false, limits.step); !st.ok()) return st.error();
    if (auto st = write_frame(ssl->get(), request, limits.step); !st.ok()) return st.error();
    auto answer = read_frame(ssl->get(), limits.frame);
    close_tls(ssl->get());
    return answer;
}

Status serve_one(int fd, const Psk& psk, const std::function<Frame(const Frame&)>& handle, const Limits& limits) {
    if (auto st = set_nonblocking(fd); !st.ok()) return st;
    auto ssl = make_ssl(fd, psk, true);
    if (!ssl.ok()) return ssl.error();
    if (auto st = handshake(ssl->get(), true, limits.step); !st.ok()) return st;
    auto request = read_frame(ssl->get(), limits.frame);
    if (!request.ok()) return request.error();
    if (auto st = write_frame(ssl->get(), handle(*request), limits.step); !st.ok()) return st;
    close_tls(ssl->get());
    return ok_status();
}

}  // namespace lvs::sync
