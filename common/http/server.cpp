// SPDX-License-Identifier: GPL-2.0-or-later
// libmicrohttpd on the event loop: the one file that includes
// <microhttpd.h>.
#include "common/http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/ev/event_loop.h"

namespace lvs::http {

std::string Request::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (k == name) return v;
    return {};
}

namespace {

// One request in flight (MHD's con_cls).
struct Pending {
    std::string body;
    bool too_large = false;
};

// One connection (MHD's socket_context).
struct ConnState {
    bool answered = false;
};

std::string peer_text(MHD_Connection* c) {
    const auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr) return "?";
    char buf[INET6_ADDRSTRLEN] = "?";
    const sockaddr* sa = info->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
    return buf;
}

MHD_Result collect_header(void* cls, MHD_ValueKind, const char* key, const char* value) {
    std::string k = key ? key : "";
    for (auto& ch : k) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    static_cast<Headers*>(cls)->emplace_back(std::move(k), value ? value : "");
    return MHD_YES;
}

class MhdServer final : public Server {
public:
    MhdServer(const Options& o, Handler h) : opts_(o), handler_(std::move(h)) {}
    ~MhdServer() override {
        if (io_) io_->stop();
        if (timer_) timer_->stop();
        if (daemon_) MHD_stop_daemon(daemon_);
    }
    std::uint16_t port() const override { return port_; }
    const Counters& counters() const override { return n_; }

    Status open(int listen_fd, std::uint16_t port);

private:
    // MHD's work for this turn, then its next deadline on the timer.
    void run() {
        MHD_run(daemon_);
        MHD_UNSIGNED_LONG_LONG ms = 0;
        if (MHD_get_timeout(daemon_, &ms) == MHD_YES)
            timer_->start(std::chrono::milliseconds(static_cast<std::int64_t>(ms)), std::chrono::microseconds(0));
        else
            timer_->stop();
    }

    static MHD_Result accept_policy(void* cls, const sockaddr*, socklen_t) {
        auto* s = static_cast<MhdServer*>(cls);
        if (s->active_ < s->opts_.max_connections) return MHD_YES;
        ++s->n_.refused;
        return MHD_NO;
    }
    static void notify_connection(void* cls, MHD_Connection*, void** socket_context, MHD_ConnectionNotificationCode code) {
        auto* s = static_cast<MhdServer*>(cls);
        if (code == MHD_CONNECTION_NOTIFY_STARTED) {
            ++s->active_;
            *socket_context = new ConnState;
            return;
        }
        auto* st = static_cast<ConnState*>(*socket_context);
        if (s->active_ > 0) --s->active_;
        if (st && !st->answered) ++s->n_.unanswered;
        delete st;
        *socket_context = nullptr;
    }
    static void completed(void*, MHD_Connection*, void** con_cls, MHD_RequestTerminationCode) {
        delete static_cast<Pending*>(*con_cls);
        *con_cls = nullptr;
    }
    static MHD_Result access(void* cls, MHD_Connection* c, const char* url, const char* method, const char*,
                             const char* data, std::size_t* size, void** con_cls) {
        auto* s = static_cast<MhdServer*>(cls);
        auto* p = static_cast<Pending*>(*con_cls);
        if (!p) {
            *con_cls = p = new Pending;
            const char* len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (len && std::strtoull(len, nullptr, 10) > s->opts_.max_body) p->too_large = true;
            if (!p->too_large) return MHD_YES;
        }
        if (*size > 0) {
            if (!p->too_large && p->body.size() + *size <= s->opts_.max_body) p->body.append(data, *size);
            else p->too_large = true;
            *size = 0;
            return MHD_YES;
        }
        Response r;
        if (p->too_large) {
            ++s->n_.too_large;
            r = Response{413, "text/plain; charset=utf-8", "request body too large\n", {}};
        } else {
            Request req{method ? method : "", url ? url : "", peer_text(c), {}, std::move(p->body)};
            MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, &req.headers);
            r = s->handler_(req);
            ++s->n_.answered;
        }
        const auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        if (info && info->socket_context) static_cast<ConnState*>(info->socket_context)->answered = true;
        return s->queue(c, r, p->too_large);
    }
    MHD_Result queue(MHD_Connection* c, const Response& r, bool close) {
        MHD_Response* resp =
            MHD_create_response_from_buffer(r.body.size(), const_cast<char*>(r.body.data()), MHD_RESPMEM_MUST_COPY);
        if (!resp) return MHD_NO;
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r.content_type.c_str());
        for (const auto& [k, v] : r.headers) MHD_add_response_header(resp, k.c_str(), v.c_str());
        if (opts_.http10) MHD_set_response_options(resp, MHD_RF_HTTP_1_0_SERVER, MHD_RO_END);
        if (opts_.http10 || close) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
        const MHD_Result rc = MHD_queue_response(c, static_cast<unsigned>(r.status), resp);
        MHD_destroy_response(resp);
        return rc;
    }

    Options opts_;
    Handler handler_;
    MHD_Daemon* daemon_ = nullptr;
    std::unique_ptr<ev::Io> io_;
    std::unique_ptr<ev::Timer> timer_;
    std::uint16_t port_ = 0;
    unsigned active_ = 0;
    Counters n_;
};

