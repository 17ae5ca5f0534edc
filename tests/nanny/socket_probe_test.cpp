// SPDX-License-Identifier: GPL-2.0-or-later
// The socket prober on the host's loopback: TCP checks keep one socket from
// check to check (disconnected with connect(AF_UNSPEC)), a connect-only
// check is half-open (the server's accept queue never sees it) while one
// that sends connects fully, a refused connect leaves nothing behind for
// the next one, and on the loop's poll backend a check that waited for a
// reply keeps its socket too (a stopped watcher's socket leaves the poll
// set at once, so an idle one costs nothing).
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <string>

#include "common/ev/event_loop.h"
#include "nanny/probe.h"
#include "tests/support/run_check.h"

namespace lvs::nanny {
namespace {

using shm::ProbeOutcome;

int open_sockets() {
    int n = 0;
    DIR* d = ::opendir("/proc/self/fd");
    while (dirent* e = ::readdir(d)) {
        char link[64] = {};
        const std::string path = std::string("/proc/self/fd/") + e->d_name;
        if (::readlink(path.c_str(), link, sizeof link - 1) > 0 && std::string_view(link).starts_with("socket:")) ++n;
    }
    ::closedir(d);
    return n;
}

class SocketProbeTest : public ::testing::Test {
protected:
    void SetUp() override {
        listen_on(0);
        spec_.addr = *IpAddress::parse("127.0.0.1");
        spec_.timeout = std::chrono::milliseconds(1000);
    }
    void TearDown() override {
        if (listener_ >= 0) ::close(listener_);
    }
    void listen_on(std::uint16_t port) {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        const int one = 1;
        ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_port = htons(port);
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ASSERT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&sin), sizeof sin), 0);
        ASSERT_EQ(::listen(listener_, 16), 0);
        socklen_t len = sizeof sin;
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&sin), &len);
        spec_.port = ntohs(sin.sin_port);
    }
    ProbeOutcome check() { return testing::run_check(loop_, *prober_, spec_); }
    // A connection waits in the listener's accept queue (within 100 ms).
    bool queued() {
        pollfd p{listener_, POLLIN, 0};
        return ::poll(&p, 1, 100) == 1;
    }
    void accept_one(const char* say) {
        const int c = ::accept(listener_, nullptr, nullptr);
        ASSERT_GE(c, 0);
        if (say) {
            ASSERT_GT(::send(c, say, std::strlen(say), 0), 0);
        }
        ::close(c);
    }

    ev::Loop& loop_ = ev::Loop::instance();
    int listener_ = -1;
    ProbeSpec spec_;
    std::unique_ptr<Prober> prober_ = make_socket_prober();
};

TEST(ConnectOnly, OnlyATcpCheckWithNothingToSendOrExpect) {
    ProbeSpec s;
    EXPECT_TRUE(connect_only(s));
    s.udp = true;
    EXPECT_FALSE(connect_only(s));
    s = {};
    s.send = "HELLO\r\n";
    EXPECT_FALSE(connect_only(s));
    s = {};
    s.expect = *ExpectRule::make("220", false);
    EXPECT_FALSE(connect_only(s));
    s = {};
    s.program = {"/bin/true"};
    EXPECT_FALSE(connect_only(s));
    s = {};
    s.dns = DnsSpec{};
    s.dns->name = "example.com";
    EXPECT_FALSE(connect_only(s));
}

TEST_F(SocketProbeTest, ConnectChecksAreHalfOpenAndReuseOneSocket) {
    const int before = open_sockets();
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(check(), ProbeOutcome::Ok);
        EXPECT_FALSE(queued()) << "check " << i << " reached the accept queue";
        EXPECT_EQ(open_sockets(), before + 1) << "check " << i;
    }
}

TEST_F(SocketProbeTest, ACheckThatSendsConnectsFully) {
    spec_.send = "HELLO\r\n";
    EXPECT_EQ(check(), ProbeOutcome::Ok);
    ASSERT_TRUE(queued());
    accept_one(nullptr);
}

TEST_F(SocketProbeTest, OneSocketFollowsTheKindOfEachCheck) {
    const ProbeSpec connect = spec_;
    spec_.send = "HELLO\r\n";
    const ProbeSpec sends = spec_;
    for (const ProbeSpec* s : {&connect, &sends, &connect, &sends}) {
        EXPECT_EQ(testing::run_check(loop_, *prober_, *s), ProbeOutcome::Ok);
        EXPECT_EQ(queued(), s == &sends);
        if (s == &sends) accept_one(nullptr);
    }
}

TEST_F(SocketProbeTest, ARefusedConnectLeavesNoErrorForTheNextCheck) {
    EXPECT_EQ(check(), ProbeOutcome::Ok);
    const std::uint16_t port = spec_.port;
    ::close(listener_);
    listener_ = -1;
    EXPECT_EQ(check(), ProbeOutcome::ConnectRefused);
    EXPECT_EQ(check(), ProbeOutcome::ConnectRefused);
    listen_on(port);
    EXPECT_EQ(check(), ProbeOutcome::Ok);
}

TEST_F(SocketProbeTest, ChecksThatWaitForAReplyKeepTheSocketOnAPollLoop) {
    // The loop polls with no setting by the caller (the Loop chooses).
    ASSERT_TRUE(loop_.polls());
    spec_.send = "HELLO\r\n";
    const int before = open_sockets();
    // Good, wrong banner, good again: one socket throughout.
    for (const char* want : {"220", "999", "220"}) {
        spec_.expect = *ExpectRule::make(want, false);
        std::optional<ProbeOutcome> got;
        prober_->start(spec_, [&](ProbeOutcome o, std::chrono::microseconds, auto) { got = o; });
        accept_one("220 ready\r\n");
        while (!got) loop_.run_once();
        EXPECT_EQ(*got, want[0] == '2' ? ProbeOutcome::Ok : ProbeOutcome::ExpectMismatch) << want;
        EXPECT_EQ(open_sockets(), before + 1) << want;
        loop_.run_nowait();  // the idle socket has left the poll set
    }
}

}  // namespace
}  // namespace lvs::nanny
