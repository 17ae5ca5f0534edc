// SPDX-License-Identifier: GPL-2.0-or-later
// Non-blocking TCP/UDP prober on the event loop.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "common/ev/event_loop.h"
#include "common/net/sockaddr.h"
#include "nanny/probe.h"
#include "nanny/probe_clock.h"

namespace lvs::nanny {
namespace {

using shm::ProbeOutcome;

class SocketProber final : public Prober {
public:
    // The watchers and their callbacks are made once, here: a check only
    // starts and stops them.
    SocketProber()
        : loop_(ev::Loop::instance()), io_(loop_.io([this](int) { on_io(); })),
          timer_(loop_.timer([this] { on_timer(); })) {}
    ~SocketProber() override {
        cancel();
        if (fd_ >= 0) ::close(fd_);
    }

    void start(const ProbeSpec& spec, ProbeDone done) override {
        cancel();
        spec_ = &spec;
        done_ = std::move(done);
        got_.clear();
        sent_ = 0;
        // Checks start from a timer, just after the loop read the clock on
        // waking: its time is the start, without another clock read (each
        // one a system call where the clock source has no vDSO path).
        t0_ = loop_.loop_time();
        const int family = spec.addr.is_v6() ? AF_INET6 : AF_INET;
        if (fd_ >= 0 && (family != family_ || spec.udp)) close_socket();  // parked ones are TCP
        if (fd_ < 0) {  // else the last check's TCP socket, disconnected
            fd_ = ::socket(family, (spec.udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd_ < 0) return finish(ProbeOutcome::ConnectError);
            family_ = family;
            watched_ = false;
            half_open_ = false;
        }
        if (!spec.udp) half_open(connect_only(spec));
        sockaddr_storage ss{};
        const socklen_t len = net::to_sockaddr(spec.addr, spec.port, ss);
        phase_ = Phase::Connect;
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&ss), len) == 0) return connected();
        if (errno != EINPROGRESS) return finish(errno == ECONNREFUSED ? ProbeOutcome::ConnectRefused
                                                                      : ProbeOutcome::ConnectError);
        // On a near server the handshake has often completed by the time
        // connect() returns (the SYN-ACK is processed before the call
        // ends): ask once, without waiting, before paying for a watcher,
        // an epoll_ctl and a second wakeup.
        if (connect_settled()) return;
        arm_timer();
        watch(ev::Io::kWrite);
    }

    void cancel() override {
        io_->stop();
        timer_->stop();
        if (phase_ != Phase::Idle && fd_ >= 0 && !park()) close_socket();
        phase_ = Phase::Idle;
    }

private:
    enum class Phase { Idle, Connect, Send, Read };

    // A check's TCP connection ends with a reset, as HAProxy's do: one
    // segment instead of two FIN/ACK exchanges, and no TIME_WAIT socket left
    // behind per check. connect(AF_UNSPEC) resets it and keeps the socket
    // for the next check (no socket(), setsockopt() and close() per check,
    // nor the kernel's allocation and freeing behind them). The loop polls
    // (ev::Loop::polls()); were it epoll, a socket that epoll has seen would
    // be closed instead, or the loop would be woken by its hang-up while it
    // sits idle.
    bool park() {
        if (spec_->udp || (watched_ && !loop_.polls())) return false;
        sockaddr unspec{};
        unspec.sa_family = AF_UNSPEC;
        return ::connect(fd_, &unspec, sizeof unspec) == 0;
    }
    // A connect-only check is half-open, as HAProxy's is: the check resets
    // the connection as soon as the server's SYN-ACK is in, and Linux holds
    // back the last ACK of the handshake, so the server's kernel drops the
    // half-made connection on the reset: none reaches the server's accept
    // queue, and neither side builds up and tears down a connection per
    // check. HAProxy turns TCP_QUICKACK off before each connect; a
    // disconnect clears that setting, but not TCP_DEFER_ACCEPT, with which
    // Linux holds back that ACK as well (a delayed ACK, due up to 200 ms
    // later): set once on the kept socket, it costs no system call per
    // check. Where a kernel ignored it the check would connect fully, as
    // one that sends or expects anything does.
    void half_open(bool on) {
        if (on == half_open_) return;
        const int secs = on ? 1 : 0;
        if (::setsockopt(fd_, IPPROTO_TCP, TCP_DEFER_ACCEPT, &secs, sizeof secs) == 0) half_open_ = on;
    }
    void close_socket() {
        if (spec_ && !spec_->udp) {
            const linger abort{1, 0};
            ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
        }
        ::close(fd_);
        fd_ = -1;
    }

