// SPDX-License-Identifier: GPL-2.0-or-later
// lvsctl: command line, matching, and the read/signal/confirm cycle.
#include "pulse/lvsctl.h"

#include <getopt.h>
#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include "common/base/exit_codes.h"
#include "common/config/settings.h"
#include "common/log/logger.h"
#include "common/status/control.h"
#include "common/status/render.h"
#include "common/sync/sync.h"

namespace lvs::lvsctl {

using Verb = Command::Verb;

// One option a line, "-x, --long" or "    --long"; every letter of the
// getopt string below is shown (tests/option_letters.sh reads the string).
void print_usage(bool to_stderr) {
    std::fputs("usage: lvsctl [--settings INI] [--shm NAME] [status] [--json]\n"
               "       lvsctl check [--quiet] [-w RANGE] [-c RANGE] [--per-virtual]\n"
               "       lvsctl drain|undrain|force-up VIRTUAL/SERVER|SERVER|ADDRESS:PORT [--no-wait]\n"
               "       lvsctl reload\n"
               "       lvsctl switchover [--no-wait]\n"
               "       lvsctl sync [--configfile FILE]\n"
               "      --settings INI      lvs.ini: the segment's name, the log facility\n"
               "      --shm NAME          the status segment (default: lvs.ini [shm] name)\n"
               "      --json              status as JSON (lvsctl-status/1)\n"
               "      --quiet             check: the exit status only\n"
               "  -w, --warning RANGE     check: WARNING when the real servers up are outside RANGE\n"
               "  -c, --critical RANGE    check: CRITICAL when they are outside RANGE\n"
               "      --per-virtual       check: perfdata for each virtual server too\n"
               "      --no-wait           do not wait until the change shows\n"
               "      --configfile FILE   sync: the lvs.cf to send (default /etc/sysconfig/ha/lvs.cf)\n"
               "      --help              this text\n"
               "      --version           the version\n",
               to_stderr ? stderr : stdout);
}

namespace {

// A command line that names `check` is a monitoring plugin's: its usage
// errors are UNKNOWN.
int usage_status(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "check") == 0) return static_cast<int>(status::PluginState::Unknown);
    return kExitUsage;
}

// -w/-c RANGE into `out`; "" when good, else what is wrong.
std::string set_range(Command& cmd, bool warning, const std::string& opt, const std::string& text) {
    auto r = status::parse_minimum_range(text);
    if (!r.ok()) return opt + ": " + r.error().message();
    (warning ? cmd.check.thresholds.warning : cmd.check.thresholds.critical) = *r;
    cmd.check_options = true;
    return {};
}

// -w RANGE, -wRANGE, --warning RANGE, --warning=RANGE (and -c, --critical)
// at words[i]; advances i past its range. False: not such an option.
bool threshold_word(const std::vector<std::string>& words, std::size_t& i, Command& cmd, std::string& err) {
    const std::string& w = words[i];
    for (const bool warning : {true, false}) {
        const std::string shrt = warning ? "-w" : "-c", lng = warning ? "--warning" : "--critical";
        if (w == shrt || w == lng) {
            if (i + 1 >= words.size()) return err = w + " needs a range", true;
            err = set_range(cmd, warning, w, words[++i]);
            return true;
        }
        if (w.size() > 2 && w.compare(0, 2, shrt) == 0) return err = set_range(cmd, warning, shrt, w.substr(2)), true;
        if (w.compare(0, lng.size() + 1, lng + "=") == 0)
            return err = set_range(cmd, warning, lng, w.substr(lng.size() + 1)), true;
    }
    return false;
}

// Options may also follow the verb ("lvsctl status --json", "lvsctl check
// -w 3:"). The other words into `rest`; "" when good, else what is wrong.
std::string trailing_options(const std::vector<std::string>& words, Command& out, std::vector<std::string>& rest) {
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        std::string err;
        if (w == "--json") out.json = true;
        else if (w == "--quiet") out.quiet = true;
        else if (w == "--no-wait") out.no_wait = true;
        else if (w == "--per-virtual") out.check.per_virtual = out.check_options = true;
        else if (w.rfind("--configfile=", 0) == 0) out.config = w.substr(13);
        else if (w == "--configfile") {
            if (i + 1 == words.size()) return "--configfile needs a file";
            out.config = words[++i];
        } else if (threshold_word(words, i, out, err)) {
            if (!err.empty()) return err;
        } else if (!w.empty() && w[0] == '-') return "unknown option " + w;
        else rest.push_back(w);
    }
    return {};
}

