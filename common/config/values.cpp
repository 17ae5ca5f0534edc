// SPDX-License-Identifier: GPL-2.0-or-later
// Value conversion for the lvs.cf parser.
#include "common/config/values.h"

#include <cerrno>
#include <climits>
#include <cstdlib>

namespace lvs::config::detail {
namespace {

ValueError err(const Token& t, std::string msg) { return ValueError{t.loc, std::move(msg)}; }

std::optional<ValueError> read_list(const Token& equals, std::span<const Token> v,
                                    std::vector<std::string>& out) {
    if (v.front().text != "[" || v.front().quoted) return err(v.front(), "list expected");
    if (v.size() < 2 || v.back().text != "]" || v.back().quoted)
        return err(v.size() < 2 ? equals : v.back(), "list expected: missing ']'");
    out.clear();
    for (std::size_t i = 1; i + 1 < v.size(); ++i) out.push_back(v[i].text);
    return std::nullopt;
}

// AddressList and UIntList: one value, or several in [ ].
std::optional<ValueError> read_typed_list(const Keyword& kw, const Token& equals, std::span<const Token> v,
                                          void* f) {
    std::span<const Token> items = v;
    if (v.front().text == "[" && !v.front().quoted) {
        if (v.size() < 2 || v.back().text != "]" || v.back().quoted)
            return err(v.size() < 2 ? equals : v.back(), "list expected: missing ']'");
        items = v.subspan(1, v.size() - 2);
        if (items.empty()) return err(v.back(), "list expected: at least one value");
    } else if (v.size() > 1) {
        return err(v[1], "unexpected arguments: " + quoted(v[1].text) + " (several values go in [ ])");
    }
    if (kw.kind == Kind::AddressList) {
        std::vector<IpAddress> out;
        for (const Token& t : items) {
            auto a = IpAddress::parse(t.text);
            if (!a) return err(t, "invalid ip address: " + quoted(t.text));
            out.push_back(*a);
        }
        *static_cast<std::vector<IpAddress>*>(f) = std::move(out);
        return std::nullopt;
    }
    std::vector<std::uint32_t> out;
    for (const Token& t : items) {
        auto n = parse_int(t.text);
        if (!n || t.text.empty()) return err(t, "integer expected: " + quoted(t.text));
        if (*n < 0 || *n > UINT32_MAX) return err(t, "integer out of range: " + quoted(t.text));
        out.push_back(static_cast<std::uint32_t>(*n));
    }
    *static_cast<std::vector<std::uint32_t>*>(f) = std::move(out);
    return std::nullopt;
}

std::optional<ValueError> read_host(Kind kind, const Token& t, const ParseOptions& opts,
                                    IpAddress& out) {
    if (kind == Kind::Mask) {
        auto a = IpAddress::parse(t.text);
        if (!a || !a->is_v4()) return err(t, "Bad subnet mask specified: " + quoted(t.text));
        out = *a;
        return std::nullopt;
    }
    std::optional<IpAddress> a = IpAddress::parse_legacy(t.text);
    // Digits and dots that are no address (10.0.1.300) are a typo, not a
    // host name: never a DNS query.
    const bool numeric = !t.text.empty() && t.text.find_first_not_of("0123456789.") == std::string::npos;
    if (!a && (kind == Kind::Address || numeric))
        return err(t, "invalid host name or ip address: " + quoted(t.text));
    if (!a && opts.resolve_host) a = opts.resolve_host(t.text);
    if (!a) return err(t, "cannot resolve host name " + quoted(t.text));
    if (kind == Kind::NonZeroHost && a->is_unspecified())
        return err(t, "invalid host name or ip address: " + quoted(t.text));
    out = *a;
    return std::nullopt;
}

std::optional<ValueError> read_number(Kind kind, const Token& t, void* f) {
    auto n = parse_int(t.text);
    if (!n) return err(t, "integer expected: " + quoted(t.text));
    switch (kind) {
        case Kind::Bool:
            if (*n != 0 && *n != 1) return err(t, "boolean expected: " + quoted(t.text));
            *static_cast<bool*>(f) = *n == 1;
            return std::nullopt;
        case Kind::UInt:
            if (*n < 0 || *n > UINT32_MAX) return err(t, "integer out of range: " + quoted(t.text));
            *static_cast<std::uint32_t*>(f) = static_cast<std::uint32_t>(*n);
            return std::nullopt;
        case Kind::Port:
        case Kind::PortNumber:
            if (*n < 0 || *n > 65535) return err(t, "port out of range (0-65535): " + quoted(t.text));
            *static_cast<std::uint16_t*>(f) = static_cast<std::uint16_t>(*n);
            return std::nullopt;
        default:
            break;
    }
    if (*n < INT_MIN || *n > INT_MAX) return err(t, "integer out of range: " + quoted(t.text));
    if (kind == Kind::OptInt) *static_cast<std::optional<int>*>(f) = static_cast<int>(*n);
    else *static_cast<int*>(f) = static_cast<int>(*n);
    return std::nullopt;
}

std::optional<ValueError> read_single(const Keyword& kw, const Token& t, void* f,
                                      const ParseOptions& opts) {
    switch (kw.kind) {
        case Kind::Port:
            if (!t.text.empty() && (t.text[0] < '0' || t.text[0] > '9') && t.text[0] != '-' &&
                t.text[0] != '+') {
                auto p = opts.resolve_service ? opts.resolve_service(t.text) : std::nullopt;
                if (!p) return err(t, "invalid argument: unknown service name " + quoted(t.text));
                *static_cast<std::uint16_t*>(f) = *p;
                return std::nullopt;
            }
            return read_number(kw.kind, t, f);
        case Kind::Int: case Kind::UInt: case Kind::OptInt: case Kind::Bool: case Kind::PortNumber:
            return read_number(kw.kind, t, f);
        case Kind::Duration:
        case Kind::OptDuration: {
            auto d = parse_duration(t.text);
            if (!d) return err(t, "duration expected (seconds, to the millisecond): " + quoted(t.text));
            if (kw.kind == Kind::Duration) *static_cast<Millis*>(f) = *d;
            else *static_cast<std::optional<Millis>*>(f) = *d;
            return std::nullopt;
        }
        case Kind::Host: case Kind::NonZeroHost: case Kind::Address: case Kind::Mask:
            return read_host(kw.kind, t, opts, *static_cast<IpAddress*>(f));
        case Kind::String:
            *static_cast<std::string*>(f) = t.text;
            return std::nullopt;
        case Kind::OptString:
            *static_cast<std::optional<std::string>*>(f) = t.text;
            return std::nullopt;
        case Kind::Enum:
            for (std::size_t i = 0; i < kw.nwords; ++i) {
                if (t.text == kw.words[i].word) {
                    *static_cast<std::uint8_t*>(f) = kw.words[i].value;
                    return std::nullopt;
                }
            }
            return err(t, "invalid argument: " + quoted(t.text) + " for " + kw.name);
        case Kind::WordOrList:
            *static_cast<std::vector<std::string>*>(f) = {t.text};
            return std::nullopt;
        case Kind::HostDev: case Kind::List: case Kind::AddressList: case Kind::UIntList:
            break;
    }
    return err(t, "internal: unexpected value kind");
}

}  // namespace

std::optional<long long> parse_int(const std::string& text) {
    if (text.empty()) return 0;  // Piranha: "" parses as 0
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 0);
    if (errno != 0 || end == text.c_str() || *end != '\0') return std::nullopt;
    return v;
}

