// SPDX-License-Identifier: GPL-2.0-or-later
// PeerFreshness: boot nonces, echoes and the replay window.
#include "common/hb/freshness.h"

#include <algorithm>

namespace lvs::hb {

std::uint64_t PeerFreshness::echo_window(std::chrono::milliseconds keepalive, std::chrono::milliseconds deadtime) {
    if (keepalive.count() <= 0 || deadtime.count() <= 0) return kMinWindow;
    const auto k = static_cast<std::uint64_t>(keepalive.count());
    const auto twice = 2 * static_cast<std::uint64_t>(deadtime.count());
    return std::max(kMinWindow, (twice + k - 1) / k);
}

// Until a boot is tracked, the latest authenticated boot is echoed; then
// only the tracked boot, its highest sequence heard (a heartbeat refused for
// its own stale echo still shows how far the partner has counted: echoing
// it lets both sides recover after a one-way outage).
void PeerFreshness::hear(const Heartbeat& hb) {
    if (tracked_ != 0 && hb.boot != tracked_) return;
    if (hb.boot == heard_.nonce) heard_.seq = std::max(heard_.seq, hb.seq);
    else heard_ = {hb.boot, hb.seq};
}

PeerFreshness::Verdict PeerFreshness::decide(const Heartbeat& hb, std::uint64_t own_seq) {
    if (hb.echo_boot != own_ || hb.echo_seq == 0 || hb.echo_seq > own_seq || own_seq - hb.echo_seq > window_)
        return Verdict::StaleEcho;
    if (tracked_ != 0 && hb.boot == tracked_) {
        if (seen_.behind(hb.seq)) return Verdict::Replayed;
        if (!seen_.accept(hb.seq)) return Verdict::Duplicate;
        tracked_echo_ = std::max(tracked_echo_, hb.echo_seq);
        return Verdict::Fresh;
    }
    if (hb.echo_seq <= tracked_echo_) return Verdict::Replayed;
    const bool first = tracked_ == 0;
    tracked_ = hb.boot;
    tracked_echo_ = hb.echo_seq;
    seen_ = ReplayWindow{};
    seen_.accept(hb.seq);
    return first ? Verdict::FirstBoot : Verdict::NewBoot;
}

PeerFreshness::Judgement PeerFreshness::judge(const Heartbeat& hb, std::uint64_t own_seq) {
    const std::uint64_t echoed = heard_.nonce;
    Judgement j;
    j.verdict = decide(hb, own_seq);
    hear(hb);
    j.answer = hb.echo_boot != own_ || heard_.nonce != echoed;
    return j;
}

}  // namespace lvs::hb
