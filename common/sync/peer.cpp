// SPDX-License-Identifier: GPL-2.0-or-later
// The sync partner from lvs.cf; this host's addresses.
#include "common/sync/peer.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

namespace lvs::sync {

namespace {

bool usable(const IpAddress& a) { return a.is_set() && !a.is_unspecified(); }

bool mine(const IsLocal& is_local, const IpAddress& pub, const IpAddress& priv) {
    return (usable(pub) && is_local(pub)) || (usable(priv) && is_local(priv));
}

std::optional<IpAddress> either(const IpAddress& priv, const IpAddress& pub) {
    if (usable(priv)) return priv;
    if (usable(pub)) return pub;
    return std::nullopt;
}

}  // namespace

std::optional<IpAddress> partner_address(const config::LvsConfig& cfg, const IsLocal& is_local) {
    if (mine(is_local, cfg.primary, cfg.primary_private)) return either(cfg.backup_private, cfg.backup);
    if (mine(is_local, cfg.backup, cfg.backup_private)) return either(cfg.primary_private, cfg.primary);
    return std::nullopt;
}

bool is_local_address(const IpAddress& a) {
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return false;
    bool found = false;
    for (ifaddrs* i = list; i && !found; i = i->ifa_next) {
        if (!i->ifa_addr) continue;
        char buf[INET6_ADDRSTRLEN] = "";
        if (i->ifa_addr->sa_family == AF_INET)
            ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr, buf, sizeof buf);
        else if (i->ifa_addr->sa_family == AF_INET6)
            ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(i->ifa_addr)->sin6_addr, buf, sizeof buf);
        else continue;
        const auto p = IpAddress::parse(buf);
        found = p && *p == a;
    }
    ::freeifaddrs(list);
    return found;
}

}  // namespace lvs::sync
