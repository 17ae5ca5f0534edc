// SPDX-License-Identifier: GPL-2.0-or-later
// libev wrappers.
#include "common/ev/event_loop.h"

#include <ev.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <list>

namespace lvs::ev {

struct Timer::Impl {
    ev_timer w{};
    Callback cb;
    struct ev_loop* loop = nullptr;
};

Timer::Timer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Timer::~Timer() { stop(); }

void Timer::start(std::chrono::milliseconds after, std::chrono::milliseconds repeat) {
    ev_timer_stop(impl_->loop, &impl_->w);
    ev_timer_set(&impl_->w, static_cast<double>(after.count()) / 1000.0, static_cast<double>(repeat.count()) / 1000.0);
    ev_timer_start(impl_->loop, &impl_->w);
}

void Timer::stop() { ev_timer_stop(impl_->loop, &impl_->w); }

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
    struct Child {
        ev_child w;
        std::function<void(int, int)> cb;
    };
    struct Io {
        ev_io w;
        Callback cb;
    };
    std::list<Sig> sigs;
    std::list<Child> children;
    std::list<Io> ios;
};

Loop::Loop() : impl_(std::make_unique<Impl>()) { impl_->loop = ev_default_loop(EVFLAG_AUTO); }

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
    auto& c = impl_->children.emplace_back();
    c.cb = std::move(cb);
    ev_child_init(&c.w, [](struct ev_loop*, ev_child* w, int) noexcept {
        static_cast<Impl::Child*>(w->data)->cb(w->rpid, w->rstatus);
    }, 0, 0);
    c.w.data = &c;
    ev_child_start(impl_->loop, &c.w);
}

void Loop::on_readable(int fd, Callback cb) {
    auto& io = impl_->ios.emplace_back();
    io.cb = std::move(cb);
    ev_io_init(&io.w, [](struct ev_loop*, ev_io* w, int) noexcept {
        static_cast<Impl::Io*>(w->data)->cb();
    }, fd, EV_READ);
    io.w.data = &io;
    ev_io_start(impl_->loop, &io.w);
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

void Loop::run() { ev_run(impl_->loop, 0); }
void Loop::stop() { ev_break(impl_->loop, EVBREAK_ALL); }

std::chrono::steady_clock::time_point Loop::now() const {
    return std::chrono::steady_clock::now();
}

}  // namespace lvs::ev
