// SPDX-License-Identifier: GPL-2.0-or-later
// The lvs.cf model: plain, immutable-after-parse structs shared by pulse,
// lvsd, nanny and fos. No runtime state lives here: the daemons keep theirs
// in their own classes. Defaults are Piranha 0.8.6's unless marked
// "extension". Durations have millisecond resolution (fractional seconds in
// the file).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/ip_address.h"

namespace lvs::config {

using Millis = std::chrono::milliseconds;

// 1-based position in the source file; line 0 means "not from the file".
struct Location {
    int line = 0;
    int col = 0;
    auto operator<=>(const Location&) const = default;
};

enum class ServiceMode : std::uint8_t { Lvs, Fos };
enum class Forwarding : std::uint8_t { Nat, Direct, Tunnel };
enum class Protocol : std::uint8_t { Tcp, Udp, Sctp };
enum class ConflictAction : std::uint8_t { Unset, Nothing, Preempt };
// A real server before its first check: out of the table (Piranha) or in it.
enum class InitialState : std::uint8_t { Down, Up };
// How nanny checks a real server (extension): send/expect over TCP or UDP
// (Piranha's check, also over TLS), an HTTP request, or a DNS query.
enum class CheckKind : std::uint8_t { Tcp, Http, Dns };
// How the routers share the service (extension): Piranha's active/backup
// pair, or N active routers behind an ECMP upstream, each announcing the
// virtual addresses over BGP through BIRD (redundancy = ecmp).
enum class Redundancy : std::uint8_t { Pair, Ecmp };

const char* to_string(ServiceMode v);
const char* to_string(Forwarding v);
const char* to_string(Protocol v);
const char* to_string(ConflictAction v);
const char* to_string(Redundancy v);

// Where each key of a block was set: key name -> location of its first token.
// Validation uses it to point diagnostics at the offending line. A block
// sets a handful of keys, so a flat list (no allocation per key) does; the
// names are the keyword table's, which lives as long as the program.
class KeyLocations {
public:
    const Location* find(std::string_view key) const {
        for (const auto& [k, loc] : v_)
            if (k == key) return &loc;
        return nullptr;
    }
    bool count(std::string_view key) const { return find(key) != nullptr; }
    // Records `key` (static storage) at `loc`. Returns where it was set
    // before, if it was (the new location replaces it).
    std::optional<Location> set(std::string_view key, Location loc) {
        for (auto& [k, l] : v_)
            if (k == key) return std::exchange(l, loc);
        v_.emplace_back(key, loc);
        return std::nullopt;
    }

private:
    std::vector<std::pair<std::string_view, Location>> v_;
};

// `server NAME { ... }` inside a virtual block.
struct RealServer {
    std::string name;
    Location loc;                 // the `server` token
    IpAddress address;            // `address` (IPv4 or IPv6; extension: IPv6)
    bool active = false;          // `active`, default 0
    int weight = 1;               // `weight`
    std::uint16_t port = 0;       // `port`; defaults to the VS port as parsed so far
    std::uint32_t uthreshold = 0; // extension: upper connection threshold (0 = none)
    std::uint32_t lthreshold = 0; // extension: lower connection threshold (0 = none)
    KeyLocations keys;
};

// `virtual NAME { ... }` or `failover NAME { ... }`.
struct VirtualServer {
    std::string name;
    Location loc;                     // the `virtual`/`failover` token
    bool is_failover = false;
    bool active = false;              // `active`, default 0
    IpAddress address;                // `address = IP DEV`
    std::string device;               //   ... its interface label (e.g. eth0:1)
    IpAddress vip_nmask;              // `vip_nmask`, unset = none
    IpAddress sorry_server;           // `sorry_server`, unset = none
    std::uint32_t fwmark = 0;         // `fwmark`, 0 = none
    Protocol protocol = Protocol::Tcp;
    std::uint16_t port = 80;
    std::string scheduler = "wlc";    // one of the kernel schedulers (validated)
    std::vector<std::string> sched_flags;  // extension: sh-fallback sh-port mh-fallback mh-port
    std::uint32_t persistent = 0;     // seconds; 0 = off
    IpAddress pmask;                  // unset = ipvsadm default (/32)
    std::string client_monitor = "/usr/sbin/nanny";
    std::optional<std::string> send;          // raw text, escapes NOT decoded
    std::optional<std::string> expect;        // raw text, escapes NOT decoded
    std::optional<std::string> send_program;
    bool use_regex = false;
    Millis timeout{10000};            // connect/read/program timeout
    Millis reentry{180000};
    bool quiesce_server = false;
    std::optional<std::string> load_monitor;
    std::optional<std::string> start_cmd;
    std::optional<std::string> stop_cmd;
    Millis cmd_timeout{30000};        // extension: start_cmd/stop_cmd deadline (fos)
    IpAddress master;                 // parsed, unused (Piranha no-op)
    std::vector<std::string> dirs;    // parsed, unused (Piranha no-op)
    // Extensions (nanny issue): interval defaults to timeout; rise defaults
    // to floor(reentry / interval) (Piranha's reentry meaning); fall = 1.
    std::optional<Millis> interval;
    std::optional<int> rise;
    int fall = 1;
    Millis slow_start{0};             // 0 = off
    InitialState initial_state = InitialState::Down;
    // Extensions: the HTTP check (check = http) and TLS on any TCP check.
    CheckKind check = CheckKind::Tcp;
    std::string http_method = "GET";
    std::string http_path = "/";
    std::optional<std::string> http_host;      // default: the real server's address
    std::vector<std::string> http_headers;     // "Name: value" each
    std::string http_status = "200-399";       // codes and ranges, validated
    std::optional<std::string> http_body;      // POSIX extended regex
    std::optional<std::string> http_digest;    // SHA-256 of the body, hex
    int http_max_body = 65536;
    int http_redirects = 0;
    bool tls = false;
    std::optional<std::string> tls_sni;        // default: http_host when it is a name
    std::optional<std::string> tls_ca;         // file or directory: verify the chain
    std::optional<std::string> tls_verify_name;  // default: tls_sni
    std::optional<std::string> tls_cert;
    std::optional<std::string> tls_key;
    std::string tls_min_version = "1.2";
    int tls_expiry_warn_days = 14;
    bool tls_expiry_fails = false;
    // The DNS check (extension; check = dns): one question over UDP.
    std::optional<std::string> dns_name;      // required with check = dns
    std::string dns_type = "A";               // a type name or number
    std::optional<std::string> dns_answer;    // an answer the response must hold
    bool dns_rd = false;                      // recursion desired
    // redundancy = ecmp (extension): this service's own minimum of real
    // servers up for its address to be announced; unset = the global one.
    std::optional<int> announce_min_servers;
    std::vector<RealServer> servers;
    KeyLocations keys;

