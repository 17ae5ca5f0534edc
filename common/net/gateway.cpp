// SPDX-License-Identifier: GPL-2.0-or-later
// Default gateway lookup and ICMP echo, pure parts.
#include "common/net/gateway.h"

#include "common/net/checksum.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace lvs::net {
namespace {

std::optional<std::uint32_t> hex32(const std::string& s) {
    if (s.empty() || s.size() > 8) return std::nullopt;
    std::uint32_t v = 0;
    for (char c : s) {
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else return std::nullopt;
        v = v << 4 | static_cast<std::uint32_t>(d);
    }
    return v;
}

std::uint16_t checksum(std::span<const std::uint8_t> b) { return inet_sum_fold(inet_sum_add(0, b)); }

constexpr std::uint8_t kEchoReply = 0, kEchoRequest = 8;
constexpr std::uint32_t kRtfUp = 0x1, kRtfGateway = 0x2;

}  // namespace

std::optional<IpAddress> parse_default_gateway(std::string_view text) {
    std::istringstream in{std::string(text)};
    std::string line;
    std::getline(in, line);  // header
    std::optional<IpAddress> best;
    std::uint32_t best_metric = 0;
    while (std::getline(in, line)) {
        std::istringstream f(line);
        std::string iface, dest, gw, flags, refcnt, use, metric, mask;
        if (!(f >> iface >> dest >> gw >> flags >> refcnt >> use >> metric >> mask)) continue;
        const auto d = hex32(dest), g = hex32(gw), fl = hex32(flags), m = hex32(mask);
        if (!d || !g || !fl || !m || *d != 0 || *m != 0 || *g == 0) continue;
        if ((*fl & (kRtfUp | kRtfGateway)) != (kRtfUp | kRtfGateway)) continue;
        char* end = nullptr;
        const unsigned long met = std::strtoul(metric.c_str(), &end, 10);
        if (end == metric.c_str() || *end != '\0') continue;
        if (best && met >= best_metric) continue;
        // The kernel prints the address as a native-endian number: its bytes
        // in memory are the network-order address.
        std::uint8_t b[4];
        const std::uint32_t raw = *g;
        std::memcpy(b, &raw, sizeof b);
        best = IpAddress::v4_bytes(b);
        best_metric = static_cast<std::uint32_t>(met);
    }
    return best;
}

std::optional<IpAddress> default_gateway() {
    std::ifstream f("/proc/net/route");
    if (!f) return std::nullopt;
    const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    return parse_default_gateway(text);
}

std::vector<std::uint8_t> icmp_echo_request(std::uint16_t id, std::uint16_t seq) {
    std::vector<std::uint8_t> p(16, 0);
    p[0] = kEchoRequest;
    p[4] = static_cast<std::uint8_t>(id >> 8);
    p[5] = static_cast<std::uint8_t>(id);
    p[6] = static_cast<std::uint8_t>(seq >> 8);
    p[7] = static_cast<std::uint8_t>(seq);
    std::memcpy(p.data() + 8, "lvs-gwck", 8);
    const std::uint16_t c = checksum(p);
    p[2] = static_cast<std::uint8_t>(c >> 8);
    p[3] = static_cast<std::uint8_t>(c);
    return p;
}

bool is_echo_reply(std::span<const std::uint8_t> packet, std::uint16_t id) {
    if (packet.size() < 20 || (packet[0] >> 4) != 4) return false;
    const std::size_t ihl = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
    if (ihl < 20 || packet.size() < ihl + 8 || packet[9] != 1 /* ICMP */) return false;
    const auto icmp = packet.subspan(ihl);
    if (icmp[0] != kEchoReply || icmp[1] != 0) return false;
    if (checksum(icmp) != 0) return false;
    return (static_cast<std::uint16_t>(icmp[4] << 8 | icmp[5])) == id;
}

}  // namespace lvs::net