std::optional<Millis> parse_duration(const std::string& text) {
    const std::size_t dot = text.find('.');
    if (dot == std::string::npos) {
        auto n = parse_int(text);
        if (!n || *n < 0 || *n > 100000000LL) return std::nullopt;
        return Millis{*n * 1000};
    }
    const std::string whole = text.substr(0, dot), frac = text.substr(dot + 1);
    if (frac.empty() || frac.size() > 3 || whole.size() > 9) return std::nullopt;
    for (char c : whole + frac)
        if (c < '0' || c > '9') return std::nullopt;
    long long ms = whole.empty() ? 0 : std::atoll(whole.c_str()) * 1000;
    long long f = std::atoll(frac.c_str());
    for (std::size_t i = frac.size(); i < 3; ++i) f *= 10;
    return Millis{ms + f};
}

std::optional<ValueError> apply_value(const Keyword& kw, Target& target, const Token& equals,
                                      std::span<const Token> v, const ParseOptions& opts) {
    void* f = kw.field(target);
    if (kw.kind == Kind::AddressList || kw.kind == Kind::UIntList) return read_typed_list(kw, equals, v, f);
    if (kw.kind == Kind::List || (kw.kind == Kind::WordOrList && v.front().text == "[" &&
                                  !v.front().quoted))
        return read_list(equals, v, *static_cast<std::vector<std::string>*>(f));
    if (kw.kind == Kind::HostDev) {
        if (v.size() < 2) return err(v.front(), "missing arguments: expected ADDRESS DEVICE");
        if (v.size() > 2) return err(v[2], "unexpected arguments: " + quoted(v[2].text));
        IpAddress addr;
        if (auto e = read_host(Kind::Host, v[0], opts, addr)) return e;
        *static_cast<IpAddress*>(f) = addr;
        *static_cast<std::string*>(kw.field2(target)) = v[1].text;
        return std::nullopt;
    }
    if (v.size() > 1) return err(v[1], "unexpected arguments: " + quoted(v[1].text));
    return read_single(kw, v.front(), f, opts);
}

}  // namespace lvs::config::detail
