// SPDX-License-Identifier: GPL-2.0-or-later
// The config-sync link in-process: TLS 1.3 with the PSK over a socketpair
// and over loopback TCP, a wrong key refused, a stalled peer timed out;
// the receiver's answers; the partner's address from lvs.cf.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "common/config/parser.h"
#include "common/sync/peer.h"
#include "common/sync/sync.h"

namespace lvs::sync {
namespace {

using namespace std::chrono_literals;

Psk psk_of(const std::string& key) {
    return *derive_psk(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(key.data()), key.size()));
}

TEST(SyncLink, PskIsHkdfOfTheHeartbeatKey) {
    const Psk a = psk_of("0123456789abcdef0123456789abcdef");
    EXPECT_EQ(a.size(), 32u);
    EXPECT_EQ(a, psk_of("0123456789abcdef0123456789abcdef"));
    EXPECT_NE(a, psk_of("0123456789abcdef0123456789abcdeX"));
    EXPECT_FALSE(psk_from_key_file("").ok());
}

struct Pair {
    int fd[2] = {-1, -1};
    Pair() {
        EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fd), 0);
    }
    ~Pair() {
        for (int f : fd) ::close(f);
    }
};

TEST(SyncLink, ExchangeOverASocketpair) {
    Pair p;
    const Psk psk = psk_of("the heartbeat key of both routers");
    Status served;
    std::string got;
    std::thread server([&] {
        served = serve_one(p.fd[1], psk, [&](const Frame& f) {
            got = f.payload;
            return refused("no thanks");
        });
    });
    auto answer = exchange(p.fd[0], psk, push("serial_no = 1\n"));
    server.join();
    ASSERT_TRUE(served.ok()) << served.error().message();
    ASSERT_TRUE(answer.ok()) << answer.error().message();
    EXPECT_EQ(got, "serial_no = 1\n");
    EXPECT_EQ(answer->type, FrameType::Refused);
    EXPECT_EQ(answer->payload, "no thanks");
}

TEST(SyncLink, AnotherKeyFailsTheHandshake) {
    Pair p;
    Status served;
    bool called = false;
    const Psk mine = psk_of("the heartbeat key of both routers"), theirs = psk_of("some other router's heartbeat key");
    std::thread server([&] {
        served = serve_one(p.fd[1], theirs, [&](const Frame&) { return called = true, refused(""); });
        ::shutdown(p.fd[1], SHUT_RDWR);
    });
    auto answer = exchange(p.fd[0], mine, push("x"));
    server.join();
    EXPECT_FALSE(answer.ok());
    EXPECT_FALSE(served.ok());
    EXPECT_FALSE(called);
}

TEST(SyncLink, StalledPeerTimesOut) {
    Pair p;
    const auto t0 = std::chrono::steady_clock::now();
    auto answer = exchange(p.fd[0], psk_of("the heartbeat key of both routers"), push("x"), {200ms, 200ms});  // nobody answers
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.error().code, ErrorCode::Timeout) << answer.error().message();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
}

// A client that connects and says nothing holds the server one step.
TEST(SyncLink, SilentClientIsDroppedAfterAStep) {
    Pair p;
    bool called = false;
    const auto t0 = std::chrono::steady_clock::now();
    const Status served = serve_one(p.fd[1], psk_of("the heartbeat key of both routers"),
                                    [&](const Frame&) { return called = true, refused(""); }, {300ms, 300ms});
    ASSERT_FALSE(served.ok());
    EXPECT_EQ(served.error().code, ErrorCode::Timeout) << served.error().message();
    EXPECT_FALSE(called);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
}

