// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd, pure core: config + nanny health -> desired IPVS table.
#include "lvsd/desired_state.h"

namespace lvs::lvsd {
namespace {

using ipvs::kProtoSctp;
using ipvs::kProtoTcp;
using ipvs::kProtoUdp;

std::uint16_t proto_number(config::Protocol p) {
    switch (p) {
        case config::Protocol::Tcp: return kProtoTcp;
        case config::Protocol::Udp: return kProtoUdp;
        case config::Protocol::Sctp: return kProtoSctp;
    }
    return kProtoTcp;
}

std::uint32_t sched_flag_bits(const std::vector<std::string>& flags) {
    std::uint32_t bits = 0;
    for (const auto& f : flags) {
        if (f == "sh-fallback" || f == "mh-fallback") bits |= ipvs::kFlagSched1;
        if (f == "sh-port" || f == "mh-port") bits |= ipvs::kFlagSched2;
    }
    return bits;
}

bool counts_as_up(shm::RsState h) { return h == shm::RsState::Up || h == shm::RsState::ForcedUp; }

DesiredDest real_server_dest(const config::LvsConfig& cfg, const config::VirtualServer& vs,
                             const config::RealServer& rs, const ServerHealth& h) {
    DesiredDest d;
    d.dest = to_destination(cfg, rs);
    // redundancy = ecmp: mh builds its table walking the servers in IPVS's
    // order, and a server deleted and added again goes to the end of it. So
    // that a flow gets the same real server from every router, each holds
    // every server from the start, at weight 0 while it is not up: the
    // file's order everywhere, whichever servers one router saw fail.
    const bool ecmp = cfg.redundancy == config::Redundancy::Ecmp;
    switch (h.health) {
        case shm::RsState::Unknown:
            d.presence = ecmp ? Presence::KeepOrIdle : Presence::KeepAsIs;
            if (ecmp) d.dest.weight = 0;
            break;
        case shm::RsState::Up:
        case shm::RsState::ForcedUp:
            d.presence = Presence::Present;
            if (h.weight >= 0 && h.health == shm::RsState::Up) d.dest.weight = h.weight;
            break;
        case shm::RsState::Down:
        case shm::RsState::Drained:
            d.presence = vs.quiesce_server || ecmp ? Presence::Present : Presence::Absent;
            d.dest.weight = 0;
            break;
    }
    return d;
}

}  // namespace

ipvs::Fwd to_fwd(config::Forwarding f) {
    switch (f) {
        case config::Forwarding::Nat: return ipvs::Fwd::Nat;
        case config::Forwarding::Direct: return ipvs::Fwd::Direct;
        case config::Forwarding::Tunnel: return ipvs::Fwd::Tunnel;
    }
    return ipvs::Fwd::Nat;
}

ipvs::ServiceKey service_key(const config::VirtualServer& vs) {
    ipvs::ServiceKey k{};
    k.af = vs.address.is_v6() ? IpAddress::Family::V6 : IpAddress::Family::V4;
    if (vs.fwmark != 0) {
        k.fwmark = vs.fwmark;
        return k;
    }
    k.protocol = proto_number(vs.protocol);
    k.addr = vs.address;
    k.port = vs.port;
    return k;
}

ipvs::Service to_service(const config::VirtualServer& vs) {
    ipvs::Service s{};
    s.key = service_key(vs);
    s.scheduler = vs.scheduler;
    s.flags = sched_flag_bits(vs.sched_flags);
    const bool v6 = s.key.af == IpAddress::Family::V6;
    s.netmask = v6 ? 128u : 0xffffffffu;
    if (vs.persistent > 0) {
        s.flags |= ipvs::kFlagPersistent;
        s.timeout_s = vs.persistent;
        if (vs.pmask.is_set() && !vs.pmask.is_unspecified())
            s.netmask = v6 ? static_cast<std::uint32_t>(vs.pmask.prefix_length())
                           : vs.pmask.v4_host_order();
    }
    return s;
}

ipvs::Destination to_destination(const config::LvsConfig& cfg, const config::RealServer& rs) {
    ipvs::Destination d{};
    d.key.addr = rs.address;
    d.key.port = rs.port;
    d.fwd = to_fwd(cfg.network);
    d.weight = rs.weight;
    d.u_threshold = rs.uthreshold;
    d.l_threshold = rs.lthreshold;
    return d;
}

DesiredTable desired_table(const config::LvsConfig& cfg, const HealthMap& health,
                           const std::set<ipvs::ServiceKey>* only) {
    DesiredTable table;
    if (cfg.service != config::ServiceMode::Lvs) return table;
    for (const auto& vs : cfg.virtuals) {
        if (!vs.active) continue;
        if (only && !only->count(service_key(vs))) continue;
        DesiredService ds;
        ds.name = vs.name;
        ds.service = to_service(vs);
        int unknown = 0;
        for (const auto& rs : vs.servers) {
            if (!rs.active) continue;
            const ipvs::DestKey dk{rs.address, rs.port};
            auto it = health.find(ServerKey{ds.service.key, dk});
            const ServerHealth h = it == health.end() ? ServerHealth{} : it->second;
            if (counts_as_up(h.health)) ++ds.up;
            else if (h.health == shm::RsState::Unknown) ++unknown;
            else ++ds.down;
            ds.dests.push_back(real_server_dest(cfg, vs, rs, h));
        }
        if (vs.sorry_server.is_set() && !vs.sorry_server.is_unspecified()) {
            DesiredDest sorry;
            sorry.is_sorry = true;
            sorry.dest.key = ipvs::DestKey{vs.sorry_server, vs.port};
            sorry.dest.fwd = to_fwd(cfg.network);
            sorry.dest.weight = 1;
            if (ds.up > 0) sorry.presence = Presence::Absent;
            else if (unknown > 0) sorry.presence = Presence::KeepAsIs;
            else sorry.presence = Presence::Present;
            ds.sorry_active = sorry.presence == Presence::Present;
            ds.dests.push_back(sorry);
        }
        table.services.push_back(std::move(ds));
    }
    return table;
}

}  // namespace lvs::lvsd
