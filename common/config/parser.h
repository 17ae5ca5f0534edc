// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf parser and loader, shared by pulse, lvsd, nanny and fos.
// Parsing answers "is it well-formed?"; validate() (validate.h) answers
// "does it make sense?". load_* run both.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/base/result.h"
#include "common/config/diagnostic.h"
#include "common/config/lvs_config.h"

namespace lvs::config {

inline constexpr const char* kDefaultConfigPath = "/etc/sysconfig/ha/lvs.cf";

// Name lookups are injectable so tests and fuzzers never touch DNS.
struct ParseOptions {
    // Host name -> address; nullopt if it cannot be resolved.
    std::function<std::optional<IpAddress>(const std::string&)> resolve_host;
    // TCP service name -> port; nullopt if unknown.
    std::function<std::optional<std::uint16_t>(const std::string&)> resolve_service;
};

// getaddrinfo / getservbyname (resolver_linux.cpp).
ParseOptions system_parse_options();
// No resolution at all: every name is unknown (fuzzing, tests).
ParseOptions offline_parse_options();

// Parses text. Always returns a model (best effort); errors are in `diags`.
LvsConfig parse_config(std::string_view text, const std::string& file, const ParseOptions& opts,
                       Diagnostics& diags);

struct LoadedConfig {
    LvsConfig config;
    Diagnostics diagnostics;  // parse + validation, sorted
    bool ok() const { return !has_errors(diagnostics); }
};

// Parse + validate text.
LoadedConfig load_config_text(std::string_view text, const std::string& file,
                              const ParseOptions& opts);
// Reads a file, then load_config_text. Error (ErrorCode::Io) only when the
// file cannot be read; a bad file is a LoadedConfig with errors.
Result<LoadedConfig> load_config_file(const std::string& path, const ParseOptions& opts);

}  // namespace lvs::config
