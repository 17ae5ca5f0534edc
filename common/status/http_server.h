// SPDX-License-Identifier: GPL-2.0-or-later
// The Prometheus endpoint's HTTP server, on the shared libmicrohttpd
// adapter (common/http/server.h) and so on the event loop: GET only,
// HTTP/1.0 status lines, one response per connection, bounded request size,
// bounded connections, a 5 s deadline per connection. Malformed requests
// are answered 4xx by libmicrohttpd, counted and closed; nothing a client
// sends can block the loop or grow memory without bound.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/base/result.h"
#include "common/http/server.h"

namespace lvs::status {

struct HttpCounters {
    std::uint64_t requests = 0;       // answered 200
    std::uint64_t not_found = 0;      // 404/405
    std::uint64_t bad_requests = 0;   // malformed, oversized or timed out
    std::uint64_t refused = 0;        // over the connection limit
};

class HttpServer {
public:
    // path -> body ("" = 404). Called on the loop.
    using Handler = std::function<std::string(const std::string& path)>;

    // `listen` is "ADDR:PORT" or "[V6]:PORT". Empty or "off": no server
    // (returns nullptr).
    static Result<std::unique_ptr<HttpServer>> start(const std::string& listen, Handler handler);
    virtual ~HttpServer() = default;
    virtual const HttpCounters& counters() const = 0;
    virtual std::uint16_t port() const = 0;  // the bound port (listen ":0" picks one)
};

// "ADDR:PORT" split; false when malformed. Pure.
using http::split_listen;

}  // namespace lvs::status
