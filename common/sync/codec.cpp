// SPDX-License-Identifier: GPL-2.0-or-later
// Config-sync frames: encoding and bounded decoding.
#include "common/sync/codec.h"

#include <algorithm>

namespace lvs::sync {

std::string encode(const Frame& f) {
    const auto n = static_cast<std::uint32_t>(f.payload.size());
    std::string out;
    out.reserve(kHeader + f.payload.size());
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xff));
    out.push_back(static_cast<char>(f.type));
    return out + f.payload;
}

const char* to_string(Decode d) {
    switch (d) {
        case Decode::Complete: return "complete";
        case Decode::Incomplete: return "incomplete";
        case Decode::TooLarge: return "frame larger than 16 MiB";
        case Decode::BadType: return "unknown frame type";
        case Decode::BadPayload: return "malformed frame";
    }
    return "?";
}

Decode decode(std::string_view buf, Frame& frame, std::size_t& used) {
    used = 0;
    if (buf.size() < kHeader) return Decode::Incomplete;
    std::uint32_t n = 0;
    for (int i = 0; i < 4; ++i) n = (n << 8) | static_cast<unsigned char>(buf[static_cast<std::size_t>(i)]);
    if (n > kMaxFrame) return Decode::TooLarge;
    const auto type = static_cast<unsigned char>(buf[4]);
    if (type < 1 || type > 3) return Decode::BadType;
    if (type == static_cast<unsigned char>(FrameType::Installed) && n < sizeof(hb::Digest)) return Decode::BadPayload;
    if (buf.size() - kHeader < n) return Decode::Incomplete;
    frame.type = static_cast<FrameType>(type);
    frame.payload.assign(buf.substr(kHeader, n));
    used = kHeader + n;
    return Decode::Complete;
}

Frame push(std::string_view text) { return {FrameType::Push, std::string(text)}; }

Frame installed(const hb::Digest& d, const std::vector<std::string>& changes) {
    Frame f{FrameType::Installed, std::string(reinterpret_cast<const char*>(d.data()), d.size())};
    for (const auto& c : changes) f.payload += c + "\n";
    return f;
}

Frame refused(std::string_view reason) { return {FrameType::Refused, std::string(reason)}; }

hb::Digest digest_of(const Frame& f) {
    hb::Digest d{};
    std::copy_n(f.payload.begin(), std::min(f.payload.size(), d.size()), reinterpret_cast<char*>(d.data()));
    return d;
}

std::vector<std::string> changes_of(const Frame& f) {
    std::vector<std::string> out;
    std::size_t at = sizeof(hb::Digest);
    while (at < f.payload.size()) {
        std::size_t end = f.payload.find('\n', at);
        if (end == std::string::npos) end = f.payload.size();
        if (end > at) out.push_back(f.payload.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

}  // namespace lvs::sync
