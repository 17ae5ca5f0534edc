// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb through the real HTTP adapter: libmicrohttpd on 127.0.0.1 on an
// ephemeral port, driven by the libev loop, and real requests from a
// client thread.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
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

}  // namespace
}  // namespace lvs::web
