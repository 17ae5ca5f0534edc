// SPDX-License-Identifier: GPL-2.0-or-later
// Reading the status table.
#include "common/status/snapshot.h"

#include <arpa/inet.h>
#include <signal.h>
#include <time.h>

#include <cerrno>

#include <algorithm>
#include <cstring>

namespace lvs::status {

namespace {
std::int64_t clock_ns(clockid_t id) {
    timespec ts{};
    clock_gettime(id, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

std::string bounded(const char* s, std::size_t n) { return std::string(s, strnlen(s, n)); }
}  // namespace

Snapshot read_snapshot(const shm::StatusTable& table) {
    Snapshot s;
    s.now_mono_ns = clock_ns(CLOCK_MONOTONIC);
    s.now_real_s = clock_ns(CLOCK_REALTIME) / 1000000000;
    if (table.router().read(s.router)) s.router_present = s.router.pid != 0;
    else ++s.torn_reads;
    if (table.lvsd().read(s.lvsd)) s.lvsd_present = s.lvsd.pid != 0;
    else ++s.torn_reads;
    if (table.fos().read(s.fos)) s.fos_present = s.fos.pid != 0;
    else ++s.torn_reads;
    if (table.ecmp().read(s.ecmp)) s.ecmp_present = s.ecmp.pid != 0;
    else ++s.torn_reads;
    s.creator_pid = table.header().creator_pid;
    // EPERM: it runs, as another user (lvsctl run by a monitoring agent).
    s.creator_alive = s.creator_pid <= 0 || ::kill(s.creator_pid, 0) == 0 || errno == EPERM;
    for (std::uint32_t i = 0; i < table.rs_slots(); ++i) {
        ServerView v;
        v.slot = i;
        const bool rs_ok = table.rs(i).read(v.rs);
        const bool dest_ok = table.dest(i).read(v.dest);
        if (!rs_ok || !dest_ok) {
            ++s.torn_reads;
            continue;
        }
        if (!v.dest.in_use && v.rs.owner_pid == 0) continue;
        s.servers.push_back(v);
    }
    std::stable_sort(s.servers.begin(), s.servers.end(), [](const ServerView& a, const ServerView& b) {
        return server_name(a) < server_name(b);
    });
    return s;
}

std::string address_text(std::uint8_t family, const std::uint8_t (&addr)[16]) {
    char buf[INET6_ADDRSTRLEN] = "";
    if (family == 6) inet_ntop(AF_INET6, addr, buf, sizeof buf);
    else inet_ntop(AF_INET, addr, buf, sizeof buf);
    return buf;
}

std::string service_text(const shm::DestRecord& d) {
    if (d.fwmark) return "FWM " + std::to_string(d.fwmark);
    const char* proto = d.protocol == 17 ? "UDP" : d.protocol == 132 ? "SCTP" : "TCP";
    const std::string a = address_text(d.family, d.vip);
    return std::string(proto) + " " + (d.family == 6 ? "[" + a + "]" : a) + ":" + std::to_string(d.vport);
}

std::string server_text(const shm::RealServerRecord& r) {
    const std::string a = address_text(r.family, r.addr);
    return (r.family == 6 ? "[" + a + "]" : a) + ":" + std::to_string(r.port);
}

std::string server_name(const ServerView& v) {
    std::string n = bounded(v.rs.name, sizeof v.rs.name);
    return n.empty() ? server_text(v.rs) : n;
}

std::string vs_name(const ServerView& v) {
    std::string n = bounded(v.dest.vs_name, sizeof v.dest.vs_name);
    if (!n.empty()) return n;
    n = server_name(v);
    const auto slash = n.find('/');
    return slash == std::string::npos ? service_text(v.dest) : n.substr(0, slash);
}

std::string short_name(const ServerView& v) {
    const std::string n = server_name(v);
    const auto slash = n.find('/');
    return slash == std::string::npos ? n : n.substr(slash + 1);
}

bool is_up(const shm::RealServerRecord& r) {
    return r.state == shm::RsState::Up || r.state == shm::RsState::ForcedUp;
}

std::map<std::string, std::vector<const ServerView*>> by_virtual(const Snapshot& s) {
    std::map<std::string, std::vector<const ServerView*>> out;
    for (const auto& v : s.servers) out[vs_name(v)].push_back(&v);
    return out;
}

}  // namespace lvs::status
