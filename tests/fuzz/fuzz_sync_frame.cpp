// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: arbitrary bytes through the config-sync frame decoder
// (common/sync/codec.h), as a partner's lvsweb receives them. A decoded
// frame is within the size cap, consumed exactly, of a known type, and
// encodes back to the bytes it came from; an Installed answer holds at
// least the digest.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/sync/codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    lvs::sync::Frame f;
    std::size_t used = 0;
    const auto d = lvs::sync::decode(in, f, used);
    if (d != lvs::sync::Decode::Complete) {
        if (used != 0) std::abort();
        return 0;
    }
    if (f.payload.size() > lvs::sync::kMaxFrame || used != lvs::sync::kHeader + f.payload.size()) std::abort();
    if (lvs::sync::encode(f) != in.substr(0, used)) std::abort();
    // An Installed answer is the 32-byte digest, then the change lines.
    if (f.type == lvs::sync::FrameType::Installed && f.payload.size() < 32) std::abort();
    return 0;
}
