// SPDX-License-Identifier: GPL-2.0-or-later
// The stream prober (HTTP and TLS) against servers on the host's loopback,
// run by a thread of this test: plain HTTP and HTTPS with a throwaway
// self-signed certificate made here with OpenSSL. 200 is Ok, 500 is
// HttpStatus, a wrong digest HttpBodyMismatch, a wrong CA TlsCertInvalid,
// a certificate near its end TlsCertExpiring, a listener that never
// answers a timeout, plain HTTP on the TLS port TlsHandshakeFailed.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>

#include "common/ev/event_loop.h"
#include "nanny/probe.h"

namespace lvs::nanny {
namespace {

using shm::ProbeOutcome;

// A self-signed certificate for "localhost" valid for `days`, and its key.
struct Cert {
    EVP_PKEY* key = nullptr;
    X509* x509 = nullptr;
    std::string file;  // the certificate in PEM: the CA that trusts it
    ~Cert() {
        X509_free(x509);
        EVP_PKEY_free(key);
        if (!file.empty()) ::unlink(file.c_str());
    }
};

std::unique_ptr<Cert> make_cert(long days) {
    auto c = std::make_unique<Cert>();
    c->key = EVP_EC_gen("P-256");
    c->x509 = X509_new();
    X509_set_version(c->x509, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(c->x509), std::rand());
    X509_gmtime_adj(X509_getm_notBefore(c->x509), -3600);
    X509_gmtime_adj(X509_getm_notAfter(c->x509), days * 86400 + 3600);
    X509_set_pubkey(c->x509, c->key);
    X509_NAME* name = X509_get_subject_name(c->x509);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(c->x509, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, c->x509, c->x509, nullptr, nullptr, 0);
    for (const char* ext : {"subjectAltName=DNS:localhost", "basicConstraints=critical,CA:TRUE"}) {
        const std::string e(ext);
        const auto eq = e.find('=');
        X509_EXTENSION* x = X509V3_EXT_conf(nullptr, &ctx, e.substr(0, eq).c_str(), e.substr(eq + 1).c_str());
        X509_add_ext(c->x509, x, -1);
        X509_EXTENSION_free(x);
    }
    X509_sign(c->x509, c->key, EVP_sha256());
    char path[] = "/tmp/nanny-test-ca-XXXXXX";
    const int fd = ::mkstemp(path);
    FILE* f = ::fdopen(fd, "w");
    PEM_write_X509(f, c->x509);
    std::fclose(f);
    c->file = path;
    return c;
}

// Accepts connections one at a time on a loopback port and answers each
// with `reply` (over TLS when a certificate is set), until stopped.
class Server {
public:
    Server() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&sin), sizeof sin);
        ::listen(fd_, 8);
        socklen_t len = sizeof sin;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sin), &len);
        port_ = ntohs(sin.sin_port);
    }
    ~Server() {
        stop_ = true;
        ::shutdown(fd_, SHUT_RDWR);
        if (thread_.joinable()) thread_.join();
        ::close(fd_);
        SSL_CTX_free(ctx_);
    }
    std::uint16_t port() const { return port_; }
    // Serves `reply`; with `cert`, over TLS. Without calling serve(), the
    // listener never accepts: a handshake to it stalls.
    void serve(std::string reply, const Cert* cert) {
        reply_ = std::move(reply);
        if (cert) {
            ctx_ = SSL_CTX_new(TLS_server_method());
            SSL_CTX_use_certificate(ctx_, cert->x509);
            SSL_CTX_use_PrivateKey(ctx_, cert->key);
        }
        thread_ = std::thread([this] { run(); });
    }

