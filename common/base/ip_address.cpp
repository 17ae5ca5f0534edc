// SPDX-License-Identifier: GPL-2.0-or-later
// IpAddress parsing and formatting through inet_pton/inet_ntop/inet_aton,
// which are pure text conversions (no sockets are opened).
#include "common/base/ip_address.h"

#include <arpa/inet.h>

#include <cstring>

namespace lvs {

IpAddress IpAddress::v4(std::uint32_t host_order) {
    IpAddress a;
    a.family_ = Family::V4;
    a.bytes_[0] = static_cast<std::uint8_t>(host_order >> 24);
    a.bytes_[1] = static_cast<std::uint8_t>(host_order >> 16);
    a.bytes_[2] = static_cast<std::uint8_t>(host_order >> 8);
    a.bytes_[3] = static_cast<std::uint8_t>(host_order);
    return a;
}

IpAddress IpAddress::v4_bytes(const std::uint8_t (&b)[4]) {
    IpAddress a;
    a.family_ = Family::V4;
    std::memcpy(a.bytes_.data(), b, 4);
    return a;
}

IpAddress IpAddress::v6_bytes(const std::uint8_t (&b)[16]) {
    IpAddress a;
    a.family_ = Family::V6;
    std::memcpy(a.bytes_.data(), b, 16);
    return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
    char buf[INET6_ADDRSTRLEN];
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    IpAddress a;
    if (inet_pton(AF_INET, buf, a.bytes_.data()) == 1) {
        a.family_ = Family::V4;
        return a;
    }
    if (inet_pton(AF_INET6, buf, a.bytes_.data()) == 1) {
        a.family_ = Family::V6;
        return a;
    }
    return std::nullopt;
}

std::optional<IpAddress> IpAddress::parse_legacy(std::string_view text) {
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
    char buf[INET6_ADDRSTRLEN];
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    in_addr in{};
    if (inet_aton(buf, &in) == 1) return v4(ntohl(in.s_addr));
    return parse(text);
}

bool IpAddress::is_unspecified() const noexcept {
    if (family_ == Family::None) return true;
    const std::size_t n = family_ == Family::V4 ? 4 : 16;
    for (std::size_t i = 0; i < n; ++i)
        if (bytes_[i] != 0) return false;
    return true;
}

std::uint32_t IpAddress::v4_host_order() const noexcept {
    return (std::uint32_t{bytes_[0]} << 24) | (std::uint32_t{bytes_[1]} << 16) |
           (std::uint32_t{bytes_[2]} << 8) | std::uint32_t{bytes_[3]};
}

std::string IpAddress::to_string() const {
    char buf[INET6_ADDRSTRLEN] = "";
    if (family_ == Family::V4) inet_ntop(AF_INET, bytes_.data(), buf, sizeof buf);
    if (family_ == Family::V6) inet_ntop(AF_INET6, bytes_.data(), buf, sizeof buf);
    return buf;
}

int IpAddress::prefix_length() const noexcept {
    if (family_ == Family::None) return -1;
    const int nbytes = family_ == Family::V4 ? 4 : 16;
    int bits = 0;
    bool seen_zero = false;
    for (int i = 0; i < nbytes; ++i) {
        for (int b = 7; b >= 0; --b) {
            const bool one = (bytes_[static_cast<std::size_t>(i)] >> b) & 1;
            if (one && seen_zero) return -1;
            if (one) ++bits; else seen_zero = true;
        }
    }
    return bits;
}

}  // namespace lvs