int refuse(int rc, const std::string& why) {
    if (!why.empty()) std::fprintf(stderr, "lvsctl: %s\n", why.c_str());
    print_usage(true);
    return rc;
}

}  // namespace

int parse_command(int argc, char** argv, Command& out) {
    enum { kJson = 1000, kShm, kVersion, kHelp, kNoWait, kPerVirtual, kConfig, kSettings, kQuiet };
    static const option kLong[] = {{"json", no_argument, nullptr, kJson},     {"shm", required_argument, nullptr, kShm},
                                   {"settings", required_argument, nullptr, kSettings},
                                   {"quiet", no_argument, nullptr, kQuiet},  {"no-wait", no_argument, nullptr, kNoWait},
                                   {"warning", required_argument, nullptr, 'w'},
                                   {"critical", required_argument, nullptr, 'c'},
                                   {"per-virtual", no_argument, nullptr, kPerVirtual},
                                   {"configfile", required_argument, nullptr, kConfig},
                                   {"version", no_argument, nullptr, kVersion}, {"help", no_argument, nullptr, kHelp},
                                   {nullptr, 0, nullptr, 0}};
    const int usage = usage_status(argc, argv);
    out.settings = config::kDefaultSettingsPath;
    optind = 0;  // 0: glibc starts afresh, also after a parse that stopped inside "-xyz"
    for (int c; (c = getopt_long(argc, argv, "+w:c:", kLong, nullptr)) != -1;) {
        std::string err;
        switch (c) {
            case kSettings: out.settings = optarg; out.settings_given = true; break;
            case kShm: out.shm = optarg; break;
            case kJson: out.json = true; break;
            case kQuiet: out.quiet = true; break;
            case kNoWait: out.no_wait = true; break;
            case 'w': case 'c': err = set_range(out, c == 'w', c == 'w' ? "-w" : "-c", optarg); break;
            case kPerVirtual: out.check.per_virtual = out.check_options = true; break;
            case kConfig: out.config = optarg; break;
            case kVersion: out.verb = Verb::Version; return -1;
            case kHelp: out.verb = Verb::Help; return -1;
            default: return refuse(usage, "");
        }
        if (!err.empty()) return refuse(usage, err);
    }
    std::vector<std::string> rest;
    if (auto err = trailing_options(std::vector<std::string>(argv + optind, argv + argc), out, rest); !err.empty())
        return refuse(usage, err);
    struct V { const char* name; Verb verb; bool target; };
    static const V kVerbs[] = {{"status", Verb::Status, false},     {"check", Verb::Check, false},
                               {"drain", Verb::Drain, true},        {"undrain", Verb::Undrain, true},
                               {"force-up", Verb::ForceUp, true},   {"reload", Verb::Reload, false},
                               {"switchover", Verb::Switchover, false}, {"sync", Verb::Sync, false}};
    const V* verb = nullptr;
    for (const auto& v : kVerbs)
        if (!rest.empty() && rest[0] == v.name) verb = &v;
    if (!rest.empty() && !verb) return refuse(usage, "unknown command " + rest[0]);
    if (verb) {
        out.verb = verb->verb;
        if (rest.size() != (verb->target ? 2u : 1u))
            return refuse(usage, std::string(verb->name) + (verb->target ? " needs one real server" : " takes no argument"));
        if (verb->target) out.target = rest[1];
    }
    if (out.check_options && out.verb != Verb::Check) return refuse(usage, "-w, -c and --per-virtual are for check only");
    return -1;
}

std::vector<const status::ServerView*> match_servers(const status::Snapshot& s, const std::string& target) {
    return status::match_servers(s, target);
}

