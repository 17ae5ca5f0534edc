// SPDX-License-Identifier: GPL-2.0-or-later
// Link state and address removals from rtnetlink events (RTNLGRP_LINK,
// RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR), no polling: pulse's
// monitor_links and its repair of hand-deleted VIPs. The adapter reports every change of a watched interface's
// "usable" state (administratively up and carrier present).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/base/ip_address.h"
#include "common/base/result.h"

namespace lvs::net {

class LinkMonitor {
public:
    using Changed = std::function<void(const std::string& ifname, bool up)>;
    using AddressRemoved = std::function<void(const IpAddress& addr)>;
    virtual ~LinkMonitor() = default;
    // The socket to watch for readability; call dispatch() when readable.
    virtual int fd() const = 0;
    virtual void dispatch() = 0;
    // The current state (IFF_UP and IFF_RUNNING), from an ioctl.
    virtual bool is_up(const std::string& ifname) const = 0;
};

// `removed`, when given, also hears every address deleted on this host
// (RTNLGRP_IPV4_IFADDR / RTNLGRP_IPV6_IFADDR).
Result<std::unique_ptr<LinkMonitor>> open_link_monitor(LinkMonitor::Changed changed,
                                                       LinkMonitor::AddressRemoved removed = {});

// The interface that holds `addr`, or "" (getifaddrs).
std::string interface_of(const IpAddress& addr);

// An address of this host and its prefix, on its device (an alias label's
// device: eth0 for eth0:1).
struct InterfaceAddress {
    std::string ifname;
    IpAddress addr;
    int prefix = 0;
    bool operator==(const InterfaceAddress&) const = default;
};
// Every IPv4 and IPv6 address of this host (getifaddrs).
std::vector<InterfaceAddress> interface_addresses();

}  // namespace lvs::net
