// SPDX-License-Identifier: GPL-2.0-or-later
// One hexadecimal digit's value, for the decoders of escapes (send/expect
// strings) and of percent-encoded forms.
#pragma once

namespace lvs {

// 0-15, or -1 when `c` is no hexadecimal digit.
constexpr int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace lvs
