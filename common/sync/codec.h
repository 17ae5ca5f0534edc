// SPDX-License-Identifier: GPL-2.0-or-later
// The config-sync protocol between two routers' lvsweb (lvsctl sync, the
// Synchronize button): one request, one answer, each a frame of a 4-byte
// big-endian length, a 1-byte type and the payload, at most kMaxFrame
// bytes of payload. Push carries lvs.cf's text; the answer is Installed
// (the 32-byte SHA-256 of the installed file, the heartbeat's digest,
// then what changed in the partner's file, a line a change, as
// common/config/text_diff.h writes them) or Refused (the reason, as
// text). Pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/hb/heartbeat.h"

namespace lvs::sync {

inline constexpr std::size_t kMaxFrame = std::size_t{16} << 20;  // 16 MiB
inline constexpr std::size_t kHeader = 5;
inline constexpr std::uint16_t kDefaultPort = 3637;

enum class FrameType : std::uint8_t { Push = 1, Installed = 2, Refused = 3 };

struct Frame {
    FrameType type = FrameType::Push;
    std::string payload;
};

std::string encode(const Frame& f);

enum class Decode : std::uint8_t {
    Complete,    // `frame` is filled, `used` bytes consumed
    Incomplete,  // more bytes are needed
    TooLarge,    // the length is over kMaxFrame: drop the connection
    BadType,     // an unknown type byte
    BadPayload,  // Installed shorter than its 32-byte digest
};
const char* to_string(Decode d);

// Decodes the frame at the start of `buf`.
Decode decode(std::string_view buf, Frame& frame, std::size_t& used);

Frame push(std::string_view text);
Frame installed(const hb::Digest& d, const std::vector<std::string>& changes = {});
Frame refused(std::string_view reason);
// The digest of an Installed frame (call after decode said Complete).
hb::Digest digest_of(const Frame& f);
// The change lines of an Installed frame (none from a partner that sends
// the digest alone).
std::vector<std::string> changes_of(const Frame& f);

}  // namespace lvs::sync
