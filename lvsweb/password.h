// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb's one password: a yescrypt hash (libcrypt) in a root-only file.
// `lvsweb --passwd` writes it; a login compares with crypt_rn(3).
#pragma once

#include <string>

#include "common/base/result.h"

namespace lvs::web {

// "" when `pw` will do as a new password, else why not. Pure.
std::string password_problem(const std::string& pw);

// A new "$y$..." hash of `pw` with a fresh salt.
Result<std::string> hash_password(const std::string& pw);
// `pw` against a stored hash, the final comparison in constant time.
bool verify_password(const std::string& pw, const std::string& hash);

// The hash stored in `path`. Refused when the file is readable or writable
// by group or others, or holds no hash.
Result<std::string> read_password_file(const std::string& path);
// Replaces `path` atomically (a temporary file in its directory, then
// rename), mode 0600, owned by root when run as root.
Status write_password_file(const std::string& path, const std::string& hash);

// The new password: asked twice on the terminal without echo when standard
// input is a terminal, else the first line of standard input.
Result<std::string> read_new_password();

}  // namespace lvs::web