namespace {

// The segment's name: --shm, else lvs.ini's [shm] name. `settings` gets
// lvs.ini's values (its [log] for the controls' log lines); with --shm an
// unreadable lvs.ini leaves them at their defaults.
std::string shm_name(const Command& cmd, config::Settings& settings, int& rc) {
    rc = -1;
    auto st = config::load_settings(cmd.settings, cmd.settings_given);
    if (st.ok()) settings = st->settings;
    if (!cmd.shm.empty()) return cmd.shm;
    if (!st.ok()) {
        std::fprintf(stderr, "lvsctl: %s\n", st.error().message().c_str());
        rc = kExitFailure;
        return {};
    }
    return settings.shm_name;
}

std::string who() {
    const uid_t uid = ::getuid();
    const passwd* pw = ::getpwuid(uid);
    return std::string(pw ? pw->pw_name : "?") + " (uid " + std::to_string(uid) + ")";
}

// Polls the table until `done` says yes or `limit` passes.
template <typename Pred>
bool wait_for(const shm::StatusTable& t, std::chrono::milliseconds limit, Pred done) {
    const auto end = std::chrono::steady_clock::now() + limit;
    do {
        if (done(status::read_snapshot(t))) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < end);
    return false;
}

status::Action action_of(Verb v) {
    switch (v) {
        case Verb::Drain: return status::Action::Drain;
        case Verb::Undrain: return status::Action::Undrain;
        case Verb::ForceUp: return status::Action::ForceUp;
        case Verb::Switchover: return status::Action::Switchover;
        default: return status::Action::Reload;
    }
}

// Waits for the plan to show, then says what the table shows.
int confirm_server(const status::ControlPlan& p, const shm::StatusTable& t) {
    const bool ok = wait_for(t, status::confirm_limit(p), [&](const status::Snapshot& n) {
        return status::confirm(p, n) == status::Confirmation::Done;
    });
    const auto now = status::read_snapshot(t);
    for (const auto& x : now.servers)
        if (x.slot == p.slot)
            std::printf("%s: %s, %s\n", p.subject.c_str(), shm::to_string(x.rs.state),
                        x.dest.kernel_weight < 0 ? "not in the IPVS table"
                                                 : ("weight " + std::to_string(x.dest.kernel_weight) + " in the IPVS table").c_str());
    if (!ok) std::fprintf(stderr, "lvsctl: %s: not confirmed within 3 s\n", p.subject.c_str());
    return ok ? kExitOk : kExitFailure;
}

// Through the shared controls (common/status/control.h), which log who
// asked; then, unless --no-wait, until the table shows the change.
int run_control(const Command& cmd, const shm::StatusTable& t, const status::Snapshot& s) {
    using status::ControlOutcome;
    const auto p = status::request_control(action_of(cmd.verb), cmd.target, s, who(), status::system_signal());
    switch (p.outcome) {
        case ControlOutcome::Requested: break;
        case ControlOutcome::NoSuchServer: case ControlOutcome::Ambiguous:
            return std::fprintf(stderr, "lvsctl: %s\n", status::describe_failure(p).c_str()), kExitUsage;
        default: return std::fprintf(stderr, "lvsctl: %s\n", status::describe_failure(p).c_str()), kExitFailure;
    }
    if (status::targets_server(p.action)) return cmd.no_wait ? kExitOk : confirm_server(p, t);
    if (p.action == status::Action::Reload && (cmd.no_wait || !p.lvsd_present)) return std::puts("reload requested"), kExitOk;
    if (cmd.no_wait) return std::puts("switchover requested"), kExitOk;
    status::Confirmation c = status::Confirmation::Pending;
    wait_for(t, status::confirm_limit(p), [&](const status::Snapshot& n) {
        return (c = status::confirm(p, n)) != status::Confirmation::Pending;
    });
    if (p.action == status::Action::Switchover) {
        if (c != status::Confirmation::Done)
            return std::fputs("lvsctl: the partner did not take over; this router keeps the service\n", stderr), kExitFailure;
        return std::puts("switchover complete: the partner is active"), kExitOk;
    }
    if (c == status::Confirmation::Pending) return std::fputs("lvsctl: reload not confirmed within 5 s\n", stderr), kExitFailure;
    if (c == status::Confirmation::Refused)
        return std::fputs("lvsctl: reload refused (see the log); the running configuration stays\n", stderr), kExitConfig;
    return std::puts("configuration reloaded"), kExitOk;
}

}  // namespace

namespace {

int report(const Command& cmd, const status::Report& r) {
    if (!cmd.quiet) std::fputs(r.text.c_str(), stdout);
    return static_cast<int>(r.state);
}

// check: a monitoring plugin. What keeps lvsctl from reading the status is
// UNKNOWN; no segment at all is CRITICAL: pulse and lvsd remove it when
// they stop (and pulse re-creates it within a second if it goes), so
// neither runs.
int run_check(const Command& cmd) {
    using status::PluginState;
    std::string name = cmd.shm;
    if (name.empty()) {
        auto st = config::load_settings(cmd.settings, cmd.settings_given);
        if (!st.ok()) return report(cmd, status::plain_report(PluginState::Unknown, "cannot read the settings: " + st.error().message()));
        name = st->settings.shm_name;
    }
    auto t = shm::StatusTable::open(name, shm::StatusTable::Access::ReadOnly);
    if (t.ok()) return report(cmd, status::check_report(status::read_snapshot(**t), cmd.check));
    const Error& e = t.error();
    if (e.code == ErrorCode::NotFound)
        return report(cmd, status::plain_report(PluginState::Critical, "no status segment /dev/shm/" + name +
                                                                           ": neither pulse nor lvsd is running"));
    std::string why = "cannot read the status: " + e.message();
    if (e.code == ErrorCode::Permission) why += " (run as root or as a member of the [shm] group in lvs.ini)";
    if (e.code == ErrorCode::Layout) why += " (lvsctl is not of the running daemons' version)";
    return report(cmd, status::plain_report(PluginState::Unknown, why));
}

}  // namespace

