// SPDX-License-Identifier: GPL-2.0-or-later
// The stream prober: an HTTP request, or send/expect, over TCP with or
// without TLS, non-blocking on the event loop. Each check has its own
// connection, ended with a reset (no TIME_WAIT left per check); the TLS
// context is made once, on the first TLS check.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/ev/event_loop.h"
#include "common/log/logger.h"
#include "common/net/sockaddr.h"
#include "nanny/probe.h"
#include "nanny/probe_clock.h"

namespace lvs::nanny {
namespace {

using shm::ProbeOutcome;
using Step = TlsSession::Step;

class StreamProberImpl final : public StreamProber {
public:
    StreamProberImpl()
        : loop_(ev::Loop::instance()), io_(loop_.io([this](int) { on_io(); })),
          timer_(loop_.timer([this] { on_timer(); })) {}
    ~StreamProberImpl() override { cancel(); }

    void start(const ProbeSpec& spec, ProbeDone done) override {
        cancel();
        spec_ = &spec;
        done_ = std::move(done);
        t0_ = loop_.loop_time();
        path_ = spec.http.path;
        redirects_left_ = spec.http.redirects;
        expiring_ = false;
        status_ = 0;
        body_.clear();
        connect();
    }

    void cancel() override {
        io_->stop();
        timer_->stop();
        close_connection();
        phase_ = Phase::Idle;
    }

    std::optional<int> cert_days_left() const override { return days_; }
    int last_status() const override { return status_; }
    std::string detail() const override { return status_ ? "status " + std::to_string(status_) : std::string(); }
    const std::string& last_body() const override { return body_; }

private:
    enum class Phase { Idle, Connect, Handshake, Send, Read };

