// SPDX-License-Identifier: GPL-2.0-or-later
// The one place where send/expect escapes are decoded (Piranha's nanny did
// it, unless -T): \\ \r \n \t \' \" and, as an extension, \xHH. An unknown
// escape or a trailing lone backslash is an error (Piranha's nanny looped
// forever at start-up on them).
#pragma once

#include <string>
#include <string_view>

#include "common/base/result.h"

namespace lvs::config {

// On error, Error::context names the bad escape; `*bad_offset` (if given)
// receives its byte offset in `raw`.
Result<std::string> decode_escapes(std::string_view raw, std::size_t* bad_offset = nullptr);

}  // namespace lvs::config
