// SPDX-License-Identifier: GPL-2.0-or-later
// Takeover: the floating addresses (VIPs and the NAT router address) and
// their announcements. Activating adds every address before it announces
// any (in NAT mode the VIP and the router address must move together, or
// the real servers answer through the router that did not see the
// connection), then sends arp_count announcements arp_interval apart and,
// with arp_refresh, one more every period while active. The shell owns the
// timer: each call returns when the next announcement is due.
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include "common/config/lvs_config.h"
#include "common/net/address_manager.h"

namespace lvs::pulse {

// The VIPs and NAT router address of a configuration, de-duplicated by
// address: the first block with a VIP supplies its device and mask.
std::vector<net::FloatingAddress> floating_addresses(const config::LvsConfig& cfg);

// Gratuitous ARP (IPv4) or an unsolicited neighbour advertisement (IPv6).
class Announcer {
public:
    virtual ~Announcer() = default;
    virtual Status announce(const std::string& device, const IpAddress& addr) = 0;
};
std::unique_ptr<Announcer> make_packet_announcer();

class Takeover {
public:
    using Millis = std::chrono::milliseconds;
    static constexpr Millis kNone{0};

    Takeover(net::AddressManager& addrs, Announcer& announcer) : addrs_(addrs), announcer_(announcer) {}

    // Every address up, then the first announcement. Returns the delay to
    // the next one (kNone: none).
    Millis activate(const config::LvsConfig& cfg);
    // Every address up, never announced: redundancy = ecmp, where BGP
    // routes the addresses and every router holds them.
    void plumb(const config::LvsConfig& cfg);
    void deactivate(const config::LvsConfig& cfg);
    // A fresh series of arp_count announcements (re-announce, repair).
    Millis restart_announcements(const config::LvsConfig& cfg, bool active);
    // The timer rang: the next announcement.
    Millis announce(const config::LvsConfig& cfg, bool active);
    // An address of ours vanished while active (ip addr del): put it back.
    // True if it was ours and is back.
    bool repair(const IpAddress& addr);
    // A reload while active: remove what went, add what came. True if an
    // address came (the caller announces them again).
    bool reload(const config::LvsConfig& before, const config::LvsConfig& after, bool active);
    // At start: addresses a pulse killed with -9 left behind.
    void remove_stale(const config::LvsConfig& cfg);

    const std::vector<net::FloatingAddress>& plumbed() const { return plumbed_; }

private:
    net::AddressManager& addrs_;
    Announcer& announcer_;
    std::vector<net::FloatingAddress> plumbed_;
    int left_ = 0;             // announcements left in this series
    bool refreshing_ = false;  // the series is over; arp_refresh runs
};

}  // namespace lvs::pulse