private:
    void run() {
        while (!stop_) {
            const int c = ::accept(fd_, nullptr, nullptr);
            if (c < 0) return;
            ctx_ ? answer_tls(c) : answer_plain(c);
            ::close(c);
        }
    }
    void answer_plain(int c) {
        std::string req;
        char buf[2048];
        while (req.find("\r\n\r\n") == std::string::npos) {
            const ssize_t n = ::recv(c, buf, sizeof buf, 0);
            if (n <= 0) break;
            req.append(buf, static_cast<std::size_t>(n));
            if (req[0] < 'A' || req[0] > 'Z') break;  // no HTTP request (a TLS ClientHello): answer at once
        }
        ::send(c, reply_.data(), reply_.size(), MSG_NOSIGNAL);
    }
    void answer_tls(int c) {
        SSL* ssl = SSL_new(ctx_);
        SSL_set_fd(ssl, c);
        if (SSL_accept(ssl) == 1) {
            std::string req;
            char buf[2048];
            while (req.find("\r\n\r\n") == std::string::npos) {
                const int n = SSL_read(ssl, buf, sizeof buf);
                if (n <= 0) break;
                req.append(buf, static_cast<std::size_t>(n));
            }
            SSL_write(ssl, reply_.data(), static_cast<int>(reply_.size()));
            SSL_shutdown(ssl);
        }
        SSL_free(ssl);
        ERR_clear_error();
    }

    int fd_ = -1;
    std::uint16_t port_ = 0;
    std::string reply_;
    SSL_CTX* ctx_ = nullptr;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

const std::string kOk = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
const std::string kFail = "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n";
const std::string kChunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n";

class HttpProbeTest : public ::testing::Test {
protected:
    void SetUp() override {
        spec_.addr = *IpAddress::parse("127.0.0.1");
        spec_.timeout = std::chrono::milliseconds(2000);
        spec_.http.on = true;
        spec_.http.host = "localhost";
    }
    void use_tls(const Cert& ca) {
        spec_.tls.on = true;
        spec_.tls.sni = "localhost";
        spec_.tls.verify_name = "localhost";
        spec_.tls.ca = ca.file;
    }
    ProbeOutcome check(std::uint16_t port) {
        spec_.port = port;
        std::optional<ProbeOutcome> got;
        prober_->start(spec_, [&](ProbeOutcome o, std::chrono::microseconds, auto) {
            got = o;
            loop_.stop();
        });
        if (!got) loop_.run();
        return got.value_or(ProbeOutcome::None);
    }

    ev::Loop& loop_ = ev::Loop::instance();
    ProbeSpec spec_;
    std::unique_ptr<StreamProber> prober_ = make_stream_prober();
};

TEST_F(HttpProbeTest, PlainHttpStatusAndBody) {
    Server ok, fail, chunked;
    ok.serve(kOk, nullptr);
    fail.serve(kFail, nullptr);
    chunked.serve(kChunked, nullptr);
    EXPECT_EQ(check(ok.port()), ProbeOutcome::Ok);
    EXPECT_EQ(prober_->last_status(), 200);
    EXPECT_EQ(prober_->last_body(), "hello");
    EXPECT_EQ(check(fail.port()), ProbeOutcome::HttpStatus);
    spec_.http.body = *http::BodyRule::make("", http::sha256_hex("hello"));
    EXPECT_EQ(check(chunked.port()), ProbeOutcome::Ok);
    spec_.http.body = *http::BodyRule::make("", http::sha256_hex("other"));
    EXPECT_EQ(check(ok.port()), ProbeOutcome::HttpBodyMismatch);
    spec_.http.body = *http::BodyRule::make("^hel+o$", "");
    EXPECT_EQ(check(ok.port()), ProbeOutcome::Ok);
    EXPECT_FALSE(prober_->cert_days_left().has_value());
}

TEST_F(HttpProbeTest, GarbageIsABadResponse) {
    Server s;
    s.serve("SSH-2.0-OpenSSH_9.2\r\n", nullptr);
    EXPECT_EQ(check(s.port()), ProbeOutcome::HttpBadResponse);
}

TEST_F(HttpProbeTest, RedirectsOnThisServerAreFollowed) {
    Server target, redirect, away;
    target.serve(kOk, nullptr);
    redirect.serve("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:" + std::to_string(target.port()) +
                       "/next\r\nContent-Length: 0\r\n\r\n",
                   nullptr);
    away.serve("HTTP/1.1 301 Moved\r\nLocation: http://elsewhere.example/\r\nContent-Length: 0\r\n\r\n", nullptr);
    spec_.http.status = *http::StatusSet::parse("200");
    EXPECT_EQ(check(redirect.port()), ProbeOutcome::HttpStatus);  // redirects 0: the 302 is judged
    spec_.http.redirects = 1;
    // A Location on another port is another server: not followed.
    EXPECT_EQ(check(redirect.port()), ProbeOutcome::HttpRedirectFailed);
    EXPECT_EQ(check(away.port()), ProbeOutcome::HttpRedirectFailed);
}

