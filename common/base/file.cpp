// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/base/file.h"

#include <cerrno>
#include <fstream>
#include <sstream>

namespace lvs {

Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::Io, "failed to open " + path, errno);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return make_error(ErrorCode::Io, "I/O error while reading " + path, errno);
    return ss.str();
}

}  // namespace lvs
