// SPDX-License-Identifier: GPL-2.0-or-later
// IPVS generic-netlink codec (include/uapi/linux/ip_vs.h). Messages are
// built and walked by hand, so the bytes are exact and the parser never
// trusts a length it has not checked.
#include <linux/genetlink.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstring>

#include "common/ipvs/ipvs_codec.h"

namespace lvs::ipvs::codec {
namespace {

constexpr std::size_t align4(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

// ---- writer -----------------------------------------------------------------
class Msg {
public:
    Msg(std::uint16_t family, std::uint32_t seq, std::uint8_t cmd, std::uint16_t flags) {
        buf_.resize(NLMSG_HDRLEN + GENL_HDRLEN);
        nlmsghdr h{};
        h.nlmsg_type = family;
        h.nlmsg_flags = static_cast<std::uint16_t>(NLM_F_REQUEST | flags);
        h.nlmsg_seq = seq;
        std::memcpy(buf_.data(), &h, sizeof h);
        genlmsghdr g{};
        g.cmd = cmd;
        g.version = IPVS_GENL_VERSION;
        std::memcpy(buf_.data() + NLMSG_HDRLEN, &g, sizeof g);
    }
    void put(std::uint16_t type, const void* data, std::size_t len) {
        const std::size_t at = buf_.size();
        buf_.resize(at + align4(NLA_HDRLEN + len));
        nlattr a{static_cast<std::uint16_t>(NLA_HDRLEN + len), type};
        std::memcpy(buf_.data() + at, &a, sizeof a);
        if (len) std::memcpy(buf_.data() + at + NLA_HDRLEN, data, len);
    }
    void u16(std::uint16_t type, std::uint16_t v) { put(type, &v, 2); }
    void u32(std::uint16_t type, std::uint32_t v) { put(type, &v, 4); }
    void str(std::uint16_t type, const std::string& s) { put(type, s.c_str(), s.size() + 1); }
    std::size_t begin_nest(std::uint16_t type) {
        const std::size_t at = buf_.size();
        put(static_cast<std::uint16_t>(type | NLA_F_NESTED), nullptr, 0);
        return at;
    }
    void end_nest(std::size_t at) {
        const auto len = static_cast<std::uint16_t>(buf_.size() - at);
        std::memcpy(buf_.data() + at, &len, 2);
    }
    Bytes finish() {
        const auto len = static_cast<std::uint32_t>(buf_.size());
        std::memcpy(buf_.data(), &len, 4);
        return std::move(buf_);
    }

private:
    Bytes buf_;
};

std::uint16_t af_of(IpAddress::Family f) { return f == IpAddress::Family::V6 ? AF_INET6 : AF_INET; }

void put_addr(Msg& m, std::uint16_t type, const IpAddress& a) {
    std::array<std::uint8_t, 16> raw{};  // union nf_inet_addr
    std::memcpy(raw.data(), a.bytes().data(), a.is_v6() ? 16 : 4);
    m.put(type, raw.data(), raw.size());
}

void put_service_key(Msg& m, const ServiceKey& k) {
    m.u16(IPVS_SVC_ATTR_AF, af_of(k.af));
    if (k.fwmark != 0) {
        m.u32(IPVS_SVC_ATTR_FWMARK, k.fwmark);
        return;
    }
    m.u16(IPVS_SVC_ATTR_PROTOCOL, k.protocol);
    put_addr(m, IPVS_SVC_ATTR_ADDR, k.addr);
    m.u16(IPVS_SVC_ATTR_PORT, htons(k.port));
}

void put_service(Msg& m, const Service& s, bool full) {
    const std::size_t n = m.begin_nest(IPVS_CMD_ATTR_SERVICE);
    put_service_key(m, s.key);
    if (full) {
        m.str(IPVS_SVC_ATTR_SCHED_NAME, s.scheduler);
        const ip_vs_flags f{s.flags, ~0u};
        m.put(IPVS_SVC_ATTR_FLAGS, &f, sizeof f);
        m.u32(IPVS_SVC_ATTR_TIMEOUT, s.timeout_s);
        const std::uint32_t mask = s.key.af == IpAddress::Family::V6 ? s.netmask : htonl(s.netmask);
        m.u32(IPVS_SVC_ATTR_NETMASK, mask);
    }
    m.end_nest(n);
}

std::uint32_t fwd_bits(Fwd f) {
    switch (f) {
        case Fwd::Nat: return IP_VS_CONN_F_MASQ;
        case Fwd::Direct: return IP_VS_CONN_F_DROUTE;
        case Fwd::Tunnel: return IP_VS_CONN_F_TUNNEL;
    }
    return IP_VS_CONN_F_MASQ;
}

void put_dest(Msg& m, const Destination& d, bool full) {
    const std::size_t n = m.begin_nest(IPVS_CMD_ATTR_DEST);
    put_addr(m, IPVS_DEST_ATTR_ADDR, d.key.addr);
    m.u16(IPVS_DEST_ATTR_PORT, htons(d.key.port));
    if (full) {
        m.u32(IPVS_DEST_ATTR_FWD_METHOD, fwd_bits(d.fwd));
        m.u32(IPVS_DEST_ATTR_WEIGHT, static_cast<std::uint32_t>(d.weight));
        m.u32(IPVS_DEST_ATTR_U_THRESH, d.u_threshold);
        m.u32(IPVS_DEST_ATTR_L_THRESH, d.l_threshold);
        m.u16(IPVS_DEST_ATTR_ADDR_FAMILY, af_of(d.key.addr.family()));
    }
    m.end_nest(n);
}

// ---- reader -----------------------------------------------------------------
using Attrs = std::array<std::span<const std::uint8_t>, 32>;
constexpr std::span<const std::uint8_t> kAbsent{};

Error protocol(const char* what) { return make_error(ErrorCode::Protocol, what); }

// Indexes the attributes of `area` by type (types >= 32 are ignored).
Status walk(std::span<const std::uint8_t> area, Attrs& out) {
    out.fill(kAbsent);
    std::size_t pos = 0;
    while (pos + NLA_HDRLEN <= area.size()) {
        nlattr a;
        std::memcpy(&a, area.data() + pos, sizeof a);
        if (a.nla_len < NLA_HDRLEN || pos + a.nla_len > area.size()) return protocol("bad attribute length");
        const std::uint16_t type = a.nla_type & NLA_TYPE_MASK;
        if (type < out.size()) out[type] = area.subspan(pos + NLA_HDRLEN, a.nla_len - NLA_HDRLEN);
        pos += align4(a.nla_len);
    }
    return ok_status();
}

bool get_u16(const Attrs& a, int t, std::uint16_t& v) {
    if (a[t].size() < 2) return false;
    std::memcpy(&v, a[t].data(), 2);
    return true;
}
bool get_u32(const Attrs& a, int t, std::uint32_t& v) {
    if (a[t].size() < 4) return false;
    std::memcpy(&v, a[t].data(), 4);
    return true;
}

Result<IpAddress> get_addr(const Attrs& a, int t, std::uint16_t af) {
    if (af == AF_INET && a[t].size() >= 4) {
        std::uint8_t b[4];
        std::memcpy(b, a[t].data(), 4);
        return IpAddress::v4_bytes(b);
    }
    if (af == AF_INET6 && a[t].size() >= 16) {
        std::uint8_t b[16];
        std::memcpy(b, a[t].data(), 16);
        return IpAddress::v6_bytes(b);
    }
    return protocol("bad address attribute");
}

std::string text_of(std::span<const std::uint8_t> s) {
    if (s.empty()) return {};
    const auto* p = reinterpret_cast<const char*>(s.data());
    return std::string(p, strnlen(p, s.size()));
}

// The attributes nested in command attribute `cmd_attr` of a genl payload.
Status nested(std::span<const std::uint8_t> payload, int cmd_attr, Attrs& out) {
    if (payload.size() < GENL_HDRLEN) return protocol("short genetlink header");
    Attrs top;
    if (auto s = walk(payload.subspan(GENL_HDRLEN), top); !s.ok()) return s;
    if (top[cmd_attr].empty()) return protocol("missing nested attribute");
    return walk(top[cmd_attr], out);
}

}  // namespace

Bytes encode_op(std::uint16_t family, std::uint32_t seq, const Op& op) {
    static const std::uint8_t kCmd[] = {IPVS_CMD_NEW_SERVICE, IPVS_CMD_SET_SERVICE, IPVS_CMD_DEL_SERVICE,
                                        IPVS_CMD_NEW_DEST, IPVS_CMD_SET_DEST, IPVS_CMD_DEL_DEST};
    Msg m(family, seq, kCmd[static_cast<int>(op.kind)], NLM_F_ACK);
    const bool full_svc = op.kind == Op::Kind::AddService || op.kind == Op::Kind::UpdateService;
    put_service(m, op.service, full_svc);
    if (op.is_dest_op()) put_dest(m, op.dest, op.kind != Op::Kind::DeleteDest);
    return m.finish();
}

Bytes encode_dump_services(std::uint16_t family, std::uint32_t seq) {
    return Msg(family, seq, IPVS_CMD_GET_SERVICE, NLM_F_DUMP).finish();
}

Bytes encode_dump_dests(std::uint16_t family, std::uint32_t seq, const ServiceKey& key) {
    Msg m(family, seq, IPVS_CMD_GET_DEST, NLM_F_DUMP);
    put_service(m, Service{.key = key}, false);
    return m.finish();
}

Bytes encode_get_timeouts(std::uint16_t family, std::uint32_t seq) {
    return Msg(family, seq, IPVS_CMD_GET_CONFIG, 0).finish();
}

Bytes encode_set_timeouts(std::uint16_t family, std::uint32_t seq, const Timeouts& t) {
    Msg m(family, seq, IPVS_CMD_SET_CONFIG, NLM_F_ACK);
    m.u32(IPVS_CMD_ATTR_TIMEOUT_TCP, t.tcp);
    m.u32(IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t.tcp_fin);
    m.u32(IPVS_CMD_ATTR_TIMEOUT_UDP, t.udp);
    return m.finish();
}

Bytes encode_dump_daemons(std::uint16_t family, std::uint32_t seq) {
    return Msg(family, seq, IPVS_CMD_GET_DAEMON, NLM_F_DUMP).finish();
}

Bytes encode_new_daemon(std::uint16_t family, std::uint32_t seq, const SyncDaemon& d) {
    Msg m(family, seq, IPVS_CMD_NEW_DAEMON, NLM_F_ACK);
    const std::size_t n = m.begin_nest(IPVS_CMD_ATTR_DAEMON);
    m.u32(IPVS_DAEMON_ATTR_STATE, static_cast<std::uint32_t>(d.state));
    m.str(IPVS_DAEMON_ATTR_MCAST_IFN, d.mcast_ifn);
    m.u32(IPVS_DAEMON_ATTR_SYNC_ID, d.syncid);
    m.end_nest(n);
    return m.finish();
}

Bytes encode_del_daemon(std::uint16_t family, std::uint32_t seq, SyncDaemon::State state) {
    Msg m(family, seq, IPVS_CMD_DEL_DAEMON, NLM_F_ACK);
    const std::size_t n = m.begin_nest(IPVS_CMD_ATTR_DAEMON);
    m.u32(IPVS_DAEMON_ATTR_STATE, static_cast<std::uint32_t>(state));
    m.end_nest(n);
    return m.finish();
}

Bytes encode_flush(std::uint16_t family, std::uint32_t seq) {
    return Msg(family, seq, IPVS_CMD_FLUSH, NLM_F_ACK).finish();
}

Result<std::vector<Reply>> split(std::span<const std::uint8_t> buffer) {
    std::vector<Reply> out;
    std::size_t pos = 0;
    while (pos < buffer.size()) {
        if (buffer.size() - pos < NLMSG_HDRLEN) return protocol("truncated netlink header");
        nlmsghdr h;
        std::memcpy(&h, buffer.data() + pos, sizeof h);
        if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > buffer.size() - pos)
            return protocol("bad netlink message length");
        Reply r;
        r.type = h.nlmsg_type;
        r.flags = h.nlmsg_flags;
        r.seq = h.nlmsg_seq;
        r.payload = buffer.subspan(pos + NLMSG_HDRLEN, h.nlmsg_len - NLMSG_HDRLEN);
        if (h.nlmsg_type == NLMSG_ERROR) {
            if (r.payload.size() < sizeof(int)) return protocol("truncated netlink error");
            int err;
            std::memcpy(&err, r.payload.data(), sizeof err);
            r.is_error = true;
            r.error = err < 0 ? -err : err;
        }
        r.is_done = h.nlmsg_type == NLMSG_DONE;
        out.push_back(r);
        pos += NLMSG_ALIGN(h.nlmsg_len);
    }
    return out;
}

Result<Service> decode_service(std::span<const std::uint8_t> payload) {
    Attrs a;
    if (auto s = nested(payload, IPVS_CMD_ATTR_SERVICE, a); !s.ok()) return s.error();
    Service svc;
    std::uint16_t af = 0;
    if (!get_u16(a, IPVS_SVC_ATTR_AF, af) || (af != AF_INET && af != AF_INET6))
        return protocol("service without a valid address family");
    svc.key.af = af == AF_INET6 ? IpAddress::Family::V6 : IpAddress::Family::V4;
    std::uint32_t mark = 0;
    if (get_u32(a, IPVS_SVC_ATTR_FWMARK, mark) && mark != 0) {
        svc.key.fwmark = mark;
    } else {
        std::uint16_t port = 0;
        if (!get_u16(a, IPVS_SVC_ATTR_PROTOCOL, svc.key.protocol) || !get_u16(a, IPVS_SVC_ATTR_PORT, port))
            return protocol("service without protocol or port");
        svc.key.port = ntohs(port);
        auto addr = get_addr(a, IPVS_SVC_ATTR_ADDR, af);
        if (!addr.ok()) return addr.error();
        svc.key.addr = *addr;
    }
    const auto& name = a[IPVS_SVC_ATTR_SCHED_NAME];
    if (name.empty()) return protocol("service without a scheduler");
    svc.scheduler = text_of(name);
    if (a[IPVS_SVC_ATTR_FLAGS].size() >= sizeof(ip_vs_flags)) {
        ip_vs_flags f;
        std::memcpy(&f, a[IPVS_SVC_ATTR_FLAGS].data(), sizeof f);
        svc.flags = f.flags;
    }
    get_u32(a, IPVS_SVC_ATTR_TIMEOUT, svc.timeout_s);
    std::uint32_t mask = 0;
    if (get_u32(a, IPVS_SVC_ATTR_NETMASK, mask)) svc.netmask = af == AF_INET6 ? mask : ntohl(mask);
    return svc;
}

Result<Destination> decode_dest(std::span<const std::uint8_t> payload, DestStats* stats) {
    Attrs a;
    if (auto s = nested(payload, IPVS_CMD_ATTR_DEST, a); !s.ok()) return s.error();
    Destination d;
    std::uint16_t af = AF_INET, port = 0;
    get_u16(a, IPVS_DEST_ATTR_ADDR_FAMILY, af);
    if (!get_u16(a, IPVS_DEST_ATTR_PORT, port)) return protocol("destination without a port");
    d.key.port = ntohs(port);
    auto addr = get_addr(a, IPVS_DEST_ATTR_ADDR, af);
    if (!addr.ok()) return addr.error();
    d.key.addr = *addr;
    std::uint32_t fwd = 0, weight = 0;
    if (!get_u32(a, IPVS_DEST_ATTR_FWD_METHOD, fwd) || !get_u32(a, IPVS_DEST_ATTR_WEIGHT, weight))
        return protocol("destination without method or weight");
    fwd &= IP_VS_CONN_F_FWD_MASK;
    d.fwd = fwd == IP_VS_CONN_F_DROUTE ? Fwd::Direct : fwd == IP_VS_CONN_F_TUNNEL ? Fwd::Tunnel : Fwd::Nat;
    d.weight = static_cast<std::int32_t>(weight);
    get_u32(a, IPVS_DEST_ATTR_U_THRESH, d.u_threshold);
    get_u32(a, IPVS_DEST_ATTR_L_THRESH, d.l_threshold);
    if (stats) {
        get_u32(a, IPVS_DEST_ATTR_ACTIVE_CONNS, stats->active_conns);
        get_u32(a, IPVS_DEST_ATTR_INACT_CONNS, stats->inactive_conns);
    }
    return d;
}

Result<Timeouts> decode_timeouts(std::span<const std::uint8_t> payload) {
    if (payload.size() < GENL_HDRLEN) return protocol("short genetlink header");
    Attrs a;
    if (auto s = walk(payload.subspan(GENL_HDRLEN), a); !s.ok()) return s.error();
    Timeouts t;
    if (!get_u32(a, IPVS_CMD_ATTR_TIMEOUT_TCP, t.tcp) || !get_u32(a, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t.tcp_fin) ||
        !get_u32(a, IPVS_CMD_ATTR_TIMEOUT_UDP, t.udp))
        return protocol("timeouts missing");
    return t;
}

Result<SyncDaemon> decode_daemon(std::span<const std::uint8_t> payload) {
    Attrs a;
    if (auto s = nested(payload, IPVS_CMD_ATTR_DAEMON, a); !s.ok()) return s.error();
    SyncDaemon d;
    std::uint32_t state = 0;
    if (!get_u32(a, IPVS_DAEMON_ATTR_STATE, state) || (state != 1 && state != 2))
        return protocol("daemon without a valid state");
    d.state = static_cast<SyncDaemon::State>(state);
    d.mcast_ifn = text_of(a[IPVS_DAEMON_ATTR_MCAST_IFN]);
    get_u32(a, IPVS_DAEMON_ATTR_SYNC_ID, d.syncid);
    return d;
}

}  // namespace lvs::ipvs::codec
