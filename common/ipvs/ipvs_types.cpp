// SPDX-License-Identifier: GPL-2.0-or-later
// Text forms of IPVS types (logs, tests, ipvsadm -Sn compatible dumps).
#include "common/ipvs/ipvs_ops.h"

namespace lvs::ipvs {
namespace {

std::string endpoint(const IpAddress& a, std::uint16_t port) {
    const std::string s = a.to_string();
    return (a.is_v6() ? "[" + s + "]" : s) + ":" + std::to_string(port);
}

std::string mask_text(const Service& s) {
    if (s.key.af == IpAddress::Family::V6) return std::to_string(s.netmask);
    return IpAddress::v4(s.netmask).to_string();
}

const char* proto_name(std::uint16_t p) {
    switch (p) {
        case kProtoTcp: return "TCP";
        case kProtoUdp: return "UDP";
        case kProtoSctp: return "SCTP";
        default: return "?";
    }
}

std::string save_service(const ServiceKey& k) {
    if (k.fwmark != 0)
        return std::string("-f ") + std::to_string(k.fwmark) + (k.af == IpAddress::Family::V6 ? " -6" : "");
    const char* opt = k.protocol == kProtoUdp ? "-u " : k.protocol == kProtoSctp ? "--sctp-service " : "-t ";
    return opt + endpoint(k.addr, k.port);
}

// ipvsadm's "-b flag,flag" (sh/mh scheduler flags).
std::string sched_flags_text(const Service& s) {
    const bool sh = s.scheduler == "sh", mh = s.scheduler == "mh";
    if (!sh && !mh) return "";
    std::string out;
    if (s.flags & kFlagSched1) out += sh ? "sh-fallback" : "mh-fallback";
    if (s.flags & kFlagSched2) out += std::string(out.empty() ? "" : ",") + (sh ? "sh-port" : "mh-port");
    return out.empty() ? "" : " -b " + out;
}

}  // namespace

const char* to_string(Fwd f) {
    switch (f) {
        case Fwd::Nat: return "Masq";
        case Fwd::Direct: return "Route";
        case Fwd::Tunnel: return "Tunnel";
    }
    return "?";
}

std::string to_string(const ServiceKey& k) {
    if (k.fwmark != 0)
        return std::string("FWM  ") + std::to_string(k.fwmark) + (k.af == IpAddress::Family::V6 ? " IPv6" : "");
    return std::string(proto_name(k.protocol)) + "  " + endpoint(k.addr, k.port);
}

std::string to_string(const Service& s) {
    std::string out = to_string(s.key) + " " + s.scheduler;
    if (s.flags & kFlagPersistent) out += " persistent " + std::to_string(s.timeout_s) + " mask " + mask_text(s);
    if (s.flags & (kFlagSched1 | kFlagSched2 | kFlagSched3)) out += " flags " + std::to_string(s.flags & 0x38);
    return out;
}

std::string to_string(const Destination& d) {
    std::string out = "-> " + endpoint(d.key.addr, d.key.port) + " " + to_string(d.fwd) + " " +
                      std::to_string(d.weight);
    if (d.u_threshold || d.l_threshold)
        out += " thresholds " + std::to_string(d.u_threshold) + "/" + std::to_string(d.l_threshold);
    return out;
}

std::string to_string(const Op& op) {
    static const char* kNames[] = {"add-service", "update-service", "delete-service",
                                   "add-dest", "update-dest", "delete-dest"};
    std::string out = std::string(kNames[static_cast<int>(op.kind)]) + " ";
    switch (op.kind) {
        case Op::Kind::AddService:
        case Op::Kind::UpdateService: return out + to_string(op.service);
        case Op::Kind::DeleteService: return out + to_string(op.service.key);
        case Op::Kind::AddDest:
        case Op::Kind::UpdateDest: return out + to_string(op.service.key) + " " + to_string(op.dest);
        case Op::Kind::DeleteDest:
            return out + to_string(op.service.key) + " -> " + endpoint(op.dest.key.addr, op.dest.key.port);
    }
    return out;
}

std::string to_save_format(const std::vector<ServiceWithDests>& table) {
    std::string out;
    for (const auto& sd : table) {
        const Service& s = sd.service;
        out += "-A " + save_service(s.key) + " -s " + s.scheduler;
        if (s.flags & kFlagPersistent) {
            out += " -p " + std::to_string(s.timeout_s);
            const bool v6 = s.key.af == IpAddress::Family::V6;
            if ((v6 && s.netmask != 128) || (!v6 && s.netmask != 0xffffffffu)) out += " -M " + mask_text(s);
        }
        out += sched_flags_text(s);
        out += "\n";
        for (const auto& d : sd.dests) {
            out += "-a " + save_service(s.key) + " -r " + endpoint(d.key.addr, d.key.port) + " " +
                   (d.fwd == Fwd::Nat ? "-m" : d.fwd == Fwd::Direct ? "-g" : "-i") + " -w " +
                   std::to_string(d.weight);
            if (d.fwd == Fwd::Tunnel) out += " --tun-type ipip";
            out += "\n";
        }
    }
    return out;
}

}  // namespace lvs::ipvs
