// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf semantic validation.
#include "common/config/validate.h"

#include <regex.h>

#include <map>
#include <set>
#include <tuple>

#include "common/config/escapes.h"
#include "common/config/regex_limits.h"
#include "common/net/dns_message.h"

namespace lvs::config {
namespace {

constexpr int kMaxWeight = 65535;

class Validator {
public:
    Validator(const LvsConfig& cfg, const std::string& file) : cfg_(cfg), file_(file) {}

    Diagnostics run() {
        globals();
        std::map<std::string, Location> names;
        for (const auto& vs : cfg_.virtuals) block(vs, names);
        for (const auto& fs : cfg_.failovers) block(fs, names);
        duplicates();
        validate_ecmp(cfg_, file_, out_);
        if (cfg_.service == ServiceMode::Lvs && !any_active(cfg_.virtuals))
            warn(Location{1, 1}, "no active virtual server: pulse and lvsd will refuse to start");
        if (cfg_.service == ServiceMode::Fos && !any_active(cfg_.failovers))
            warn(Location{1, 1}, "no active failover service: pulse will refuse to start");
        return std::move(out_);
    }

private:
    static bool any_active(const std::vector<VirtualServer>& list) {
        for (const auto& v : list)
            if (v.active) return true;
        return false;
    }
    static Location at(const KeyLocations& keys, const char* key, Location fallback) {
        const Location* at = keys.find(key);
        return at ? *at : fallback;
    }
    void err(Location l, std::string m) { out_.push_back({Severity::Error, file_, l, std::move(m)}); }
    void warn(Location l, std::string m) { out_.push_back({Severity::Warning, file_, l, std::move(m)}); }
    Location g(const char* key) { return at(cfg_.keys, key, Location{1, 1}); }

    void positive(const KeyLocations& keys, const char* key, Millis v, Location fb) {
        if (v.count() <= 0) err(at(keys, key, fb), std::string(key) + " must be greater than 0");
    }

    void globals() {
        positive(cfg_.keys, "keepalive", cfg_.keepalive, {1, 1});
        positive(cfg_.keys, "deadtime", cfg_.deadtime, {1, 1});
        positive(cfg_.keys, "reconcile_interval", cfg_.reconcile_interval, {1, 1});
        positive(cfg_.keys, "arp_interval", cfg_.arp_interval, {1, 1});
        if (cfg_.arp_count < 1 || cfg_.arp_count > 100) err(g("arp_count"), "arp_count must be between 1 and 100");
        if (cfg_.arp_refresh.count() < 0) err(g("arp_refresh"), "arp_refresh must not be negative");
        if (cfg_.failback_delay.count() < 0) err(g("failback_delay"), "failback_delay must not be negative");
        if (cfg_.keepalive >= cfg_.deadtime && cfg_.keepalive.count() > 0)
            warn(g("deadtime"), "deadtime should be several times keepalive (a single lost "
                                "heartbeat would cause a failover)");
        if (cfg_.backup_active && cfg_.backup.is_unspecified())
            err(g("backup_active"), "backup_active = 1 but no backup address is set");
        if (cfg_.nat_router.is_set() && cfg_.network != Forwarding::Nat)
            err(g("nat_router"), "nat_router needs network = nat");
        if (cfg_.syncd_id < 0 || cfg_.syncd_id > 255) err(g("syncd_id"), "syncd_id must be 0-255");
        for (const char* k : {"tcp_timeout", "tcpfin_timeout", "udp_timeout"}) {
            const int v = k[0] == 'u' ? cfg_.udp_timeout : k[3] == 'f' ? cfg_.tcpfin_timeout : cfg_.tcp_timeout;
            if (v < 0) err(g(k), std::string(k) + " must not be negative");
        }
        if (cfg_.keys.count("primary_private") && !cfg_.keys.count("backup_private") &&
            !cfg_.backup.is_unspecified())
            warn(g("primary_private"), "primary_private is set but backup_private is not: "
                                       "the private heartbeat path is not used by the backup");
        const bool shared = !cfg_.primary_shared.empty() && !cfg_.backup_shared.empty();
        if (shared && cfg_.service == ServiceMode::Fos)
            err(g("primary_shared"), "shared SCSI reservation (primary_shared/backup_shared) "
                                     "is not supported");
        else if (shared)
            warn(g("primary_shared"), "primary_shared/backup_shared are ignored in LVS mode");
    }

