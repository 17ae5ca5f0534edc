// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp: the BIRD 2 configuration fragment (see bird_config.h).
#include "pulse/bird_config.h"

namespace lvs::pulse {
namespace {

std::string statics(const char* name, bool v4, const std::vector<IpAddress>& announced) {
    std::string s = std::string("protocol static ") + name + " {\n\t" + (v4 ? "ipv4" : "ipv6") + ";\n";
    for (const auto& a : announced)
        if (a.is_v4() == v4) s += "\troute " + a.to_string() + (v4 ? "/32" : "/128") + " blackhole;\n";
    return s + "}\n\n";
}

std::string bfd(const BirdParams& p) {
    return "protocol bfd lvs_bfd {\n\tinterface \"*\" {\n\t\tinterval " + std::to_string(p.bfd_interval.count()) +
           " ms;\n\t\tmultiplier " + std::to_string(p.bfd_multiplier) + ";\n\t};\n}\n\n";
}

std::string bgp(const BirdParams& p, const BirdPeer& peer) {
    std::string s = "protocol bgp " + bird_bgp_name(peer.address) + " {\n";
    s += "\tlocal as " + std::to_string(p.local_as) + ";\n";
    s += "\tneighbor " + peer.address.to_string() + " as " + std::to_string(peer.as) + ";\n";
    if (p.bfd) s += "\tbfd on;\n";
    // After a failure (one lost train of BFD packets is enough) BIRD waits
    // 60 s by default before it tries again, doubling up to 300: the router
    // would stay out of the group that long. Its routes are only what pulse
    // announces now, so a quick return is safe; a session that keeps
    // failing still backs off (doubling up to 60 s).
    s += "\terror wait time 1, 60;\n";
    s += std::string("\t") + (peer.address.is_v4() ? "ipv4" : "ipv6") + " {\n";
    s += "\t\timport none;\n\t\texport filter lvs_vips;\n\t};\n}\n\n";
    return s;
}

}  // namespace

BirdParams bird_params(const config::LvsConfig& cfg) {
    BirdParams p;
    p.local_as = cfg.bgp_local_as;
    p.bfd = cfg.bfd;
    p.bfd_interval = cfg.bfd_interval;
    p.bfd_multiplier = cfg.bfd_multiplier;
    for (std::size_t i = 0; i < cfg.bgp_peer.size(); ++i) {
        const auto& as = cfg.bgp_peer_as;
        p.peers.push_back({cfg.bgp_peer[i], as.empty() ? 0 : as.size() == 1 ? as[0] : i < as.size() ? as[i] : 0});
    }
    return p;
}

std::string bird_bgp_name(const IpAddress& peer) {
    std::string s = "lvs_bgp_" + peer.to_string();
    for (char& c : s)
        if (c == '.' || c == ':') c = '_';
    return s;
}

std::string bird_fragment(const BirdParams& params, const std::vector<IpAddress>& announced) {
    std::string s =
        "# Written by pulse (lvs.cf redundancy = ecmp) on every change: do not edit.\n"
        "# bird.conf includes it. lvs_vips4 and lvs_vips6 hold the virtual addresses\n"
        "# this router announces now; the filter lvs_vips accepts just those routes.\n\n";
    s += statics("lvs_vips4", true, announced);
    s += statics("lvs_vips6", false, announced);
    s += "filter lvs_vips {\n\tif proto = \"lvs_vips4\" || proto = \"lvs_vips6\" then accept;\n\treject;\n}\n\n";
    if (params.bfd) s += bfd(params);
    for (const auto& peer : params.peers) s += bgp(params, peer);
    s.pop_back();  // one newline at the end
    return s;
}

}  // namespace lvs::pulse
