// SPDX-License-Identifier: GPL-2.0-or-later
// The DNS prober on the event loop: one question over UDP from a fresh
// socket (a new source port and a random id per check), then datagrams are
// read until one answers it or the timeout ends the check. Datagrams with
// another id or from another address are counted and ignored.
#include <netinet/in.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/ev/event_loop.h"
#include "common/net/sockaddr.h"
#include "nanny/dns_check.h"
#include "nanny/probe.h"
#include "nanny/probe_clock.h"

namespace lvs::nanny {
namespace {

using shm::ProbeOutcome;

// A UDP DNS response without EDNS is at most 512 bytes; a larger datagram
// is read whole up to this size and judged.
constexpr std::size_t kMaxDatagram = 4096;

std::uint16_t random_id() {
    std::uint16_t id = 0;
    if (::getrandom(&id, sizeof id, GRND_NONBLOCK) == static_cast<ssize_t>(sizeof id)) return id;
    timespec ts{};  // no entropy yet (early boot): the clock's nanoseconds
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint16_t>(ts.tv_nsec ^ (ts.tv_nsec >> 16) ^ ::getpid());
}

bool same_peer(const sockaddr_storage& a, const sockaddr_storage& b) {
    if (a.ss_family != b.ss_family) return false;
    if (a.ss_family == AF_INET) {
        const auto& x = reinterpret_cast<const sockaddr_in&>(a);
        const auto& y = reinterpret_cast<const sockaddr_in&>(b);
        return x.sin_port == y.sin_port && x.sin_addr.s_addr == y.sin_addr.s_addr;
    }
    const auto& x = reinterpret_cast<const sockaddr_in6&>(a);
    const auto& y = reinterpret_cast<const sockaddr_in6&>(b);
    return x.sin6_port == y.sin6_port && std::memcmp(&x.sin6_addr, &y.sin6_addr, 16) == 0;
}

ProbeOutcome send_error(int err) {
    return err == ECONNREFUSED ? ProbeOutcome::ConnectRefused : ProbeOutcome::SendFailed;
}

class DnsProber final : public Prober {
public:
    DnsProber()
        : loop_(ev::Loop::instance()), io_(loop_.io([this](int) { on_read(); })),
          timer_(loop_.timer([this] { finish(ProbeOutcome::ReadTimeout); })) {}
    ~DnsProber() override { cancel(); }

    void start(const ProbeSpec& spec, ProbeDone done) override {
        cancel();
        spec_ = &spec;
        done_ = std::move(done);
        detail_.clear();
        ignored_ = 0;
        t0_ = loop_.loop_time();  // the timer's wakeup (see SocketProber::start)
        if (!spec.dns) return finish(ProbeOutcome::ConnectError);
        id_ = random_id();
        const auto query = net::dns::build_query(id_, spec.dns->name, spec.dns->type, spec.dns->rd);
        peer_len_ = net::to_sockaddr(spec.addr, dns_port(spec.port), peer_);
        fd_ = ::socket(peer_.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd_ < 0 || query.empty()) return finish(ProbeOutcome::ConnectError);
        // Connected: the kernel drops datagrams from other peers, and an
        // ICMP port unreachable comes back as ECONNREFUSED.
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&peer_), peer_len_) != 0)
            return finish(ProbeOutcome::ConnectError);
        if (::send(fd_, query.data(), query.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(query.size()))
            return finish(send_error(errno));
        timer_->start(spec.timeout, std::chrono::microseconds(0));
        io_->start(fd_, ev::Io::kRead);
    }

    void cancel() override {
        io_->stop();
        timer_->stop();
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

    std::string detail() const override { return detail_; }

private:
    void on_read() {
        std::uint8_t buf[kMaxDatagram];
        for (;;) {
            sockaddr_storage from{};
            socklen_t from_len = sizeof from;
            const ssize_t n =
                ::recvfrom(fd_, buf, sizeof buf, MSG_TRUNC, reinterpret_cast<sockaddr*>(&from), &from_len);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
            if (n < 0) return finish(errno == ECONNREFUSED ? ProbeOutcome::ConnectRefused : ProbeOutcome::ReadError);
            if (!same_peer(from, peer_)) {
                ++ignored_;
                continue;
            }
            if (static_cast<std::size_t>(n) > sizeof buf) {
                detail_ = "datagram of " + std::to_string(n) + " bytes";
                return finish(ProbeOutcome::DnsBadResponse);
            }
            auto v = judge_dns_reply(*spec_->dns, id_, std::span(buf, static_cast<std::size_t>(n)));
            if (v.ignore) {
                ++ignored_;
                continue;
            }
            detail_ = std::move(v.detail);
            return finish(v.outcome);
        }
    }

    void finish(ProbeOutcome o) {
        if (ignored_ > 0)
            detail_ += (detail_.empty() ? "" : "; ") + std::to_string(ignored_) + " stray datagram" +
                       (ignored_ == 1 ? "" : "s") + " ignored";
        const CheckEnd end = check_end(loop_, t0_);
        cancel();
        deliver(done_, o, end);
    }

    ev::Loop& loop_;
    std::unique_ptr<ev::Io> io_;
    std::unique_ptr<ev::Timer> timer_;
    const ProbeSpec* spec_ = nullptr;  // the caller's, alive until done or cancel
    ProbeDone done_;
    int fd_ = -1;
    std::uint16_t id_ = 0;
    sockaddr_storage peer_{};
    socklen_t peer_len_ = 0;
    std::string detail_;
    unsigned ignored_ = 0;  // this check's datagrams with another id or source
    std::chrono::duration<double> t0_{0.0};  // the loop's clock
};

}  // namespace

std::unique_ptr<Prober> make_dns_prober() { return std::make_unique<DnsProber>(); }

}  // namespace lvs::nanny
