// SPDX-License-Identifier: GPL-2.0-or-later
// The libmicrohttpd adapter on a real libev loop: whole requests to the
// handler, bodies capped (also chunked ones), HEAD, the connection limit.
#include "common/http/server.h"

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

namespace lvs::http {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

int connect_to(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

TEST(HttpAdapter, WholeRequestsCappedBodiesHeadAndLimit) {
    std::vector<Request> seen;
    Options o;
    o.max_body = 100;
    o.max_connections = 1;
    auto s = Server::start(o, [&seen](const Request& r) {
        seen.push_back(r);
        return Response{201, "text/plain", "got " + std::to_string(r.body.size()) + "\n", {{"X-Test", "1"}}};
    });
    ASSERT_TRUE(s.ok()) << s.error().message();
    const auto port = (*s)->port();
    std::string post, chunked, head, refused;
    testing::with_loop([&] {
        post = testing::http_exchange(port, "POST /p?q=1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\nX-Mixed-Case: V\r\n"
                               "Content-Length: 5\r\n\r\nhello");
        chunked = testing::http_exchange(port, "POST /c HTTP/1.1\r\nHost: h\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
                                  "50\r\n" + std::string(80, 'a') + "\r\n50\r\n" + std::string(80, 'b') + "\r\n0\r\n\r\n");
        head = testing::http_exchange(port, "HEAD /h HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        const int idle = connect_to(port);  // holds the one connection allowed
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        refused = testing::http_exchange(port, "GET /r HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        ::close(idle);
    });
    EXPECT_THAT(post, StartsWith("HTTP/1.1 201"));
    EXPECT_THAT(post, HasSubstr("X-Test: 1\r\n"));
    EXPECT_THAT(post, HasSubstr("\r\n\r\ngot 5\n"));
    EXPECT_THAT(chunked, StartsWith("HTTP/1.1 413"));
    EXPECT_THAT(head, StartsWith("HTTP/1.1 201"));
    EXPECT_THAT(head, ::testing::Not(HasSubstr("got")));
    EXPECT_EQ(refused, "");
    ASSERT_EQ(seen.size(), 2u);  // the chunked one never reached the handler
    EXPECT_EQ(seen[0].method, "POST");
    EXPECT_EQ(seen[0].path, "/p");
    EXPECT_EQ(seen[0].peer, "127.0.0.1");
    EXPECT_EQ(seen[0].body, "hello");
    EXPECT_EQ(seen[0].header("x-mixed-case"), "V");
    EXPECT_EQ(seen[1].method, "HEAD");
    EXPECT_EQ((*s)->counters().answered, 2u);
    EXPECT_EQ((*s)->counters().too_large, 1u);
    EXPECT_EQ((*s)->counters().refused, 1u);
}

TEST(HttpAdapter, BadListenAddresses) {
    Options o;
    o.address = "localhost";
    auto s = Server::start(o, [](const Request&) { return Response{}; });
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message(), "http: bad listen address localhost");
    o.address = "192.0.2.1";  // not ours: bind fails
    EXPECT_FALSE(Server::start(o, [](const Request&) { return Response{}; }).ok());
}

}  // namespace
}  // namespace lvs::http
