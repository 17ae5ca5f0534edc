// SPDX-License-Identifier: GPL-2.0-or-later
// LinkMonitor over libnl-route: a socket subscribed to RTNLGRP_LINK.
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "common/net/link_monitor.h"

namespace lvs::net {
namespace {

class RtnlLinkMonitor final : public LinkMonitor {
public:
    RtnlLinkMonitor(Changed changed, AddressRemoved removed)
        : changed_(std::move(changed)), removed_(std::move(removed)) {}
    ~RtnlLinkMonitor() override {
        if (sock_) nl_socket_free(sock_);
    }

    Status open() {
        sock_ = nl_socket_alloc();
        if (!sock_) return make_error(ErrorCode::Netlink, "rtnetlink socket");
        nl_socket_disable_seq_check(sock_);
        nl_socket_modify_cb(sock_, NL_CB_VALID, NL_CB_CUSTOM, &RtnlLinkMonitor::on_msg, this);
        if (int rc = nl_connect(sock_, NETLINK_ROUTE); rc < 0)
            return make_error(ErrorCode::Netlink, std::string("rtnetlink: ") + nl_geterror(rc));
        if (int rc = nl_socket_add_membership(sock_, RTNLGRP_LINK); rc < 0)
            return make_error(ErrorCode::Netlink, std::string("link events: ") + nl_geterror(rc));
        if (removed_)
            if (int rc = nl_socket_add_memberships(sock_, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR, 0); rc < 0)
                return make_error(ErrorCode::Netlink, std::string("address events: ") + nl_geterror(rc));
        nl_socket_set_nonblocking(sock_);
        return ok_status();
    }

    int fd() const override { return nl_socket_get_fd(sock_); }
    void dispatch() override { nl_recvmsgs_default(sock_); }

    bool is_up(const std::string& ifname) const override {
        const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (s < 0) return true;  // cannot tell: assume up, as Piranha did
        ifreq ifr{};
        std::strncpy(ifr.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
        const bool known = ::ioctl(s, SIOCGIFFLAGS, &ifr) == 0;
        ::close(s);
        if (!known) return false;
        return (ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_RUNNING);
    }

private:
    static int on_msg(nl_msg* msg, void* arg) {
        static_cast<RtnlLinkMonitor*>(arg)->type_ = nlmsg_hdr(msg)->nlmsg_type;
        nl_msg_parse(msg, &RtnlLinkMonitor::on_object, arg);
        return NL_OK;
    }
    static void on_object(nl_object* obj, void* arg) {
        auto* self = static_cast<RtnlLinkMonitor*>(arg);
        if (std::strcmp(nl_object_get_type(obj), "route/addr") == 0) {
            if (self->type_ != RTM_DELADDR || !self->removed_) return;
            nl_addr* local = rtnl_addr_get_local(reinterpret_cast<rtnl_addr*>(obj));
            if (!local) return;
            const unsigned len = nl_addr_get_len(local);
            const auto* b = static_cast<const std::uint8_t*>(nl_addr_get_binary_addr(local));
            if (len == 4) {
                std::uint8_t a[4];
                std::memcpy(a, b, 4);
                self->removed_(IpAddress::v4_bytes(a));
            } else if (len == 16) {
                std::uint8_t a[16];
                std::memcpy(a, b, 16);
                self->removed_(IpAddress::v6_bytes(a));
            }
            return;
        }
        if (std::strcmp(nl_object_get_type(obj), "route/link") != 0) return;
        auto* link = reinterpret_cast<rtnl_link*>(obj);
        const char* name = rtnl_link_get_name(link);
        if (!name) return;
        const unsigned flags = rtnl_link_get_flags(link);
        self->changed_(name, (flags & IFF_UP) && (flags & IFF_RUNNING));
    }

    Changed changed_;
    AddressRemoved removed_;
    nl_sock* sock_ = nullptr;
    int type_ = 0;
};

}  // namespace

Result<std::unique_ptr<LinkMonitor>> open_link_monitor(LinkMonitor::Changed changed,
                                                       LinkMonitor::AddressRemoved removed) {
    auto m = std::make_unique<RtnlLinkMonitor>(std::move(changed), std::move(removed));
    if (auto s = m->open(); !s.ok()) return s.error();
    return std::unique_ptr<LinkMonitor>(std::move(m));
}

std::string interface_of(const IpAddress& addr) {
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return {};
    std::string found;
    for (ifaddrs* i = list; i && found.empty(); i = i->ifa_next) {
        if (!i->ifa_addr) continue;
        if (i->ifa_addr->sa_family == AF_INET && addr.is_v4()) {
            const auto* sin = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
            if (std::memcmp(&sin->sin_addr, addr.bytes().data(), 4) == 0) found = i->ifa_name;
        } else if (i->ifa_addr->sa_family == AF_INET6 && addr.is_v6()) {
            const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(i->ifa_addr);
            if (std::memcmp(&sin6->sin6_addr, addr.bytes().data(), 16) == 0) found = i->ifa_name;
        }
    }
    ::freeifaddrs(list);
    // An alias label (eth0:1) names its device.
    return found.substr(0, found.find(':'));
}

std::vector<InterfaceAddress> interface_addresses() {
    std::vector<InterfaceAddress> out;
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return out;
    for (ifaddrs* i = list; i; i = i->ifa_next) {
        if (!i->ifa_addr || !i->ifa_netmask) continue;
        std::optional<IpAddress> addr, mask;
        if (i->ifa_addr->sa_family == AF_INET) {
            std::uint8_t a[4], m[4];
            std::memcpy(a, &reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr, 4);
            std::memcpy(m, &reinterpret_cast<const sockaddr_in*>(i->ifa_netmask)->sin_addr, 4);
            addr = IpAddress::v4_bytes(a);
            mask = IpAddress::v4_bytes(m);
        } else if (i->ifa_addr->sa_family == AF_INET6) {
            std::uint8_t a[16], m[16];
            std::memcpy(a, &reinterpret_cast<const sockaddr_in6*>(i->ifa_addr)->sin6_addr, 16);
            std::memcpy(m, &reinterpret_cast<const sockaddr_in6*>(i->ifa_netmask)->sin6_addr, 16);
            addr = IpAddress::v6_bytes(a);
            mask = IpAddress::v6_bytes(m);
        } else {
            continue;
        }
        const std::string name = i->ifa_name;
        out.push_back({name.substr(0, name.find(':')), *addr, std::max(0, mask->prefix_length())});
    }
    ::freeifaddrs(list);
    return out;
}

}  // namespace lvs::net
