// SPDX-License-Identifier: GPL-2.0-or-later
// Address announcements from an AF_PACKET socket: gratuitous ARP for IPv4
// (the frame Piranha's send_arp sent: reply opcode, broadcast destination,
// sender and target both the announced address) and unsolicited neighbour
// advertisements for IPv6 (RFC 4861, section 7.2.6: to all-nodes, Override
// set, Solicited clear).
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <cerrno>
#include <cstring>

#include "common/net/address_manager.h"
#include "common/net/checksum.h"

namespace lvs::net {

namespace {

void put16(std::vector<std::uint8_t>& f, std::size_t at, std::uint16_t v) {
    f[at] = static_cast<std::uint8_t>(v >> 8);
    f[at + 1] = static_cast<std::uint8_t>(v);
}

// The Internet checksum of the ICMPv6 message at `at` with its pseudo-header.
std::uint16_t icmp6_checksum(const std::vector<std::uint8_t>& f, std::size_t ip, std::size_t at, std::size_t len) {
    std::uint32_t sum = inet_sum_add(0, {f.data() + ip + 8, 32});  // source and destination addresses
    sum += static_cast<std::uint32_t>(len);
    sum += 58;                                                   // next header: ICMPv6
    return inet_sum_fold(inet_sum_add(sum, {f.data() + at, len}));
}

}  // namespace

std::vector<std::uint8_t> arp_reply_frame(const std::array<std::uint8_t, 6>& dst, const std::array<std::uint8_t, 6>& mac,
                                          const IpAddress& addr) {
    std::vector<std::uint8_t> f(60, 0);  // minimum Ethernet frame, zero padded
    std::memcpy(f.data(), dst.data(), 6);
    std::memcpy(f.data() + 6, mac.data(), 6);
    put16(f, 12, ETH_P_ARP);
    put16(f, 14, 1);                     // hardware: Ethernet
    put16(f, 16, ETH_P_IP);
    f[18] = 6; f[19] = 4;
    put16(f, 20, 2);                     // opcode: reply
    std::memcpy(f.data() + 22, mac.data(), 6);
    std::memcpy(f.data() + 28, addr.bytes().data(), 4);
    std::memcpy(f.data() + 32, mac.data(), 6);
    std::memcpy(f.data() + 38, addr.bytes().data(), 4);
    return f;
}

std::vector<std::uint8_t> gratuitous_arp_frame(const std::array<std::uint8_t, 6>& mac, const IpAddress& addr) {
    return arp_reply_frame({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, mac, addr);
}

std::vector<std::uint8_t> unsolicited_na_frame(const std::array<std::uint8_t, 6>& mac, const IpAddress& addr) {
    constexpr std::size_t kIp = 14, kIcmp = kIp + 40, kLen = 32;  // NA (24) + target link-layer option (8)
    std::vector<std::uint8_t> f(kIcmp + kLen, 0);
    const std::uint8_t all_nodes[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    f[0] = 0x33; f[1] = 0x33; f[5] = 0x01;  // Ethernet multicast for ff02::1
    std::memcpy(f.data() + 6, mac.data(), 6);
    put16(f, 12, ETH_P_IPV6);
    f[kIp] = 0x60;                          // version 6
    put16(f, kIp + 4, kLen);
    f[kIp + 6] = 58;                        // ICMPv6
    f[kIp + 7] = 255;                       // hop limit, as RFC 4861 requires
    std::memcpy(f.data() + kIp + 8, addr.bytes().data(), 16);
    std::memcpy(f.data() + kIp + 24, all_nodes, 16);
    f[kIcmp] = 136;                         // neighbour advertisement
    f[kIcmp + 4] = 0x20;                    // Override
    std::memcpy(f.data() + kIcmp + 8, addr.bytes().data(), 16);
    f[kIcmp + 24] = 2;                      // option: target link-layer address
    f[kIcmp + 25] = 1;                      // length in units of 8 bytes
    std::memcpy(f.data() + kIcmp + 26, mac.data(), 6);
    put16(f, kIcmp + 2, icmp6_checksum(f, kIp, kIcmp, kLen));
    return f;
}

Result<std::array<std::uint8_t, 6>> interface_mac(const std::string& device, int* ifindex) {
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return make_error(ErrorCode::Io, "socket", errno);
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, device.c_str(), IFNAMSIZ - 1);
    std::array<std::uint8_t, 6> mac{};
    if (::ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
        const int e = errno;
        ::close(fd);
        return make_error(ErrorCode::NotFound, "interface " + device, e);
    }
    std::memcpy(mac.data(), ifr.ifr_hwaddr.sa_data, 6);
    if (ifindex) {
        if (::ioctl(fd, SIOCGIFINDEX, &ifr) < 0) {
            const int e = errno;
            ::close(fd);
            return make_error(ErrorCode::NotFound, "interface " + device, e);
        }
        *ifindex = ifr.ifr_ifindex;
    }
    ::close(fd);
    return mac;
}

// One send-only packet socket (protocol 0: it receives nothing) for the
// life of the process. Closing a packet socket waits for an RCU grace
// period (synchronize_net): opening one per announcement cost tens of
// milliseconds per address in the middle of a takeover.
static int packet_socket() {
    static int fd = -1;
    if (fd < 0) fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    return fd;
}

// Sends `frame` out of `device` (index `ifindex`), both already looked up.
static Status send_on(const std::string& device, int ifindex, const std::vector<std::uint8_t>& frame) {
    if (frame.size() < 14) return make_error(ErrorCode::Invalid, "short frame");
    const std::uint16_t type = static_cast<std::uint16_t>(frame[12] << 8 | frame[13]);
    const int fd = packet_socket();
    if (fd < 0) return make_error(ErrorCode::Permission, "packet socket", errno);
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(type);
    sll.sll_ifindex = ifindex;
    sll.sll_halen = 6;
    std::memcpy(sll.sll_addr, frame.data(), 6);
    const ssize_t n = ::sendto(fd, frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&sll), sizeof sll);
    if (n < 0) return make_error(ErrorCode::Io, "send on " + device, errno);
    return ok_status();
}

Status send_frame(const std::string& device, const std::vector<std::uint8_t>& frame) {
    int ifindex = 0;
    if (auto mac = interface_mac(device, &ifindex); !mac.ok()) return mac.error();
    return send_on(device, ifindex, frame);
}

// One lookup of the interface (MAC and index) per announcement, not two.
Status send_gratuitous_arp(const std::string& device, const IpAddress& addr) {
    if (!addr.is_v4()) return make_error(ErrorCode::Invalid, "gratuitous ARP is IPv4 only");
    int ifindex = 0;
    auto mac = interface_mac(device, &ifindex);
    if (!mac.ok()) return mac.error();
    return send_on(device, ifindex, gratuitous_arp_frame(*mac, addr));
}

Status send_unsolicited_na(const std::string& device, const IpAddress& addr) {
    if (!addr.is_v6()) return make_error(ErrorCode::Invalid, "neighbour advertisements are IPv6 only");
    int ifindex = 0;
    auto mac = interface_mac(device, &ifindex);
    if (!mac.ok()) return mac.error();
    return send_on(device, ifindex, unsolicited_na_frame(*mac, addr));
}

Status announce_address(const std::string& device, const IpAddress& addr) {
    return addr.is_v6() ? send_unsolicited_na(device, addr) : send_gratuitous_arp(device, addr);
}

}  // namespace lvs::net
