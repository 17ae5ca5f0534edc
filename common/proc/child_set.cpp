// SPDX-License-Identifier: GPL-2.0-or-later
// ChildSet: start, restart and stop children by the restart policy.
#include "common/proc/child_set.h"

#include <csignal>

namespace lvs::proc {
namespace {
const std::vector<std::string> kNoArgv;
const RestartHistory kNoHistory;
}  // namespace

ChildSet::ChildSet(ChildPorts& ports, Handlers h) : ports_(ports), h_(std::move(h)) {}

ChildSet::Child* ChildSet::find(ChildId id) {
    auto it = children_.find(id);
    return it == children_.end() ? nullptr : &it->second;
}

const ChildSet::Child* ChildSet::find(ChildId id) const {
    auto it = children_.find(id);
    return it == children_.end() ? nullptr : &it->second;
}

ChildId ChildSet::add(ChildSpec spec, bool start_now) {
    const ChildId id = next_id_++;
    auto& c = children_[id];
    c.spec = std::move(spec);
    if (start_now) launch(id, c);
    return id;
}

void ChildSet::launch(ChildId id, Child& c) {
    c.restart_due = false;
    c.restarting = false;
    if (stopping_) return;
    auto pid = ports_.spawn(c.spec.argv, c.spec.spawn);
    note_start(c.history, ports_.now());
    if (!pid.ok()) {
        // A program that cannot be executed fails the same way next time.
        Decision d;
        d.kind = c.spec.policy.escalate ? Decision::Kind::Escalate : Decision::Kind::GiveUp;
        d.status.kind = ExitKind::Failure;
        d.status.code = 127;
        const Error err = pid.error();
        if (h_.exited) h_.exited(id, -1, d, &err);
        if (Child* again = find(id); again && again->pid < 0 && !again->restart_due) again->gave_up = true;
        return;
    }
    c.pid = *pid;
    c.gave_up = false;
    by_pid_[c.pid] = id;
    if (h_.started) h_.started(id, c.pid);
}

void ChildSet::start(ChildId id) {
    Child* c = find(id);
    if (!c || c->pid > 0 || c->removing) return;
    c->gave_up = false;
    c->history.streak = 0;
    launch(id, *c);
    rearm();
}

void ChildSet::set_argv(ChildId id, std::vector<std::string> argv) {
    Child* c = find(id);
    if (!c || c->spec.argv == argv) return;
    c->spec.argv = std::move(argv);
    if (c->pid > 0) restart(id);
}

const std::vector<std::string>& ChildSet::argv(ChildId id) const {
    const Child* c = find(id);
    return c ? c->spec.argv : kNoArgv;
}

void ChildSet::restart(ChildId id) {
    Child* c = find(id);
    if (!c || c->removing) return;
    if (c->pid <= 0) {
        if (!c->gave_up) launch(id, *c);
        rearm();
        return;
    }
    c->restarting = true;
    ports_.kill(c->pid, SIGTERM);
}

void ChildSet::stop_one(Child& c, Millis grace) {
    c.restart_due = false;
    c.restarting = false;
    if (c.pid <= 0 || c.kill_due) return;  // a stop under way keeps its deadline
    ports_.kill(c.pid, SIGTERM);
    c.kill_due = true;
    c.due = ports_.now() + grace;
}

void ChildSet::remove(ChildId id, Millis grace) {
    Child* c = find(id);
    if (!c) return;
    if (c->pid <= 0) {
        children_.erase(id);
    } else {
        c->removing = true;
        stop_one(*c, grace);
    }
    rearm();
}

void ChildSet::stop_all(Millis grace) {
    stopping_ = true;
    for (auto& [id, c] : children_) {
        c.removing = true;
        stop_one(c, grace);
    }
    for (auto it = children_.begin(); it != children_.end();)
        it = it->second.pid > 0 ? std::next(it) : children_.erase(it);
    rearm();
    check_all_stopped();
}

void ChildSet::check_all_stopped() {
    if (stopping_ && by_pid_.empty() && h_.all_stopped) {
        auto done = std::move(h_.all_stopped);
        h_.all_stopped = nullptr;
        done();
    }
}

bool ChildSet::on_exit(pid_t pid, int wait_status) {
    auto p = by_pid_.find(pid);
    if (p == by_pid_.end()) return false;
    const ChildId id = p->second;
    by_pid_.erase(p);
    Child& c = children_.at(id);
    c.pid = -1;
    c.kill_due = false;
    if (c.removing) {
        children_.erase(id);
    } else if (c.restarting) {
        launch(id, c);  // asked for: a new command line, a new segment
    } else {
        Decision d = decide(c.spec.policy, c.history, wait_status, ports_.now());
        if (d.kind == Decision::Kind::Restart) ++restarts_total_;
        if (h_.exited) h_.exited(id, pid, d, nullptr);
        if (Child* again = find(id); again && again->pid < 0 && !again->removing && !again->restart_due)
            carry_out(id, d);
    }
    rearm();
    check_all_stopped();
    return true;
}

void ChildSet::carry_out(ChildId id, const Decision& d) {
    Child& c = children_.at(id);
    switch (d.kind) {
        case Decision::Kind::Restart:
            c.restart_due = true;
            c.due = ports_.now() + d.after;
            break;
        case Decision::Kind::Done: break;
        case Decision::Kind::GiveUp:
        case Decision::Kind::Escalate: c.gave_up = true; break;
    }
}

void ChildSet::on_alarm() {
    armed_ = Clock::time_point::max();
    const auto now = ports_.now();
    std::vector<ChildId> due;
    for (auto& [id, c] : children_)
        if ((c.restart_due || c.kill_due) && c.due <= now) due.push_back(id);
    for (ChildId id : due) {
        Child* c = find(id);
        if (!c) continue;
        if (c->kill_due && c->pid > 0) {
            c->kill_due = false;
            ports_.kill(c->pid, SIGKILL);
        } else if (c->restart_due && c->pid < 0) {
            launch(id, *c);
        }
    }
    rearm();
}

void ChildSet::rearm() {
    auto next = Clock::time_point::max();
    for (const auto& [id, c] : children_)
        if (c.restart_due || c.kill_due) next = std::min(next, c.due);
    if (next == armed_) return;
    armed_ = next;
    if (next == Clock::time_point::max()) ports_.disarm();
    else ports_.arm(next);
}

pid_t ChildSet::pid(ChildId id) const {
    const Child* c = find(id);
    return c ? c->pid : -1;
}

bool ChildSet::gave_up(ChildId id) const {
    const Child* c = find(id);
    return c && c->gave_up;
}

const RestartHistory& ChildSet::history(ChildId id) const {
    const Child* c = find(id);
    return c ? c->history : kNoHistory;
}

}  // namespace lvs::proc
