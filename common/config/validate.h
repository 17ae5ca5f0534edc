// SPDX-License-Identifier: GPL-2.0-or-later
// Semantic checks of a parsed lvs.cf, a pass separate from parsing (parsing
// asks "is it well-formed?", validation "does it make sense?"): errors make
// the file unusable; warnings are printed and the file is accepted.
#pragma once

#include <string>

#include "common/config/diagnostic.h"
#include "common/config/lvs_config.h"

namespace lvs::config {

Diagnostics validate(const LvsConfig& cfg, const std::string& file);

// The check keys of one virtual or failover block (check, http_*, tls*;
// validate_check.cpp), appended to `out`.
void validate_check_keys(const VirtualServer& vs, const std::string& file, Diagnostics& out);

// redundancy = ecmp and its keys (validate_ecmp.cpp), appended to `out`.
void validate_ecmp(const LvsConfig& cfg, const std::string& file, Diagnostics& out);

// The kernel's IPVS schedulers (Linux 6.x).
bool is_known_scheduler(const std::string& name);

}  // namespace lvs::config
