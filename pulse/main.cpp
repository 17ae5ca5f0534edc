// SPDX-License-Identifier: GPL-2.0-or-later
// pulse: entry point (placeholder until its issue lands).
#include <cstdio>

int main() {
    std::puts("pulse: not implemented yet");
    return 1;
}