Status MhdServer::open(int listen_fd, std::uint16_t port) {
    port_ = port;
    unsigned flags = MHD_USE_EPOLL;
    const bool tls = !opts_.tls_cert_pem.empty() && !opts_.tls_key_pem.empty();
    if (tls) flags |= MHD_USE_TLS;
    MHD_OptionItem tls_opts[] = {
        {tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, const_cast<char*>(opts_.tls_cert_pem.c_str())},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(opts_.tls_key_pem.c_str())},
        {MHD_OPTION_END, 0, nullptr}};
    daemon_ = MHD_start_daemon(
        flags, 0, accept_policy, this, access, this, MHD_OPTION_LISTEN_SOCKET, listen_fd,
        MHD_OPTION_CONNECTION_TIMEOUT, opts_.timeout_s, MHD_OPTION_CONNECTION_LIMIT, opts_.max_connections + 1,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, opts_.memory_per_connection, MHD_OPTION_NOTIFY_COMPLETED, completed,
        this, MHD_OPTION_NOTIFY_CONNECTION, notify_connection, this, MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
    if (!daemon_) {
        ::close(listen_fd);
        return make_error(ErrorCode::Io, std::string(opts_.name) + ": libmicrohttpd did not start" +
                                             (tls ? " (check the TLS certificate and key)" : ""));
    }
    const auto* info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_EPOLL_FD);
    if (!info) return make_error(ErrorCode::Io, std::string(opts_.name) + ": libmicrohttpd has no epoll descriptor");
    auto& loop = ev::Loop::instance();
    io_ = loop.io([this](int) { run(); });
    timer_ = loop.timer([this] { run(); });
    io_->start(info->epoll_fd, ev::Io::kRead);
    run();
    return ok_status();
}

// A bound, listening, non-blocking socket for `addr`:`port`.
Result<int> listen_socket(const Options& o, std::uint16_t& bound_port) {
    sockaddr_storage ss{};
    socklen_t len = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
    if (inet_pton(AF_INET, o.address.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(o.port);
        len = sizeof *v4;
    } else if (inet_pton(AF_INET6, o.address.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(o.port);
        len = sizeof *v6;
    } else {
        return make_error(ErrorCode::Invalid, std::string(o.name) + ": bad listen address " + o.address);
    }
    const std::string where = std::string(o.name) + " " + (ss.ss_family == AF_INET6 ? "[" + o.address + "]" : o.address) +
                              ":" + std::to_string(o.port);
    const int fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return make_error(ErrorCode::Io, where, errno);
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 || ::listen(fd, 16) != 0) {
        const int e = errno;
        ::close(fd);
        return make_error(ErrorCode::Io, where, e);
    }
    sockaddr_storage bound{};
    socklen_t blen = sizeof bound;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &blen);
    bound_port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                                   : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    return fd;
}

}  // namespace

Result<std::unique_ptr<Server>> Server::start(const Options& opts, Handler handler) {
    std::uint16_t port = 0;
    auto fd = listen_socket(opts, port);
    if (!fd.ok()) return fd.error();
    auto s = std::make_unique<MhdServer>(opts, std::move(handler));
    if (auto st = s->open(*fd, port); !st.ok()) return st.error();
    return std::unique_ptr<Server>(std::move(s));
}

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

bool is_loopback(const std::string& addr) {
    in_addr a4{};
    if (inet_pton(AF_INET, addr.c_str(), &a4) == 1) return (ntohl(a4.s_addr) >> 24) == 127;
    in6_addr a6{};
    if (inet_pton(AF_INET6, addr.c_str(), &a6) == 1) return IN6_IS_ADDR_LOOPBACK(&a6);
    return false;
}

}  // namespace lvs::http
