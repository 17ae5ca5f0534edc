// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: arbitrary bytes through the INI settings reader.
#include <cstdint>
#include <string>

#include "common/config/settings.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto s = lvs::config::parse_settings_string(text, "fuzz.ini");
    for (const auto& d : s.diagnostics) (void)d.format();
    return 0;
}
