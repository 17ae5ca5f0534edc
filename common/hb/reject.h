// SPDX-License-Identifier: GPL-2.0-or-later
// Why pulse dropped a heartbeat datagram: the one list of reasons. A
// reason's position is its index in pulse's counters and in the status
// table's RouterRecord::rejected (a fixed layout); its label names it in
// lvs_heartbeats_rejected_total{reason="..."}; its text names it in the log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>

namespace lvs::hb {

// X(enumerator, metric label, log text). Append only: positions are indexes.
#define LVS_HB_REJECT_REASONS(X)                \
    X(Truncated, "truncated", "truncated")      \
    X(Oversized, "oversized", "oversized")      \
    X(BadMagic, "bad_magic", "bad-magic")       \
    X(BadVersion, "bad_version", "bad-version") \
    X(BadField, "bad_field", "bad-field")       \
    X(Forged, "forged", "forged")               \
    X(Replayed, "replayed", "replayed")         \
    X(WrongMode, "wrong_mode", "wrong-mode")    \
    X(StaleEcho, "stale_echo", "stale-echo")

// Why a datagram was dropped. Counted, never acted on. Replayed: behind the
// sequence window, or from an earlier boot of the partner; StaleEcho: does
// not echo this pulse's boot and one of its latest sequences (both judged
// by hb::PeerFreshness).
enum class Reject : std::uint8_t {
#define LVS_HB_REJECT_ENUMERATOR(name, label, text) name,
    LVS_HB_REJECT_REASONS(LVS_HB_REJECT_ENUMERATOR)
#undef LVS_HB_REJECT_ENUMERATOR
};

struct RejectInfo {
    Reject reason;
    const char* label;  // metric label value
    const char* text;   // log wording
};

// Every reason, in enumerator order: kRejectInfo[i].reason == Reject(i).
inline constexpr RejectInfo kRejectInfo[] = {
#define LVS_HB_REJECT_INFO(name, label, text) {Reject::name, label, text},
    LVS_HB_REJECT_REASONS(LVS_HB_REJECT_INFO)
#undef LVS_HB_REJECT_INFO
};
inline constexpr std::size_t kRejectCount = std::size(kRejectInfo);

inline constexpr std::size_t index_of(Reject r) { return static_cast<std::size_t>(r); }

}  // namespace lvs::hb
