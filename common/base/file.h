// SPDX-License-Identifier: GPL-2.0-or-later
// Whole-file reads: configuration files, key files and /proc tables. Only
// regular files are read (a directory, a FIFO or a device such as /dev/zero
// is refused at once, never read or waited on), and never more than a limit.
#pragma once

#include <cstddef>
#include <string>

#include "common/base/result.h"

namespace lvs {

struct ReadLimit {
    std::size_t max_bytes = std::size_t{16} << 20;  // a configuration is a few KiB; 16 MiB is no configuration
    bool truncate = false;  // over the limit: the first max_bytes (a /proc table), not an error
};

// The file's bytes, or an Io error ("failed to open PATH" carrying errno,
// "PATH is a directory", "PATH is not a regular file", "PATH is larger than
// N MiB", "I/O error while reading PATH").
Result<std::string> read_file(const std::string& path, const ReadLimit& limit = {});

}  // namespace lvs
