// SPDX-License-Identifier: GPL-2.0-or-later
// fos, pure core: events and `now` in, actions out. Active mode runs each
// failover service's stop_cmd then start_cmd; monitor mode runs stop_cmd
// then one nanny --fos per service. Every command has a deadline; a monitor
// that exits is the failover signal; SIGHUP reloads by diff instead of
// tearing the services down.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/config/lvs_config.h"
#include "common/log/logger.h"
#include "common/shm/status_layout.h"

namespace lvs::fos {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

enum class Mode : std::uint8_t { Active, Monitor };

// One failover block as fos uses it. Pure data; compared on reload.
struct Service {
    std::string name;
    std::string target;                  // "VIP:PORT", for the log
    std::vector<std::string> start_cmd;  // argv; empty = none
    std::vector<std::string> stop_cmd;
    std::vector<std::string> monitor;    // nanny argv (monitor mode)
    Millis cmd_timeout{30000};
    bool operator==(const Service&) const = default;
};

struct MonitorContext {
    std::string nanny_path = "/usr/sbin/nanny";  // replaces the default client_monitor
    std::string partner;                         // -V: the partner's address
    bool foreground = false;                     // --nodaemon to nanny
    bool verbose = false;
    std::string log_facility = "daemon";         // lvs.ini [log], passed to every nanny
    log::Level log_level = log::Level::Info;
};

// The active failover blocks of a configuration, in file order: start_cmd
// and stop_cmd split into words (never run through a shell), and the nanny
// that monitors each (config::nanny_argv).
std::vector<Service> services_of(const config::LvsConfig& cfg, const MonitorContext& ctx);

// A service as `lvsctl check` judges it.
struct ServiceStatus {
    std::string name;
    shm::FosState state = shm::FosState::Unknown;
};
// fos's record in the status segment: the first kMaxFosServices services.
shm::FosRecord fos_record(std::int32_t pid, Mode mode, const std::vector<ServiceStatus>& services);

enum class Cmd : std::uint8_t { Start, Stop };
const char* to_string(Cmd c);

struct Action {
    enum class Kind : std::uint8_t { Run, Kill, StartMonitor, StopMonitor, Log, Exit };
    Kind kind;
    std::uint64_t token = 0;        // Run/Kill: the command; Start/StopMonitor: the monitor
    std::vector<std::string> argv;  // Run/StartMonitor
    int level = 6;                  // Log: syslog level (3 error .. 7 debug)
    std::string text;               // Log; StartMonitor: the service, VIP:PORT
    int code = 0;                   // Exit
};

class FosCore {
public:
    FosCore(Mode mode, std::vector<Service> services) : mode_(mode), wanted_(std::move(services)) {}

    std::vector<Action> start(Clock::time_point now);
    // A command exited: `status` is a waitpid status.
    std::vector<Action> on_command_exit(std::uint64_t token, int status, Clock::time_point now);
    // A monitor (nanny) exited.
    std::vector<Action> on_monitor_exit(std::uint64_t token, int status, Clock::time_point now);
    // The command could not be started at all (exec failed).
    std::vector<Action> on_spawn_failed(std::uint64_t token, const std::string& why, Clock::time_point now);
    std::vector<Action> on_terminate(int signum, Clock::time_point now);
    std::vector<Action> on_reload(std::vector<Service> services, Clock::time_point now);
    std::vector<Action> on_tick(Clock::time_point now);

    Clock::time_point next_deadline() const;
    bool shutting_down() const { return shutting_down_; }
    bool failover() const { return failover_; }
    // Services whose start_cmd succeeded and that have not been stopped.
    std::vector<std::string> running() const;
    // Every configured service, in file order, with its state.
    std::vector<ServiceStatus> status() const;
    Mode mode() const { return mode_; }

private:
    struct Step {
        enum class Kind : std::uint8_t { Run, Monitor } kind;
        Cmd cmd = Cmd::Stop;
        Service svc;
    };
    struct Entry {
        Service svc;                 // as currently in force
        std::deque<Step> steps;      // still to do, in order
        std::uint64_t token = 0;     // the command or monitor in flight (0: none)
        bool monitoring = false;     // token is a monitor
        Cmd cmd = Cmd::Stop;         // token is a command: which
        Clock::time_point deadline{};
        bool killed = false;
        bool stopping_monitor = false;
        bool up = false;             // start_cmd ran (maybe failed), stop_cmd not yet run
        bool started = false;        // ... and succeeded
        bool removed = false;        // drop the entry once idle
    };

    void advance(Entry& e, std::vector<Action>& out, Clock::time_point now);
    void queue_bring_up(Entry& e, const Service& s);
    void queue_tear_down(Entry& e, std::vector<Action>& out);
    void finish_if_idle(std::vector<Action>& out);
    Entry* by_token(std::uint64_t token);
    static void log(std::vector<Action>& out, int level, std::string text);

    Mode mode_;
    std::vector<Service> wanted_;
    std::map<std::string, Entry> entries_;
    std::vector<std::string> order_;  // entry names in file order
    std::uint64_t next_token_ = 1;
    bool shutting_down_ = false;
    bool failover_ = false;
    bool exited_ = false;
    int exit_code_ = 0;  // 0: signal or failover condition; 1: a local fault
};

}  // namespace lvs::fos