TEST(SyncLink, PushOverLoopbackInstallsAndAnswersTheDigest) {
    const int l = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ASSERT_EQ(::bind(l, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ASSERT_EQ(::listen(l, 1), 0);
    ASSERT_EQ(::getsockname(l, reinterpret_cast<sockaddr*>(&a), &len), 0);
    const Psk psk = psk_of("the heartbeat key of both routers");
    std::string installed_text;
    int reloads = 0;
    ReceiverPorts ports{[&](const std::string& t) {
                            config::InstallReport r;
                            r.diagnostics = config::load_config_text(t, "lvs.cf", config::offline_parse_options()).diagnostics;
                            r.outcome = config::has_errors(r.diagnostics) ? config::InstallOutcome::Invalid
                                                                          : config::InstallOutcome::Installed;
                            if (r.outcome == config::InstallOutcome::Installed) installed_text = t;
                            return r;
                        },
                        [&] { return ++reloads, std::string(); }};
    std::thread server([&] {
        for (int i = 0; i < 2; ++i) {
            const int c = ::accept4(l, nullptr, nullptr, SOCK_CLOEXEC);
            (void)serve_one(c, psk, [&](const Frame& f) { return receive(f, ports); });
            ::close(c);
        }
    });
    const PushTarget to{"127.0.0.1", ntohs(a.sin_port), 2000ms};
    const std::string good = "serial_no = 2\nvirtual v {\n address = 192.0.2.10 eth0:1\n port = 80\n}\n";
    const PushResult ok = push_config(good, to, psk);
    const PushResult bad = push_config("virtual v {\n scheduler = nosuch\n}\n", to, psk);
    server.join();
    ::close(l);
    EXPECT_EQ(ok.outcome, PushOutcome::Installed) << ok.message;
    EXPECT_EQ(ok.message, "");
    EXPECT_EQ(hb::to_hex(ok.digest), hb::to_hex(hb::sha256(std::span<const std::uint8_t>(
                                         reinterpret_cast<const std::uint8_t*>(good.data()), good.size()))));
    EXPECT_EQ(installed_text, good);
    EXPECT_EQ(reloads, 1);
    EXPECT_EQ(bad.outcome, PushOutcome::Refused);
    EXPECT_NE(bad.message.find("lvs.cf:2:"), std::string::npos) << bad.message;
    EXPECT_NE(bad.message.find("unknown scheduler"), std::string::npos) << bad.message;
    const PushResult none = push_config(good, {"127.0.0.1", ntohs(a.sin_port), 500ms}, psk);  // listener closed
    EXPECT_EQ(none.outcome, PushOutcome::Failed);
    EXPECT_FALSE(none.message.empty());
}

TEST(SyncReceive, AnswersWithoutTheLink) {
    int installs = 0, reloads = 0;
    config::InstallOutcome outcome = config::InstallOutcome::IoError;
    const ReceiverPorts ports{[&](const std::string&) {
                                  ++installs;
                                  config::InstallReport r;
                                  r.outcome = outcome;
                                  r.error = "disk full";
                                  return r;
                              },
                              [&] { return ++reloads, std::string("pulse is not running"); }};
    const Frame not_a_push = receive(installed(hb::Digest{}), ports);
    EXPECT_EQ(not_a_push.type, FrameType::Refused);
    EXPECT_EQ(installs, 0);
    const Frame io = receive(push("x"), ports);
    EXPECT_EQ(io.type, FrameType::Refused);
    EXPECT_EQ(io.payload, "the partner could not install lvs.cf: disk full");
    EXPECT_EQ(reloads, 0);
    outcome = config::InstallOutcome::Installed;
    const Frame ok = receive(push("x"), ports);  // installed even when the reload cannot be asked for
    ASSERT_EQ(ok.type, FrameType::Installed);
    EXPECT_EQ(digest_of(ok), hb::sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>("x"), 1)));
    EXPECT_EQ(reloads, 1);
}

TEST(SyncPeer, PartnerFromLvsCf) {
    config::LvsConfig cfg;
    cfg.primary = *IpAddress::parse("192.0.2.1");
    cfg.backup = *IpAddress::parse("192.0.2.2");
    const auto at = [](const char* me) { return [me](const IpAddress& a) { return a == *IpAddress::parse(me); }; };
    EXPECT_EQ(partner_address(cfg, at("192.0.2.1"))->to_string(), "192.0.2.2");
    EXPECT_EQ(partner_address(cfg, at("192.0.2.2"))->to_string(), "192.0.2.1");
    EXPECT_FALSE(partner_address(cfg, at("192.0.2.9")));
    cfg.backup_private = *IpAddress::parse("10.9.0.2");
    cfg.primary_private = *IpAddress::parse("10.9.0.1");
    EXPECT_EQ(partner_address(cfg, at("10.9.0.1"))->to_string(), "10.9.0.2");
    EXPECT_EQ(partner_address(cfg, at("192.0.2.2"))->to_string(), "10.9.0.1");
}

}  // namespace
}  // namespace lvs::sync
