// SPDX-License-Identifier: GPL-2.0-or-later
// LVS_CHECK: a broken invariant (a bug, not an expected failure, which is a
// Result) logs and aborts.
#pragma once

namespace lvs {
[[noreturn]] void check_failed(const char* file, int line, const char* cond, const char* msg) noexcept;
}  // namespace lvs

#define LVS_CHECK(cond, msg)                                          \
    do {                                                              \
        if (!(cond)) ::lvs::check_failed(__FILE__, __LINE__, #cond, (msg)); \
    } while (0)