    void block(const VirtualServer& vs, std::map<std::string, Location>& names) {
        const char* what = vs.is_failover ? "failover" : "virtual";
        auto [it, fresh] = names.emplace(vs.name, vs.loc);
        if (!fresh)
            warn(vs.loc, std::string(what) + " " + quoted(vs.name) + " has the same name as line " +
                             std::to_string(it->second.line));
        const Location addr = at(vs.keys, "address", vs.loc);
        if (vs.active && vs.address.is_unspecified())
            err(vs.loc, std::string("active ") + what + " " + quoted(vs.name) + " has no address");
        if (!vs.device.empty() && vs.device.find(':') == std::string::npos && vs.address.is_v4())
            warn(addr, "device " + quoted(vs.device) + " has no alias label (such as " + vs.device +
                           ":1); Piranha would take the whole interface down on release");
        if (!is_known_scheduler(vs.scheduler))
            err(at(vs.keys, "scheduler", vs.loc), "unknown scheduler " + quoted(vs.scheduler));
        for (const auto& f : vs.sched_flags) {
            const bool sh = f == "sh-fallback" || f == "sh-port";
            const bool mh = f == "mh-fallback" || f == "mh-port";
            if (!sh && !mh) err(at(vs.keys, "sched_flags", vs.loc), "unknown scheduler flag " + quoted(f));
            else if ((sh && vs.scheduler != "sh") || (mh && vs.scheduler != "mh"))
                err(at(vs.keys, "sched_flags", vs.loc), "scheduler flag " + quoted(f) + " needs scheduler " +
                                                            (sh ? "sh" : "mh"));
        }
        if (vs.fwmark == 0 && vs.port == 0 && !vs.is_failover)
            err(at(vs.keys, "port", vs.loc), "port must be 1-65535");
        positive(vs.keys, "timeout", vs.timeout, vs.loc);
        if (vs.interval) positive(vs.keys, "interval", *vs.interval, vs.loc);
        if (vs.rise && *vs.rise < 1) err(at(vs.keys, "rise", vs.loc), "rise must be at least 1");
        if (vs.fall < 1) err(at(vs.keys, "fall", vs.loc), "fall must be at least 1");
        if (vs.send_program && !vs.expect)
            err(at(vs.keys, "send_program", vs.loc), "send_program needs an expect string");
        if (vs.is_failover && vs.active && !vs.start_cmd)
            err(vs.loc, "failover " + quoted(vs.name) + " has no start_cmd");
        if (vs.is_failover) positive(vs.keys, "cmd_timeout", vs.cmd_timeout, vs.loc);
        if (vs.is_failover && vs.active && vs.start_cmd) command(vs, "start_cmd", *vs.start_cmd);
        if (vs.is_failover && vs.active && vs.stop_cmd) command(vs, "stop_cmd", *vs.stop_cmd);
        if (vs.is_failover && vs.active && !vs.stop_cmd)
            warn(vs.loc, "failover " + quoted(vs.name) + " has no stop_cmd");
        escapes(vs, "send", vs.send);
        escapes(vs, "expect", vs.expect);
        if (vs.use_regex && vs.expect) regex(vs);
        validate_check_keys(vs, file_, out_);
        if (!vs.is_failover) servers(vs);
    }

