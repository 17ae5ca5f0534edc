// SPDX-License-Identifier: GPL-2.0-or-later
// UDP heartbeat sockets on libev.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/ev/event_loop.h"
#include "common/net/sockaddr.h"
#include "pulse/peer_link.h"

namespace lvs::pulse {
namespace {

IpAddress from_sockaddr(const sockaddr_storage& ss) {
    if (ss.ss_family == AF_INET6) {
        std::uint8_t b[16];
        std::memcpy(b, &reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_addr, 16);
        return IpAddress::v6_bytes(b);
    }
    std::uint8_t b[4];
    std::memcpy(b, &reinterpret_cast<const sockaddr_in*>(&ss)->sin_addr, 4);
    return IpAddress::v4_bytes(b);
}

class UdpPeerLink final : public PeerLink {
public:
    // A reload replaces the link: the watchers stop before their sockets close.
    ~UdpPeerLink() override {
        watchers_.clear();
        for (int fd : fds_) ::close(fd);
    }

    Status open(const PeerPaths& p, Receive rx) {
        paths_ = p;
        rx_ = std::move(rx);
        for (const auto& local : p.local) {
            const int fd = ::socket(local.is_v6() ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd < 0) return make_error(ErrorCode::Io, "heartbeat socket", errno);
            const int one = 1;
            ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
            sockaddr_storage ss;
            const socklen_t len = net::to_sockaddr(local, p.port, ss);
            if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
                const int e = errno;
                ::close(fd);
                return make_error(e == EACCES ? ErrorCode::Permission : ErrorCode::Io,
                                  "cannot create heartbeat socket on " + local.to_string(), e);
            }
            fds_.push_back(fd);
            watchers_.push_back(ev::Loop::instance().io([this, fd](int) { drain(fd); }));
            watchers_.back()->start(fd, ev::Io::kRead);
        }
        return ok_status();
    }

    void send(std::span<const std::uint8_t> bytes) override {
        for (std::size_t i = 0; i < paths_.partner.size() && i < fds_.size(); ++i) {
            sockaddr_storage ss;
            const socklen_t len = net::to_sockaddr(paths_.partner[i], paths_.port, ss);
            if (::sendto(fds_[i], bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&ss), len) < 0) ++errors_;
        }
    }
    std::uint64_t send_errors() const override { return errors_; }

private:
    void drain(int fd) {
        std::uint8_t buf[2048];
        for (;;) {
            sockaddr_storage ss{};
            socklen_t len = sizeof ss;
            const ssize_t n = ::recvfrom(fd, buf, sizeof buf, MSG_TRUNC, reinterpret_cast<sockaddr*>(&ss), &len);
            if (n < 0) return;
            // MSG_TRUNC reports the real size, so oversized datagrams are seen as such.
            const std::size_t size = static_cast<std::size_t>(n);
            rx_(std::span<const std::uint8_t>(buf, std::min(size, sizeof buf)), from_sockaddr(ss));
        }
    }

    PeerPaths paths_;
    Receive rx_;
    std::vector<int> fds_;
    std::vector<std::unique_ptr<ev::Io>> watchers_;
    std::uint64_t errors_ = 0;
};

}  // namespace

Result<std::unique_ptr<PeerLink>> open_udp_peer_link(const PeerPaths& paths, PeerLink::Receive on_receive) {
    auto link = std::make_unique<UdpPeerLink>();
    if (auto s = link->open(paths, std::move(on_receive)); !s.ok()) return s.error();
    return std::unique_ptr<PeerLink>(std::move(link));
}

bool is_local_address(const IpAddress& addr) {
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return false;
    bool found = false;
    for (ifaddrs* i = list; i && !found; i = i->ifa_next) {
        if (!i->ifa_addr || (i->ifa_addr->sa_family != AF_INET && i->ifa_addr->sa_family != AF_INET6)) continue;
        sockaddr_storage ss{};
        std::memcpy(&ss, i->ifa_addr, i->ifa_addr->sa_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6));
        found = from_sockaddr(ss) == addr;
    }
    freeifaddrs(list);
    return found;
}

}  // namespace lvs::pulse
