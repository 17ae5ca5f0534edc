// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb through the real HTTP adapter: libmicrohttpd on 127.0.0.1 on an
// ephemeral port, driven by the libev loop, and real requests from a
// client thread; also over TLS (MHD's HTTPS) with a throwaway certificate
// made here with OpenSSL, fetched by an OpenSSL client that verifies it.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <thread>

#include "common/ev/event_loop.h"
#include "tests/support/http_client.h"
#include "common/http/server.h"
#include "lvsweb/web_app.h"
#include "tests/lvsweb/web_fakes.h"

namespace lvs::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::string post(const std::string& path, const std::string& body, const std::string& cookie = "") {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
           "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n" + (cookie.empty() ? "" : "Cookie: " + cookie + "\r\n") + "\r\n" + body;
}

TEST(WebServer, LoginCsrfAndLimitsOverRealHttp) {
    testing::Fakes f;
    WebApp app({}, f.ports());
    http::Options o;
    o.address = "127.0.0.1";
    o.port = 0;
    o.max_body = 1024;
    auto s = http::Server::start(o, [&app](const http::Request& r) { return app.handle(r); });
    ASSERT_TRUE(s.ok()) << s.error().message();
    const std::uint16_t port = (*s)->port();
    std::string wrong, right, page, no_csrf, with_csrf, huge, js;
    lvs::testing::with_loop([&] {
        wrong = lvs::testing::http_exchange(port, post("/login", "password=wrong+one"));
        right = lvs::testing::http_exchange(port, post("/login", "password=correct+horse+battery"));
        const auto c = right.find("lvsweb_session=");
        const std::string cookie = c == std::string::npos ? "" : right.substr(c, 15 + 64);
        page = lvs::testing::http_exchange(port, "GET /control HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: " + cookie + "\r\n\r\n");
        no_csrf = lvs::testing::http_exchange(port, post("/action", "action=reload", cookie));
        const auto at = page.find("name=\"csrf\" value=\"");
        const std::string csrf = at == std::string::npos ? "" : page.substr(at + 19, 64);
        with_csrf = lvs::testing::http_exchange(port, post("/action", "action=reload&csrf=" + csrf, cookie));
        huge = lvs::testing::http_exchange(port, post("/login", "password=" + std::string(5000, 'x')));
        js = lvs::testing::http_exchange(port, "GET /lvsweb.js HTTP/1.0\r\n\r\n");
    });
    EXPECT_THAT(wrong, StartsWith("HTTP/1.1 403"));
    EXPECT_THAT(wrong, HasSubstr("Wrong password."));
    EXPECT_THAT(right, StartsWith("HTTP/1.1 303"));
    EXPECT_THAT(right, HasSubstr("Location: /control"));
    EXPECT_THAT(right, HasSubstr("; HttpOnly; Secure; SameSite=Strict; Path=/"));
    EXPECT_THAT(page, StartsWith("HTTP/1.1 200"));
    EXPECT_THAT(page, HasSubstr("Content-Security-Policy: default-src 'none'; script-src 'self'"));
    EXPECT_THAT(no_csrf, StartsWith("HTTP/1.1 403"));
    EXPECT_THAT(with_csrf, StartsWith("HTTP/1.1 303"));
    ASSERT_EQ(f.signals.size(), 1u);  // the reload with the token, and only it
    EXPECT_THAT(huge, StartsWith("HTTP/1.1 413"));
    EXPECT_THAT(js, StartsWith("HTTP/1.1 200"));
    EXPECT_THAT(js, HasSubstr("Content-Type: text/javascript"));
    EXPECT_EQ((*s)->counters().too_large, 1u);
}

