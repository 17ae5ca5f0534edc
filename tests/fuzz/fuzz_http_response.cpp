// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: nanny's HTTP response parser. Input: byte 0 is the
// body cap (0-255 bytes) and the piece size; the rest is the response. It
// is fed whole and in pieces, then the peer closes: both runs must agree,
// the body never exceeds the cap, and nothing crashes or grows unbounded.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "nanny/http_response.h"

using lvs::nanny::http::ResponseParser;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::size_t cap = data[0];
    const std::size_t step = 1 + (data[0] % 13);
    const std::string_view wire(reinterpret_cast<const char*>(data + 1), size - 1);
    ResponseParser whole(cap), pieces(cap);
    whole.feed(wire);
    whole.eof();
    for (std::size_t i = 0; i < wire.size(); i += step) pieces.feed(wire.substr(i, step));
    pieces.eof();
    if (whole.state() != pieces.state() || whole.body() != pieces.body() || whole.status() != pieces.status())
        std::abort();
    if (whole.body().size() > cap) std::abort();
    (void)whole.header("location");
    return 0;
}
