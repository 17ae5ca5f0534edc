// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's pages, rendered on the server: plain HTML whose every string is
// escaped (html.h), a label for every field, a real <button> in a <form>
// for every action, and no inline script or style (the Content-Security-
// Policy allows only lvsweb.js and lvsweb.css). The control page carries
// the structure (one row per real server, its forms); lvsweb.js fills in
// the values from /api/status, which is lvsctl status --json's rendering.
// Pure.
#pragma once

#include <string>

#include "common/status/snapshot.h"

namespace lvs::web {

// The headers every answer carries (CSP and friends), as name/value lines.
extern const char* const kSecurityHeaders[][2];
extern const std::size_t kSecurityHeaderCount;

std::string login_page(const std::string& message);
// `snap` null: no status segment (`error` says why).
std::string control_page(const status::Snapshot* snap, const std::string& error, const std::string& csrf,
                         const std::string& notice);
// A short page for a refused request, with a link back.
std::string error_page(int code, const std::string& message);

extern const char kScript[];
extern const char kStyle[];

}  // namespace lvs::web
