// SPDX-License-Identifier: GPL-2.0-or-later
// redundancy = ecmp: the policy's inputs (ecmp_inputs.h).
#include "pulse/ecmp_inputs.h"

#include <algorithm>
#include <cstring>

namespace lvs::pulse {
namespace {

std::uint8_t proto_number(config::Protocol p) {
    switch (p) {
        case config::Protocol::Tcp: return 6;
        case config::Protocol::Udp: return 17;
        case config::Protocol::Sctp: return 132;
    }
    return 6;
}

// lvsd's record of a real server belongs to virtual service `vs`.
bool of_service(const shm::DestRecord& d, const config::VirtualServer& vs) {
    if (vs.fwmark || d.fwmark) return vs.fwmark == d.fwmark && d.family == (vs.address.is_v6() ? 6 : 4);
    return d.protocol == proto_number(vs.protocol) && d.vport == vs.port && d.family == (vs.address.is_v6() ? 6 : 4) &&
           std::memcmp(d.vip, vs.address.bytes().data(), vs.address.is_v6() ? 16 : 4) == 0;
}

// The interface of the longest connected prefix holding `a`, or "".
std::string connected(const IpAddress& a, const std::vector<net::InterfaceAddress>& local) {
    std::string best;
    int best_prefix = -1;
    for (const auto& l : local) {
        if (l.ifname == "lo" || l.addr.family() != a.family() || l.prefix <= best_prefix) continue;
        if (!in_subnet(a, l.addr, l.prefix)) continue;
        best = l.ifname;
        best_prefix = l.prefix;
    }
    return best;
}

}  // namespace

bool in_subnet(const IpAddress& addr, const IpAddress& net, int prefix) {
    if (addr.family() != net.family() || !addr.is_set()) return false;
    const int bits = addr.is_v6() ? 128 : 32;
    prefix = std::clamp(prefix, 0, bits);
    const auto& a = addr.bytes();
    const auto& n = net.bytes();
    for (int i = 0; i < prefix; ++i) {
        const int byte = i / 8, bit = 7 - i % 8;
        if (((a[static_cast<std::size_t>(byte)] >> bit) & 1) != ((n[static_cast<std::size_t>(byte)] >> bit) & 1))
            return false;
    }
    return true;
}

EcmpFacts ecmp_facts(const config::LvsConfig& cfg, const status::Snapshot& s, pid_t lvsd_pid) {
    EcmpFacts f;
    f.lvsd_alive = lvsd_pid > 0;
    f.programmed = f.lvsd_alive && s.lvsd_present && s.lvsd.pid == lvsd_pid && s.lvsd.ready_ms > 0;
    for (const auto& vs : cfg.virtuals) {
        if (!vs.active || vs.address.is_unspecified()) continue;
        int up = 0;
        if (f.programmed)
            for (const auto& v : s.servers)
                if (v.dest.in_use && of_service(v.dest, vs) && status::is_up(v.rs) && v.dest.kernel_weight > 0) ++up;
        f.servers_up.emplace_back(vs.name, up);
    }
    return f;
}

AnnouncePolicy::Actions feed(AnnouncePolicy& policy, const EcmpFacts& facts, AnnouncePolicy::TimePoint now) {
    AnnouncePolicy::Actions out = policy.on_lvsd(facts.lvsd_alive, now);
    const auto add = [&out](AnnouncePolicy::Actions a) { out.insert(out.end(), a.begin(), a.end()); };
    add(policy.on_table_programmed(facts.programmed, now));
    for (const auto& [name, up] : facts.servers_up) add(policy.on_servers_up(name, up, now));
    add(policy.on_tick(now));
    return out;
}

std::vector<EcmpLink> ecmp_links(const config::LvsConfig& cfg, const std::vector<net::InterfaceAddress>& local) {
    std::vector<EcmpLink> out;
    if (!cfg.monitor_links) return out;
    const auto add = [&](const IpAddress& a, const std::string& what) {
        const std::string dev = connected(a, local);
        if (dev.empty()) return;
        for (const auto& l : out)
            if (l.ifname == dev) return;
        out.push_back({dev, what + " " + a.to_string()});
    };
    for (const auto& p : cfg.bgp_peer) add(p, "BGP peer");
    for (const auto& vs : cfg.virtuals)
        if (vs.active)
            for (const auto& rs : vs.servers)
                if (rs.active) add(rs.address, "real server");
    return out;
}

}  // namespace lvs::pulse
