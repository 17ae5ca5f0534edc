// SPDX-License-Identifier: GPL-2.0-or-later
// Connection handover: /proc/net/ip_vs_conn in, IPVS sync v1 messages out.
#include "common/ipvs/conn_sync.h"

#include <array>
#include <charconv>
#include <optional>
#include <string>

namespace lvs::ipvs {
namespace {

// IP_VS_TCP_S_* in the kernel's order; the names /proc prints.
constexpr std::array<std::string_view, 11> kTcpStates = {"NONE",     "ESTABLISHED", "SYN_SENT",   "SYN_RECV",
                                                          "FIN_WAIT", "TIME_WAIT",   "CLOSE",      "CLOSE_WAIT",
                                                          "LAST_ACK", "LISTEN",      "SYNACK"};
constexpr std::uint16_t kTimeWait = 5, kClose = 6;

std::optional<std::uint32_t> hex(std::string_view s, std::size_t digits) {
    if (s.size() != digits) return std::nullopt;
    std::uint32_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<IpAddress> address(std::string_view s) {
    if (s.size() == 8) {
        auto v = hex(s, 8);
        return v ? std::optional<IpAddress>(IpAddress::v4(*v)) : std::nullopt;
    }
    auto a = IpAddress::parse(s);
    return a && a->is_v6() ? a : std::nullopt;
}

// Splits on spaces into at most out.size() fields; returns how many.
std::size_t fields(std::string_view line, std::array<std::string_view, 12>& out) {
    std::size_t n = 0, i = 0;
    while (i < line.size() && n < out.size()) {
        while (i < line.size() && line[i] == ' ') ++i;
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ') ++j;
        if (j > i) out[n++] = line.substr(i, j - i);
        i = j;
    }
    return n;
}

enum class Line : std::uint8_t { Live, Finished, Malformed };

// "TCP C0000264 D7F6 C0000250 0050 0A000117 0050 ESTABLISHED 118 [pe]".
// Most lines of a busy table are TIME_WAIT: they are told apart by their
// state before any address is parsed.
Line parse_line(std::string_view line, SyncConn& c) {
    std::array<std::string_view, 12> f;
    if (fields(line, f) < 9) return Line::Malformed;
    const bool tcp = f[0] == "TCP";
    if (!tcp && f[0] != "UDP") return Line::Finished;  // SCTP, fwmark templates (IP)
    std::size_t state = 0;
    if (tcp) {
        while (state < kTcpStates.size() && f[7] != kTcpStates[state]) ++state;
        if (state == kTcpStates.size()) return Line::Malformed;
        if (state == 0 || state == kTimeWait || state == kClose) return Line::Finished;
    } else if (f[7] != "UDP") {
        return Line::Malformed;
    }
    auto ca = address(f[1]), va = address(f[3]), da = address(f[5]);
    auto cp = hex(f[2], 4), vp = hex(f[4], 4), dp = hex(f[6], 4);
    if (!ca || !va || !da || !cp || !vp || !dp) return Line::Malformed;
    if (*cp == 0 || ca->family() != va->family() || va->family() != da->family()) return Line::Finished;
    c = SyncConn{};
    c.protocol = tcp ? 6 : 17;
    c.caddr = *ca, c.vaddr = *va, c.daddr = *da;
    c.cport = static_cast<std::uint16_t>(*cp), c.vport = static_cast<std::uint16_t>(*vp);
    c.dport = static_cast<std::uint16_t>(*dp);
    c.state = static_cast<std::uint16_t>(state);
    return Line::Live;
}

void put16(std::vector<std::uint8_t>& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
void put32(std::vector<std::uint8_t>& b, std::uint32_t v) {
    put16(b, static_cast<std::uint16_t>(v >> 16));
    put16(b, static_cast<std::uint16_t>(v));
}
void put_addr(std::vector<std::uint8_t>& b, const IpAddress& a) {
    const std::size_t n = a.is_v6() ? 16 : 4;
    b.insert(b.end(), a.bytes().begin(), a.bytes().begin() + static_cast<std::ptrdiff_t>(n));
}

constexpr std::size_t kHeader = 8;
std::size_t entry_size(const SyncConn& c) { return c.caddr.is_v6() ? 72 : 36; }

// struct ip_vs_sync_v4 / ip_vs_sync_v6: no options, so 32-bit aligned.
void put_entry(std::vector<std::uint8_t>& b, const SyncConn& c) {
    b.push_back(c.caddr.is_v6() ? 1 : 0);  // type: STYPE_F_INET6
    b.push_back(c.protocol);
    put16(b, static_cast<std::uint16_t>(entry_size(c)));  // version 0 in the top 4 bits
    put32(b, 0);  // flags: the forwarding method comes from the destination
    put16(b, c.state);
    put16(b, c.cport);
    put16(b, c.vport);
    put16(b, c.dport);
    put32(b, c.fwmark);
    put32(b, 0);  // timeout: the kernel's for this state
    put_addr(b, c.caddr);
    put_addr(b, c.vaddr);
    put_addr(b, c.daddr);
}

void close_message(std::vector<std::uint8_t>& m, std::uint8_t syncid, std::uint8_t n) {
    m[1] = syncid;
    m[2] = static_cast<std::uint8_t>(m.size() >> 8);
    m[3] = static_cast<std::uint8_t>(m.size());
    m[4] = n;
    m[5] = 1;  // SYNC_PROTO_VER
}

}  // namespace

ConnTable parse_conn_table(std::string_view text) {
    ConnTable t;
    bool header = true;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        const auto line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (header) {  // "Pro FromIP FPrt ToIP ..."
            header = false;
            if (line.starts_with("Pro ")) continue;
        }
        if (line.empty()) continue;
        SyncConn c;
        switch (parse_line(line, c)) {
            case Line::Live: t.conns.push_back(c); break;
            case Line::Finished: ++t.finished; break;
            case Line::Malformed: ++t.malformed; break;
        }
    }
    return t;
}

std::vector<std::vector<std::uint8_t>> encode_sync_messages(std::span<const SyncConn> conns, std::uint8_t syncid,
                                                            std::size_t max_message) {
    std::vector<std::vector<std::uint8_t>> out;
    std::vector<std::uint8_t> m;
    std::uint8_t n = 0;
    for (const auto& c : conns) {
        if (!m.empty() && (m.size() + entry_size(c) > max_message || n == 255)) {
            close_message(m, syncid, n);
            out.push_back(std::move(m));
            m.clear();
            n = 0;
        }
        if (m.empty()) m.assign(kHeader, 0);
        put_entry(m, c);
        ++n;
    }
    if (!m.empty()) {
        close_message(m, syncid, n);
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace lvs::ipvs
