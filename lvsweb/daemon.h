// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's two modes, on the real system: serving (the HTTP server on the
// event loop until SIGTERM) and setting the password.
#pragma once

#include "lvsweb/options.h"

namespace lvs::web {

int serve(const Options& o);
int set_password(const Options& o);

}  // namespace lvs::web
