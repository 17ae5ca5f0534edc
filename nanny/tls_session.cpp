// SPDX-License-Identifier: GPL-2.0-or-later
// OpenSSL client contexts and sessions for nanny's TLS checks.
#include "nanny/tls_session.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <malloc.h>
#include <signal.h>
#include <sys/stat.h>

#include "common/base/ip_address.h"

namespace lvs::nanny {
namespace {

// OpenSSL's error texts are not loaded (TlsContext::make): the message
// carries the code, which `openssl errstr CODE` explains.
std::string ssl_error(const char* what) {
    char buf[160] = {};
    const unsigned long e = ERR_get_error();
    if (e) ERR_error_string_n(e, buf, sizeof buf);
    ERR_clear_error();
    return std::string(what) + (e ? std::string(": ") + buf + " (openssl errstr explains the code)" : std::string());
}

Result<void> load_ca(SSL_CTX* ctx, const std::string& ca) {
    struct stat st{};
    if (::stat(ca.c_str(), &st) != 0) return make_error(ErrorCode::Io, "tls CA " + ca, errno);
    const bool dir = S_ISDIR(st.st_mode);
    if (SSL_CTX_load_verify_locations(ctx, dir ? nullptr : ca.c_str(), dir ? ca.c_str() : nullptr) != 1)
        return make_error(ErrorCode::Config, ssl_error(("cannot load the CA " + ca).c_str()));
    return {};
}

Result<void> load_client_cert(SSL_CTX* ctx, const std::string& cert, const std::string& key) {
    if (SSL_CTX_use_certificate_chain_file(ctx, cert.c_str()) != 1)
        return make_error(ErrorCode::Config, ssl_error(("cannot load the client certificate " + cert).c_str()));
    if (SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1)
        return make_error(ErrorCode::Config, ssl_error(("cannot load the client key " + key).c_str()));
    return {};
}

}  // namespace

Result<std::unique_ptr<TlsContext>> TlsContext::make(const TlsSpec& spec) {
    // OpenSSL writes to the socket with write(2): a peer that reset the
    // connection must not kill nanny with SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
    // No openssl.cnf: it could name engine or provider modules, which a
    // static nanny must not dlopen; nanny's settings are all on its command
    // line. No error texts either: 63 KiB of heap in every TLS nanny, for
    // messages that only a bad CA or client-certificate file would print.
    OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_LOAD_SSL_STRINGS |
                         OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS,
                     nullptr);
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) return make_error(ErrorCode::Io, ssl_error("cannot make a TLS context"));
    std::unique_ptr<TlsContext> out(new TlsContext(ctx));
    SSL_CTX_set_min_proto_version(ctx, spec.min_version == 13 ? TLS1_3_VERSION : TLS1_2_VERSION);
    // The verdict on the certificate is nanny's, after the handshake
    // (TlsCertInvalid rather than a failed handshake); servers that close
    // without close_notify end a close-delimited body.
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_TICKET);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    if (spec.ca) {
        if (auto r = load_ca(ctx, *spec.ca); !r.ok()) return std::move(r).error();
    } else if (spec.verify_default && SSL_CTX_set_default_verify_paths(ctx) != 1) {
        return make_error(ErrorCode::Config, ssl_error("cannot load the system's CAs"));
    }
    if (spec.cert && spec.key)
        if (auto r = load_client_cert(ctx, *spec.cert, *spec.key); !r.ok()) return std::move(r).error();
    // Making the context allocates and frees a few hundred KiB (the
    // provider's algorithm tables, the parsed CA file): hand the free top of
    // the heap back, since each TLS nanny would keep it.
    ::malloc_trim(0);
    return out;
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

bool TlsSession::begin(const TlsContext& ctx, int fd, const TlsSpec& spec) {
    end();
    ERR_clear_error();
    ssl_ = SSL_new(ctx.get());
    if (!ssl_ || SSL_set_fd(ssl_, fd) != 1) return end(), false;
    if (!spec.sni.empty()) SSL_set_tlsext_host_name(ssl_, spec.sni.c_str());
    if (spec.verifies() && !spec.verify_name.empty()) {
        X509_VERIFY_PARAM* p = SSL_get0_param(ssl_);
        const bool ip = IpAddress::parse(spec.verify_name).has_value();
        const int ok = ip ? X509_VERIFY_PARAM_set1_ip_asc(p, spec.verify_name.c_str())
                          : X509_VERIFY_PARAM_set1_host(p, spec.verify_name.c_str(), 0);
        if (ok != 1) return end(), false;
    }
    SSL_set_connect_state(ssl_);
    return true;
}

TlsSession::Step TlsSession::step_of(int rc) const {
    switch (SSL_get_error(ssl_, rc)) {
        case SSL_ERROR_WANT_READ: return Step::WantRead;
        case SSL_ERROR_WANT_WRITE: return Step::WantWrite;
        case SSL_ERROR_ZERO_RETURN: return Step::Closed;
        case SSL_ERROR_SYSCALL: return rc == 0 ? Step::Closed : Step::Failed;
        default: return Step::Failed;
    }
}

TlsSession::Step TlsSession::handshake() {
    ERR_clear_error();
    const int rc = SSL_do_handshake(ssl_);
    if (rc == 1) return Step::Done;
    const Step s = step_of(rc);
    return s == Step::Closed ? Step::Failed : s;  // a peer that hangs up mid-handshake failed it
}

TlsSession::Step TlsSession::write(std::string_view bytes, std::size_t& written) {
    ERR_clear_error();
    written = 0;
    const int rc = SSL_write_ex(ssl_, bytes.data(), bytes.size(), &written);
    return rc == 1 ? Step::Done : step_of(rc);
}

TlsSession::Step TlsSession::read(char* buf, std::size_t cap, std::size_t& got) {
    ERR_clear_error();
    got = 0;
    const int rc = SSL_read_ex(ssl_, buf, cap, &got);
    return rc == 1 ? Step::Done : step_of(rc);
}

bool TlsSession::verified() const { return ssl_ && SSL_get_verify_result(ssl_) == X509_V_OK; }

std::optional<int> TlsSession::days_left() const {
    if (!ssl_) return std::nullopt;
    X509* cert = SSL_get0_peer_certificate(ssl_);
    if (!cert) return std::nullopt;
    int days = 0, secs = 0;
    if (ASN1_TIME_diff(&days, &secs, nullptr, X509_get0_notAfter(cert)) != 1) return std::nullopt;
    const long long total = static_cast<long long>(days) * 86400 + secs;
    return static_cast<int>(total >= 0 ? total / 86400 : -((-total + 86399) / 86400));
}

void TlsSession::end() {
    if (!ssl_) return;
    SSL_free(ssl_);
    ssl_ = nullptr;
    ERR_clear_error();
    // A handshake's buffers, key shares and the server's chain are freed
    // here, in the middle of the heap: give their pages back, or every TLS
    // nanny keeps its high-water mark (one madvise per check, against the
    // handshake's milliseconds).
    ::malloc_trim(0);
}

}  // namespace lvs::nanny
