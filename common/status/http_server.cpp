// SPDX-License-Identifier: GPL-2.0-or-later
// The metrics endpoint on the shared HTTP adapter.
#include "common/status/http_server.h"

namespace lvs::status {

namespace {

class Server final : public HttpServer {
public:
    explicit Server(Handler h) : handler_(std::move(h)) {}
    Status open(const std::string& addr, std::uint16_t port) {
        http::Options o;
        o.address = addr;
        o.port = port;
        o.max_body = 8192;
        o.max_connections = 32;
        o.timeout_s = 5;
        o.memory_per_connection = 8192;  // the request line and headers
        o.http10 = true;
        o.name = "metrics endpoint";
        auto s = http::Server::start(o, [this](const http::Request& r) { return answer(r); });
        if (!s.ok()) return s.error();
        server_ = std::move(*s);
        return ok_status();
    }
    const HttpCounters& counters() const override {
        const auto& c = server_->counters();
        n_.bad_requests = c.unanswered + c.too_large;
        n_.refused = c.refused;
        return n_;
    }
    std::uint16_t port() const override { return server_->port(); }

private:
    http::Response answer(const http::Request& r) {
        if (r.method != "GET" && r.method != "HEAD") {
            ++n_.not_found;
            return {405, "text/plain", "GET only\n", {}};
        }
        std::string body = handler_(r.path);
        if (body.empty()) {
            ++n_.not_found;
            return {404, "text/plain", "not found\n", {}};
        }
        ++n_.requests;
        return {200, "text/plain; version=0.0.4; charset=utf-8", std::move(body), {}};
    }

    Handler handler_;
    std::unique_ptr<http::Server> server_;
    mutable HttpCounters n_;
};

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::start(const std::string& listen, Handler handler) {
    if (listen.empty() || listen == "off") return std::unique_ptr<HttpServer>();
    std::string addr;
    std::uint16_t port = 0;
    if (!split_listen(listen, addr, port)) return make_error(ErrorCode::Invalid, "bad listen address " + listen);
    auto s = std::make_unique<Server>(std::move(handler));
    if (auto st = s->open(addr, port); !st.ok()) return st.error();
    return std::unique_ptr<HttpServer>(std::move(s));
}

}  // namespace lvs::status
