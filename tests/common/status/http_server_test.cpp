// SPDX-License-Identifier: GPL-2.0-or-later
// The metrics HTTP server on a real libev loop and real sockets.
#include "common/status/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "common/ev/event_loop.h"
#include "tests/support/http_client.h"

namespace lvs::status {
namespace {

// Sends `request` from a thread while the loop runs; returns the reply.
std::string roundtrip(std::uint16_t port, const std::string& request, bool half_close = true) {
    std::string reply;
    testing::with_loop([&] { reply = testing::http_exchange(port, request, half_close); });
    return reply;
}

TEST(HttpServer, ServesMetricsAndRejectsTheRest) {
    auto s = HttpServer::start("127.0.0.1:0", [](const std::string& path) -> std::string {
        return path == "/metrics" ? "lvs_up 1\n" : "";
    });
    ASSERT_TRUE(s.ok()) << s.error().message();
    ASSERT_TRUE(*s);
    const auto port = (*s)->port();
    std::string r = roundtrip(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(r.rfind("HTTP/1.0 200 OK\r\n", 0), 0u) << r;
    EXPECT_NE(r.find("version=0.0.4"), std::string::npos);
    EXPECT_NE(r.find("\r\n\r\nlvs_up 1\n"), std::string::npos);
    EXPECT_EQ(roundtrip(port, "GET /nope HTTP/1.0\r\n\r\n").rfind("HTTP/1.0 404", 0), 0u);
    EXPECT_EQ(roundtrip(port, "POST /metrics HTTP/1.0\r\n\r\n").rfind("HTTP/1.0 405", 0), 0u);
    // libmicrohttpd answers what it cannot parse itself: a request line
    // without its words is closed unanswered, one over the 8 KiB limit is
    // answered 414; neither reaches the handler, both count as bad.
    const std::string garbage = roundtrip(port, "\x01\x02garbage\r\n\r\n");
    EXPECT_TRUE(garbage.empty() || garbage.rfind("HTTP/1.1 400", 0) == 0) << garbage;
    EXPECT_EQ(roundtrip(port, std::string(9000, 'A')).rfind("HTTP/1.1 414", 0), 0u);
    EXPECT_EQ((*s)->counters().requests, 1u);
    EXPECT_EQ((*s)->counters().bad_requests, 2u);
    EXPECT_EQ((*s)->counters().not_found, 2u);
}

TEST(HttpServer, ListenAddressParsing) {
    std::string a;
    std::uint16_t p = 0;
    EXPECT_TRUE(split_listen("127.0.0.1:9539", a, p));
    EXPECT_EQ(a, "127.0.0.1");
    EXPECT_EQ(p, 9539);
    EXPECT_TRUE(split_listen("[::1]:80", a, p));
    EXPECT_EQ(a, "::1");
    EXPECT_FALSE(split_listen("127.0.0.1", a, p));
    EXPECT_FALSE(split_listen("127.0.0.1:99999", a, p));
    EXPECT_FALSE(split_listen(":80", a, p));
    auto off = HttpServer::start("off", [](const std::string&) { return std::string(); });
    ASSERT_TRUE(off.ok());
    EXPECT_FALSE(*off);
    EXPECT_FALSE(HttpServer::start("nonsense:80", [](const std::string&) { return std::string(); }).ok());
}

}  // namespace
}  // namespace lvs::status
