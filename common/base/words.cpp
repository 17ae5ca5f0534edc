// SPDX-License-Identifier: GPL-2.0-or-later
// Splitting a command string into words, without a shell.
#include "common/base/words.h"

#include <sstream>

namespace lvs {

std::vector<std::string> split_command(const std::string& cmd) {
    std::istringstream in(cmd);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

}  // namespace lvs
