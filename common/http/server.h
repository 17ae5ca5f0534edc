// SPDX-License-Identifier: GPL-2.0-or-later
// An HTTP server on the event loop (ev::Loop), through libmicrohttpd: MHD
// runs without threads of its own (MHD_USE_EPOLL); an ev::Io watches its
// epoll descriptor and an ev::Timer wakes it at the time MHD_get_timeout()
// asks for, so every callback runs on the loop like any other watcher.
// The handler sees a whole request (headers and a bounded body) and returns
// a whole response; what is malformed, oversized or too slow never reaches
// it. Used by the metrics endpoint (common/status/http_server) and lvsweb.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/result.h"

namespace lvs::http {

using Headers = std::vector<std::pair<std::string, std::string>>;  // names in lower case

struct Request {
    std::string method;  // "GET", "POST", ...
    std::string path;    // without the query string
    std::string peer;    // the client's address, "192.0.2.1" or "2001:db8::1"
    Headers headers;
    std::string body;    // at most Options::max_body bytes
    // The value of header `name` (lower case), "" when absent.
    std::string header(std::string_view name) const;
};

struct Response {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    Headers headers;  // sent as given (Set-Cookie, Location, ...)
};

using Handler = std::function<Response(const Request&)>;

struct Options {
    std::string address = "127.0.0.1";  // numeric IPv4 or IPv6
    std::uint16_t port = 0;             // 0: the kernel picks one (port())
    std::string tls_cert_pem;           // both set: HTTPS (MHD_USE_TLS)
    std::string tls_key_pem;
    std::size_t max_body = 16 * 1024;   // a longer body is answered 413
    unsigned max_connections = 32;      // more are closed at once (refused)
    unsigned timeout_s = 5;             // an idle connection is closed
    std::size_t memory_per_connection = 32 * 1024;  // request line and headers must fit
    // HTTP/1.0 status lines and one response per connection (the metrics
    // endpoint's behaviour since it was first written).
    bool http10 = false;
    const char* name = "http";          // for error messages
};

struct Counters {
    std::uint64_t answered = 0;    // responses from the handler
    std::uint64_t too_large = 0;   // bodies over max_body, answered 413
    std::uint64_t unanswered = 0;  // connections closed with no answer from
                                   // the handler (malformed, oversized
                                   // headers, timed out, abandoned)
    std::uint64_t refused = 0;     // over max_connections
};

class Server {
public:
    static Result<std::unique_ptr<Server>> start(const Options& opts, Handler handler);
    virtual ~Server() = default;
    virtual std::uint16_t port() const = 0;
    virtual const Counters& counters() const = 0;
};

// "ADDR:PORT" or "[V6]:PORT" split; false when malformed. Pure.
bool split_listen(const std::string& listen, std::string& addr, std::uint16_t& port);
// True for 127.0.0.0/8 and ::1 (text form). Pure.
bool is_loopback(const std::string& addr);

}  // namespace lvs::http
