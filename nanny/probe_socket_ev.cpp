// SPDX-License-Identifier: GPL-2.0-or-later
// Non-blocking TCP/UDP prober on libev's default loop.
#include <arpa/inet.h>
#include <ev.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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
    ~SocketProber() override { cancel(); }

    void start(const ProbeSpec& spec, ProbeDone done) override {
        cancel();
        spec_ = spec;
        done_ = std::move(done);
        got_.clear();
        sent_ = 0;
        t0_ = Clock::now();
        const int family = spec.addr.is_v6() ? AF_INET6 : AF_INET;
        fd_ = ::socket(family, (spec.udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd_ < 0) return finish(ProbeOutcome::ConnectError);
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
        arm_timer();
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&ss), len) == 0) return connected();
        if (errno != EINPROGRESS) return finish(errno == ECONNREFUSED ? ProbeOutcome::ConnectRefused
                                                                      : ProbeOutcome::ConnectError);
        watch(EV_WRITE);
    }

    void cancel() override {
        ev_io_stop(EV_DEFAULT, &io_);
        ev_timer_stop(EV_DEFAULT, &timer_);
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
        phase_ = Phase::Idle;
    }

private:
    enum class Phase { Idle, Connect, Send, Read };

    void arm_timer() {
        ev_timer_stop(EV_DEFAULT, &timer_);
        ev_timer_set(&timer_, static_cast<double>(spec_.timeout.count()) / 1000.0, 0.0);
        ev_timer_start(EV_DEFAULT, &timer_);
    }
    void watch(int events) {
        ev_io_stop(EV_DEFAULT, &io_);
        ev_io_set(&io_, fd_, events);
        ev_io_start(EV_DEFAULT, &io_);
    }

    void finish(ProbeOutcome o) {
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0_);
        cancel();
        if (done_) {
            auto d = std::move(done_);
            done_ = nullptr;
            d(o, us);
        }
    }

    void connected() {
        phase_ = Phase::Send;
        if (spec_.send.empty() && spec_.udp) spec_.send = std::string(1, '\0');  // UDP needs a datagram
        send_some();
    }

    void send_some() {
        while (sent_ < spec_.send.size()) {
            const ssize_t n = ::send(fd_, spec_.send.data() + sent_, spec_.send.size() - sent_, MSG_NOSIGNAL);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return watch(EV_WRITE);
            if (n < 0) return finish(errno == ECONNREFUSED ? ProbeOutcome::ConnectRefused : ProbeOutcome::SendFailed);
            sent_ += static_cast<std::size_t>(n);
        }
        if (!spec_.udp && spec_.expect.kind() == ExpectRule::Kind::None) return finish(ProbeOutcome::Ok);
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
            const bool eof = n == 0 || spec_.udp || got_.size() >= kMaxReply;
            if (spec_.udp && spec_.expect.kind() == ExpectRule::Kind::None) return finish(ProbeOutcome::Ok);
            switch (spec_.expect.match(got_, eof)) {
                case Match::Yes: return finish(ProbeOutcome::Ok);
                case Match::No:
                    // A reply that stopped short of a matching prefix is short, not wrong.
                    return finish(spec_.expect.match(got_, false) == Match::NeedMore ? ProbeOutcome::ShortRead
                                                                                     : ProbeOutcome::ExpectMismatch);
                case Match::NeedMore: break;
            }
            if (eof) return finish(ProbeOutcome::ShortRead);
        }
    }

    static void on_io(struct ev_loop*, ev_io* w, int) noexcept {
        auto* self = static_cast<SocketProber*>(w->data);
        if (self->phase_ == Phase::Connect) {
            int err = 0;
            socklen_t l = sizeof err;
            ::getsockopt(self->fd_, SOL_SOCKET, SO_ERROR, &err, &l);
            if (err != 0)
                return self->finish(err == ECONNREFUSED ? ProbeOutcome::ConnectRefused : ProbeOutcome::ConnectError);
            return self->connected();
        }
        if (self->phase_ == Phase::Send) return self->send_some();
        if (self->phase_ == Phase::Read) return self->read_some();
    }

    static void on_timer(struct ev_loop*, ev_timer* w, int) noexcept {
        auto* self = static_cast<SocketProber*>(w->data);
        self->finish(self->phase_ == Phase::Read ? ProbeOutcome::ReadTimeout : ProbeOutcome::ConnectTimeout);
    }

    ProbeSpec spec_;
    ProbeDone done_;
    ev_io io_{};
    ev_timer timer_{};
    int fd_ = -1;
    Phase phase_ = Phase::Idle;
    std::string got_;
    std::size_t sent_ = 0;
    Clock::time_point t0_;
};

}  // namespace

std::unique_ptr<Prober> make_socket_prober() { return std::make_unique<SocketProber>(); }

}  // namespace lvs::nanny
