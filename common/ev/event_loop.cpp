// SPDX-License-Identifier: GPL-2.0-or-later
// libev wrappers: the one file that includes <ev.h>.
#include "common/ev/event_loop.h"

#include <ev.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <list>

#include "common/log/logger.h"

namespace lvs::ev {

struct Timer::Impl {
    ev_timer w{};
    Callback cb;
    struct ev_loop* loop = nullptr;
};

Timer::Timer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Timer::~Timer() { stop(); }

void Timer::start(std::chrono::microseconds after, std::chrono::microseconds repeat) {
    ev_timer_stop(impl_->loop, &impl_->w);
    ev_timer_set(&impl_->w, static_cast<double>(after.count()) / 1e6, static_cast<double>(repeat.count()) / 1e6);
    ev_timer_start(impl_->loop, &impl_->w);
}

void Timer::stop() { ev_timer_stop(impl_->loop, &impl_->w); }
bool Timer::active() const { return ev_is_active(&impl_->w); }

static_assert(Io::kRead == EV_READ && Io::kWrite == EV_WRITE, "Io events are libev's bits");

struct Io::Impl {
    ev_io w{};
    Io::Fn cb;
    struct ev_loop* loop = nullptr;
};

Io::Io(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Io::~Io() { stop(); }

void Io::start(int fd, int events) {
    // Stop, set, start: libev records the change and applies it when the
    // loop next polls, with no system call here.
    ev_io_stop(impl_->loop, &impl_->w);
    ev_io_set(&impl_->w, fd, events);
    ev_io_start(impl_->loop, &impl_->w);
}

void Io::stop() { ev_io_stop(impl_->loop, &impl_->w); }
bool Io::active() const { return ev_is_active(&impl_->w); }

struct Child::Impl {
    ev_child w{};
    Child::Fn cb;
    struct ev_loop* loop = nullptr;
};

Child::Child(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Child::~Child() { stop(); }

void Child::start(int pid) {
    ev_child_stop(impl_->loop, &impl_->w);
    ev_child_set(&impl_->w, pid, 0);
    ev_child_start(impl_->loop, &impl_->w);
}

void Child::stop() { ev_child_stop(impl_->loop, &impl_->w); }

struct Deadline::Impl {
    int fd = -1;      // timerfd; -1: none could be made, the ev_timer stands in
    ev_io io{};
    ev_timer fallback{};
    Callback cb;
    struct ev_loop* loop = nullptr;
};

Deadline::Deadline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Deadline::~Deadline() {
    stop();
    if (impl_->fd >= 0) {
        ev_io_stop(impl_->loop, &impl_->io);
        ::close(impl_->fd);
    }
}

void Deadline::at(std::chrono::steady_clock::time_point when) {
    using namespace std::chrono;
    if (impl_->fd < 0) {
        ev_timer_stop(impl_->loop, &impl_->fallback);
        const auto wait = std::max(steady_clock::duration::zero(), when - steady_clock::now());
        ev_timer_set(&impl_->fallback, duration<double>(wait).count(), 0.0);
        ev_timer_start(impl_->loop, &impl_->fallback);
        return;
    }
    // steady_clock is CLOCK_MONOTONIC. Zero would disarm: the earliest is 1 ns.
    const auto ns = std::clamp<std::int64_t>(duration_cast<nanoseconds>(when.time_since_epoch()).count(), 1,
                                             std::int64_t{1} << 62);
    itimerspec t{};
    t.it_value.tv_sec = static_cast<time_t>(ns / 1000000000);
    t.it_value.tv_nsec = static_cast<long>(ns % 1000000000);
    timerfd_settime(impl_->fd, TFD_TIMER_ABSTIME, &t, nullptr);
}

void Deadline::stop() {
    if (impl_->fd < 0) {
        ev_timer_stop(impl_->loop, &impl_->fallback);
        return;
    }
    const itimerspec off{};
    timerfd_settime(impl_->fd, 0, &off, nullptr);
}

struct Loop::Impl {
    struct ev_loop* loop = nullptr;
    struct Sig {
        ev_signal w;
        Callback cb;
    };
    std::list<Sig> sigs;
    // on_child() and on_readable(): watchers for the life of the loop.
    std::list<std::unique_ptr<ev::Child>> children;
    std::list<std::unique_ptr<Io>> readables;
};

// Every daemon's loop polls, with poll(2) rather than epoll: each watches
// a handful of descriptors, where poll costs no more per wakeup, and a
// watcher that stops takes its descriptor out of the next poll() at once.
// nanny depends on that: its prober keeps one TCP socket from check to
// check, and an idle socket that left the set costs nothing (on epoll it
// would stay registered until an epoll_ctl, and its reset would wake the
// loop). poll also needs nothing after a fork. This is the only place the
// backend is chosen, so no caller has to make the loop first.
Loop::Loop() : impl_(std::make_unique<Impl>()) {
    impl_->loop = ev_default_loop(EVBACKEND_POLL);
    if (!impl_->loop) {  // a libev built without poll: whatever it has
        LVS_LOG_WARN("event loop: no poll backend, using libev's default");
        impl_->loop = ev_default_loop(EVFLAG_AUTO);
    }
}

Loop& Loop::instance() {
    static Loop loop;
    return loop;
}

void Loop::on_signal(int signum, Callback cb) {
    auto& s = impl_->sigs.emplace_back();
    s.cb = std::move(cb);
    ev_signal_init(&s.w, [](struct ev_loop*, ev_signal* w, int) noexcept {
        static_cast<Impl::Sig*>(w->data)->cb();
    }, signum);
    s.w.data = &s;
    ev_signal_start(impl_->loop, &s.w);
}

void Loop::on_child(std::function<void(int, int)> cb) {
    impl_->children.push_back(child(std::move(cb)));
    impl_->children.back()->start(0);  // pid 0: any child
}

void Loop::on_readable(int fd, Callback cb) {
    impl_->readables.push_back(io([cb = std::move(cb)](int) { cb(); }));
    impl_->readables.back()->start(fd, Io::kRead);
}

std::unique_ptr<Timer> Loop::timer(Callback cb) {
    auto impl = std::make_unique<Timer::Impl>();
    impl->cb = std::move(cb);
    impl->loop = impl_->loop;
    ev_init(&impl->w, [](struct ev_loop*, ev_timer* w, int) noexcept {
        static_cast<Timer::Impl*>(w->data)->cb();
    });
    impl->w.data = impl.get();
    return std::unique_ptr<Timer>(new Timer(std::move(impl)));
}

std::unique_ptr<Deadline> Loop::deadline(Callback cb) {
    auto impl = std::make_unique<Deadline::Impl>();
    impl->cb = std::move(cb);
    impl->loop = impl_->loop;
    impl->fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (impl->fd >= 0) {
        ev_io_init(&impl->io, [](struct ev_loop*, ev_io* w, int) noexcept {
            auto* d = static_cast<Deadline::Impl*>(w->data);
            std::uint64_t expirations = 0;
            if (::read(d->fd, &expirations, sizeof expirations) == sizeof expirations) d->cb();
        }, impl->fd, EV_READ);
        impl->io.data = impl.get();
        ev_io_start(impl->loop, &impl->io);
    } else {
        ev_init(&impl->fallback, [](struct ev_loop*, ev_timer* w, int) noexcept {
            static_cast<Deadline::Impl*>(w->data)->cb();
        });
        impl->fallback.data = impl.get();
    }
    return std::unique_ptr<Deadline>(new Deadline(std::move(impl)));
}

std::unique_ptr<Io> Loop::io(Io::Fn cb) {
    auto impl = std::make_unique<Io::Impl>();
    impl->cb = std::move(cb);
    impl->loop = impl_->loop;
    ev_init(&impl->w, [](struct ev_loop*, ev_io* w, int revents) noexcept {
        static_cast<Io::Impl*>(w->data)->cb(revents & (EV_READ | EV_WRITE));
    });
    impl->w.data = impl.get();
    return std::unique_ptr<Io>(new Io(std::move(impl)));
}

std::unique_ptr<Child> Loop::child(Child::Fn cb) {
    auto impl = std::make_unique<Child::Impl>();
    impl->cb = std::move(cb);
    impl->loop = impl_->loop;
    ev_init(&impl->w, [](struct ev_loop*, ev_child* w, int) noexcept {
        static_cast<Child::Impl*>(w->data)->cb(w->rpid, w->rstatus);
    });
    impl->w.data = impl.get();
    return std::unique_ptr<Child>(new Child(std::move(impl)));
}

void Loop::run() { ev_run(impl_->loop, 0); }
void Loop::run_once() { ev_run(impl_->loop, EVRUN_ONCE); }
void Loop::run_nowait() { ev_run(impl_->loop, EVRUN_NOWAIT); }
void Loop::stop() { ev_break(impl_->loop, EVBREAK_ALL); }

std::chrono::steady_clock::time_point Loop::now() const {
    return std::chrono::steady_clock::now();
}

std::chrono::duration<double> Loop::loop_time() const { return std::chrono::duration<double>(ev_now(impl_->loop)); }
void Loop::update_loop_time() { ev_now_update(impl_->loop); }
bool Loop::polls() const { return ev_backend(impl_->loop) == EVBACKEND_POLL; }

}  // namespace lvs::ev
