// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: datagrams through the heartbeat decoder, with and
// without a key; anything accepted must re-encode to the same bytes.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "common/hb/heartbeat.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace lvs::hb;
    static const std::uint8_t kKey[] = "fuzzing-key-0123456789";
    const std::span<const std::uint8_t> in(data, size);
    for (std::span<const std::uint8_t> key : {std::span<const std::uint8_t>{}, std::span<const std::uint8_t>(kKey, 22)}) {
        auto d = decode(in, key);
        if (!d.ok) continue;
        auto again = encode(d.hb, key);
        if (key.size() && std::memcmp(again.data(), data, kPacketSize) != 0) std::abort();
    }
    return 0;
}
