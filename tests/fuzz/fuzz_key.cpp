// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: arbitrary bytes through the heartbeat key file reader.
// A key it accepts is at least 16 bytes and carries no surrounding
// whitespace.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/hb/heartbeat.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto key = lvs::hb::parse_key(text);
    if (key.ok() && key->size() < 16) std::abort();
    return 0;
}
