// SPDX-License-Identifier: GPL-2.0-or-later
// The Internet checksum (RFC 1071), for ICMP and ICMPv6 messages we build.
#pragma once

#include <cstdint>
#include <span>

namespace lvs::net {

// Adds `b` to a running one's-complement sum.
inline std::uint32_t inet_sum_add(std::uint32_t sum, std::span<const std::uint8_t> b) {
    for (std::size_t i = 0; i + 1 < b.size(); i += 2) sum += static_cast<std::uint32_t>(b[i] << 8 | b[i + 1]);
    if (b.size() % 2) sum += static_cast<std::uint32_t>(b.back() << 8);
    return sum;
}

// Folds the sum and complements it: the value to put in the header (or 0
// when checking a message that carries its checksum).
inline std::uint16_t inet_sum_fold(std::uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

}  // namespace lvs::net
