// SPDX-License-Identifier: GPL-2.0-or-later
// GatewayPinger over a raw ICMP socket on the libev loop.
#include <linux/icmp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/ev/event_loop.h"
#include "common/net/gateway.h"

namespace lvs::net {
namespace {

class RawPinger final : public GatewayPinger {
public:
    explicit RawPinger(int fd) : fd_(fd) {
        auto& loop = ev::Loop::instance();
        loop.on_readable(fd_, [this] { on_readable(); });
        timer_ = loop.timer([this] { on_timer(); });
        id_ = static_cast<std::uint16_t>(::getpid());
    }
    ~RawPinger() override { ::close(fd_); }

    void ping(const IpAddress& gw, int tries, std::chrono::milliseconds interval,
              std::function<void(bool)> done) override {
        gw_ = gw;
        left_ = tries;
        interval_ = interval;
        done_ = std::move(done);
        send_one();
    }
    std::uint64_t ignored() const override { return ignored_; }

private:
    void send_one() {
        --left_;
        const auto pkt = icmp_echo_request(id_, ++seq_);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        std::memcpy(&to.sin_addr, gw_.bytes().data(), 4);
        // A send error (no route, say) is a lost echo: the timer decides.
        (void)::sendto(fd_, pkt.data(), pkt.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
        timer_->start(interval_, std::chrono::milliseconds(0));
    }
    void on_timer() {
        if (!done_) return;
        if (left_ > 0) return send_one();
        finish(false);
    }
    void on_readable() {
        std::uint8_t buf[1500];
        sockaddr_in from{};
        for (;;) {
            socklen_t len = sizeof from;
            const ssize_t n = ::recvfrom(fd_, buf, sizeof buf, MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&from), &len);
            if (n < 0) return;
            const bool ours = done_ && std::memcmp(&from.sin_addr, gw_.bytes().data(), 4) == 0 &&
                              is_echo_reply({buf, static_cast<std::size_t>(n)}, id_);
            if (!ours) {
                ++ignored_;
                continue;
            }
            finish(true);
        }
    }
    void finish(bool reachable) {
        timer_->stop();
        auto done = std::move(done_);
        done_ = nullptr;
        if (done) done(reachable);
    }

    int fd_;
    std::unique_ptr<ev::Timer> timer_;
    IpAddress gw_;
    int left_ = 0;
    std::chrono::milliseconds interval_{1000};
    std::function<void(bool)> done_;
    std::uint16_t id_ = 0, seq_ = 0;
    std::uint64_t ignored_ = 0;
};

}  // namespace

Result<std::unique_ptr<GatewayPinger>> open_gateway_pinger() {
    const int fd = ::socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP);
    if (fd < 0) return make_error(ErrorCode::Permission, "raw ICMP socket", errno);
    // Echo replies only: everything else the kernel would copy to us is noise.
    icmp_filter filt{};
    filt.data = ~(1u << ICMP_ECHOREPLY);
    (void)::setsockopt(fd, SOL_RAW, ICMP_FILTER, &filt, sizeof filt);
    return std::unique_ptr<GatewayPinger>(std::make_unique<RawPinger>(fd));
}

}  // namespace lvs::net
