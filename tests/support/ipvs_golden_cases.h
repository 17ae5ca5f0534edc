// SPDX-License-Identifier: GPL-2.0-or-later
// The IPVS request goldens, tests/golden/ipvs/*.hex: each file's name, the
// request whose bytes it holds (family 0x1f, seq 42) and the hex layout of
// the files (16 bytes a line). One table for both sides: the codec test
// (tests/common/ipvs/codec_test.cpp) only compares against the files, and
// the golden writer (tests/golden/ipvs_golden_main.cpp, run by
// `make golden-update`) is the only thing that writes them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/ipvs/ipvs_codec.h"

namespace lvs::ipvs::golden {

inline constexpr std::uint16_t kFamily = 0x1f;
inline constexpr std::uint32_t kSeq = 42;

inline ServiceKey tcp_key() {
    return ServiceKey{IpAddress::Family::V4, kProtoTcp, *IpAddress::parse("192.0.2.80"), 80, 0};
}
inline ServiceKey fwm6_key() { return ServiceKey{IpAddress::Family::V6, 0, IpAddress{}, 0, 7}; }

inline Service web() {
    return Service{.key = tcp_key(), .scheduler = "wlc", .flags = kFlagPersistent, .timeout_s = 300,
                   .netmask = 0xffffff00u};
}
inline Destination dest(Fwd f, int w) {
    return Destination{.key = {*IpAddress::parse("10.0.1.21"), 8080}, .fwd = f, .weight = w,
                       .u_threshold = 100, .l_threshold = 50};
}

// Lower-case hex, a blank between bytes, a newline after every 16th byte
// and after the last.
inline std::string hex(const codec::Bytes& b) {
    static const char* d = "0123456789abcdef";
    std::string s;
    for (std::size_t i = 0; i < b.size(); ++i) {
        s += d[b[i] >> 4];
        s += d[b[i] & 15];
        s += (i % 16 == 15) ? '\n' : ' ';
    }
    if (!s.empty() && s.back() == ' ') s.back() = '\n';
    return s;
}

struct Case {
    const char* file;  // in tests/golden/ipvs/
    codec::Bytes bytes;
};

inline std::vector<Case> cases() {
    using codec::encode_op;
    const Service fwm6{.key = fwm6_key(), .scheduler = "sh", .flags = kFlagSched1 | kFlagSched2, .timeout_s = 0,
                       .netmask = 128};
    return {
        {"01-add-service-tcp.hex", encode_op(kFamily, kSeq, Op::add_service(web()))},
        {"02-add-service-fwmark6-sh.hex", encode_op(kFamily, kSeq, Op::add_service(fwm6))},
        {"03-delete-service.hex", encode_op(kFamily, kSeq, Op::delete_service(tcp_key()))},
        {"04-add-dest.hex", encode_op(kFamily, kSeq, Op::add_dest(tcp_key(), dest(Fwd::Nat, 5)))},
        {"05-update-dest.hex", encode_op(kFamily, kSeq, Op::update_dest(tcp_key(), dest(Fwd::Direct, 0)))},
        {"06-delete-dest.hex", encode_op(kFamily, kSeq, Op::delete_dest(tcp_key(), dest(Fwd::Nat, 1).key))},
        {"07-set-timeouts.hex", codec::encode_set_timeouts(kFamily, kSeq, Timeouts{900, 120, 300})},
        {"08-new-daemon.hex",
         codec::encode_new_daemon(kFamily, kSeq, SyncDaemon{SyncDaemon::State::Master, "eth2", 7})},
        {"09-del-daemon.hex", codec::encode_del_daemon(kFamily, kSeq, SyncDaemon::State::Backup)},
        {"10-dump-services.hex", codec::encode_dump_services(kFamily, kSeq)},
        {"11-dump-dests.hex", codec::encode_dump_dests(kFamily, kSeq, tcp_key())},
    };
}

}  // namespace lvs::ipvs::golden