    void close_connection() {
        io_->stop();
        tls_.end();
        if (fd_ < 0) return;
        const linger abort{1, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
        ::close(fd_);
        fd_ = -1;
    }

    void arm_timer() { timer_->start(spec_->timeout, std::chrono::microseconds(0)); }
    void watch(int events) { io_->start(fd_, events); }

    void finish(ProbeOutcome o) {
        const CheckEnd end = check_end(loop_, t0_);
        cancel();
        deliver(done_, o, end);
    }

    void connect() {
        close_connection();
        const int family = spec_->addr.is_v6() ? AF_INET6 : AF_INET;
        fd_ = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd_ < 0) return finish(ProbeOutcome::ConnectError);
        sockaddr_storage ss;
        const socklen_t len = net::to_sockaddr(spec_->addr, spec_->port, ss);
        phase_ = Phase::Connect;
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&ss), len) == 0) return connected();
        if (errno != EINPROGRESS)
            return finish(errno == ECONNREFUSED ? ProbeOutcome::ConnectRefused : ProbeOutcome::ConnectError);
        arm_timer();
        watch(ev::Io::kWrite);
    }

    // A connect under way: true when it has ended (and was carried on).
    bool connect_settled() {
        pollfd p{fd_, POLLOUT, 0};
        if (::poll(&p, 1, 0) != 1) return false;
        int err = 0;
        socklen_t l = sizeof err;
        ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &l);
        if (err != 0) finish(err == ECONNREFUSED ? ProbeOutcome::ConnectRefused : ProbeOutcome::ConnectError);
        else connected();
        return true;
    }

    void connected() {
        if (!spec_->tls.on) return begin_send();
        if (!ctx_) {
            auto c = TlsContext::make(spec_->tls);
            if (!c.ok()) {  // the files were readable when lvsd checked lvs.cf: say what changed, once
                if (!ctx_error_logged_) LVS_LOG_ERROR("TLS: %s", c.error().message().c_str());
                ctx_error_logged_ = true;
                return finish(ProbeOutcome::TlsHandshakeFailed);
            }
            ctx_ = std::move(*c);
        }
        if (!tls_.begin(*ctx_, fd_, spec_->tls)) return finish(ProbeOutcome::TlsHandshakeFailed);
        phase_ = Phase::Handshake;
        arm_timer();
        handshake();
    }

    void handshake() {
        switch (tls_.handshake()) {
            case Step::WantRead: return watch(ev::Io::kRead);
            case Step::WantWrite: return watch(ev::Io::kWrite);
            case Step::Closed:
            case Step::Failed: return finish(ProbeOutcome::TlsHandshakeFailed);
            case Step::Done: break;
        }
        days_ = tls_.days_left();
        if (spec_->tls.verifies() && !tls_.verified()) return finish(ProbeOutcome::TlsCertInvalid);
        expiring_ = days_ && *days_ < spec_->tls.expiry_warn_days;
        if (expiring_ && spec_->tls.expiry_fails) return finish(ProbeOutcome::TlsCertExpiring);
        begin_send();
    }

    ProbeOutcome passed() const { return expiring_ ? ProbeOutcome::TlsCertExpiring : ProbeOutcome::Ok; }

    void begin_send() {
        request_ = spec_->http.on ? http::build_request(spec_->http, path_) : spec_->send;
        sent_ = 0;
        got_.clear();
        received_any_ = false;
        parser_ = http::ResponseParser(spec_->http.max_body, spec_->http.method == "HEAD");
        phase_ = Phase::Send;
        arm_timer();
        send_some();
    }

    void send_some() {
        while (sent_ < request_.size()) {
            std::size_t n = 0;
            const std::string_view rest = std::string_view(request_).substr(sent_);
            if (tls_.active()) {
                const Step s = tls_.write(rest, n);
                if (s == Step::WantRead) return watch(ev::Io::kRead);
                if (s == Step::WantWrite) return watch(ev::Io::kWrite);
                if (s != Step::Done) return finish(ProbeOutcome::SendFailed);
            } else {
                const ssize_t w = ::send(fd_, rest.data(), rest.size(), MSG_NOSIGNAL);
                if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return watch(ev::Io::kWrite);
                if (w < 0) return finish(ProbeOutcome::SendFailed);
                n = static_cast<std::size_t>(w);
            }
            sent_ += n;
        }
        if (!spec_->http.on && spec_->expect.kind() == ExpectRule::Kind::None) return finish(passed());
        phase_ = Phase::Read;
        arm_timer();
        watch(ev::Io::kRead);
        read_some();  // TLS may hold decrypted bytes already
    }

    // Reads what is there: Done with bytes, or the wait/close/error.
    Step read_chunk(char* buf, std::size_t cap, std::size_t& n) {
        if (tls_.active()) return tls_.read(buf, cap, n);
        const ssize_t r = ::recv(fd_, buf, cap, 0);
        n = r > 0 ? static_cast<std::size_t>(r) : 0;
        if (r > 0) return Step::Done;
        if (r == 0) return Step::Closed;
        return errno == EAGAIN || errno == EWOULDBLOCK ? Step::WantRead : Step::Failed;
    }

    void read_some() {
        char buf[4096];
        for (;;) {
            std::size_t n = 0;
            const Step s = read_chunk(buf, sizeof buf, n);
            if (s == Step::WantRead) return watch(ev::Io::kRead);
            if (s == Step::WantWrite) return watch(ev::Io::kWrite);
            if (s == Step::Failed) return finish(ProbeOutcome::ReadError);
            const bool eof = s == Step::Closed;
            received_any_ = received_any_ || n > 0;
            if (spec_->http.on ? on_http_bytes(std::string_view(buf, n), eof) : on_reply_bytes(buf, n, eof)) return;
        }
    }

    // send/expect over TLS: true when decided.
    bool on_reply_bytes(const char* buf, std::size_t n, bool eof) {
        got_.append(buf, std::min(n, kMaxReply - std::min(got_.size(), kMaxReply)));
        eof = eof || got_.size() >= kMaxReply;
        switch (spec_->expect.match(got_, eof)) {
            case Match::Yes: finish(passed()); return true;
            case Match::No:
                finish(spec_->expect.match(got_, false) == Match::NeedMore ? ProbeOutcome::ShortRead
                                                                          : ProbeOutcome::ExpectMismatch);
                return true;
            case Match::NeedMore: break;
        }
        if (eof) finish(ProbeOutcome::ShortRead);
        return eof;
    }

    bool on_http_bytes(std::string_view bytes, bool eof) {
        auto st = parser_.feed(bytes);
        if (eof) st = parser_.eof();
        if (st == http::ResponseParser::State::NeedMore) return false;
        status_ = parser_.status();
        body_ = parser_.body();
        if (st == http::ResponseParser::State::Bad) {
            finish(!received_any_ ? ProbeOutcome::ShortRead : ProbeOutcome::HttpBadResponse);
            return true;
        }
        judge();
        return true;
    }

    void judge() {
        const auto& h = spec_->http;
        if (status_ >= 300 && status_ < 400 && h.redirects > 0) {
            const auto loc = parser_.header("location");
            const auto next = loc ? http::redirect_path(*loc, h.host, spec_->addr.to_string(), spec_->port,
                                                        spec_->tls.on)
                                  : std::nullopt;
            if (!next || redirects_left_ == 0) return finish(ProbeOutcome::HttpRedirectFailed);
            --redirects_left_;
            path_ = *next;
            return connect();
        }
        if (!h.status.contains(status_)) return finish(ProbeOutcome::HttpStatus);
        if (!h.body.matches(body_)) return finish(ProbeOutcome::HttpBodyMismatch);
        finish(passed());
    }

    void on_io() {
        switch (phase_) {
            case Phase::Connect: connect_settled(); return;
            case Phase::Handshake: return handshake();
            case Phase::Send: return send_some();
            case Phase::Read: return read_some();
            case Phase::Idle: return;
        }
    }

    void on_timer() {
        if (phase_ == Phase::Connect && connect_settled()) return;
        finish(phase_ == Phase::Connect ? ProbeOutcome::ConnectTimeout : ProbeOutcome::ReadTimeout);
    }

    ev::Loop& loop_;
    std::unique_ptr<ev::Io> io_;
    std::unique_ptr<ev::Timer> timer_;
    std::unique_ptr<TlsContext> ctx_;  // made on the first TLS check
    bool ctx_error_logged_ = false;
    TlsSession tls_;
    const ProbeSpec* spec_ = nullptr;
    ProbeDone done_;
    int fd_ = -1;
    Phase phase_ = Phase::Idle;
    std::string path_, request_, got_, body_;
    std::size_t sent_ = 0;
    int redirects_left_ = 0;
    int status_ = 0;
    bool expiring_ = false;
    bool received_any_ = false;
    std::optional<int> days_;
    http::ResponseParser parser_;
    std::chrono::duration<double> t0_{0.0};
};

}  // namespace

std::unique_ptr<StreamProber> make_stream_prober() { return std::make_unique<StreamProberImpl>(); }

}  // namespace lvs::nanny
