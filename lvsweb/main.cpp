// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb: the router's password-protected web page (lvsweb(8)): status
// live, drain/undrain, reload and planned switchover.
#include <cstdio>

#include "common/base/exit_codes.h"
#include "lvsweb/daemon.h"
#include "lvsweb/options.h"

int main(int argc, char** argv) {
    using namespace lvs;
    web::Options opts;
    if (const int rc = web::parse_options(argc, argv, opts); rc >= 0) return rc;
    switch (opts.mode) {
        case web::Options::Mode::Help: web::print_usage(false); return kExitOk;
        case web::Options::Mode::Version: std::puts("lvsweb 2.0 (lvs suite)"); return kExitOk;
        case web::Options::Mode::Passwd: return web::set_password(opts);
        case web::Options::Mode::Run: break;
    }
    return web::serve(opts);
}
