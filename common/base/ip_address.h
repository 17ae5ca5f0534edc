// SPDX-License-Identifier: GPL-2.0-or-later
// IpAddress: an IPv4 or IPv6 address as plain bytes (pure; no sockets).
// Used by the config model, the IPVS types, the heartbeat and shared memory.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lvs {

class IpAddress {
public:
    enum class Family : std::uint8_t { None = 0, V4 = 4, V6 = 6 };

    IpAddress() = default;
    static IpAddress v4(std::uint32_t host_order);
    static IpAddress v4_bytes(const std::uint8_t (&b)[4]);
    static IpAddress v6_bytes(const std::uint8_t (&b)[16]);

    // Strict numeric parse: dotted quad or RFC 4291 text. No DNS.
    static std::optional<IpAddress> parse(std::string_view text);
    // Piranha-compatible IPv4 parse (inet_aton forms such as "10.1"), then IPv6.
    static std::optional<IpAddress> parse_legacy(std::string_view text);

    Family family() const noexcept { return family_; }
    bool is_set() const noexcept { return family_ != Family::None; }
    bool is_v4() const noexcept { return family_ == Family::V4; }
    bool is_v6() const noexcept { return family_ == Family::V6; }
    // True for 0.0.0.0, :: and an unset address.
    bool is_unspecified() const noexcept;

    // Network-order bytes: 4 used for V4, 16 for V6.
    const std::array<std::uint8_t, 16>& bytes() const noexcept { return bytes_; }
    std::uint32_t v4_host_order() const noexcept;

    // Canonical text ("" when unset).
    std::string to_string() const;

    // Number of leading one bits if this is a contiguous netmask, else -1.
    int prefix_length() const noexcept;

    auto operator<=>(const IpAddress&) const = default;

private:
    Family family_ = Family::None;
    std::array<std::uint8_t, 16> bytes_{};
};

}  // namespace lvs
