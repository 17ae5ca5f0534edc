// SPDX-License-Identifier: GPL-2.0-or-later
// Result<T>: the one error-return type of the suite (std::expected is C++23;
// we build as C++20).
// Our code throws no exceptions; expected failures come back as Error.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace lvs {

// What kind of failure an Error is. Stable: used in logs and metrics.
enum class ErrorCode : std::uint8_t {
    Config,      // configuration is malformed or invalid
    Io,          // read/write/open failed
    Netlink,     // netlink transport or protocol failure
    Exists,      // kernel object already exists (EEXIST)
    NotFound,    // kernel object or file missing (ENOENT)
    Permission,  // EPERM/EACCES, missing capability
    Protocol,    // malformed message from a peer or the kernel
    Timeout,     // deadline passed
    Layout,      // shared-memory layout/version mismatch
    Invalid,     // bad argument
};

const char* to_string(ErrorCode code) noexcept;

// An expected failure: a code, the saved errno (0 if none) and a short context.
struct Error {
    ErrorCode code = ErrorCode::Invalid;
    int sys_errno = 0;
    std::string context;

    // "context: strerror(errno)" or just "context".
    std::string message() const;
};

inline Error make_error(ErrorCode code, std::string context, int sys_errno = 0) {
    return Error{code, sys_errno, std::move(context)};
}

// Value or Error. Check ok() before value(); value() on an error is a bug.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
    Result(Error error) : v_(std::move(error)) {}      // NOLINT: implicit by design

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    T& operator*() & { return std::get<0>(v_); }
    const T& operator*() const& { return std::get<0>(v_); }

    const Error& error() const& { return std::get<1>(v_); }
    Error&& error() && { return std::get<1>(std::move(v_)); }

private:
    std::variant<T, Error> v_;
};

// Result<void>: success or Error.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : err_(std::move(error)), failed_(true) {}  // NOLINT

    bool ok() const noexcept { return !failed_; }
    explicit operator bool() const noexcept { return ok(); }
    const Error& error() const& { return err_; }
    Error&& error() && { return std::move(err_); }

private:
    Error err_{};
    bool failed_ = false;
};

using Status = Result<void>;

inline Status ok_status() { return Status{}; }

}  // namespace lvs
