// SPDX-License-Identifier: GPL-2.0-or-later
// The config-sync link: TLS 1.3 with an external pre-shared key and no
// certificate, the key derived with HKDF-SHA256 from the heartbeat key
// (lvs.ini [heartbeat] key_file), so that only the two routers that share
// it can push or receive. One exchange a connection: the client sends one
// frame (codec.h), the server answers one. Non-blocking I/O under poll(2)
// with a deadline for each step (connect, handshake, sending a frame,
// receiving one), however the peer trickles its bytes, so that a stalled
// peer holds its caller a few seconds a step at most.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "common/base/result.h"
#include "common/sync/codec.h"

namespace lvs::sync {

using Psk = std::vector<std::uint8_t>;
inline constexpr std::chrono::milliseconds kDefaultStep{3000};
// The longest a frame may take to arrive (up to 16 MiB of lvs.cf, or the
// partner's answer after it validated and installed the file).
inline constexpr std::chrono::milliseconds kExchangeLimit{10000};

// Deadlines of one exchange: `step` for the connect, the handshake and
// sending a frame; `frame` for receiving one.
struct Limits {
    std::chrono::milliseconds step = kDefaultStep;
    std::chrono::milliseconds frame = kExchangeLimit;
};

// HKDF-SHA256 (OpenSSL EVP_KDF) of the heartbeat key: 32 bytes.
Result<Psk> derive_psk(std::span<const std::uint8_t> heartbeat_key);

// The PSK from lvs.ini's heartbeat key file (the reader pulse uses).
Result<Psk> psk_from_key_file(const std::string& path);

// A TCP connection to ADDR:PORT (numeric) within `step`; the descriptor
// (non-blocking).
Result<int> connect_to(const std::string& addr, std::uint16_t port, std::chrono::milliseconds step);

// Client side over a connected socket (made non-blocking): handshake, send
// `request`, read the answer. The caller closes `fd`.
Result<Frame> exchange(int fd, const Psk& psk, const Frame& request, const Limits& limits = {});

// Server side over an accepted socket (made non-blocking): handshake, read
// one frame, answer with what `handle` returns. A bad handshake or frame
// is an error (and no answer). The caller closes `fd`.
Status serve_one(int fd, const Psk& psk, const std::function<Frame(const Frame&)>& handle, const Limits& limits = {});

}  // namespace lvs::sync
