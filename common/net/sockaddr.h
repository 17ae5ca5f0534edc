// SPDX-License-Identifier: GPL-2.0-or-later
// An address and port as the socket calls take them.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>

#include "common/base/ip_address.h"

namespace lvs::net {

// Fills `ss` (sockaddr_in or sockaddr_in6 by the address's family) and
// returns the length to pass with it.
inline socklen_t to_sockaddr(const IpAddress& addr, std::uint16_t port, sockaddr_storage& ss) {
    ss = {};
    if (addr.is_v4()) {
        auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        std::memcpy(&sin->sin_addr, addr.bytes().data(), 4);
        return sizeof *sin;
    }
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(port);
    std::memcpy(&sin6->sin6_addr, addr.bytes().data(), 16);
    return sizeof *sin6;
}

}  // namespace lvs::net
