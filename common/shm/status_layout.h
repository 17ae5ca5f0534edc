// SPDX-License-Identifier: GPL-2.0-or-later
// The shared-memory status table: fixed layout, trivially copyable records,
// one writer per record, each behind a seqlock. Bump kLayoutVersion on any
// change. Layout (offsets at the end of this file): Header; the router slot
// (pulse writes); the lvsd slot (lvsd writes); the fos slot (fos writes, FOS
// mode only); the ecmp slot (pulse writes, redundancy = ecmp only);
// `rs_slots` real-server slots
// (each nanny writes its own); `rs_slots` destination slots (lvsd writes the
// identity and kernel state of the real server in the same index).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

#include "common/hb/reject.h"
#include "common/shm/seqlock_slot.h"

namespace lvs::shm {

inline constexpr std::uint64_t kMagic = 0x4c56535354415431ull;  // "LVSSTAT1"
inline constexpr std::uint32_t kLayoutVersion = 12;

enum class RsState : std::uint8_t { Unknown = 0, Up = 1, Down = 2, Drained = 3, ForcedUp = 4 };

// What the last check said. Stored in shared memory: values are stable.
enum class ProbeOutcome : std::uint8_t {
    None = 0, Ok = 1, ConnectRefused = 2, ConnectTimeout = 3, ConnectError = 4, SendFailed = 5,
    ReadTimeout = 6, ReadError = 7, ShortRead = 8, ExpectMismatch = 9, ProgramFailed = 10,
    ProgramTimeout = 11, ProgramOutputMismatch = 12, Drained = 13, ForcedUp = 14,
    // check = http, and TLS on any TCP check. TlsCertExpiring is a warning:
    // the check passed (unless tls_expiry_fails = 1) but the server's
    // certificate expires within tls_expiry_warn_days.
    HttpStatus = 15, HttpBodyMismatch = 16, HttpBadResponse = 17, TlsHandshakeFailed = 18, TlsCertInvalid = 19,
    TlsCertExpiring = 20, HttpRedirectFailed = 21,
    // HttpRedirectFailed: more redirects than http_redirects, or one off this server.
    // check = dns (the rcode is in nanny's log):
    DnsRcode = 22, DnsAnswerMismatch = 23, DnsBadResponse = 24,
};
// True for the outcomes that count as a passed check.
inline constexpr bool passed(ProbeOutcome o, bool expiry_fails = false) {
    return o == ProbeOutcome::Ok || (o == ProbeOutcome::TlsCertExpiring && !expiry_fails);
}
const char* to_string(ProbeOutcome o);
const char* to_string(RsState s);
// "expires in N days" or "expired N days ago": RealServerRecord::cert_days_left.
std::string cert_expiry_text(std::int32_t days);

// Upper bounds of the probe latency histogram buckets, in microseconds
// (the last bucket is +Inf).
inline constexpr std::uint32_t kLatencyBuckets = 9;
inline constexpr std::uint64_t kLatencyBoundsUs[kLatencyBuckets - 1] = {1000,   5000,   10000,   25000,
                                                                       100000, 250000, 1000000, 5000000};
std::uint32_t latency_bucket_of(std::uint64_t us);

// Written by the nanny that owns the slot.
struct RealServerRecord {
    std::int32_t owner_pid;          // nanny pid, 0 = free
    std::int32_t weight;             // current weight (slow start, load monitor)
    std::int32_t configured_weight;
    RsState state;
    ProbeOutcome last_outcome;
    std::uint8_t family;             // 4 or 6
    std::uint8_t pad0;
    std::uint8_t addr[16];           // network order
    std::uint16_t port;
    std::uint16_t pad1;
    std::uint32_t latency_us;        // last probe
    std::uint64_t checks;
    std::uint64_t failures;
    std::uint64_t transitions;
    std::uint64_t verdict_seq;       // bumped on every state change
    std::int64_t verdict_mono_ns;    // CLOCK_MONOTONIC time of the last state change
    std::int64_t last_check_mono_ns;
    std::int64_t last_change_real_s; // wall clock of the last state change
    char name[48];                   // "virtual/server" from lvs.cf, NUL-terminated
    // Probe latency histogram (Prometheus buckets kLatencyBoundsUs, cumulative
    // on read; here per bucket) and the sum, over every timed check.
    std::uint64_t latency_bucket[kLatencyBuckets];
    std::uint64_t latency_sum_us;
    std::uint32_t load_samples;      // load monitor runs whose output parsed
    std::uint32_t load_failures;     // load monitor runs that failed or did not parse (weight kept)
    std::uint64_t output_discarded;  // send_program/load output bytes beyond the 4 KiB cap
    // TLS (tls = 1): the server certificate as last seen.
    std::int32_t cert_days_left;     // whole days to its expiry, negative once expired; valid with cert_seen
    std::uint8_t cert_seen;          // 1: a TLS check has seen a certificate
    std::uint8_t cert_expiring;      // 1: it expires within tls_expiry_warn_days (a warning)
    std::uint8_t pad2[2];
    // What the last failed check found beyond its outcome ("status 503",
    // "NXDOMAIN"), NUL-terminated; empty after a passed check.
    char detail[32];
};
static_assert(std::is_trivially_copyable_v<RealServerRecord>);
static_assert(sizeof(RealServerRecord) == 280);
static_assert(offsetof(RealServerRecord, detail) == 248);
static_assert(offsetof(RealServerRecord, cert_days_left) == 240);
static_assert(offsetof(RealServerRecord, cert_seen) == 244);
static_assert(offsetof(RealServerRecord, load_samples) == 224);
static_assert(offsetof(RealServerRecord, name) == 96);
static_assert(offsetof(RealServerRecord, state) == 12);
static_assert(offsetof(RealServerRecord, checks) == 40);
static_assert(offsetof(RealServerRecord, verdict_seq) == 64);

using RealServerSlot = SeqlockSlot<RealServerRecord>;

// Written by lvsd, slot i describing the real server whose nanny owns
// RealServerRecord i: where it sits in IPVS and how its nanny is doing.
struct DestRecord {
    std::uint8_t in_use;
    std::uint8_t protocol;           // 6, 17, 132; 0 for a fwmark service
    std::uint8_t family;             // 4 or 6
    std::uint8_t method;             // 0 NAT, 1 direct routing, 2 tunnel
    std::uint32_t fwmark;
    std::uint8_t vip[16];            // network order
    std::uint16_t vport;
    std::uint16_t pad0;
    std::int32_t kernel_weight;      // weight in the IPVS table, -1 = not in the table
    std::int32_t nanny_pid;          // -1 = not running
    std::int32_t nanny_restarts;
    std::uint8_t gave_up;            // nanny could not be kept running
    std::uint8_t pad1[3];
    std::int32_t configured_weight;  // weight in lvs.cf
    char vs_name[32];
};
static_assert(std::is_trivially_copyable_v<DestRecord>);
static_assert(sizeof(DestRecord) == 80);
using DestSlot = SeqlockSlot<DestRecord>;

// Written by lvsd.
struct LvsdRecord {
    std::int32_t pid;                // 0 = not running
    std::uint32_t services;          // virtual services lvsd manages
    std::uint32_t destinations;      // real servers in the table (incl. sorry servers)
    std::uint32_t nannies;           // nannies running
    std::uint64_t reconciles;        // runs
    std::uint64_t operations;        // IPVS operations sent
    std::uint64_t operation_errors;  // IPVS operations the kernel refused (incl. failed dumps)
    std::uint64_t drift_repairs;     // periodic runs that found the kernel changed behind our back
    std::uint64_t reloads;
    std::uint64_t reload_failures;   // refused reloads (bad file)
    std::uint64_t nanny_restarts;
    std::int64_t last_reconcile_us;  // duration of the last run that changed something
    std::int64_t ready_ms;           // start to first programmed table
    std::int64_t started_real_s;
    std::int64_t last_reload_real_s;
    // From a nanny's verdict (its verdict_mono_ns) to the IPVS change that
    // carried it out: the last one and the largest since lvsd started.
    std::int64_t last_verdict_to_kernel_us;
    std::int64_t max_verdict_to_kernel_us;
};
static_assert(std::is_trivially_copyable_v<LvsdRecord>);
static_assert(sizeof(LvsdRecord) == 120);
using LvsdSlot = SeqlockSlot<LvsdRecord>;

// A floating address pulse holds (or would hold) on the active router.
struct VipEntry {
    std::uint8_t family;             // 4 or 6
    std::uint8_t prefix;
    std::uint8_t up;                 // plumbed on this router now
    std::uint8_t pad;
    std::uint8_t addr[16];
    char label[16];                  // device or device:label
};
static_assert(sizeof(VipEntry) == 36);
inline constexpr std::uint32_t kMaxVips = 16;

// Heartbeat rejection reasons, indexed like hb::Reject. Part of the fixed
// layout: a new reason fails the assertion until RouterRecord grows with it
// and kLayoutVersion is bumped.
inline constexpr std::uint32_t kRejectReasons = 9;
static_assert(kRejectReasons == hb::kRejectCount,
              "hb::Reject changed: resize RouterRecord::rejected and bump kLayoutVersion");

// Written by pulse (absent when lvsd runs on its own: pid 0).
struct RouterRecord {
    std::int32_t pid;
    std::uint8_t role;               // 0 primary, 1 backup
    std::uint8_t active;             // this router holds the VIPs
    std::uint8_t advertised;         // hb::State this router sends
    std::uint8_t partner_alive;
    std::uint8_t partner_state;      // hb::State last heard
    std::uint8_t link_failed;
    std::uint8_t lvsd_failed;
    std::uint8_t releasing;          // planned switchover under way
    std::int32_t lvsd_pid;
    std::uint32_t keepalive_ms;
    std::uint32_t deadtime_ms;
    std::int64_t last_heartbeat_mono_ns;  // 0 = never
    std::int64_t role_since_real_s;
    std::int64_t started_real_s;
    std::uint64_t sent, received, send_errors, unexpected_source, duplicates, slips;
    std::uint64_t rejected[kRejectReasons];
    std::uint64_t failovers, switchovers, lvsd_restarts;
    std::uint64_t connections_handed_over;  // sent to the partner's sync daemon
    std::uint32_t vip_count;
    std::uint32_t pad1;
    VipEntry vips[kMaxVips];
    char partner[48];                // partner's address as text
    // Fail-back as this router sees it (pulse::FailbackView).
    std::uint8_t failback;           // 0 none, 1 waiting, 2 counting down, 3 under way
    std::uint8_t failback_why;       // waiting: hb::Warmth, the primary's first reason
    std::uint8_t warmth;             // hb::Warmth this router advertises
    std::uint8_t digest_mismatch;    // the partner's lvs.cf is not ours
    std::uint32_t failback_in_ms;    // counting down: until the hand-back starts
    std::uint8_t digest[32];         // SHA-256 of this router's lvs.cf
    std::uint8_t partner_digest[32]; // the partner's, as last heard (zero: none yet)
    // FOS mode (service = fos): the fos child pulse runs now (or that is
    // still stopping its services); a FosRecord counts only with this pid.
    std::int32_t fos_pid;            // -1 = none
    std::uint8_t fos_mode;           // 0 = LVS mode, 1 = FOS mode
    std::uint8_t ecmp;               // 1: redundancy = ecmp (no partner; the EcmpRecord says more)
    std::uint8_t pad2[2];
};
static_assert(std::is_trivially_copyable_v<RouterRecord>);
static_assert(sizeof(RouterRecord) % 8 == 0);
using RouterSlot = SeqlockSlot<RouterRecord>;

// One failover service as fos sees it. Stored in shared memory: values are
// stable.
enum class FosState : std::uint8_t {
    Unknown = 0,
    Stopping = 1,    // stop_cmd running (before a start or a monitor, or at the end)
    Starting = 2,    // start_cmd running (active)
    Running = 3,     // start_cmd succeeded (active)
    Failed = 4,      // start_cmd failed, timed out or is missing (active)
    Monitoring = 5,  // its nanny --fos watches the partner's service (standby)
    Stopped = 6,     // nothing runs for it
};
const char* to_string(FosState s);

inline constexpr std::uint32_t kMaxFosServices = 64;
struct FosServiceEntry {
    char name[39];                   // the failover block's name, NUL-terminated
    FosState state;
};
static_assert(sizeof(FosServiceEntry) == 40);

// Written by fos (pid 0 = no fos has written, or it exited).
struct FosRecord {
    std::int32_t pid;
    std::uint8_t mode;               // 1 active, 2 monitor
    std::uint8_t pad[3];
    std::uint32_t services;          // failover services fos handles (entries beyond kMaxFosServices are not listed)
    std::uint32_t pad1;
    FosServiceEntry service[kMaxFosServices];
};
static_assert(std::is_trivially_copyable_v<FosRecord>);
static_assert(sizeof(FosRecord) % 8 == 0);
using FosSlot = SeqlockSlot<FosRecord>;

// redundancy = ecmp: why an address is not announced (Announced when it
// is), first reason first. Stored in shared memory: values are stable.
enum class AnnounceReason : std::uint8_t {
    Announced = 0, Stopping = 1, LvsdDown = 2, TableNotProgrammed = 3, LinkDown = 4, WarmingUp = 5,
    TooFewServers = 6, NotConfigured = 7,
};
const char* to_string(AnnounceReason r);  // "announced", "too few real servers up", ...

inline constexpr std::uint32_t kMaxEcmpVips = 32;
inline constexpr std::uint32_t kMaxBgpSessions = 16;
inline constexpr std::uint32_t kMaxBfdSessions = 16;

struct EcmpVipEntry {
    std::uint8_t family;             // 4 or 6
    std::uint8_t announced;          // pulse has it announced (the policy's verdict)
    std::uint8_t in_bird;            // BIRD's last `show route` listed it
    AnnounceReason reason;           // not announced: why
    std::uint8_t addr[16];
};
static_assert(sizeof(EcmpVipEntry) == 20);

// Text fields are BIRD's words as birdc printed them, NUL-terminated
// (truncated to fit).
struct BgpSessionEntry {
    char name[32];                   // BIRD's protocol: lvs_bgp_192_0_2_1
    char state[8];                   // the protocol's state: up, down, start, stop, flush
    char session[16];                // the BGP state: Established, Active, Connect, Idle, ...
    char since[24];
    char info[48];                   // the rest of the info column (a last error)
};
static_assert(sizeof(BgpSessionEntry) == 128);

struct BfdSessionEntry {
    char address[48];
    char interface[16];
    char state[16];                  // Up, Down, Init, AdminDown
    char since[24];
};
static_assert(sizeof(BfdSessionEntry) == 104);

// Written by pulse with redundancy = ecmp (pid 0 otherwise): what it
// announces and why not, and BIRD's sessions and routes as the last birdc
// status request found them (polled about once a second).
struct EcmpRecord {
    std::int32_t pid;
    AnnounceReason reason;           // router-wide: what holds every address back (Announced: nothing)
    std::uint8_t stopping;           // withdrawn for a stop: lvsd stops after withdraw_drain
    std::uint8_t bird_answered;      // the last status request was answered
    std::uint8_t apply_failed;       // BIRD has not taken the last change (retried)
    std::uint32_t vip_count, bgp_count, bfd_count;
    std::uint32_t route_count;       // routes BIRD lists in lvs_vips4 and lvs_vips6
    std::uint32_t warmup_left_ms;    // warming up: until the router is warm
    std::uint32_t drain_left_ms;     // stopping: until lvsd is stopped
    std::uint32_t min_servers;       // the global announce_min_servers
    std::uint8_t applying;           // a change is on its way to BIRD
    std::uint8_t pad0[3];
    std::int64_t last_answer_real_s; // the last answered status request (0: none yet)
    std::uint64_t applies, apply_failures, polls, poll_failures;
    char apply_error[96];            // BIRD's or birdc's last refusal of a change; empty once one is taken
    char status_error[96];           // why the last status request failed; empty once one answers
    EcmpVipEntry vips[kMaxEcmpVips];
    BgpSessionEntry bgp[kMaxBgpSessions];
    BfdSessionEntry bfd[kMaxBfdSessions];
};
static_assert(std::is_trivially_copyable_v<EcmpRecord>);
static_assert(sizeof(EcmpRecord) % 8 == 0);
static_assert(offsetof(EcmpRecord, last_answer_real_s) == 40);
using EcmpSlot = SeqlockSlot<EcmpRecord>;

struct Header {
    std::uint64_t magic;
    std::uint32_t layout_version;
    std::uint32_t header_size;
    std::uint32_t rs_record_size;
    std::uint32_t rs_slots;
    std::int32_t creator_pid;
    std::uint32_t generation;
    std::int64_t created_real_s;
};
static_assert(std::is_trivially_copyable_v<Header>);
static_assert(sizeof(Header) == 40);

inline constexpr std::size_t kRouterOffset = 64;
inline constexpr std::size_t kLvsdOffset = kRouterOffset + (sizeof(RouterSlot) + 63) / 64 * 64;
inline constexpr std::size_t kFosOffset = kLvsdOffset + (sizeof(LvsdSlot) + 63) / 64 * 64;
inline constexpr std::size_t kEcmpOffset = kFosOffset + (sizeof(FosSlot) + 63) / 64 * 64;
inline constexpr std::size_t kSlotsOffset = kEcmpOffset + (sizeof(EcmpSlot) + 63) / 64 * 64;
inline constexpr std::size_t dest_offset(std::uint32_t rs_slots) {
    return kSlotsOffset + sizeof(RealServerSlot) * rs_slots;
}
inline constexpr std::size_t segment_size(std::uint32_t rs_slots) {
    return dest_offset(rs_slots) + sizeof(DestSlot) * rs_slots;
}

}  // namespace lvs::shm
