// SPDX-License-Identifier: GPL-2.0-or-later
// pulse --release-addresses: remove the floating addresses (VIPs, the NAT
// router address) that lvs.cf gives this router, if they are configured.
// A pulse that crashed or was killed with -9 leaves them behind while the
// partner takes over after deadtime; pulse.service runs this as ExecStopPost
// (within milliseconds of the death), so the service's addresses are never
// on both routers while systemd restarts pulse. With redundancy = ecmp it
// also withdraws the routes a dead pulse left announced in BIRD, so that
// the upstream stops sending this router traffic nobody supervises.
#include "common/base/exit_codes.h"
#include "common/base/file.h"
#include "common/config/parser.h"
#include "common/log/logger.h"
#include "common/net/address_manager.h"
#include "pulse/bird_config.h"
#include "pulse/bird_control.h"
#include "pulse/main_modes.h"
#include "pulse/takeover.h"

namespace lvs::pulse {

int withdraw_routes(const config::LvsConfig& cfg) {
    if (cfg.redundancy != config::Redundancy::Ecmp) return kExitOk;
    const BirdPaths paths = bird_paths(cfg);
    const std::string none = bird_fragment(bird_params(cfg), {});
    if (auto now = read_file(paths.include); now.ok() && *now == none) return kExitOk;
    if (auto r = apply_and_wait(paths, none); !r.ok()) {
        LVS_LOG_ERROR("cannot withdraw the routes in BIRD: %s", r.error().message().c_str());
        return kExitFailure;
    }
    LVS_LOG_WARN("withdrew the routes in BIRD (%s) that a pulse that is gone left announced", paths.include.c_str());
    return kExitOk;
}

int release_addresses(const std::string& path) {
    const auto text = read_file(path);
    if (!text.ok()) return LVS_LOG_ERROR("%s", text.error().message().c_str()), kExitFailure;
    auto loaded = config::load_config_text(*text, path, config::system_parse_options());
    if (!loaded.ok()) return LVS_LOG_ERROR("%s: not valid; no address released", path.c_str()), kExitConfig;
    int rc = withdraw_routes(loaded.config);
    auto addrs = net::make_rtnl_address_manager();
    for (const auto& f : floating_addresses(loaded.config)) {
        auto present = addrs->present(f);
        if (!present.ok()) {
            LVS_LOG_ERROR("%s: %s", f.addr.to_string().c_str(), present.error().message().c_str());
            rc = kExitFailure;
            continue;
        }
        if (!*present) continue;
        if (auto s = addrs->remove(f); !s.ok()) {
            LVS_LOG_ERROR("cannot remove %s from %s: %s", f.addr.to_string().c_str(), f.label.c_str(),
                          s.error().message().c_str());
            rc = kExitFailure;
            continue;
        }
        LVS_LOG_WARN("released address %s from %s, left by a pulse that is gone", f.addr.to_string().c_str(),
                     f.label.c_str());
    }
    return rc;
}

}  // namespace lvs::pulse
