// SPDX-License-Identifier: GPL-2.0-or-later
// lvs.cf install and undo: validate, back up, replace atomically.
#include "common/config/install.h"

#include <cerrno>

#include "common/base/file.h"

namespace lvs::config {

namespace {

InstallReport failed(InstallOutcome o, std::string why) {
    InstallReport r;
    r.outcome = o;
    r.error = std::move(why);
    return r;
}

// The current file; "" when there is none yet.
Result<std::string> current(const std::string& path) {
    auto t = read_file(path);
    if (!t.ok() && t.error().sys_errno == ENOENT) return std::string();
    return t;
}

// Validates `text`, then PATH.bak := `old` (when there was a file) and
// PATH := `text`.
InstallReport replace(const std::string& path, std::string_view text, const std::string& old, bool had_file,
                      const ParseOptions& opts) {
    LoadedConfig loaded = load_config_text(text, path, opts);
    InstallReport r;
    r.diagnostics = std::move(loaded.diagnostics);
    r.previous = old;
    if (has_errors(r.diagnostics)) {
        r.outcome = InstallOutcome::Invalid;
        return r;
    }
    if (had_file)
        if (auto st = write_file_atomic(backup_path(path), old, WriteMode{.like = path}); !st.ok()) {
            r.outcome = InstallOutcome::IoError;
            r.error = st.error().message();
            return r;
        }
    if (auto st = write_file_atomic(path, text); !st.ok()) {
        r.outcome = InstallOutcome::IoError;
        r.error = st.error().message();
        return r;
    }
    r.outcome = InstallOutcome::Installed;
    return r;
}

}  // namespace

const char* to_string(InstallOutcome o) {
    switch (o) {
        case InstallOutcome::Installed: return "installed";
        case InstallOutcome::Invalid: return "invalid";
        case InstallOutcome::NoBackup: return "no backup";
        case InstallOutcome::IoError: return "I/O error";
    }
    return "?";
}

std::string backup_path(const std::string& path) { return path + ".bak"; }

InstallReport install_config(const std::string& path, std::string_view text, const ParseOptions& opts) {
    auto old = read_file(path);
    const bool had_file = old.ok();
    if (!had_file && old.error().sys_errno != ENOENT) return failed(InstallOutcome::IoError, old.error().message());
    return replace(path, text, had_file ? *old : std::string(), had_file, opts);
}

InstallReport undo_config(const std::string& path, const ParseOptions& opts) {
    auto bak = read_file(backup_path(path));
    if (!bak.ok() && bak.error().sys_errno == ENOENT)
        return failed(InstallOutcome::NoBackup, "no " + backup_path(path) + ": nothing to undo");
    if (!bak.ok()) return failed(InstallOutcome::IoError, bak.error().message());
    auto now = current(path);
    if (!now.ok()) return failed(InstallOutcome::IoError, now.error().message());
    return replace(path, *bak, *now, !now->empty(), opts);
}

}  // namespace lvs::config
