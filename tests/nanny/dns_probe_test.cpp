// SPDX-License-Identifier: GPL-2.0-or-later
// The DNS prober against a tiny UDP responder on the host's loopback, run on
// the same event loop: an answer is up; NXDOMAIN, a wrong answer and a
// garbled reply are down with their outcome and detail; a reply with another
// id is ignored (counted) and the real one still counts; silence is a read
// timeout; a closed port is refused.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "common/ev/event_loop.h"
#include "nanny/probe.h"
#include "tests/support/run_check.h"

namespace lvs::nanny {
namespace {

using shm::ProbeOutcome;
namespace dns = net::dns;

enum class Mode { Up, NxDomain, WrongAnswer, WrongIdThenUp, WrongIdOnly, Silent, Garbage };

// Answers each query as `mode` says: its id and question echoed, then an A
// record for the question's name (192.0.2.1, or 192.0.2.9 when wrong).
class Responder {
public:
    explicit Responder(ev::Loop& loop) : io_(loop.io([this](int) { on_query(); })) {
        fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&sin), sizeof sin), 0);
        socklen_t len = sizeof sin;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sin), &len);
        port = ntohs(sin.sin_port);
        io_->start(fd_, ev::Io::kRead);
    }
    ~Responder() {
        io_->stop();
        ::close(fd_);
    }
    Mode mode = Mode::Up;
    std::uint16_t port = 0;
    int queries = 0;
    bool rd_seen = false;

private:
    void on_query() {
        std::uint8_t q[512];
        sockaddr_storage from{};
        socklen_t len = sizeof from;
        const ssize_t n = ::recvfrom(fd_, q, sizeof q, 0, reinterpret_cast<sockaddr*>(&from), &len);
        if (n < 12) return;
        ++queries;
        rd_seen = (q[2] & 0x01) != 0;
        auto send = [&](const std::vector<std::uint8_t>& m) {
            ::sendto(fd_, m.data(), m.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
        };
        const std::vector<std::uint8_t> question(q + 12, q + n);
        auto reply = [&](std::uint8_t id_xor, std::uint8_t rcode, int answers, std::uint8_t last) {
            std::vector<std::uint8_t> m = {static_cast<std::uint8_t>(q[0] ^ id_xor), q[1], 0x81,
                                           static_cast<std::uint8_t>(0x80 | rcode), 0, 1, 0,
                                           static_cast<std::uint8_t>(answers), 0, 0, 0, 0};
            m.insert(m.end(), question.begin(), question.end());
            if (answers) m.insert(m.end(), {0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, last});
            return m;
        };
        switch (mode) {
            case Mode::Up: return send(reply(0, 0, 1, 1));
            case Mode::NxDomain: return send(reply(0, 3, 0, 0));
            case Mode::WrongAnswer: return send(reply(0, 0, 1, 9));
            case Mode::WrongIdThenUp: send(reply(0x55, 0, 1, 1)); return send(reply(0, 0, 1, 1));
            case Mode::WrongIdOnly: return send(reply(0x55, 0, 1, 1));
            case Mode::Silent: return;
            case Mode::Garbage: return send({q[0], q[1], 0x81, 0x80, 0, 1});
        }
    }
    int fd_ = -1;
    std::unique_ptr<ev::Io> io_;
};

class DnsProbeTest : public ::testing::Test {
protected:
    DnsProbeTest() : loop_(ev::Loop::instance()), responder_(loop_), prober_(make_dns_prober()) {
        spec_.addr = *IpAddress::parse("127.0.0.1");
        spec_.port = responder_.port;
        spec_.timeout = std::chrono::milliseconds(300);
        spec_.dns = DnsSpec{.name = "www.example.com", .type = dns::kTypeA, .rd = true,
                            .answer = dns::AnswerRule::make(dns::kTypeA, "192.0.2.1")};
    }
    ProbeOutcome check() { return testing::run_check(loop_, *prober_, spec_); }
    ev::Loop& loop_;
    Responder responder_;
    std::unique_ptr<Prober> prober_;
    ProbeSpec spec_;
};

TEST_F(DnsProbeTest, AnswerIsUp) {
    EXPECT_EQ(check(), ProbeOutcome::Ok);
    EXPECT_EQ(responder_.queries, 1);
    EXPECT_TRUE(responder_.rd_seen);
    EXPECT_EQ(check(), ProbeOutcome::Ok);  // again, from a fresh socket and id
    EXPECT_EQ(responder_.queries, 2);
}

TEST_F(DnsProbeTest, NxDomainIsDownWithItsName) {
    responder_.mode = Mode::NxDomain;
    EXPECT_EQ(check(), ProbeOutcome::DnsRcode);
    EXPECT_EQ(prober_->detail(), "NXDOMAIN");
}

TEST_F(DnsProbeTest, WrongAnswerIsDown) {
    responder_.mode = Mode::WrongAnswer;
    EXPECT_EQ(check(), ProbeOutcome::DnsAnswerMismatch);
    EXPECT_EQ(prober_->detail(), "got 192.0.2.9, want 192.0.2.1");
    spec_.dns->answer.reset();  // any NOERROR reply will do
    EXPECT_EQ(check(), ProbeOutcome::Ok);
}

TEST_F(DnsProbeTest, AnotherIdIsIgnoredAndCounted) {
    responder_.mode = Mode::WrongIdThenUp;
    EXPECT_EQ(check(), ProbeOutcome::Ok);
    EXPECT_EQ(prober_->detail(), "1 stray datagram ignored");
    responder_.mode = Mode::WrongIdOnly;
    EXPECT_EQ(check(), ProbeOutcome::ReadTimeout);
    EXPECT_EQ(prober_->detail(), "1 stray datagram ignored");
}

TEST_F(DnsProbeTest, SilenceIsAReadTimeout) {
    responder_.mode = Mode::Silent;
    EXPECT_EQ(check(), ProbeOutcome::ReadTimeout);
    EXPECT_EQ(prober_->detail(), "");
    EXPECT_EQ(responder_.queries, 1);
}

TEST_F(DnsProbeTest, GarbageIsABadResponse) {
    responder_.mode = Mode::Garbage;
    EXPECT_EQ(check(), ProbeOutcome::DnsBadResponse);
    EXPECT_EQ(prober_->detail(), "truncated message");
}

TEST_F(DnsProbeTest, ClosedPortIsRefused) {
    const int s = ::socket(AF_INET, SOCK_DGRAM, 0);  // a port just freed: nothing listens there
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&sin), sizeof sin), 0);
    socklen_t len = sizeof sin;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&sin), &len);
    ::close(s);
    spec_.port = ntohs(sin.sin_port);
    EXPECT_EQ(check(), ProbeOutcome::ConnectRefused);
}

}  // namespace
}  // namespace lvs::nanny
