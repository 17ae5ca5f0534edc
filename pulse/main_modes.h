// SPDX-License-Identifier: GPL-2.0-or-later
// pulse's one-shot modes beside the daemon (pulse(8), OPTIONS).
#pragma once

#include <string>

#include "common/config/lvs_config.h"

namespace lvs::pulse {

// --release-addresses: this router's floating addresses of lvs.cf PATH
// removed where configured, and with redundancy = ecmp every route
// withdrawn in BIRD. 0 done (or nothing to do), 1 an address could not be
// checked or removed (or BIRD not told), 2 lvs.cf is not valid.
int release_addresses(const std::string& path);

// redundancy = ecmp (nothing otherwise): the fragment without routes
// written and read by BIRD, unless bird_include already has none (a pulse
// that stopped cleanly). 0 done or nothing to do, 1 BIRD could not be told.
int withdraw_routes(const config::LvsConfig& cfg);

}  // namespace lvs::pulse
