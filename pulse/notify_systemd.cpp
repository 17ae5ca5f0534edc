// SPDX-License-Identifier: GPL-2.0-or-later
// The service manager's notification socket through libsystemd's
// sd_notify(3): only when the manager gave one (NOTIFY_SOCKET, Type=notify);
// otherwise pulse tells nobody.
#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <cstring>

#include "common/log/logger.h"
#include "pulse/pulse_app.h"

namespace lvs::pulse {

std::function<void(const std::string&)> systemd_notifier() {
    if (std::getenv("NOTIFY_SOCKET") == nullptr) return {};
    return [](const std::string& msg) {
        if (const int rc = sd_notify(0, msg.c_str()); rc < 0)
            LVS_LOG_WARN("cannot notify the service manager: %s", std::strerror(-rc));
    };
}

}  // namespace lvs::pulse
