// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's real adapters: rtnetlink addresses and events, packet-socket
// announcements, the sync daemon's ports, UDP heartbeats, children on the
// event loop, in FOS mode the gateway pinger, a random heartbeat boot
// nonce, systemd's notifications, and in ecmp mode birdc and this host's
// addresses.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "common/log/logger.h"
#include "pulse/pulse_app.h"

namespace lvs::pulse {

PulsePorts system_ports(const config::LvsConfig& cfg, bool norun) {
    PulsePorts p;
    p.addresses = net::make_rtnl_address_manager();
    p.announcer = make_packet_announcer();
    p.sync = make_system_sync_ports();
    p.children = [](std::function<void()> alarm) { return proc::make_system_ports(std::move(alarm)); };
    p.peer_link = [](const PeerPaths& paths, PeerLink::Receive rx) { return open_udp_peer_link(paths, std::move(rx)); };
    p.link_monitor = [](net::LinkMonitor::Changed changed, net::LinkMonitor::AddressRemoved removed) {
        return net::open_link_monitor(std::move(changed), std::move(removed));
    };
    p.notify = systemd_notifier();
    p.bird = [](const BirdPaths& paths) { return std::unique_ptr<BirdControl>(std::make_unique<BirdControlLinux>(paths)); };
    p.interfaces = [] { return net::interface_addresses(); };
    p.sysctl = write_sysctl;
    if (auto n = hb::random_boot_nonce(); n.ok()) p.boot_nonce = *n;
    else LVS_LOG_ERROR("%s", n.error().message().c_str());
    if (cfg.service == config::ServiceMode::Fos && !norun) {
        if (auto g = net::open_gateway_pinger(); g.ok()) p.pinger = std::move(*g);
        else LVS_LOG_WARN("%s: the gateway cannot be checked before a take-over", g.error().message().c_str());
    }
    return p;
}

Result<void> write_sysctl(const std::string& name, const std::string& value) {
    std::string path = "/proc/sys/" + name;
    std::replace(path.begin() + 10, path.end(), '.', '/');
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return make_error(ErrorCode::Io, "cannot open " + path, errno);
    const ssize_t n = ::write(fd, value.data(), value.size());
    const int err = errno;
    ::close(fd);
    if (n != static_cast<ssize_t>(value.size())) return make_error(ErrorCode::Io, "cannot write " + path, err);
    return {};
}

}  // namespace lvs::pulse
