// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's sync listener on the event loop: a push with the heartbeat
// key's PSK is installed and reloaded, one with another key is not.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lvsweb/sync_listener.h"
#include "tests/support/http_client.h"

namespace lvs::web {
namespace {

using namespace std::chrono_literals;

sync::Psk psk_of(const std::string& key) {
    return *sync::derive_psk(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(key.data()), key.size()));
}

// A loopback port free a moment ago.
std::uint16_t free_port() {
    const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    EXPECT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len), 0);
    ::close(s);
    return ntohs(a.sin_port);
}

TEST(SyncListener, InstallsAPushWithTheKeyAndRefusesAnotherKey) {
    const sync::Psk psk = psk_of("the heartbeat key of both routers");
    std::string installed;
    int reloads = 0;
    sync::ReceiverPorts ports{[&](const std::string& t) {
                                  config::InstallReport r;
                                  r.outcome = config::InstallOutcome::Installed;
                                  installed = t;
                                  return r;
                              },
                              [&] { return ++reloads, std::string(); }};
    const std::uint16_t port = free_port();
    auto l = SyncListener::start("127.0.0.1", port, psk, ports);
    ASSERT_TRUE(l.ok()) << l.error().message();
    sync::PushResult good, wrong;
    testing::with_loop([&] {
        good = sync::push_config("serial_no = 3\n", {"127.0.0.1", port, 2000ms}, psk);
        wrong = sync::push_config("serial_no = 4\n", {"127.0.0.1", port, 2000ms}, psk_of("another key"));
    });
    EXPECT_EQ(good.outcome, sync::PushOutcome::Installed) << good.message;
    EXPECT_EQ(installed, "serial_no = 3\n");
    EXPECT_EQ(reloads, 1);
    EXPECT_EQ(wrong.outcome, sync::PushOutcome::Failed);
    EXPECT_NE(wrong.message.find("heartbeat key"), std::string::npos) << wrong.message;
    EXPECT_FALSE(SyncListener::start("not-an-address", port, psk, ports).ok());
}

}  // namespace
}  // namespace lvs::web
