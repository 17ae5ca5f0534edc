// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf validation of redundancy = ecmp: N active routers behind an ECMP
// upstream, each announcing the virtual addresses over BGP through BIRD.
#include <set>
#include <utility>

#include "common/config/validate.h"

namespace lvs::config {
namespace {

constexpr std::uint32_t kAsTrans = 23456;  // RFC 6793: a placeholder, never a real AS

// Keys that mean nothing outside redundancy = ecmp.
constexpr const char* kEcmpKeys[] = {"bgp_local_as", "bgp_peer", "bgp_peer_as", "bfd", "bfd_interval",
                                     "bfd_multiplier", "announce_min_servers", "announce_warmup",
                                     "withdraw_drain", "birdc", "bird_socket", "bird_include"};

class EcmpValidator {
public:
    EcmpValidator(const LvsConfig& cfg, const std::string& file, Diagnostics& out)
        : cfg_(cfg), file_(file), out_(out) {}

    void run() {
        if (cfg_.redundancy != Redundancy::Ecmp) return outside();
        mode();
        bgp();
        bfd();
        announce();
        absolute("birdc", cfg_.birdc);
        absolute("bird_socket", cfg_.bird_socket);
        absolute("bird_include", cfg_.bird_include);
        for (const auto& vs : cfg_.virtuals) virtual_server(vs);
    }

private:
    Location at(const KeyLocations& keys, const char* key, Location fb) const {
        const Location* l = keys.find(key);
        return l ? *l : fb;
    }
    Location g(const char* key) const { return at(cfg_.keys, key, at(cfg_.keys, "redundancy", {1, 1})); }
    void err(Location l, std::string m) { out_.push_back({Severity::Error, file_, l, std::move(m)}); }
    void warn(Location l, std::string m) { out_.push_back({Severity::Warning, file_, l, std::move(m)}); }

    void outside() {
        for (const char* k : kEcmpKeys)
            if (cfg_.keys.count(k)) err(g(k), std::string(k) + " needs redundancy = ecmp");
        for (const auto& vs : cfg_.virtuals)
            if (vs.keys.count("announce_min_servers"))
                err(at(vs.keys, "announce_min_servers", vs.loc), "announce_min_servers needs redundancy = ecmp");
    }

    // What the mode refuses, and why.
    void mode() {
        if (cfg_.service != ServiceMode::Lvs)
            err(g("service"), "redundancy = ecmp needs service = lvs (failover services run on one router)");
        if (cfg_.network == Forwarding::Nat)
            err(g("network"), "redundancy = ecmp refuses network = nat: a real server replies through its one "
                              "gateway, not the router ECMP chose for the request; use direct or tunnel");
        if (cfg_.backup_active)
            err(g("backup_active"), "backup_active has no meaning with redundancy = ecmp: every router is "
                                    "active and no heartbeat runs");
        if (cfg_.keys.count("backup"))
            warn(g("backup"), "backup is ignored with redundancy = ecmp: every router is active");
        if (!cfg_.syncdaemon)
            warn(g("redundancy"), "syncdaemon = 0 with redundancy = ecmp: connections are not copied, "
                                  "so a flow moved to another router may be reset");
    }

    bool bad_as(std::uint32_t as) const { return as == 0 || as == kAsTrans; }

