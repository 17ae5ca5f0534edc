// SPDX-License-Identifier: GPL-2.0-or-later
// lvsctl: the operator's view and controls (lvsctl(8)). It only reads the
// status segment; controls are signals to the process that owns the
// decision (a nanny, lvsd or pulse), so lvsctl never races a daemon.
#pragma once

#include <string>
#include <vector>

#include "common/status/plugin.h"
#include "common/status/snapshot.h"

namespace lvs::lvsctl {

struct Command {
    enum class Verb : std::uint8_t { Status, Check, Drain, Undrain, ForceUp, Reload, Switchover, Sync, Version, Help };
    Verb verb = Verb::Status;
    std::string target;  // drain/undrain/force-up: VIRTUAL/SERVER, SERVER or ADDRESS:PORT
    bool json = false;
    bool quiet = false;
    bool no_wait = false;
    std::string settings;  // --settings (old spelling -i)
    bool settings_given = false;
    std::string shm;       // --shm, overrides [shm] name
    std::string config = "/etc/sysconfig/ha/lvs.cf";  // sync: --configfile
    status::CheckOptions check;  // check: -w, -c, --per-virtual
    bool check_options = false;  // one of them given
};

// -1 when good, else the exit status (message on stderr): 3 (UNKNOWN) for
// a command line that names `check`, else 4. Pure.
int parse_command(int argc, char** argv, Command& out);
void print_usage(bool to_stderr);

// The real servers `target` names: "virtual/server" exactly, else a
// server name, else "address:port". Pure.
std::vector<const status::ServerView*> match_servers(const status::Snapshot& s, const std::string& target);

int run(const Command& cmd);

}  // namespace lvs::lvsctl
