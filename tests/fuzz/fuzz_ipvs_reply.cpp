// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: netlink reply buffers through the IPVS reply parser.
#include <cstdint>

#include "common/ipvs/ipvs_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace lvs::ipvs;
    auto msgs = codec::split(std::span<const std::uint8_t>(data, size));
    if (!msgs.ok()) return 0;
    for (const auto& m : *msgs) {
        (void)codec::decode_service(m.payload);
        DestStats st;
        (void)codec::decode_dest(m.payload, &st);
        (void)codec::decode_timeouts(m.payload);
        (void)codec::decode_daemon(m.payload);
    }
    return 0;
}
