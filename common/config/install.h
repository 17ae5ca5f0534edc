// SPDX-License-Identifier: GPL-2.0-or-later
// Installing a new lvs.cf (lvsweb's Apply, a file received from the
// partner) and undoing the last install: validated with the daemons' parser
// first, written atomically (common/base/file.h), the previous file kept
// as PATH.bak. The caller then asks the daemons to reload.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/config/diagnostic.h"
#include "common/config/parser.h"

namespace lvs::config {

enum class InstallOutcome : std::uint8_t {
    Installed,  // PATH holds the new text; PATH.bak the previous one
    Invalid,    // the text does not validate: nothing was written
    NoBackup,   // undo: there is no PATH.bak
    IoError,    // a read or write failed (`error`); PATH is whole, old or new
};
const char* to_string(InstallOutcome o);

struct InstallReport {
    InstallOutcome outcome = InstallOutcome::IoError;
    Diagnostics diagnostics;  // of the text installed or refused (warnings too)
    std::string error;        // IoError, NoBackup: what failed
    std::string previous;     // the text PATH held before (empty if none)
};

std::string backup_path(const std::string& path);

// Validates `text` (diagnostics name `path`); if valid, copies PATH to
// PATH.bak, then replaces PATH with `text`, both atomically with PATH's mode
// and owner.
InstallReport install_config(const std::string& path, std::string_view text, const ParseOptions& opts);

// Swaps PATH and PATH.bak after validating PATH.bak: the backup becomes the
// file and the file the backup, so that a second undo redoes.
InstallReport undo_config(const std::string& path, const ParseOptions& opts);

}  // namespace lvs::config
