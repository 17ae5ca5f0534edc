// SPDX-License-Identifier: GPL-2.0-or-later
// Whole-file reads and atomic whole-file writes: configuration files, key
// files and /proc tables. Only
// regular files are read (a directory, a FIFO or a device such as /dev/zero
// is refused at once, never read or waited on), and never more than a limit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

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

struct WriteMode {
    unsigned mode = 0644;  // for a new file; an existing file keeps its mode
    bool keep_owner = true;  // an existing file's owner and group stay (when we may set them)
    std::string like;  // a new file takes this file's mode and owner instead (a backup beside its original)
};

// Replaces `path` with `data` so that a reader sees the old bytes or the
// new ones, never a mixture, and a crash leaves one of them: a temporary
// file in the same directory (PATH.tmp.PID), written and fsync'ed, with
// the existing file's mode (and owner, when root) or `how.mode`, renamed
// over `path`, then the directory fsync'ed. A symbolic link at `path` is
// replaced, not followed. Io error naming the path that failed.
Status write_file_atomic(const std::string& path, std::string_view data, const WriteMode& how = {});

}  // namespace lvs
