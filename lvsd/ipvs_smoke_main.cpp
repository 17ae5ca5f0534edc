// SPDX-License-Identifier: GPL-2.0-or-later
// ipvs_smoke: exercises NetlinkIpvsClient on a real kernel (e2e tests and
// benchmarks). Commands:
//   dump                 print the table in `ipvsadm -Sn` form
//   add-many N M         N TCP services x M destinations through apply()
//   roundtrip            every kind of service/destination, dump, compare
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/ipvs/ipvs_client_netlink.h"

namespace {

using namespace lvs;
using namespace lvs::ipvs;

IpAddress addr(const char* s) { return *IpAddress::parse(s); }

int dump(IpvsClient& c) {
    auto t = c.dump();
    if (!t.ok()) return std::fprintf(stderr, "dump: %s\n", t.error().message().c_str()), 1;
    std::fputs(to_save_format(*t).c_str(), stdout);
    return 0;
}

int add_many(IpvsClient& c, int n, int m) {
    std::vector<Op> ops;
    for (int i = 0; i < n; ++i) {
        const ServiceKey k{IpAddress::Family::V4, kProtoTcp, IpAddress::v4(0x0a640000u + static_cast<unsigned>(i)), 80, 0};
        ops.push_back(Op::add_service(Service{.key = k, .scheduler = "wlc"}));
        for (int j = 0; j < m; ++j)
            ops.push_back(Op::add_dest(k, Destination{.key = {IpAddress::v4(0x0ac80001u + static_cast<unsigned>(j)), 80},
                                                      .fwd = Fwd::Direct, .weight = 1}));
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto r = c.apply(ops);
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!r.ok()) return std::fprintf(stderr, "apply: %s\n", r.error().message().c_str()), 1;
    int failed = 0;
    for (std::size_t k = 0; k < r->size(); ++k) {
        if ((*r)[k].ok()) continue;
        if (failed++ == 0) std::fprintf(stderr, "first failure: %s\n", (*r)[k].error().message().c_str());
    }
    std::printf("ops=%zu failed=%d ms=%.1f\n", ops.size(), failed, ms);
    return failed == 0 ? 0 : 1;
}

int roundtrip(IpvsClient& c) {
    std::vector<ServiceWithDests> want;
    const char* scheds[] = {"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh"};
    unsigned i = 0;
    for (const char* s : scheds) {
        Service svc{.key = {IpAddress::Family::V4, kProtoTcp, IpAddress::v4(0xc0000264u + i), 80, 0}, .scheduler = s};
        if (std::string(s) == "sh") svc.flags = kFlagSched1 | kFlagSched2;
        if (std::string(s) == "mh") svc.flags = kFlagSched1;
        want.push_back({svc, {Destination{.key = {addr("10.0.1.21"), 80}, .fwd = Fwd::Nat, .weight = 3}}, {}});
        ++i;
    }
    want.push_back({Service{.key = {IpAddress::Family::V4, kProtoUdp, addr("192.0.2.53"), 53, 0}, .scheduler = "rr",
                            .flags = kFlagPersistent, .timeout_s = 300, .netmask = 0xffffff00u},
                    {Destination{.key = {addr("10.0.1.31"), 53}, .fwd = Fwd::Direct, .weight = 0,
                                 .u_threshold = 100, .l_threshold = 10}}, {}});
    want.push_back({Service{.key = {IpAddress::Family::V4, kProtoSctp, addr("192.0.2.90"), 3868, 0}, .scheduler = "wlc"},
                    {Destination{.key = {addr("10.0.1.41"), 3868}, .fwd = Fwd::Tunnel, .weight = 65535}}, {}});
    want.push_back({Service{.key = {IpAddress::Family::V4, 0, {}, 0, 25}, .scheduler = "wrr"},
                    {Destination{.key = {addr("10.0.1.51"), 25}, .fwd = Fwd::Direct, .weight = 2}}, {}});
    want.push_back({Service{.key = {IpAddress::Family::V6, kProtoTcp, addr("2001:db8::80"), 443, 0}, .scheduler = "lc",
                            .flags = kFlagPersistent, .timeout_s = 60, .netmask = 64},
                    {Destination{.key = {addr("2001:db8:1::1"), 443}, .fwd = Fwd::Direct, .weight = 7}}, {}});
    want.push_back({Service{.key = {IpAddress::Family::V6, 0, {}, 0, 26}, .scheduler = "rr", .netmask = 128}, {}, {}});
    std::vector<Op> ops;
    for (const auto& sd : want) {
        ops.push_back(Op::add_service(sd.service));
        for (const auto& d : sd.dests) ops.push_back(Op::add_dest(sd.service.key, d));
    }
    auto r = c.apply(ops);
    if (!r.ok()) return std::fprintf(stderr, "apply: %s\n", r.error().message().c_str()), 1;
    int bad = 0;
    for (std::size_t k = 0; k < r->size(); ++k)
        if (!(*r)[k].ok()) ++bad, std::fprintf(stderr, "%s: %s\n", to_string(ops[k]).c_str(), (*r)[k].error().message().c_str());
    auto dup = c.apply(std::span<const Op>(ops.data(), 1));
    if (!dup.ok() || (*dup)[0].ok() || (*dup)[0].error().code != ErrorCode::Exists)
        ++bad, std::fprintf(stderr, "re-adding a service did not report Exists\n");
    auto got = c.dump();
    if (!got.ok()) return std::fprintf(stderr, "dump: %s\n", got.error().message().c_str()), 1;
    for (const auto& w : want) {
        bool found = false;
        for (const auto& g : *got) {
            if (g.service.key != w.service.key) continue;
            found = true;
            Service gs = g.service;
            gs.flags &= ~kFlagHashed;
            if (!(gs == w.service)) ++bad, std::fprintf(stderr, "service differs: %s vs %s\n", to_string(gs).c_str(), to_string(w.service).c_str());
            if (g.dests != w.dests) ++bad, std::fprintf(stderr, "dests differ for %s\n", to_string(w.service).c_str());
        }
        if (!found) ++bad, std::fprintf(stderr, "missing %s\n", to_string(w.service).c_str());
    }
    if (!c.set_timeouts(Timeouts{900, 120, 300}).ok()) ++bad, std::fprintf(stderr, "set timeouts failed\n");
    auto t = c.get_timeouts();
    if (!t.ok() || !(*t == Timeouts{900, 120, 300})) ++bad, std::fprintf(stderr, "timeouts differ\n");
    auto st = c.start_daemon(SyncDaemon{SyncDaemon::State::Master, "lo", 7});
    if (!st.ok()) ++bad, std::fprintf(stderr, "start daemon: %s\n", st.error().message().c_str());
    auto ds = c.list_daemons();
    if (!ds.ok() || ds->size() != 1 || (*ds)[0].syncid != 7 || (*ds)[0].mcast_ifn != "lo")
        ++bad, std::fprintf(stderr, "daemon list differs\n");
    if (!c.stop_daemon(SyncDaemon::State::Master).ok()) ++bad, std::fprintf(stderr, "stop daemon failed\n");
    std::printf("roundtrip: %zu services, %d problems\n", want.size(), bad);
    return bad == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return std::fprintf(stderr, "usage: ipvs_smoke dump | add-many N M | roundtrip\n"), 4;
    auto client = NetlinkIpvsClient::open();
    if (!client.ok()) return std::fprintf(stderr, "ipvs_smoke: %s\n", client.error().message().c_str()), 1;
    const std::string cmd = argv[1];
    if (cmd == "dump") return dump(**client);
    if (cmd == "add-many" && argc == 4) return add_many(**client, std::atoi(argv[2]), std::atoi(argv[3]));
    if (cmd == "roundtrip") return roundtrip(**client);
    std::fprintf(stderr, "ipvs_smoke: unknown command\n");
    return 4;
}
