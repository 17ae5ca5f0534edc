// SPDX-License-Identifier: GPL-2.0-or-later
// Capture: runs one command (fork+exec, an explicit argv, never a shell)
// and hands its standard output to a callback from the event loop, without
// ever blocking it: the output through a pipe watcher, the exit through a
// child watcher, and a timer that kills the command's process group when
// it outlives its timeout. One command at a time per Capture.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/base/result.h"

namespace lvs::proc {

class Capture {
public:
    // The output, or an error: the command could not start, outlived the
    // timeout (Timeout), was killed, or exited non-zero (the message has
    // the status and the start of its output).
    using Done = std::function<void(Result<std::string>)>;

    Capture();
    // A command still running is killed; its callback never runs.
    ~Capture();
    Capture(const Capture&) = delete;
    Capture& operator=(const Capture&) = delete;

    // Starts `argv`; `done` runs from the loop once the command has exited
    // and its output ended (or at once, from this call, when it cannot
    // start). False, and nothing started, while another command runs.
    bool start(const std::vector<std::string>& argv, std::chrono::milliseconds timeout, Done done);
    bool running() const { return pid_ > 0; }

    static constexpr std::size_t kMaxOutput = std::size_t{1} << 20;  // the rest is read and dropped

private:
    struct Watchers;
    bool drain();
    void on_readable();
    void on_exit(int status);
    void on_timeout();
    void finish();
    void close_pipe();

    std::unique_ptr<Watchers> w_;
    std::string name_;  // argv[0], for the messages
    std::chrono::milliseconds timeout_{0};
    Done done_;
    std::string out_;
    pid_t pid_ = -1;
    int fd_ = -1;
    int status_ = 0;
    bool timed_out_ = false;
};

}  // namespace lvs::proc
