// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's answers: every one with the security headers (pages.h).
#pragma once

#include <string>

#include "common/http/server.h"

namespace lvs::web {

http::Response secured(http::Response r);
http::Response page(int code, std::string body);  // text/html
http::Response redirect(const std::string& where);  // 303 See Other

}  // namespace lvs::web
