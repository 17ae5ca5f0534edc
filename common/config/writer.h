// SPDX-License-Identifier: GPL-2.0-or-later
// Canonical lvs.cf printer (--print-config, golden tests). Deterministic:
// keys in keyword-table order, only values that differ from the default,
// host names printed as addresses. print(parse(print(x))) == print(x).
#pragma once

#include <string>

#include "common/config/lvs_config.h"

namespace lvs::config {

enum class PrintMode : std::uint8_t {
    Canonical,  // non-default values only
    All,        // every key, defaults too (round-trip comparisons)
};

std::string print_config(const LvsConfig& cfg, PrintMode mode = PrintMode::Canonical);

// Seconds with up to three decimals: 2000ms -> "2", 20ms -> "0.02".
std::string format_duration(Millis ms);

}  // namespace lvs::config