// A self-signed certificate for "localhost" (an hour either side of now)
// and its key, in PEM as [web] tls_cert and tls_key hold them.
struct TestCert {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* x509 = X509_new();
    std::string cert_pem, key_pem;
    TestCert() {
        X509_set_version(x509, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(x509), 1);
        X509_gmtime_adj(X509_getm_notBefore(x509), -3600);
        X509_gmtime_adj(X509_getm_notAfter(x509), 3600);
        X509_set_pubkey(x509, key);
        X509_NAME* name = X509_get_subject_name(x509);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
        X509_set_issuer_name(x509, name);
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, x509, x509, nullptr, nullptr, 0);
        X509_EXTENSION* san = X509V3_EXT_conf(nullptr, &ctx, "subjectAltName", "DNS:localhost");
        X509_add_ext(x509, san, -1);
        X509_EXTENSION_free(san);
        X509_sign(x509, key, EVP_sha256());
        cert_pem = pem([this](BIO* b) { return PEM_write_bio_X509(b, x509); });
        key_pem = pem([this](BIO* b) { return PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr); });
    }
    ~TestCert() {
        X509_free(x509);
        EVP_PKEY_free(key);
    }
    static std::string pem(const std::function<int(BIO*)>& write) {
        BIO* b = BIO_new(BIO_s_mem());
        std::string out;
        if (write(b) == 1) {
            char* data = nullptr;
            const long n = BIO_get_mem_data(b, &data);
            out.assign(data, static_cast<std::size_t>(n));
        }
        BIO_free(b);
        return out;
    }
};

// One request over TLS to 127.0.0.1:PORT, the server's certificate
// verified against `ca` for "localhost"; the whole reply, or "" when the
// handshake or the verification failed.
std::string https_exchange(std::uint16_t port, X509* ca, const std::string& request) {
    std::string reply;
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), ca);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    SSL* ssl = SSL_new(ctx);
    SSL_set_tlsext_host_name(ssl, "localhost");
    SSL_set1_host(ssl, "localhost");
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && SSL_set_fd(ssl, fd) == 1 && SSL_connect(ssl) == 1 &&
        SSL_get_verify_result(ssl) == X509_V_OK) {
        SSL_write(ssl, request.data(), static_cast<int>(request.size()));
        char buf[8192];
        for (int n; (n = SSL_read(ssl, buf, sizeof buf)) > 0;) reply.append(buf, static_cast<std::size_t>(n));
    }
    SSL_free(ssl);
    ::close(fd);
    SSL_CTX_free(ctx);
    return reply;
}

// [web] tls_cert and tls_key: lvsweb serves HTTPS; a login posted from the
// page's own https origin is accepted, plain HTTP gets no page.
TEST(WebServer, ServesHttpsWithTheConfiguredCertificate) {
    TestCert cert;
    ASSERT_FALSE(cert.cert_pem.empty());
    ASSERT_FALSE(cert.key_pem.empty());
    testing::Fakes f;
    WebOptions wo;
    wo.tls = true;
    WebApp app(wo, f.ports());
    http::Options o;
    o.address = "127.0.0.1";
    o.port = 0;
    o.max_body = 1024;
    o.tls_cert_pem = cert.cert_pem;
    o.tls_key_pem = cert.key_pem;
    auto s = http::Server::start(o, [&app](const http::Request& r) { return app.handle(r); });
    ASSERT_TRUE(s.ok()) << s.error().message();
    const std::uint16_t port = (*s)->port();
    const std::string origin = "https://127.0.0.1:" + std::to_string(port);
    std::string page, login, cross, plain;
    lvs::testing::with_loop([&] {
        page = https_exchange(port, cert.x509, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        const std::string host = "127.0.0.1:" + std::to_string(port), body = "password=correct+horse+battery";
        const auto login_from = [&](const std::string& from) {
            return "POST /login HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + from +
                   "\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                   std::to_string(body.size()) + "\r\n\r\n" + body;
        };
        login = https_exchange(port, cert.x509, login_from(origin));
        cross = https_exchange(port, cert.x509, login_from("http://" + host));
        plain = lvs::testing::http_exchange(port, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    });
    EXPECT_THAT(page, StartsWith("HTTP/1.1 200"));
    EXPECT_THAT(page, HasSubstr("<label for=\"password\">Password</label>"));
    EXPECT_THAT(page, HasSubstr("Content-Security-Policy: default-src 'none'"));
    EXPECT_THAT(login, StartsWith("HTTP/1.1 303"));  // the https origin is the page's own
    EXPECT_THAT(login, HasSubstr("; HttpOnly; Secure; SameSite=Strict; Path=/"));
    EXPECT_THAT(cross, StartsWith("HTTP/1.1 403"));  // http:// is another origin for an HTTPS lvsweb
    EXPECT_THAT(plain, Not(HasSubstr("HTTP/1.1 200")));
}

}  // namespace
}  // namespace lvs::web
