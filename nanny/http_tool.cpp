// SPDX-License-Identifier: GPL-2.0-or-later
// The HTTP check's settings from nanny's options, and nanny --digest.
#include <netdb.h>
#include <sys/socket.h>

#include <cstdio>
#include <optional>

#include "common/base/exit_codes.h"
#include "common/ev/event_loop.h"
#include "nanny/http_check.h"

namespace lvs::nanny {
namespace {

// The host part of "host[:port]" or "[v6]:port".
std::string host_of(const std::string& authority) {
    if (authority.starts_with("[")) return authority.substr(1, authority.find(']') - 1);
    const auto colon = authority.find(':');
    return colon != std::string::npos && authority.find(':', colon + 1) == std::string::npos
               ? authority.substr(0, colon)
               : authority;
}

bool is_name(const std::string& host) { return !host.empty() && !IpAddress::parse(host).has_value(); }

std::optional<IpAddress> resolve(const std::string& host) {
    if (auto a = IpAddress::parse(host)) return a;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    if (::getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0 || !res) return std::nullopt;
    char text[64] = {};
    ::getnameinfo(res->ai_addr, res->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST);
    ::freeaddrinfo(res);
    return IpAddress::parse(text);
}

}  // namespace

Result<void> http_tls_spec(const Options& o, ProbeSpec& spec) {
    auto& h = spec.http;
    h.on = o.http.on;
    h.method = o.http.method;
    h.path = o.http.path;
    h.headers = o.http.headers;
    h.max_body = o.http.max_body;
    h.redirects = o.http.redirects;
    h.host = o.http.host.value_or(http::default_host(spec.addr.to_string(), spec.addr.is_v6(), spec.port, o.tls.on));
    auto status = http::StatusSet::parse(o.http.status);
    if (!status.ok()) return std::move(status).error();
    h.status = *status;
    auto body = http::BodyRule::make(o.http.body.value_or(""), o.http.digest.value_or(""));
    if (!body.ok()) return std::move(body).error();
    h.body = *body;
    auto& t = spec.tls;
    t.on = o.tls.on;
    const std::string named = o.http.host ? host_of(*o.http.host) : std::string();
    t.sni = o.tls.sni.value_or(is_name(named) ? named : std::string());
    t.verify_name = o.tls.verify_name.value_or(t.sni);
    t.ca = o.tls.ca;
    t.cert = o.tls.cert;
    t.key = o.tls.key;
    t.min_version = o.tls.min_version;
    t.expiry_warn_days = o.tls.expiry_warn_days;
    t.expiry_fails = o.tls.expiry_fails;
    return {};
}

Result<Url> parse_url(const std::string& text) {
    Url u;
    std::string rest;
    if (text.starts_with("http://")) rest = text.substr(7);
    else if (text.starts_with("https://")) rest = text.substr(8), u.tls = true;
    else return make_error(ErrorCode::Invalid, "not an http:// or https:// URL: " + text);
    const auto slash = rest.find('/');
    u.authority = rest.substr(0, slash);
    if (slash != std::string::npos) u.path = rest.substr(slash);
    u.host = host_of(u.authority);
    u.port = u.tls ? 443 : 80;
    const std::string tail = u.authority.substr(u.authority.starts_with("[") ? u.authority.find(']') + 1 : u.host.size());
    if (!tail.empty()) {
        char* end = nullptr;
        const long p = tail[0] == ':' ? std::strtol(tail.c_str() + 1, &end, 10) : -1;
        if (p < 1 || p > 65535 || *end) return make_error(ErrorCode::Invalid, "bad port in URL: " + text);
        u.port = static_cast<std::uint16_t>(p);
    }
    if (u.host.empty() || !config::is_http_word(u.path)) return make_error(ErrorCode::Invalid, "bad URL: " + text);
    return u;
}

int digest_main(const Options& o) {
    auto url = parse_url(*o.digest_url);
    if (!url.ok()) return std::fprintf(stderr, "nanny: %s\n", url.error().message().c_str()), kExitFailure;
    const auto addr = resolve(url->host);
    if (!addr) return std::fprintf(stderr, "nanny: cannot resolve %s\n", url->host.c_str()), kExitFailure;
    Options opt = o;
    opt.http.on = true;
    opt.http.host = url->authority;
    opt.http.path = url->path;
    opt.tls.on = url->tls;
    ProbeSpec spec;
    spec.addr = *addr;
    spec.port = url->port;
    spec.timeout = o.timeout;
    if (auto r = http_tls_spec(opt, spec); !r.ok())
        return std::fprintf(stderr, "nanny: %s\n", r.error().message().c_str()), kExitFailure;
    spec.tls.verify_default = url->tls && !o.tls.ca && !o.tls.insecure;
    if (o.tls.insecure) spec.tls.ca.reset();
    if (spec.tls.verify_name.empty()) spec.tls.verify_name = url->host;  // an address: its IP SAN
    auto prober = make_stream_prober();
    std::optional<shm::ProbeOutcome> got;
    prober->start(spec, [&](shm::ProbeOutcome out, auto, auto) {
        got = out;
        ev::Loop::instance().stop();
    });
    if (!got) ev::Loop::instance().run();
    const auto outcome = got.value_or(shm::ProbeOutcome::None);
    if (!shm::passed(outcome)) {
        std::fprintf(stderr, "nanny: %s: %s", o.digest_url->c_str(), shm::to_string(outcome));
        if (prober->last_status()) std::fprintf(stderr, " (status %d)", prober->last_status());
        return std::fputs("\n", stderr), kExitFailure;
    }
    if (prober->last_body().size() >= spec.http.max_body)
        std::fprintf(stderr, "nanny: the body was cut at %zu bytes (--http-max-body); the digest is of those\n",
                     spec.http.max_body);
    std::printf("%s\n", http::sha256_hex(prober->last_body()).c_str());
    return kExitOk;
}

}  // namespace lvs::nanny
