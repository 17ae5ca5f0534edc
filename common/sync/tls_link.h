// SPDX-License-Identifier: GPL-2.0-or-later
// The config-sync link: TLS 1.3 with an external pre-shared key and no
// certificate, the key derived with HKDF-SHA256 from the heartbeat key
// (lvs.ini [heartbeat] key_file), so that only the two routers that share
// it can push or receive. One exchange a connection: the client sends one
// frame (codec.h), the server answers one. Blocking I/O bounded by a step
// timeout on every read and write (and the connect), so that a stalled
// peer holds its caller at most a few steps.
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
// The longest a frame may take to arrive, however it trickles in.
inline constexpr std::chrono::seconds kExchangeLimit{10};

// HKDF-SHA256 (OpenSSL EVP_KDF) of the heartbeat key: 32 bytes.
Result<Psk> derive_psk(std::span<const std::uint8_t> heartbeat_key);

// The PSK from lvs.ini's heartbeat key file (the reader pulse uses).
Result<Psk> psk_from_key_file(const std::string& path);

// A TCP connection to ADDR:PORT (numeric) within `step`; the descriptor,
// blocking, with `step` as its read and write timeout.
Result<int> connect_to(const std::string& addr, std::uint16_t port, std::chrono::milliseconds step);

// Sets `step` as the read and write timeout of a blocking socket.
Status set_timeouts(int fd, std::chrono::milliseconds step);

// Client side over a connected socket: handshake, send `request`, read the
// answer. The caller closes `fd`.
Result<Frame> exchange(int fd, const Psk& psk, const Frame& request);

// Server side over an accepted socket: handshake, read one frame, answer
// with what `handle` returns. A bad handshake or frame is an error (and
// no answer). The caller closes `fd`.
Status serve_one(int fd, const Psk& psk, const std::function<Frame(const Frame&)>& handle);

}  // namespace lvs::sync
