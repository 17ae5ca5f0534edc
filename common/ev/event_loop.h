// SPDX-License-Identifier: GPL-2.0-or-later
// Thin RAII wrappers over libev's default loop (child watchers need it).
// Signals are doorbells: a watcher turns a signal into an ordinary callback
// run by the loop, never inside a signal handler.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace lvs::ev {

using Callback = std::function<void()>;

class Loop;

// A repeating or one-shot timer.
class Timer {
public:
    ~Timer();
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;
    // Fire after `after`, then every `repeat` (zero: once).
    void start(std::chrono::milliseconds after, std::chrono::milliseconds repeat);
    void stop();

private:
    friend class Loop;
    struct Impl;
    explicit Timer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// A one-shot timer at an instant of the monotonic clock, to the
// microsecond (a timerfd): libev's own timers wake on whole milliseconds,
// up to one late, where pulse's failover deadline counts every one.
class Deadline {
public:
    ~Deadline();
    Deadline(const Deadline&) = delete;
    Deadline& operator=(const Deadline&) = delete;
    void at(std::chrono::steady_clock::time_point when);
    void stop();

private:
    friend class Loop;
    struct Impl;
    explicit Deadline(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

class Loop {
public:
    static Loop& instance();  // the default loop
    // Calls `cb` from the loop after each delivery of `signum`.
    void on_signal(int signum, Callback cb);
    // Calls `cb(pid, status)` when a child exits.
    void on_child(std::function<void(int pid, int status)> cb);
    // Calls `cb` when `fd` is readable.
    void on_readable(int fd, Callback cb);
    std::unique_ptr<Timer> timer(Callback cb);
    std::unique_ptr<Deadline> deadline(Callback cb);
    void run();
    void stop();
    // Monotonic time of the current loop iteration.
    std::chrono::steady_clock::time_point now() const;

private:
    Loop();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lvs::ev
