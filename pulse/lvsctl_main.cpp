// SPDX-License-Identifier: GPL-2.0-or-later
// lvsctl: status and control of the LVS routers (lvsctl(8)).
#include <cstdio>

#include "pulse/lvsctl.h"

int main(int argc, char** argv) {
    lvs::lvsctl::Command cmd;
    if (int rc = lvs::lvsctl::parse_command(argc, argv, cmd); rc >= 0) {
        // check's usage errors: a monitoring agent shows standard output.
        if (rc == static_cast<int>(lvs::status::PluginState::Unknown))
            std::fputs(lvs::status::plain_report(lvs::status::PluginState::Unknown,
                                                 "bad command line (the usage is on standard error)")
                           .text.c_str(),
                       stdout);
        return rc;
    }
    return lvs::lvsctl::run(cmd);
}
