// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's request handling: the route table and its gate (router.h),
// sessions and CSRF (sessions.h), the login limiter, the pages and the
// controls (common/status/control.h, shared with lvsctl). Everything it
// touches outside itself comes through WebPorts, so tests run it with a
// fake status table, signals, clock and random bytes.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "common/base/result.h"
#include "common/config/install.h"
#include "common/config/parser.h"
#include "common/http/form.h"
#include "common/http/server.h"
#include "common/status/control.h"
#include "common/status/snapshot.h"
#include "common/sync/sync.h"
#include "lvsweb/login_limiter.h"
#include "lvsweb/router.h"
#include "lvsweb/sessions.h"

namespace lvs::web {

inline constexpr const char* kSessionCookie = "lvsweb_session";

// lvs.cf: read, install (validate, back up, write) and undo
// (common/config/install.h), all on the real file but in tests.
struct ConfigPorts {
    std::string path = config::kDefaultConfigPath;
    std::function<Result<std::string>()> read;
    std::function<config::InstallReport(const std::string& text)> install;
    std::function<config::InstallReport()> undo;
    // Synchronize: lvs.cf to the partner's lvsweb (common/sync/sync.h);
    // blocks for a few seconds at most.
    std::function<sync::PushResult()> sync;
    config::ParseOptions parse;
};
// The real file at `path`, names resolved as the daemons do; Synchronize
// with lvs.ini's [heartbeat] key and [web] sync_* settings.
ConfigPorts system_config_ports(const std::string& path, const config::Settings& settings);

struct WebPorts {
    std::function<Result<status::Snapshot>()> snapshot;  // the status table now
    status::Signal signal;                               // kill(2)
    Now now;
    Random random;
    std::function<Result<std::string>()> password_hash;  // the stored hash, read at each login
    ConfigPorts config;
};

struct WebOptions {
    bool tls = false;                      // the listener is HTTPS (the Origin check)
    std::chrono::seconds idle{900};        // session idle expiry
    LoginLimiter::Limits limits{};
};

class WebApp {
public:
    WebApp(WebOptions opts, WebPorts ports);
    http::Response handle(const http::Request& r);

private:
    struct Context {
        const http::Request& req;
        std::string token;          // the session cookie, "" when none
        Session* session = nullptr; // live session, or null
        http::Fields form;          // a POST's fields
    };
    http::Response dispatch(Page page, Context& c);
    http::Response login(Context& c);
    http::Response logout(Context& c);
    http::Response control(Context& c);
    http::Response api_status();
    http::Response action(Context& c);
    std::string action_text() const;
    // lvs.cf pages (web_config.cpp)
    http::Response config_get(Context& c);
    http::Response virtual_get(Context& c);
    http::Response config_post(Context& c);
    http::Response config_undo(Context& c);
    http::Response config_sync(Context& c);
    std::string reload(const std::string& peer);

    WebOptions opts_;
    WebPorts ports_;
    SessionStore sessions_;
    LoginLimiter limiter_;
    struct Tracked {
        status::ControlPlan plan;
        Clock::time_point since;
        std::string peer;
        std::string outcome;  // once the table shows it (or the wait is over)
    };
    std::optional<Tracked> last_;  // the last control sent, until the table shows it
};

// The status table `shm_name` (read-only), read now; errors say what to do.
Result<status::Snapshot> read_status(const std::string& shm_name);

}  // namespace lvs::web
