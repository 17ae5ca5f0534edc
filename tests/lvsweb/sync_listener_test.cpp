// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's sync listener on the event loop: a push with the heartbeat
// key's PSK is installed and reloaded, what it changed logged key by key
// and sent back; one with another key is not installed.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "common/log/logger.h"
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
    std::string installed = "serial_no = 1\nvirtual web {\n    port = 80\n}\n";
    int reloads = 0;
    struct Capture {
        std::vector<std::string> lines;
        Capture() { log::use_sink([this](log::Level, const std::string&, const std::string& m) { lines.push_back(m); }); }
        ~Capture() { log::use_stderr(); }
    } log_capture;
    const auto& logs = log_capture.lines;
    sync::ReceiverPorts ports{[&](const std::string& t) {
                                  config::InstallReport r;
                                  r.outcome = config::InstallOutcome::Installed;
                                  r.previous = std::exchange(installed, t);
                                  return r;
                              },
                              [&] { return ++reloads, std::string(); }};
    const std::uint16_t port = free_port();
    auto l = SyncListener::start("127.0.0.1", port, psk, ports);
    ASSERT_TRUE(l.ok()) << l.error().message();
    sync::PushResult good, wrong;
    testing::with_loop([&] {
        good = sync::push_config("serial_no = 3\nvirtual web {\n    port = 8080\n}\n", {"127.0.0.1", port, 2000ms}, psk);
        wrong = sync::push_config("serial_no = 4\n", {"127.0.0.1", port, 2000ms}, psk_of("another key"));
    });
    EXPECT_EQ(good.outcome, sync::PushOutcome::Installed) << good.message;
    EXPECT_EQ(installed, "serial_no = 3\nvirtual web {\n    port = 8080\n}\n");
    EXPECT_EQ(reloads, 1);
    // What changed, key by key: in the answer (the sender logs it) and in
    // this side's log.
    const std::vector<std::string> changed{"global key 'serial_no': '1' -> '3'", "virtual 'web' key 'port': '80' -> '8080'"};
    EXPECT_EQ(good.changes, changed);
    const auto logged = [&](const std::string& line) { return std::find(logs.begin(), logs.end(), line) != logs.end(); };
    EXPECT_TRUE(logged("lvs.cf from 127.0.0.1: " + changed[0]));
    EXPECT_TRUE(logged("lvs.cf from 127.0.0.1: " + changed[1]));
    EXPECT_EQ(wrong.outcome, sync::PushOutcome::Failed);
    EXPECT_NE(wrong.message.find("heartbeat key"), std::string::npos) << wrong.message;
    EXPECT_FALSE(SyncListener::start("not-an-address", port, psk, ports).ok());
}

}  // namespace
}  // namespace lvs::web