namespace {

// sync: lvs.cf to the partner's lvsweb (common/sync/sync.h); its answer
// printed: the digest it installed and what changed there, or why it
// refused.
int run_sync(const Command& cmd) {
    auto st = config::load_settings(cmd.settings, cmd.settings_given);
    if (!st.ok()) return std::fprintf(stderr, "lvsctl: %s\n", st.error().message().c_str()), kExitFailure;
    config::print_diagnostics(st->diagnostics);
    if (!st->ok()) return kExitConfig;
    log::set_tag("lvsctl");
    log::set_level(st->settings.log_level);
    log::use_syslog(log::facility_from_name(st->settings.log_facility));
    const auto r = sync::sync_to_partner(cmd.config, st->settings);
    const char* to = r.peer.empty() ? "the partner" : r.peer.c_str();
    switch (r.outcome) {
        case sync::PushOutcome::Installed:
            LVS_LOG_NOTICE("lvs.cf sent to %s by %s: installed, digest %s", to, who().c_str(), hb::to_hex(r.digest).c_str());
            std::printf("lvs.cf installed on %s (digest %s)%s%s\n", to, hb::to_hex(r.digest).c_str(),
                        r.message.empty() ? "" : ": ", r.message.c_str());
            for (const auto& line : r.changes) {
                LVS_LOG_NOTICE("lvs.cf on %s: %s (by %s)", to, line.c_str(), who().c_str());
                std::printf("  %s\n", line.c_str());
            }
            return r.message.empty() ? kExitOk : kExitFailure;
        case sync::PushOutcome::Refused:
            LVS_LOG_WARN("lvs.cf sent to %s by %s: refused", to, who().c_str());
            std::fprintf(stderr, "lvsctl: %s refused lvs.cf: %s\n", to, r.message.c_str());
            return kExitConfig;
        case sync::PushOutcome::Failed: break;
    }
    std::fprintf(stderr, "lvsctl: sync to %s failed: %s\n", to, r.message.c_str());
    return r.invalid_here ? kExitConfig : kExitFailure;
}

}  // namespace

int run(const Command& cmd) {
    if (cmd.verb == Verb::Help) return print_usage(false), kExitOk;
    if (cmd.verb == Verb::Version) return std::puts("lvsctl 2.0 (lvs suite)"), kExitOk;
    if (cmd.verb == Verb::Check) return run_check(cmd);
    const bool control = cmd.verb != Verb::Status;
    if (control && ::geteuid() != 0) return std::fputs("lvsctl: only root may change the routers\n", stderr), kExitPermission;
    if (cmd.verb == Verb::Sync) return run_sync(cmd);
    int rc = -1;
    config::Settings settings;
    const std::string name = shm_name(cmd, settings, rc);
    if (rc >= 0) return rc;
    auto t = shm::StatusTable::open(name, shm::StatusTable::Access::ReadOnly);
    if (!t.ok()) {
        const ErrorCode code = t.error().code;
        std::fprintf(stderr, "lvsctl: %s%s\n", t.error().message().c_str(),
                     code == ErrorCode::NotFound     ? " (is pulse or lvsd running?)"
                     : code == ErrorCode::Permission ? " (run as root or as a member of the [shm] group in lvs.ini)"
                                                     : "");
        return code == ErrorCode::Layout ? kExitConfig : code == ErrorCode::Permission ? kExitPermission : kExitFailure;
    }
    const auto snap = status::read_snapshot(**t);
    if (control) {  // who changed what, to syslog with lvs.ini's [log] facility and level
        log::set_tag("lvsctl");
        log::set_level(settings.log_level);
        log::use_syslog(log::facility_from_name(settings.log_facility));
    }
    switch (cmd.verb) {
        case Verb::Status:
            std::fputs((cmd.json ? status::render_json(snap) : status::render_table(snap)).c_str(), stdout);
            return kExitOk;
        case Verb::Drain: case Verb::Undrain: case Verb::ForceUp:
        case Verb::Reload: case Verb::Switchover: return run_control(cmd, **t, snap);
        default: return kExitUsage;
    }
}

}  // namespace lvs::lvsctl
