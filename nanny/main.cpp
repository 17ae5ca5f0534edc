// SPDX-License-Identifier: GPL-2.0-or-later
// nanny: entry point (placeholder until its issue lands).
#include <cstdio>

int main() {
    std::puts("nanny: not implemented yet");
    return 1;
}
