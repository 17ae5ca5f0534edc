// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp, pure: the BIRD 2 configuration fragment pulse writes to
// bird_include. It holds the VIPs this router announces now as static
// routes (protocols lvs_vips4 and lvs_vips6), the filter lvs_vips that
// accepts just those routes, and, for the peers of lvs.cf, a BFD protocol
// (bfd = 1) and one BGP session each that exports through lvs_vips.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "common/base/ip_address.h"
#include "common/config/lvs_config.h"

namespace lvs::pulse {

struct BirdPeer {
    IpAddress address;
    std::uint32_t as = 0;
};

struct BirdParams {
    std::uint32_t local_as = 0;
    std::vector<BirdPeer> peers;
    bool bfd = false;
    std::chrono::milliseconds bfd_interval{100};
    int bfd_multiplier = 3;
};

// From a validated ecmp lvs.cf (one bgp_peer_as for all, or one each).
BirdParams bird_params(const config::LvsConfig& cfg);

// The name of the BGP protocol for a peer: lvs_bgp_ and the address with
// '.' and ':' as '_' (192.0.2.1 -> lvs_bgp_192_0_2_1): stable across
// reloads and readable in `birdc show protocols`.
std::string bird_bgp_name(const IpAddress& peer);

// The whole fragment; `announced` in the order given (IPv4 in lvs_vips4,
// IPv6 in lvs_vips6). Same input, same text.
std::string bird_fragment(const BirdParams& params, const std::vector<IpAddress>& announced);

}  // namespace lvs::pulse
