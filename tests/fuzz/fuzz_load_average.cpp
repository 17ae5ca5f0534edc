// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: the load monitor's pure parts. Input: byte 0 picks a
// configured weight (1..256), the rest is a load command's output. The
// parsed load must be a finite number in [0, 1e6), the adapted weight must
// stay between the weight and scale x weight (or not move), and the same
// bytes used as a command line must split into non-empty words.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "nanny/load_monitor.h"
#include "nanny/program_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const int w = 1 + data[0];
    const std::string out(reinterpret_cast<const char*>(data + 1), size - 1);
    if (auto load = lvs::nanny::parse_load_average(out)) {
        if (!std::isfinite(*load) || *load < 0 || *load >= 1e6) std::abort();
        for (int last : {w, 3 * w, 10 * w}) {
            const int next = lvs::nanny::load_adjusted_weight(last, w, 10, *load);
            if (next != last && (next < w || next > 10 * w)) std::abort();
        }
    }
    if (auto argv = lvs::nanny::program_argv(out, "10.0.1.21", 80); argv.ok()) {
        for (const auto& a : *argv)
            if (a.empty()) std::abort();
    }
    if (auto argv = lvs::nanny::load_command_argv(out, "10.0.1.21"); argv && argv->empty()) std::abort();
    return 0;
}