    // fos runs these with execv, no shell and no PATH search.
    void command(const VirtualServer& vs, const char* key, const std::string& cmd) {
        const auto first = cmd.find_first_not_of(" \t");
        if (first == std::string::npos) err(at(vs.keys, key, vs.loc), std::string(key) + " is empty");
        else if (cmd[first] != '/')
            err(at(vs.keys, key, vs.loc), std::string(key) + " must start with an absolute path "
                                          "(it is run without a shell or PATH search)");
    }

    void escapes(const VirtualServer& vs, const char* key, const std::optional<std::string>& v) {
        if (!v) return;
        auto r = decode_escapes(*v);
        if (!r.ok()) err(at(vs.keys, key, vs.loc), std::string(key) + ": " + r.error().context);
    }

    // Limits first (regcomp itself can take gigabytes), then the syntax.
    void regex(const VirtualServer& vs) {
        auto text = decode_escapes(*vs.expect);
        if (!text.ok()) return;  // reported by escapes()
        if (auto why = regex_limit_error(*text)) {
            err(at(vs.keys, "expect", vs.loc), "expect: " + *why);
            return;
        }
        regex_t re;
        if (int rc = regcomp(&re, text->c_str(), REG_EXTENDED | REG_NOSUB); rc != 0) {
            char buf[128];
            regerror(rc, &re, buf, sizeof buf);
            err(at(vs.keys, "expect", vs.loc), std::string("expect: bad regular expression: ") + buf);
            return;
        }
        regfree(&re);
    }

    void servers(const VirtualServer& vs) {
        std::set<std::pair<IpAddress, std::uint16_t>> seen;
        for (const auto& rs : vs.servers) {
            if (rs.weight < 0 || rs.weight > kMaxWeight)
                err(at(rs.keys, "weight", rs.loc), "weight " + std::to_string(rs.weight) +
                                                       " is out of range (0-65535)");
            if (rs.active && rs.address.is_unspecified())
                err(rs.loc, "active server " + quoted(rs.name) + " has no address");
            if (vs.fwmark == 0 && rs.port == 0 && rs.active)
                err(at(rs.keys, "port", rs.loc), "server port must be 1-65535");
            if (rs.active && !seen.emplace(rs.address, rs.port).second)
                err(rs.loc, "server " + quoted(rs.name) + " duplicates another server's address and port");
            if (rs.active && !vs.address.is_unspecified() && vs.address.is_v4() != rs.address.is_v4() &&
                cfg_.network != Forwarding::Tunnel)
                err(at(rs.keys, "address", rs.loc), "server address family differs from the virtual "
                                                     "server's (only tunnel mode allows that)");
        }
    }

    void duplicates() {
        std::map<std::tuple<IpAddress, Protocol, std::uint16_t>, const VirtualServer*> by_vip;
        std::map<std::uint32_t, const VirtualServer*> by_mark;
        for (const auto& vs : cfg_.virtuals) {
            if (!vs.active) continue;
            const VirtualServer* prev = nullptr;
            if (vs.fwmark != 0) {
                auto [it, fresh] = by_mark.emplace(vs.fwmark, &vs);
                if (!fresh) prev = it->second;
            } else {
                auto [it, fresh] = by_vip.emplace(std::make_tuple(vs.address, vs.protocol, vs.port), &vs);
                if (!fresh) prev = it->second;
            }
            if (prev)
                err(vs.loc, "virtual " + quoted(vs.name) + " duplicates the service of virtual " +
                                quoted(prev->name) + " (line " + std::to_string(prev->loc.line) + ")");
        }
    }

    const LvsConfig& cfg_;
    const std::string& file_;
    Diagnostics out_;
};

}  // namespace

bool is_known_scheduler(const std::string& name) {
    static const std::set<std::string> kSchedulers = {"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh",
                                                      "sh", "sed", "nq", "fo", "ovf", "mh", "twos"};
    return kSchedulers.count(name) != 0;
}

Diagnostics validate(const LvsConfig& cfg, const std::string& file) {
    return Validator(cfg, file).run();
}

}  // namespace lvs::config
