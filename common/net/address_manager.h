// SPDX-License-Identifier: GPL-2.0-or-later
// Floating addresses (VIPs, the NAT router) through rtnetlink, and
// gratuitous ARP through a packet socket. Used by pulse.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "common/base/ip_address.h"
#include "common/base/result.h"

namespace lvs::net {

struct FloatingAddress {
    IpAddress addr;
    int prefix = 32;    // from vip_nmask / nat_nmask; 32 (128) when unset
    std::string label;  // Piranha's alias label, e.g. eth0:1; the device is the part before ':'
    std::string device() const { return label.substr(0, label.find(':')); }
    bool operator==(const FloatingAddress&) const = default;
};

class AddressManager {
public:
    virtual ~AddressManager() = default;
    // Adding an address that is present, or removing one that is absent, is success.
    virtual Status add(const FloatingAddress& a) = 0;
    virtual Status remove(const FloatingAddress& a) = 0;
    virtual Result<bool> present(const FloatingAddress& a) = 0;
};

std::unique_ptr<AddressManager> make_rtnl_address_manager();

// One gratuitous ARP for an IPv4 address on `device` (Piranha's send_arp
// frame: an ARP reply, broadcast, sender = target = the address).
Status send_gratuitous_arp(const std::string& device, const IpAddress& addr);
// One unsolicited neighbour advertisement for an IPv6 address (to ff02::1,
// Override set, with the target link-layer address option).
Status send_unsolicited_na(const std::string& device, const IpAddress& addr);
// Whichever of the two fits the address family.
Status announce_address(const std::string& device, const IpAddress& addr);
// Sends a complete Ethernet frame on `device` (destination from the frame).
Status send_frame(const std::string& device, const std::vector<std::uint8_t>& frame);
Result<std::array<std::uint8_t, 6>> interface_mac(const std::string& device, int* ifindex);

// The frames themselves (pure; tested byte by byte).
std::vector<std::uint8_t> gratuitous_arp_frame(const std::array<std::uint8_t, 6>& mac, const IpAddress& addr);
std::vector<std::uint8_t> arp_reply_frame(const std::array<std::uint8_t, 6>& dst, const std::array<std::uint8_t, 6>& mac,
                                          const IpAddress& addr);
std::vector<std::uint8_t> unsolicited_na_frame(const std::array<std::uint8_t, 6>& mac, const IpAddress& addr);

}  // namespace lvs::net
