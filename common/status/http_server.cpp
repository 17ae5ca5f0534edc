// SPDX-License-Identifier: GPL-2.0-or-later
// The metrics HTTP server on the event loop.
#include "common/status/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <list>

#include "common/ev/event_loop.h"

namespace lvs::status {

namespace {

constexpr std::size_t kMaxRequest = 8192;
constexpr std::size_t kMaxConnections = 32;
constexpr std::chrono::seconds kDeadline{5};

class Server;

struct Conn {
    Server* server = nullptr;
    int fd = -1;
    std::unique_ptr<ev::Io> io;
    std::unique_ptr<ev::Timer> timer;
    std::string in, out;
    std::size_t sent = 0;
    std::list<Conn>::iterator self;
};

std::string response(int code, const char* reason, const std::string& type, const std::string& body) {
    return "HTTP/1.0 " + std::to_string(code) + " " + reason + "\r\nContent-Type: " + type +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

class Server final : public HttpServer {
public:
    Server(int fd, std::uint16_t port, Handler h)
        : fd_(fd), port_(port), handler_(std::move(h)), accept_(ev::Loop::instance().io([this](int) { on_accept(); })) {
        accept_->start(fd_, ev::Io::kRead);
    }
    ~Server() override {
        accept_->stop();
        ::close(fd_);
        while (!conns_.empty()) close(conns_.front());
    }
    const HttpCounters& counters() const override { return n_; }
    std::uint16_t port() const override { return port_; }

private:
    // A connection's callbacks may close it, destroying the watcher whose
    // callback is running: they touch nothing after that.
    void on_accept() {
        auto& loop = ev::Loop::instance();
        for (int i = 0; i < 16; ++i) {
            const int fd = ::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) return;
            if (conns_.size() >= kMaxConnections) {
                ++n_.refused;
                ::close(fd);
                continue;
            }
            auto& c = conns_.emplace_back();
            c.self = std::prev(conns_.end());
            c.server = this;
            c.fd = fd;
            Conn* const cp = &c;
            c.io = loop.io([cp](int events) { on_io(*cp, events); });
            c.io->start(fd, ev::Io::kRead);
            c.timer = loop.timer([cp] { on_timeout(*cp); });
            c.timer->start(kDeadline, std::chrono::microseconds(0));
        }
    }
    static void on_timeout(Conn& c) {
        if (c.out.empty()) ++c.server->n_.bad_requests;
        c.server->close(c);
    }
    static void on_io(Conn& c, int events) {
        if (events & ev::Io::kWrite) return c.server->flush(c);
        char buf[2048];
        const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return c.server->close(c);
        if (n < 0) return;
        c.in.append(buf, static_cast<std::size_t>(n));
        c.server->handle(c);
    }
    void handle(Conn& c) {
        const auto end = c.in.find("\r\n\r\n") != std::string::npos ? c.in.find("\r\n\r\n") : c.in.find("\n\n");
        if (end == std::string::npos) {
            if (c.in.size() > kMaxRequest) reply(c, response(400, "Bad Request", "text/plain", "bad request\n"), true);
            return;
        }
        const std::string line = c.in.substr(0, c.in.find_first_of("\r\n"));
        const auto sp1 = line.find(' ');
        const auto sp2 = sp1 == std::string::npos ? sp1 : line.find(' ', sp1 + 1);
        if (sp1 == std::string::npos || sp2 == std::string::npos || line.compare(sp2 + 1, 5, "HTTP/") != 0)
            return reply(c, response(400, "Bad Request", "text/plain", "bad request\n"), true);
        const std::string method = line.substr(0, sp1);
        std::string path = line.substr(sp1 + 1, sp2 - sp1 - 1);
        if (auto q = path.find('?'); q != std::string::npos) path.resize(q);
        if (method != "GET" && method != "HEAD") {
            ++n_.not_found;
            return reply(c, response(405, "Method Not Allowed", "text/plain", "GET only\n"), false);
        }
        std::string body = handler_(path);
        if (body.empty()) {
            ++n_.not_found;
            return reply(c, response(404, "Not Found", "text/plain", "not found\n"), false);
        }
        ++n_.requests;
        std::string r = response(200, "OK", "text/plain; version=0.0.4; charset=utf-8", body);
        if (method == "HEAD") r.resize(r.size() - body.size());
        reply(c, std::move(r), false);
    }
    void reply(Conn& c, std::string text, bool bad) {
        if (bad) ++n_.bad_requests;
        c.out = std::move(text);
        c.io->start(c.fd, ev::Io::kWrite);
        flush(c);
    }
    void flush(Conn& c) {
        while (c.sent < c.out.size()) {
            const ssize_t n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
            if (n <= 0) break;
            c.sent += static_cast<std::size_t>(n);
        }
        close(c);
    }
    void close(Conn& c) {
        c.io->stop();
        c.timer->stop();
        ::close(c.fd);
        conns_.erase(c.self);
    }

    int fd_;
    std::uint16_t port_;
    Handler handler_;
    std::unique_ptr<ev::Io> accept_;
    std::list<Conn> conns_;
    HttpCounters n_;
};

}  // namespace

bool split_listen(const std::string& listen, std::string& addr, std::uint16_t& port) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon + 1 >= listen.size()) return false;
    addr = listen.substr(0, colon);
    if (addr.size() >= 2 && addr.front() == '[' && addr.back() == ']') addr = addr.substr(1, addr.size() - 2);
    unsigned long p = 0;
    for (std::size_t i = colon + 1; i < listen.size(); ++i) {
        if (listen[i] < '0' || listen[i] > '9') return false;
        p = p * 10 + static_cast<unsigned long>(listen[i] - '0');
        if (p > 65535) return false;
    }
    port = static_cast<std::uint16_t>(p);
    return !addr.empty();
}

Result<std::unique_ptr<HttpServer>> HttpServer::start(const std::string& listen, Handler handler) {
    if (listen.empty() || listen == "off") return std::unique_ptr<HttpServer>();
    std::string addr;
    std::uint16_t port = 0;
    if (!split_listen(listen, addr, port)) return make_error(ErrorCode::Invalid, "bad listen address " + listen);
    sockaddr_storage ss{};
    socklen_t len = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
    if (inet_pton(AF_INET, addr.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        len = sizeof *v4;
    } else if (inet_pton(AF_INET6, addr.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        len = sizeof *v6;
    } else {
        return make_error(ErrorCode::Invalid, "bad listen address " + listen);
    }
    const int fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return make_error(ErrorCode::Io, std::string("metrics socket: ") + std::strerror(errno));
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 || ::listen(fd, 16) != 0) {
        const int e = errno;
        ::close(fd);
        return make_error(ErrorCode::Io, "metrics endpoint " + listen + ": " + std::strerror(e));
    }
    sockaddr_storage bound{};
    socklen_t blen = sizeof bound;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &blen);
    const std::uint16_t real_port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                                                     : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    return std::unique_ptr<HttpServer>(new Server(fd, real_port, std::move(handler)));
}

}  // namespace lvs::status
