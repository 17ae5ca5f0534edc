// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: connection handover. Input: text read as
// /proc/net/ip_vs_conn. Every line counts once (live, finished or
// malformed); the sync messages encoded from the live connections stay
// within the datagram size, carry their own size, and hold every
// connection exactly once.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/ipvs/conn_sync.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto t = lvs::ipvs::parse_conn_table(text);
    std::size_t lines = 1;
    for (char c : text) lines += c == '\n';
    if (t.conns.size() + t.finished + t.malformed > lines) std::abort();
    std::size_t n = 0;
    for (const auto& m : lvs::ipvs::encode_sync_messages(t.conns, 1)) {
        if (m.size() > lvs::ipvs::kSyncMaxMessage || m.size() != static_cast<std::size_t>((m[2] << 8) | m[3]) ||
            m[4] == 0 || m[5] != 1)
            std::abort();
        n += m[4];
    }
    if (n != t.conns.size()) std::abort();
    return 0;
}
