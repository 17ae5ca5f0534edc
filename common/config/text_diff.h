// SPDX-License-Identifier: GPL-2.0-or-later
// What changed in lvs.cf, key by key, as it is logged: an edit on
// lvsweb's pages, an Undo (the file against the backup it restores) and a
// file pushed to the partner (its previous file against the new one, on
// both routers). Pure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/text_edit.h"

namespace lvs::config {

// One change: a key's value before and after, as written after '=' (""
// when absent), or a block added or removed (path.key "").
struct Change {
    KeyPath path;
    std::string before;
    std::string after;
    std::string what;       // blocks: "added" or "removed"; keys: ""
    bool failover = false;  // path.virt is a failover block
};

// "virtual 'web' server 'a' key 'weight': '1' -> '2'",
// "failover 'ftp' added", "global key 'deadtime': (unset) -> '3'":
// one line, printable (a control byte other than tab shows as '?'), each
// value cut at 80 bytes.
std::string change_text(const Change& c);

// The changes from `before` to `after`: the global keys, then each block
// in the order of `after` (a new block: "added", then its keys and its
// servers), then the blocks only `before` has ("removed"). A key written
// twice counts with its last value, as the parser reads it; comments,
// blank lines and the order of lines are no change. Tolerant, as
// view_config is.
std::vector<Change> diff_config(std::string_view before, std::string_view after);

// change_text of each, at most `limit` lines, then "... and N more".
std::vector<std::string> change_lines(const std::vector<Change>& changes, std::size_t limit = 50);

}  // namespace lvs::config
