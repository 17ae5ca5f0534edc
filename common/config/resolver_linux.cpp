// SPDX-License-Identifier: GPL-2.0-or-later
// Default name lookups for the lvs.cf parser: resolver and /etc/services.
// Host names are resolved once, at parse time, as Piranha did: a DNS change
// needs a reload.
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "common/config/parser.h"

namespace lvs::config {

ParseOptions system_parse_options() {
    ParseOptions o;
    o.resolve_host = [](const std::string& name) -> std::optional<IpAddress> {
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* res = nullptr;
        if (getaddrinfo(name.c_str(), nullptr, &hints, &res) != 0 || res == nullptr)
            return std::nullopt;
        std::optional<IpAddress> out;
        for (addrinfo* ai = res; ai != nullptr && !out; ai = ai->ai_next) {
            if (ai->ai_family == AF_INET) {
                std::uint8_t b[4];
                std::memcpy(b, &reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_addr, 4);
                out = IpAddress::v4_bytes(b);
            }
        }
        for (addrinfo* ai = res; ai != nullptr && !out; ai = ai->ai_next) {
            if (ai->ai_family == AF_INET6) {
                std::uint8_t b[16];
                std::memcpy(b, &reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr, 16);
                out = IpAddress::v6_bytes(b);
            }
        }
        freeaddrinfo(res);
        return out;
    };
    o.resolve_service = [](const std::string& name) -> std::optional<std::uint16_t> {
        const servent* se = getservbyname(name.c_str(), "tcp");
        if (se == nullptr) return std::nullopt;
        return static_cast<std::uint16_t>(ntohs(static_cast<std::uint16_t>(se->s_port)));
    };
    return o;
}

ParseOptions offline_parse_options() {
    ParseOptions o;
    o.resolve_host = [](const std::string&) -> std::optional<IpAddress> { return std::nullopt; };
    o.resolve_service = [](const std::string& name) -> std::optional<std::uint16_t> {
        static const std::pair<const char*, std::uint16_t> kWellKnown[] = {
            {"ftp", 21}, {"ssh", 22}, {"smtp", 25}, {"domain", 53}, {"http", 80},
            {"pop3", 110}, {"imap", 143}, {"https", 443}, {"mysql", 3306},
        };
        for (const auto& [n, p] : kWellKnown)
            if (name == n) return p;
        return std::nullopt;
    };
    return o;
}

}  // namespace lvs::config
