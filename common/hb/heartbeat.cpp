// SPDX-License-Identifier: GPL-2.0-or-later
// Heartbeat encoding, authentication, the replay window and boot nonces.
#include "common/hb/heartbeat.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstring>

namespace lvs::hb {
namespace {

void put_u32(std::uint8_t* p, std::uint32_t v) {
    for (int i = 3; i >= 0; --i, v >>= 8) p[i] = static_cast<std::uint8_t>(v);
}
void put_u64(std::uint8_t* p, std::uint64_t v) {
    for (int i = 7; i >= 0; --i, v >>= 8) p[i] = static_cast<std::uint8_t>(v);
}
std::uint64_t get_be(const std::uint8_t* p, int n) {
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
    return v;
}

void mac(std::span<const std::uint8_t> key, const std::uint8_t* data, std::uint8_t* out) {
    unsigned int len = 32;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data, kOffsetMac, out, &len);
}

}  // namespace

const char* to_string(Reject r) { return kRejectInfo[index_of(r)].text; }

const char* to_string(Warmth w) {
    switch (w) {
        case Warmth::Warm: return "warm";
        case Warmth::LinkDown: return "a monitored link is down";
        case Warmth::Failed: return "lvsd cannot be kept running";
        case Warmth::Starting: return "lvsd has not programmed the table yet";
        case Warmth::Unchecked: return "real servers not checked yet";
        case Warmth::DigestDiffers: return "the routers' lvs.cf differ";
        case Warmth::Yielded: return "the primary handed the service over by a planned switchover";
    }
    return "?";
}

std::vector<std::uint8_t> encode(const Heartbeat& hb, std::span<const std::uint8_t> key) {
    std::vector<std::uint8_t> p(kPacketSize, 0);
    put_u32(p.data(), kMagic);
    p[4] = kVersion;
    p[5] = static_cast<std::uint8_t>(hb.state);
    p[6] = static_cast<std::uint8_t>(hb.role);
    p[7] = static_cast<std::uint8_t>(hb.mode);
    put_u64(p.data() + kOffsetBoot, hb.boot);
    put_u64(p.data() + kOffsetSeq, hb.seq);
    put_u64(p.data() + kOffsetEchoBoot, hb.echo_boot);
    put_u64(p.data() + kOffsetEchoSeq, hb.echo_seq);
    std::memcpy(p.data() + kOffsetDigest, hb.config_digest.data(), 32);
    p[kOffsetWarmth] = static_cast<std::uint8_t>(hb.warmth);
    if (!key.empty()) mac(key, p.data(), p.data() + kOffsetMac);
    return p;
}

Decoded decode(std::span<const std::uint8_t> p, std::span<const std::uint8_t> key) {
    Decoded d;
    // The version before the size: another version's heartbeat (version 1
    // was 80 bytes) is named as such, not as truncated or oversized.
    if (p.size() > 4 && get_be(p.data(), 4) == kMagic && p[4] != kVersion) return d.reject = Reject::BadVersion, d;
    if (p.size() < kPacketSize) return d;  // Truncated
    if (p.size() > kPacketSize) return d.reject = Reject::Oversized, d;
    if (get_be(p.data(), 4) != kMagic) return d.reject = Reject::BadMagic, d;
    if (p[5] > 4 || p[6] > 1 || p[7] > 1 || get_be(p.data() + kOffsetBoot, 8) == 0 || p[kOffsetWarmth] > kWarmthMax ||
        get_be(p.data() + kOffsetWarmth + 1, 7) != 0)
        return d.reject = Reject::BadField, d;
    if (!key.empty()) {
        std::uint8_t want[32];
        mac(key, p.data(), want);
        if (CRYPTO_memcmp(want, p.data() + kOffsetMac, 32) != 0) return d.reject = Reject::Forged, d;
    }
    d.hb.state = static_cast<State>(p[5]);
    d.hb.role = static_cast<Role>(p[6]);
    d.hb.mode = static_cast<Mode>(p[7]);
    d.hb.boot = get_be(p.data() + kOffsetBoot, 8);
    d.hb.seq = get_be(p.data() + kOffsetSeq, 8);
    d.hb.echo_boot = get_be(p.data() + kOffsetEchoBoot, 8);
    d.hb.echo_seq = get_be(p.data() + kOffsetEchoSeq, 8);
    std::memcpy(d.hb.config_digest.data(), p.data() + kOffsetDigest, 32);
    d.hb.warmth = static_cast<Warmth>(p[kOffsetWarmth]);
    d.ok = true;
    return d;
}

bool ReplayWindow::accept(std::uint64_t seq) {
    if (!any_ || seq > top_) {
        const std::uint64_t shift = any_ ? seq - top_ : 64;
        bits_ = shift >= 64 ? 0 : bits_ << shift;
        bits_ |= 1;
        top_ = seq;
        any_ = true;
        return true;
    }
    const std::uint64_t age = top_ - seq;
    if (age >= 64) return false;
    const std::uint64_t bit = std::uint64_t{1} << age;
    if (bits_ & bit) return false;
    bits_ |= bit;
    return true;
}

Digest sha256(std::span<const std::uint8_t> data) {
    Digest d{};
    SHA256(data.data(), data.size(), d.data());
    return d;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * bytes.size());
    for (const std::uint8_t b : bytes) out += {kHex[b >> 4], kHex[b & 15]};
    return out;
}

Result<std::uint64_t> random_boot_nonce() {
    std::uint64_t n = 0;
    while (n == 0)
        if (RAND_bytes(reinterpret_cast<unsigned char*>(&n), sizeof n) != 1)
            return make_error(ErrorCode::Io, "no random bytes for the heartbeat boot nonce");
    return n;
}

Result<std::vector<std::uint8_t>> parse_key(const std::string& text) {
    // strchr would also match the terminating NUL: a NUL byte is key data.
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    std::size_t b = 0, e = text.size();
    while (b < e && space(text[b])) ++b;
    while (e > b && space(text[e - 1])) --e;
    if (e - b < 16) return make_error(ErrorCode::Config, "heartbeat key is shorter than 16 bytes");
    return std::vector<std::uint8_t>(text.begin() + static_cast<long>(b), text.begin() + static_cast<long>(e));
}

}  // namespace lvs::hb