TEST_F(HttpProbeTest, HttpsWithTheRightCaIsOk) {
    const auto cert = make_cert(90);
    Server s;
    s.serve(kOk, cert.get());
    use_tls(*cert);
    EXPECT_EQ(check(s.port()), ProbeOutcome::Ok);
    ASSERT_TRUE(prober_->cert_days_left().has_value());
    EXPECT_EQ(*prober_->cert_days_left(), 90);
    EXPECT_EQ(prober_->last_body(), "hello");
    // Again, on the context made by the first check.
    EXPECT_EQ(check(s.port()), ProbeOutcome::Ok);
}

TEST_F(HttpProbeTest, HttpsStatusAndDigestAreJudgedToo) {
    const auto cert = make_cert(90);
    Server fail, ok;
    fail.serve(kFail, cert.get());
    ok.serve(kOk, cert.get());
    use_tls(*cert);
    EXPECT_EQ(check(fail.port()), ProbeOutcome::HttpStatus);
    spec_.http.body = *http::BodyRule::make("", http::sha256_hex("other"));
    EXPECT_EQ(check(ok.port()), ProbeOutcome::HttpBodyMismatch);
}

TEST_F(HttpProbeTest, AWrongCaOrNameIsACertificateInvalid) {
    const auto cert = make_cert(90), other = make_cert(90);
    Server s;
    s.serve(kOk, cert.get());
    use_tls(*other);
    EXPECT_EQ(check(s.port()), ProbeOutcome::TlsCertInvalid);
    use_tls(*cert);
    spec_.tls.verify_name = "www.example.com";
    auto fresh = make_stream_prober();  // the CA is read once per prober
    prober_ = std::move(fresh);
    EXPECT_EQ(check(s.port()), ProbeOutcome::TlsCertInvalid);
}

TEST_F(HttpProbeTest, AnExpiringCertificateWarnsOrFails) {
    const auto cert = make_cert(5);
    Server s;
    s.serve(kOk, cert.get());
    use_tls(*cert);
    EXPECT_EQ(check(s.port()), ProbeOutcome::TlsCertExpiring);
    EXPECT_TRUE(shm::passed(ProbeOutcome::TlsCertExpiring, spec_.tls.expiry_fails));
    EXPECT_EQ(prober_->cert_days_left().value_or(-100), 5);
    spec_.tls.expiry_fails = true;
    EXPECT_EQ(check(s.port()), ProbeOutcome::TlsCertExpiring);
    EXPECT_FALSE(shm::passed(ProbeOutcome::TlsCertExpiring, spec_.tls.expiry_fails));
    spec_.tls.expiry_fails = false;
    spec_.tls.expiry_warn_days = 3;
    EXPECT_EQ(check(s.port()), ProbeOutcome::Ok);
}

TEST_F(HttpProbeTest, AStalledHandshakeTimesOut) {
    const auto cert = make_cert(90);
    Server s;  // listens, never accepts: the TCP handshake completes, TLS never answers
    use_tls(*cert);
    spec_.timeout = std::chrono::milliseconds(300);
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(check(s.port()), ProbeOutcome::ReadTimeout);
    const auto took = std::chrono::steady_clock::now() - t0;
    EXPECT_GE(took, std::chrono::milliseconds(250));
    EXPECT_LT(took, std::chrono::milliseconds(1500));
}

TEST_F(HttpProbeTest, PlainHttpOnTheTlsPortFailsTheHandshake) {
    const auto cert = make_cert(90);
    Server s;
    s.serve("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", nullptr);
    use_tls(*cert);
    EXPECT_EQ(check(s.port()), ProbeOutcome::TlsHandshakeFailed);
}

TEST_F(HttpProbeTest, SendExpectOverTls) {
    const auto cert = make_cert(90);
    Server s;
    s.serve("220 ready\r\n", cert.get());
    use_tls(*cert);
    spec_.http.on = false;
    spec_.send = "HELLO\r\n\r\n";
    spec_.expect = *ExpectRule::make("220", false);
    EXPECT_EQ(check(s.port()), ProbeOutcome::Ok);
    spec_.expect = *ExpectRule::make("500", false);
    EXPECT_EQ(check(s.port()), ProbeOutcome::ExpectMismatch);
}

}  // namespace
}  // namespace lvs::nanny
