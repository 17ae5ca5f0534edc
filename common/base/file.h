// SPDX-License-Identifier: GPL-2.0-or-later
// Whole-file reads: configuration files, key files and /proc tables.
#pragma once

#include <string>

#include "common/base/result.h"

namespace lvs {

// The file's bytes, or an Io error ("failed to open PATH" / "I/O error
// while reading PATH") carrying errno (ENOENT for a missing file).
Result<std::string> read_file(const std::string& path);

}  // namespace lvs
