// SPDX-License-Identifier: GPL-2.0-or-later
// Whom to push lvs.cf to when lvs.ini names no [web] sync_peer: the other
// router of lvs.cf's primary/backup pair, by its private (heartbeat)
// address when lvs.cf has one, else its public one.
#pragma once

#include <functional>
#include <optional>

#include "common/base/ip_address.h"
#include "common/config/lvs_config.h"

namespace lvs::sync {

using IsLocal = std::function<bool(const IpAddress&)>;

// The partner's address, or nullopt when this router is neither primary
// nor backup (or lvs.cf has no backup). Pure.
std::optional<IpAddress> partner_address(const config::LvsConfig& cfg, const IsLocal& is_local);

// True when `a` is an address of this host (getifaddrs(3)).
bool is_local_address(const IpAddress& a);

}  // namespace lvs::sync
