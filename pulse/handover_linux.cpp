// SPDX-License-Identifier: GPL-2.0-or-later
// HandOver's system ports: the netlink IPVS client, /proc/net/ip_vs_conn
// and a multicast UDP socket to the kernel's sync group.
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "common/base/file.h"
#include "common/ipvs/conn_sync.h"
#include "common/ipvs/ipvs_client_netlink.h"
#include "common/log/logger.h"
#include "pulse/handover.h"

namespace lvs::pulse {
namespace {

class SystemSyncPorts final : public SyncPorts {
public:
    ipvs::IpvsClient* ipvs() override {
        if (!client_) {
            auto c = ipvs::NetlinkIpvsClient::open();
            if (!c.ok()) {
                LVS_LOG_ERROR("sync daemon: %s", c.error().message().c_str());
                return nullptr;
            }
            client_ = std::move(*c);
        }
        return client_.get();
    }
    std::string conn_table() override {
        // Absent: no IPVS, nothing to hand over. A pass sends at most 16384
        // connections, about 2.3 MB of this table: the rest is not read.
        auto text = read_file("/proc/net/ip_vs_conn", ReadLimit{.max_bytes = std::size_t{4} << 20, .truncate = true});
        return text.ok() ? std::move(*text) : std::string{};
    }
    Result<std::size_t> send(const std::string& iface, const std::vector<std::vector<std::uint8_t>>& msgs) override {
        const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        ip_mreqn mr{};
        mr.imr_ifindex = static_cast<int>(::if_nametoindex(iface.c_str()));
        const int ttl = 1, loop = 0;
        if (fd < 0 || mr.imr_ifindex == 0 || ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof mr) != 0 ||
            ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl) != 0 ||
            ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop) != 0) {
            const int err = mr.imr_ifindex == 0 ? ENODEV : errno;
            if (fd >= 0) ::close(fd);
            return make_error(ErrorCode::Io, "sync socket on " + iface, err);
        }
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(ipvs::kSyncPort);
        to.sin_addr.s_addr = htonl(ipvs::kSyncGroupV4);
        std::size_t sent = 0;
        for (const auto& m : msgs)
            if (::sendto(fd, m.data(), m.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) ==
                static_cast<ssize_t>(m.size()))
                sent += m[4];
        ::close(fd);
        return sent;
    }

private:
    std::unique_ptr<ipvs::IpvsClient> client_;
};

}  // namespace

std::unique_ptr<SyncPorts> make_system_sync_ports() { return std::make_unique<SystemSyncPorts>(); }

}  // namespace lvs::pulse
