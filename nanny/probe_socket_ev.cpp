// SPDX-License-Identifier: GPL-2.0-or-later
// Non-blocking TCP/UDP prober on libev's default loop.
#include <arpa/inet.h>
#include <ev.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "nanny/probe.h"

namespace lvs::nanny {
namespace {

using shm::ProbeOutcome;
using Clock = std::chrono::steady_clock;

class SocketProber final : public Prober {
public:
    SocketProber() {
        ev_init(&io_, &SocketProber::on_io);
        io_.data = this;
        ev_init(&timer_, &SocketProber::on_timer);
        timer_.data = this;
    }
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
        t0_ = ev_now(EV_DEFAULT);
        const int family = spec.addr.is_v6() ? AF_INET6 : AF_INET;
        if (fd_ >= 0 && (family != family_ || spec.udp)) close_socket();  // parked ones are TCP
        if (fd_ < 0) {  // else the last check's TCP socket, disconnected
            fd_ = ::socket(family, (spec.udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd_ < 0) return finish(ProbeOutcome::ConnectError);
            family_ = family;
            watched_ = false;
        }
        sockaddr_storage ss{};
        socklen_t len = 0;
        if (family == AF_INET) {
            auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
            sin->sin_family = AF_INET;
            sin->sin_port = htons(spec.port);
            std::memcpy(&sin->sin_addr, spec.addr.bytes().data(), 4);
            len = sizeof *sin;
        } else {
            auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
            sin6->sin6_family = AF_INET6;
            sin6->sin6_port = htons(spec.port);
            std::memcpy(&sin6->sin6_addr, spec.addr.bytes().data(), 16);
            len = sizeof *sin6;
        }
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
        watch(EV_WRITE);
    }

    void cancel() override {
        ev_io_stop(EV_DEFAULT, &io_);
        ev_timer_stop(EV_DEFAULT, &timer_);
        if (phase_ != Phase::Idle && fd_ >= 0 && !park()) close_socket();
        phase_ = Phase::Idle;
    }

private:
    enum class Phase { Idle, Connect, Send, Read };

    // A check's TCP connection ends with a reset, as HAProxy's do: one
    // segment instead of two FIN/ACK exchanges, and no TIME_WAIT socket left
    // behind per check. connect(AF_UNSPEC) resets it and keeps the socket
    // for the next check (no socket(), setsockopt() and close() per check,
    // nor the kernel's allocation and freeing behind them). nanny's loop
    // polls (main.cpp); on an epoll loop a socket that epoll has seen is
    // closed instead, or libev would be woken by its hang-up while it sits
    // idle.
    bool park() {
        if (spec_->udp || (watched_ && ev_backend(EV_DEFAULT) != EVBACKEND_POLL)) return false;
        sockaddr unspec{};
        unspec.sa_family = AF_UNSPEC;
        return ::connect(fd_, &unspec, sizeof unspec) == 0;
    }
    void close_socket() {
        if (spec_ && !spec_->udp) {
            const linger abort{1, 0};
            ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
        }
        ::close(fd_);
        fd_ = -1;
    }

    void arm_timer() {
        ev_timer_stop(EV_DEFAULT, &timer_);
        ev_timer_set(&timer_, static_cast<double>(spec_->timeout.count()) / 1000.0, 0.0);
        ev_timer_start(EV_DEFAULT, &timer_);
    }
    void watch(int events) {
        watched_ = true;
        ev_io_stop(EV_DEFAULT, &io_);
        ev_io_set(&io_, fd_, events);
        ev_io_start(EV_DEFAULT, &io_);
    }

    void finish(ProbeOutcome o) {
        ev_now_update(EV_DEFAULT);
        const auto latency = std::chrono::microseconds(
            static_cast<std::int64_t>(std::max(0.0, ev_now(EV_DEFAULT) - t0_) * 1e6));
        timespec coarse{};  // when: for the slot's timestamp, from the vDSO
        ::clock_gettime(CLOCK_MONOTONIC_COARSE, &coarse);
        const Clock::time_point ended{std::chrono::seconds(coarse.tv_sec) + std::chrono::nanoseconds(coarse.tv_nsec)};
        cancel();
        if (done_) {
            auto d = std::move(done_);
            done_ = nullptr;
            d(o, latency, ended);
        }
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
                if (!ev_is_active(&timer_)) arm_timer();  // connected at once: no timer yet
                return watch(EV_WRITE);
            }
            if (n < 0) return finish(errno == ECONNREFUSED ? ProbeOutcome::ConnectRefused : ProbeOutcome::SendFailed);
            sent_ += static_cast<std::size_t>(n);
        }
        if (!spec_->udp && spec_->expect.kind() == ExpectRule::Kind::None) return finish(ProbeOutcome::Ok);
        phase_ = Phase::Read;
        arm_timer();
        watch(EV_READ);
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

    static void on_io(struct ev_loop*, ev_io* w, int) noexcept {
        auto* self = static_cast<SocketProber*>(w->data);
        if (self->phase_ == Phase::Connect) {
            self->connect_settled();  // false: a spurious wakeup, the watcher stays
            return;
        }
        if (self->phase_ == Phase::Send) return self->send_some();
        if (self->phase_ == Phase::Read) return self->read_some();
    }

    static void on_timer(struct ev_loop*, ev_timer* w, int) noexcept {
        auto* self = static_cast<SocketProber*>(w->data);
        // libev runs expired timers before I/O callbacks of the same loop
        // turn: a connect that completed while this process waited for the
        // CPU is not a timeout.
        if (self->phase_ == Phase::Connect && self->connect_settled()) return;
        self->finish(self->phase_ == Phase::Read ? ProbeOutcome::ReadTimeout : ProbeOutcome::ConnectTimeout);
    }

    const ProbeSpec* spec_ = nullptr;  // the caller's, alive until done or cancel
    std::string_view payload_;
    ProbeDone done_;
    ev_io io_{};
    ev_timer timer_{};
    int fd_ = -1;
    int family_ = AF_UNSPEC;
    bool watched_ = false;  // a watcher has had fd_
    Phase phase_ = Phase::Idle;
    std::string got_;
    std::size_t sent_ = 0;
    ev_tstamp t0_ = 0;
};

}  // namespace

std::unique_ptr<Prober> make_socket_prober() { return std::make_unique<SocketProber>(); }

}  // namespace lvs::nanny
