// SPDX-License-Identifier: GPL-2.0-or-later
// nanny's TLS adapter over OpenSSL: one client context per nanny (made on
// the first TLS check, so a nanny without TLS pays nothing), and a session
// per check on a non-blocking socket whose handshake, reads and writes say
// what they wait for; the caller's event loop does the waiting.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/base/result.h"

struct ssl_st;
struct ssl_ctx_st;

namespace lvs::nanny {

struct TlsSpec {
    bool on = false;
    std::string sni;                  // server name sent; empty: none (an address)
    std::string verify_name;          // name (or address) the certificate must carry; empty: none
    std::optional<std::string> ca;    // file or directory: the chain is verified
    bool verify_default = false;      // verify against the system's CAs (nanny --digest)
    std::optional<std::string> cert, key;  // client certificate
    int min_version = 12;             // 12 or 13
    int expiry_warn_days = 14;
    bool expiry_fails = false;
    bool verifies() const { return ca.has_value() || verify_default; }
};

class TlsContext {
public:
    static Result<std::unique_ptr<TlsContext>> make(const TlsSpec& spec);
    ~TlsContext();
    TlsContext(const TlsContext&) = delete;
    TlsContext& operator=(const TlsContext&) = delete;
    ssl_ctx_st* get() const { return ctx_; }

private:
    explicit TlsContext(ssl_ctx_st* ctx) : ctx_(ctx) {}
    ssl_ctx_st* ctx_;
};

class TlsSession {
public:
    enum class Step { Done, WantRead, WantWrite, Closed, Failed };

    TlsSession() = default;
    ~TlsSession() { end(); }
    TlsSession(const TlsSession&) = delete;
    TlsSession& operator=(const TlsSession&) = delete;

    // A client session on connected socket `fd` (not owned). False when
    // OpenSSL cannot make one.
    bool begin(const TlsContext& ctx, int fd, const TlsSpec& spec);
    Step handshake();
    Step write(std::string_view bytes, std::size_t& written);
    Step read(char* buf, std::size_t cap, std::size_t& got);
    // After the handshake: the chain and name verified (with a CA).
    bool verified() const;
    // After the handshake: whole days until the server certificate expires
    // (negative once expired); nothing without a certificate.
    std::optional<int> days_left() const;
    void end();
    bool active() const { return ssl_ != nullptr; }

private:
    Step step_of(int rc) const;
    ssl_st* ssl_ = nullptr;
};

}  // namespace lvs::nanny
