// SPDX-License-Identifier: GPL-2.0-or-later
// Thin RAII wrappers over libev's default loop (child watchers need it),
// the only code that sees libev: its backend is chosen in one place, the
// Loop's construction, so no caller has to create the loop first.
// Signals are doorbells: a watcher turns a signal into an ordinary callback
// run by the loop, never inside a signal handler.
// Watchers take their callback once, when made; starting, stopping and
// re-arming one afterwards makes no system call and allocates nothing, so
// they can sit on a per-check path.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace lvs::ev {

using Callback = std::function<void()>;

class Loop;

// A repeating or one-shot timer on the loop's clock.
class Timer {
public:
    ~Timer();
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;
    // Fire after `after`, then every `repeat` (zero: once). Restarts a
    // running timer. `after` counts from the loop's time of this turn
    // (Loop::loop_time(), no clock read), which from a callback is the
    // wakeup; Loop::update_loop_time() first counts it from now.
    // Microseconds so that sub-millisecond waits can be asked for;
    // milliseconds and seconds convert implicitly.
    void start(std::chrono::microseconds after, std::chrono::microseconds repeat);
    void stop();
    bool active() const;  // from start() until stop() (or a one-shot firing)

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

// Readiness of one file descriptor. The callback gets the events seen
// (kRead and/or kWrite).
class Io {
public:
    static constexpr int kRead = 1;
    static constexpr int kWrite = 2;
    using Fn = std::function<void(int events)>;

    ~Io();
    Io(const Io&) = delete;
    Io& operator=(const Io&) = delete;
    // Watches `fd` for `events`; a watcher already running is moved to the
    // new descriptor and events.
    void start(int fd, int events);
    // The descriptor leaves the watched set (at once on the poll backend:
    // see Loop::polls()). The descriptor itself is the caller's to close.
    void stop();
    bool active() const;

private:
    friend class Loop;
    struct Impl;
    explicit Io(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The exit (or stop, for a traced child) of one child process, reaped by
// the loop: the callback gets the pid and the waitpid() status.
class Child {
public:
    using Fn = std::function<void(int pid, int status)>;

    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    void start(int pid);
    void stop();

private:
    friend class Loop;
    struct Impl;
    explicit Child(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

class Loop {
public:
    static Loop& instance();  // the default loop, made on first use
    // Calls `cb` from the loop after each delivery of `signum`.
    void on_signal(int signum, Callback cb);
    // Calls `cb(pid, status)` when any child exits.
    void on_child(std::function<void(int pid, int status)> cb);
    // Calls `cb` when `fd` is readable, for as long as the loop runs.
    void on_readable(int fd, Callback cb);
    std::unique_ptr<Timer> timer(Callback cb);
    std::unique_ptr<Deadline> deadline(Callback cb);
    // Watchers to start and stop as often as needed (see Io, Child).
    std::unique_ptr<Io> io(Io::Fn cb);
    std::unique_ptr<Child> child(Child::Fn cb);

    void run();         // until stop() or no watcher is left
    void run_once();    // one turn, waiting for at least one event
    void run_nowait();  // one turn, without waiting
    void stop();        // the current run returns after this turn

    // The monotonic clock, read at the call (loop_time() is the turn's).
    std::chrono::steady_clock::time_point now() const;
    // The loop's own clock, read once each time the loop wakes: the time
    // of the current turn with no clock read to ask for it. Seconds from
    // an arbitrary origin; only differences mean anything.
    std::chrono::duration<double> loop_time() const;
    // Reads the clock into loop_time() (one clock read).
    void update_loop_time();
    // True when the backend is poll(2) (always, unless the system has no
    // poll): a stopped Io watcher's descriptor leaves the set at once, and
    // one that is closed or reset while unwatched costs nothing.
    bool polls() const;

private:
    Loop();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lvs::ev
