// SPDX-License-Identifier: GPL-2.0-or-later
// Names of the status-table enumerations.
#include "common/shm/status_layout.h"

namespace lvs::shm {

const char* to_string(ProbeOutcome o) {
    static const char* kNames[] = {"None", "Ok", "ConnectRefused", "ConnectTimeout", "ConnectError",
                                   "SendFailed", "ReadTimeout", "ReadError", "ShortRead", "ExpectMismatch",
                                   "ProgramFailed", "ProgramTimeout", "ProgramOutputMismatch", "Drained",
                                   "ForcedUp", "HttpStatus", "HttpBodyMismatch", "HttpBadResponse",
                                   "TlsHandshakeFailed", "TlsCertInvalid", "TlsCertExpiring", "HttpRedirectFailed",
                                   "DnsRcode", "DnsAnswerMismatch", "DnsBadResponse"};
    const auto i = static_cast<std::size_t>(o);
    return i < sizeof kNames / sizeof kNames[0] ? kNames[i] : "Unknown";
}

std::string cert_expiry_text(std::int32_t days) {
    return days < 0 ? "expired " + std::to_string(-static_cast<std::int64_t>(days)) + " days ago"
                    : "expires in " + std::to_string(days) + " days";
}

const char* to_string(RsState s) {
    static const char* kNames[] = {"unknown", "up", "down", "drained", "forced-up"};
    const auto i = static_cast<std::size_t>(s);
    return i < 5 ? kNames[i] : "unknown";
}

const char* to_string(FosState s) {
    static const char* kNames[] = {"unknown", "stopping", "starting", "running", "failed", "monitoring", "stopped"};
    const auto i = static_cast<std::size_t>(s);
    return i < sizeof kNames / sizeof kNames[0] ? kNames[i] : "unknown";
}

const char* to_string(AnnounceReason r) {
    static const char* kNames[] = {"announced", "stopping", "lvsd down", "table not programmed",
                                   "link down", "warming up", "too few real servers up", "not configured"};
    const auto i = static_cast<std::size_t>(r);
    return i < sizeof kNames / sizeof kNames[0] ? kNames[i] : "unknown";
}

std::uint32_t latency_bucket_of(std::uint64_t us) {
    std::uint32_t i = 0;
    while (i < kLatencyBuckets - 1 && us > kLatencyBoundsUs[i]) ++i;
    return i;
}

}  // namespace lvs::shm
