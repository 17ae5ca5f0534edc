// SPDX-License-Identifier: GPL-2.0-or-later
// Gratuitous ARP from an AF_PACKET socket (spec §8: reply opcode, broadcast
// destination, sender and target both the announced address).
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

namespace lvs::net {

std::vector<std::uint8_t> gratuitous_arp_frame(const std::array<std::uint8_t, 6>& mac, const IpAddress& addr) {
    std::vector<std::uint8_t> f(60, 0);  // minimum Ethernet frame, zero padded
    std::memset(f.data(), 0xff, 6);      // destination: broadcast
    std::memcpy(f.data() + 6, mac.data(), 6);
    f[12] = 0x08; f[13] = 0x06;          // ARP
    f[14] = 0x00; f[15] = 0x01;          // hardware: Ethernet
    f[16] = 0x08; f[17] = 0x00;          // protocol: IPv4
    f[18] = 6; f[19] = 4;
    f[20] = 0x00; f[21] = 0x02;          // opcode: reply
    std::memcpy(f.data() + 22, mac.data(), 6);
    std::memcpy(f.data() + 28, addr.bytes().data(), 4);
    std::memcpy(f.data() + 32, mac.data(), 6);
    std::memcpy(f.data() + 38, addr.bytes().data(), 4);
    return f;
}

Status send_gratuitous_arp(const std::string& device, const IpAddress& addr) {
    if (!addr.is_v4()) return make_error(ErrorCode::Invalid, "gratuitous ARP is IPv4 only");
    const int fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ARP));
    if (fd < 0) return make_error(ErrorCode::Permission, "packet socket", errno);
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, device.c_str(), IFNAMSIZ - 1);
    if (::ioctl(fd, SIOCGIFHWADDR, &ifr) < 0 || ::ioctl(fd, SIOCGIFINDEX, &ifr) < 0) {
        const int e = errno;
        ::close(fd);
        return make_error(ErrorCode::NotFound, "interface " + device, e);
    }
    std::array<std::uint8_t, 6> mac{};
    ifreq hw{};
    std::strncpy(hw.ifr_name, device.c_str(), IFNAMSIZ - 1);
    ::ioctl(fd, SIOCGIFHWADDR, &hw);
    std::memcpy(mac.data(), hw.ifr_hwaddr.sa_data, 6);
    const auto frame = gratuitous_arp_frame(mac, addr);
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ARP);
    sll.sll_ifindex = ifr.ifr_ifindex;
    sll.sll_halen = 6;
    std::memset(sll.sll_addr, 0xff, 6);
    const ssize_t n = ::sendto(fd, frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&sll), sizeof sll);
    const int e = errno;
    ::close(fd);
    if (n < 0) return make_error(ErrorCode::Io, "send ARP on " + device, e);
    return ok_status();
}

}  // namespace lvs::net