    Millis effective_interval() const { return interval.value_or(timeout); }
};

struct LvsConfig {
    ServiceMode service = ServiceMode::Lvs;
    IpAddress primary;
    IpAddress primary_private;
    std::string primary_shared;
    IpAddress backup;
    IpAddress backup_private;
    std::string backup_shared;
    bool backup_active = false;
    bool heartbeat = false;           // parsed, ignored (Piranha)
    std::uint16_t heartbeat_port = 539;
    Millis keepalive{2000};
    Millis deadtime{5000};
    int monitor_links = 0;
    Forwarding network = Forwarding::Nat;
    IpAddress nat_router;             // `nat_router = IP DEV`
    std::string nat_router_device;
    IpAddress nat_nmask;
    std::string ipvsadm = "/sbin/ipvsadm";
    bool syncdaemon = false;
    std::string syncd_iface = "eth0";
    int syncd_id = 0;
    int tcp_timeout = 0;
    int tcpfin_timeout = 0;
    int udp_timeout = 0;
    bool hard_shutdown = true;
    std::optional<std::string> active_cmd;
    std::optional<std::string> inactive_cmd;
    std::string rsh_command = "rsh";
    ConflictAction reservation_conflict_action = ConflictAction::Unset;
    std::string debug_level = "NONE"; // parsed, unused
    bool sync = false;                // parsed, unused
    int serial_no = 0;                // parsed, unused
    // Extensions.
    Millis reconcile_interval{5000};  // lvsd periodic drift repair
    int arp_count = 5;                // announcements per takeover (Piranha: 5)
    Millis arp_interval{1000};        // between them (Piranha: 1 s)
    Millis arp_refresh{0};            // periodic re-announcement while active; 0 = off
    bool failback = true;             // the active backup hands the service back to a warm primary
    Millis failback_delay{60000};     // ... once it has been warm this long
    // Extensions: redundancy = ecmp (N active routers, BGP through BIRD 2).
    Redundancy redundancy = Redundancy::Pair;
    std::uint32_t bgp_local_as = 0;           // required with ecmp
    std::vector<IpAddress> bgp_peer;          // the upstream routers, one session each
    std::vector<std::uint32_t> bgp_peer_as;   // one for all peers, or one per peer
    bool bfd = false;                         // BFD on every BGP session
    Millis bfd_interval{100};                 // BFD transmit and receive interval
    int bfd_multiplier = 3;                   // missed packets before a session is down
    int announce_min_servers = 1;             // real servers up for an address to be announced
    Millis announce_warmup{10000};            // ready this long before the first announcement
    Millis withdraw_drain{5000};              // on stop: withdrawn this long before lvsd stops
    std::string birdc = "/usr/sbin/birdc";
    std::string bird_socket = "/run/bird/bird.ctl";
    std::string bird_include = "/etc/bird/lvs-vips.conf";
    std::vector<VirtualServer> virtuals;   // `virtual` blocks, file order
    std::vector<VirtualServer> failovers;  // `failover` blocks, file order
    KeyLocations keys;
};

}  // namespace lvs::config
