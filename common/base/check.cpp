// SPDX-License-Identifier: GPL-2.0-or-later
// The abort path of LVS_CHECK.
#include "common/base/check.h"

#include <cstdio>
#include <cstdlib>

namespace lvs {

void check_failed(const char* file, int line, const char* cond, const char* msg) noexcept {
    std::fprintf(stderr, "internal error: %s:%d: check '%s' failed: %s\n", file, line, cond, msg);
    std::fflush(stderr);
    std::abort();
}

}  // namespace lvs
