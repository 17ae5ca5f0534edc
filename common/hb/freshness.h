// SPDX-License-Identifier: GPL-2.0-or-later
// PeerFreshness: whether an authenticated heartbeat of the partner is fresh,
// with no clock at all. Pure.
//
// Each pulse draws a random boot nonce when it starts and numbers its
// heartbeats 1, 2, 3, ... in that boot. Each heartbeat echoes the receiver's
// boot nonce and the highest sequence the sender heard from it (echo()).
// A heartbeat is accepted when
//  1. it echoes this pulse's current boot and one of the last `window`
//     sequences this pulse sent. Else StaleEcho: it was made before this
//     pulse started, or longer ago than the window;
//  2. it comes from the partner boot tracked now, and its sequence is new in
//     the 64-wide ReplayWindow. Else Duplicate (the second path, or a replay
//     inside the window) or Replayed (behind the window);
//  3. or it comes from another boot and echoes a sequence of ours strictly
//     newer than any heartbeat accepted from the tracked boot echoed: a
//     restarted partner heard us after its previous boot died, a replay of
//     an earlier boot cannot have. Then that boot is tracked and the window
//     starts again. Else Replayed.
// What this pulse echoes: the tracked boot and the highest sequence heard in
// it; until a heartbeat was accepted, the boot heard last, so that two
// routers starting together learn each other's boot in one heartbeat each.
#pragma once

#include <chrono>
#include <cstdint>

#include "common/hb/heartbeat.h"

namespace lvs::hb {

// A pulse's boot nonce and a sequence in that boot.
struct Boot {
    std::uint64_t nonce = 0;
    std::uint64_t seq = 0;
    bool operator==(const Boot&) const = default;
};

class PeerFreshness {
public:
    // FirstBoot: the first heartbeat accepted since this pulse started;
    // NewBoot: the first of a partner boot that replaces the tracked one.
    enum class Verdict : std::uint8_t { Fresh, FirstBoot, NewBoot, Duplicate, StaleEcho, Replayed };
    struct Judgement {
        Verdict verdict = Verdict::StaleEcho;
        // The partner should hear from this pulse soon: it does not echo
        // this boot, or this pulse now echoes another partner boot.
        bool answer = false;
        bool accepted() const {
            return verdict == Verdict::Fresh || verdict == Verdict::FirstBoot || verdict == Verdict::NewBoot;
        }
    };

    static constexpr std::uint64_t kMinWindow = 4;
    // The echo window for these timers: the keepalives in two deadtimes,
    // at least kMinWindow.
    static std::uint64_t echo_window(std::chrono::milliseconds keepalive, std::chrono::milliseconds deadtime);

    // own_boot: this pulse's boot nonce (not 0).
    PeerFreshness(std::uint64_t own_boot, std::uint64_t window) : own_(own_boot), window_(window) {}

    // An authenticated heartbeat of the partner; own_seq: the sequence of
    // the last heartbeat this pulse sent.
    Judgement judge(const Heartbeat& hb, std::uint64_t own_seq);

    // What this pulse's next heartbeat echoes ({0, 0}: nothing heard yet).
    Boot echo() const { return heard_; }
    // The partner boot accepted last (0: none yet).
    std::uint64_t partner_boot() const { return tracked_; }
    std::uint64_t own_boot() const { return own_; }
    std::uint64_t window() const { return window_; }
    void set_window(std::uint64_t window) { window_ = window; }  // a reload's new timers

private:
    Verdict decide(const Heartbeat& hb, std::uint64_t own_seq);
    void hear(const Heartbeat& hb);

    std::uint64_t own_;
    std::uint64_t window_;
    std::uint64_t tracked_ = 0;       // the partner boot accepted last
    std::uint64_t tracked_echo_ = 0;  // the highest echo_seq accepted from it
    ReplayWindow seen_;               // its sequences
    Boot heard_;                      // what echo() returns
};

}  // namespace lvs::hb
