// SPDX-License-Identifier: GPL-2.0-or-later
// lvsd: entry point (placeholder until its issue lands).
#include <cstdio>

int main() {
    std::puts("lvsd: not implemented yet");
    return 1;
}
