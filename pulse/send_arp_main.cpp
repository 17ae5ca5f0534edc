// SPDX-License-Identifier: GPL-2.0-or-later
// send_arp: one gratuitous ARP (or, for IPv6, one unsolicited neighbour
// advertisement) on a device (send_arp(8)). pulse does not need it
// (it sends the same frames itself); it is kept for scripts and operators.
#include <getopt.h>
#include <netdb.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <string>

#include "common/net/address_manager.h"

namespace {

using namespace lvs;

// One option a line, "-x, --long" or "    --long": tests/option_letters.sh
// reads the letters of every program from here.
void usage(std::FILE* out) {
    std::fputs("usage: send_arp [-i DEV] SRC_IP SRC_MAC TARG_IP TARG_MAC\n"
               "       send_arp [-i DEV] ADDRESS\n"
               "  -i, --interface DEV     the interface to send on (default eth0)\n"
               "      --help              this text\n"
               "      --version           the version\n",
               out);
}

// -1: go on with the arguments from optind; otherwise the exit status.
// Options come first, as in Piranha ("+": the first operand ends them).
int parse_options(int argc, char** argv, std::string& dev) {
    enum { kHelp = 1000, kVersion };
    static const option kLong[] = {{"interface", required_argument, nullptr, 'i'},
                                   {"help", no_argument, nullptr, kHelp},
                                   {"version", no_argument, nullptr, kVersion},
                                   {nullptr, 0, nullptr, 0}};
    for (int c; (c = getopt_long(argc, argv, "+i:", kLong, nullptr)) != -1;) {
        switch (c) {
            case 'i': dev = optarg; break;
            case kHelp: return usage(stdout), 0;
            case kVersion: return std::puts("send_arp 2.0 (lvs suite, Piranha 0.8.6 compatible)"), 0;
            default: return usage(stderr), 1;
        }
    }
    return -1;
}

bool parse_mac(const std::string& s, std::array<std::uint8_t, 6>& mac) {
    std::string hex;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == ':' && i % 3 == 2 && s.size() == 17) continue;
        if (!std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
        hex += s[i];
    }
    if (hex.size() != 12) return false;
    for (int i = 0; i < 6; ++i) mac[i] = static_cast<std::uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
    return true;
}

bool resolve(const std::string& s, IpAddress& out) {
    if (auto a = IpAddress::parse(s)) return out = *a, true;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    addrinfo* res = nullptr;
    if (::getaddrinfo(s.c_str(), nullptr, &hints, &res) != 0 || !res) return false;
    char buf[64] = "";
    ::getnameinfo(res->ai_addr, res->ai_addrlen, buf, sizeof buf, nullptr, 0, NI_NUMERICHOST);
    ::freeaddrinfo(res);
    auto a = IpAddress::parse(buf);
    if (!a) return false;
    out = *a;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::string dev = "eth0";
    if (int rc = parse_options(argc, argv, dev); rc >= 0) return rc;
    const int i = optind;
    const int n = argc - i;
    if (n != 4 && n != 1) return usage(stderr), 1;
    IpAddress src, ignored;
    if (!resolve(argv[i], src)) return std::fprintf(stderr, "send_arp: unknown host %s\n", argv[i]), 1;
    std::array<std::uint8_t, 6> src_mac{}, dst_mac{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    if (n == 4) {
        if (!parse_mac(argv[i + 1], src_mac) || !parse_mac(argv[i + 3], dst_mac))
            return std::fputs("Invalid hardware address\n", stderr), 1;
        // TARG_IP is parsed and, as in Piranha, not used: the frame's target is the source.
        if (!resolve(argv[i + 2], ignored)) return std::fprintf(stderr, "send_arp: unknown host %s\n", argv[i + 2]), 1;
    } else {
        auto mac = net::interface_mac(dev, nullptr);
        if (!mac.ok()) return std::fprintf(stderr, "send_arp: %s\n", mac.error().message().c_str()), 1;
        src_mac = *mac;
    }
    const auto frame = src.is_v6() ? net::unsolicited_na_frame(src_mac, src) : net::arp_reply_frame(dst_mac, src_mac, src);
    if (auto s = net::send_frame(dev, frame); !s.ok())
        return std::fprintf(stderr, "send_arp: %s\n", s.error().message().c_str()), 1;
    return 0;
}