    void arm_timer() { timer_->start(spec_->timeout, std::chrono::microseconds(0)); }
    void watch(int events) {
        watched_ = true;
        io_->start(fd_, events);
    }

    void finish(ProbeOutcome o) {
        const CheckEnd end = check_end(loop_, t0_);
        cancel();
        deliver(done_, o, end);
    }

    void connected() {
        phase_ = Phase::Send;
        // UDP needs a datagram: one zero byte when there is nothing to send.
        payload_ = spec_->send.empty() && spec_->udp ? std::string_view("", 1) : std::string_view(spec_->send);
        send_some();
    }

    void send_some() {
        while (sent_ < payload_.size()) {
            const ssize_t n = ::send(fd_, payload_.data() + sent_, payload_.size() - sent_, MSG_NOSIGNAL);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                if (!timer_->active()) arm_timer();  // connected at once: no timer yet
                return watch(ev::Io::kWrite);
            }
            if (n < 0) return finish(errno == ECONNREFUSED ? ProbeOutcome::ConnectRefused : ProbeOutcome::SendFailed);
            sent_ += static_cast<std::size_t>(n);
        }
        if (!spec_->udp && spec_->expect.kind() == ExpectRule::Kind::None) return finish(ProbeOutcome::Ok);
        phase_ = Phase::Read;
        arm_timer();
        watch(ev::Io::kRead);
    }

    void read_some() {
        char buf[1024];
        for (;;) {
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
            if (n < 0) return finish(errno == ECONNREFUSED ? ProbeOutcome::ConnectRefused : ProbeOutcome::ReadError);
            got_.append(buf, static_cast<std::size_t>(n));
            const bool eof = n == 0 || spec_->udp || got_.size() >= kMaxReply;
            if (spec_->udp && spec_->expect.kind() == ExpectRule::Kind::None) return finish(ProbeOutcome::Ok);
            switch (spec_->expect.match(got_, eof)) {
                case Match::Yes: return finish(ProbeOutcome::Ok);
                case Match::No:
                    // A reply that stopped short of a matching prefix is short, not wrong.
                    return finish(spec_->expect.match(got_, false) == Match::NeedMore ? ProbeOutcome::ShortRead
                                                                                     : ProbeOutcome::ExpectMismatch);
                case Match::NeedMore: break;
            }
            if (eof) return finish(ProbeOutcome::ShortRead);
        }
    }

    // A connect under way: if it has ended (zero-timeout poll), goes on
    // with its result and returns true; false while it is still pending.
    bool connect_settled() {
        pollfd p{fd_, POLLOUT, 0};
        if (::poll(&p, 1, 0) != 1) return false;
        int err = 0;
        if (p.revents & (POLLERR | POLLHUP)) {  // only then can it have failed
            socklen_t l = sizeof err;
            ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &l);
        }
        if (err != 0) finish(err == ECONNREFUSED ? ProbeOutcome::ConnectRefused : ProbeOutcome::ConnectError);
        else connected();
        return true;
    }

    void on_io() {
        if (phase_ == Phase::Connect) {
            connect_settled();  // false: a spurious wakeup, the watcher stays
            return;
        }
        if (phase_ == Phase::Send) return send_some();
        if (phase_ == Phase::Read) return read_some();
    }

    void on_timer() {
        // The loop runs expired timers before I/O callbacks of the same
        // turn: a connect that completed while this process waited for the
        // CPU is not a timeout.
        if (phase_ == Phase::Connect && connect_settled()) return;
        finish(phase_ == Phase::Read ? ProbeOutcome::ReadTimeout : ProbeOutcome::ConnectTimeout);
    }

    ev::Loop& loop_;
    std::unique_ptr<ev::Io> io_;
    std::unique_ptr<ev::Timer> timer_;
    const ProbeSpec* spec_ = nullptr;  // the caller's, alive until done or cancel
    std::string_view payload_;
    ProbeDone done_;
    int fd_ = -1;
    int family_ = AF_UNSPEC;
    bool watched_ = false;  // a watcher has had fd_
    bool half_open_ = false;  // TCP_DEFER_ACCEPT is set on fd_
    Phase phase_ = Phase::Idle;
    std::string got_;
    std::size_t sent_ = 0;
    std::chrono::duration<double> t0_{0.0};  // the loop's clock
};

}  // namespace

std::unique_ptr<Prober> make_socket_prober() { return std::make_unique<SocketProber>(); }

}  // namespace lvs::nanny
