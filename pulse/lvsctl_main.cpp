// SPDX-License-Identifier: GPL-2.0-or-later
// lvsctl: status and control of the LVS routers (lvsctl(8)).
#include "pulse/lvsctl.h"

int main(int argc, char** argv) {
    lvs::lvsctl::Command cmd;
    if (int rc = lvs::lvsctl::parse_command(argc, argv, cmd); rc >= 0) return rc;
    return lvs::lvsctl::run(cmd);
}
