// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: datagrams through the heartbeat decoder, with and
// without a key; anything accepted must re-encode to the same bytes, and
// goes on to a PeerFreshness that lives across inputs (this pulse's own
// sequence counts one per input): an accepted heartbeat makes its boot the
// tracked one and is echoed from then on.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "common/hb/freshness.h"
#include "common/hb/heartbeat.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace lvs::hb;
    static const std::uint8_t kKey[] = "fuzzing-key-0123456789";
    static PeerFreshness fresh(0x0123456789abcdefull, 10);
    static std::uint64_t own_seq = 0;
    ++own_seq;
    const std::span<const std::uint8_t> in(data, size);
    for (std::span<const std::uint8_t> key : {std::span<const std::uint8_t>{}, std::span<const std::uint8_t>(kKey, 22)}) {
        auto d = decode(in, key);
        if (!d.ok) continue;
        auto again = encode(d.hb, key);
        if (key.size() && std::memcmp(again.data(), data, kPacketSize) != 0) std::abort();
        if (d.hb.boot == 0) std::abort();
        const auto j = fresh.judge(d.hb, own_seq);
        if (j.accepted() && (fresh.partner_boot() != d.hb.boot || fresh.echo().nonce != d.hb.boot)) std::abort();
        if (j.accepted() && fresh.echo().seq < d.hb.seq) std::abort();
    }
    return 0;
}