    void bgp() {
        if (!cfg_.keys.count("bgp_local_as")) err(g("redundancy"), "redundancy = ecmp needs bgp_local_as");
        else if (bad_as(cfg_.bgp_local_as))
            err(g("bgp_local_as"), "bgp_local_as must be 1-4294967295, not 0 or 23456 (AS_TRANS)");
        if (cfg_.bgp_peer.empty()) err(g("redundancy"), "redundancy = ecmp needs at least one bgp_peer");
        std::set<IpAddress> seen;
        for (const auto& p : cfg_.bgp_peer) {
            if (p.is_unspecified()) err(g("bgp_peer"), "bgp_peer " + p.to_string() + " is not a router's address");
            else if (!seen.insert(p).second) err(g("bgp_peer"), "bgp_peer " + p.to_string() + " is listed twice");
        }
        const std::size_t nas = cfg_.bgp_peer_as.size();
        if (!cfg_.bgp_peer.empty() && nas == 0) err(g("redundancy"), "redundancy = ecmp needs bgp_peer_as");
        else if (nas > 1 && nas != cfg_.bgp_peer.size())
            err(g("bgp_peer_as"), "bgp_peer_as lists " + std::to_string(nas) + " AS numbers for " +
                                      std::to_string(cfg_.bgp_peer.size()) +
                                      " bgp_peer addresses: give one for all or one per peer");
        for (auto as : cfg_.bgp_peer_as)
            if (bad_as(as)) err(g("bgp_peer_as"), "bgp_peer_as must be 1-4294967295, not 0 or 23456 (AS_TRANS)");
    }

    void bfd() {
        if (!cfg_.bfd)
            for (const char* k : {"bfd_interval", "bfd_multiplier"})
                if (cfg_.keys.count(k)) err(g(k), std::string(k) + " needs bfd = 1");
        if (cfg_.bfd_interval.count() < 1 || cfg_.bfd_interval.count() > 60000)
            err(g("bfd_interval"), "bfd_interval must be 0.001-60 seconds");
        if (cfg_.bfd_multiplier < 1 || cfg_.bfd_multiplier > 255)
            err(g("bfd_multiplier"), "bfd_multiplier must be 1-255");
    }

    void announce() {
        if (cfg_.announce_min_servers < 0) err(g("announce_min_servers"), "announce_min_servers must not be negative");
        if (cfg_.announce_warmup.count() < 0) err(g("announce_warmup"), "announce_warmup must not be negative");
        if (cfg_.withdraw_drain.count() < 0) err(g("withdraw_drain"), "withdraw_drain must not be negative");
    }

    void absolute(const char* key, const std::string& v) {
        if (v.empty() || v[0] != '/') err(g(key), std::string(key) + " must be an absolute path");
    }

    bool has_peer_family(const IpAddress& a) const {
        for (const auto& p : cfg_.bgp_peer)
            if (p.is_v4() == a.is_v4()) return true;
        return false;
    }

    void virtual_server(const VirtualServer& vs) {
        if (!vs.active) return;
        if (vs.scheduler != "mh")
            warn(at(vs.keys, "scheduler", vs.loc),
                 "scheduler " + quoted(vs.scheduler) + " with redundancy = ecmp: use mh (Maglev hashing), so "
                 "that every router sends a flow to the same real server");
        const int min = vs.announce_min_servers.value_or(cfg_.announce_min_servers);
        if (vs.announce_min_servers && *vs.announce_min_servers < 0)
            err(at(vs.keys, "announce_min_servers", vs.loc), "announce_min_servers must not be negative");
        int servers = 0;
        for (const auto& rs : vs.servers) servers += rs.active ? 1 : 0;
        if (min > servers)
            warn(at(vs.keys, "announce_min_servers", vs.loc),
                 "virtual " + quoted(vs.name) + " has " + std::to_string(servers) + " active servers but needs " +
                     std::to_string(min) + " up: its address is never announced");
        if (!vs.address.is_unspecified() && !cfg_.bgp_peer.empty() && !has_peer_family(vs.address))
            warn(vs.loc, "virtual " + quoted(vs.name) + ": no bgp_peer of the address family of " +
                             vs.address.to_string() + ", so it is never announced");
    }

    const LvsConfig& cfg_;
    const std::string& file_;
    Diagnostics& out_;
};

}  // namespace

void validate_ecmp(const LvsConfig& cfg, const std::string& file, Diagnostics& out) {
    EcmpValidator(cfg, file, out).run();
}

}  // namespace lvs::config
