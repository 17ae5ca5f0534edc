// SPDX-License-Identifier: GPL-2.0-or-later
// Recording fakes of pulse's adapters, and PulsePorts made of them: every
// address change, announcement, heartbeat sent, hand-over and child
// operation is kept for the test to read.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pulse/pulse_app.h"
#include "tests/fakes/fake_bird_control.h"
#include "tests/fakes/fake_child_ports.h"
#include "tests/fakes/fake_ipvs_client.h"

namespace lvs::pulse {

class FakeAddressManager final : public net::AddressManager {
public:
    Status add(const net::FloatingAddress& a) override { return log.push_back("add " + a.addr.to_string()), Status{}; }
    Status remove(const net::FloatingAddress& a) override {
        return log.push_back("remove " + a.addr.to_string()), Status{};
    }
    Result<bool> present(const net::FloatingAddress& a) override {
        for (const auto& s : stale)
            if (s == a.addr.to_string()) return true;
        return false;
    }
    std::vector<std::string> log;
    std::vector<std::string> stale;  // present at start
};

class FakeAnnouncer final : public Announcer {
public:
    Status announce(const std::string& device, const IpAddress& addr) override {
        return log.push_back(device + " " + addr.to_string()), Status{};
    }
    std::vector<std::string> log;
};

class FakeSyncPorts final : public SyncPorts {
public:
    ipvs::IpvsClient* ipvs() override { return &client; }
    std::string conn_table() override { return table; }
    Result<std::size_t> send(const std::string& iface, const std::vector<std::vector<std::uint8_t>>& msgs) override {
        sends.push_back(iface);
        std::size_t n = 0;
        for (const auto& m : msgs) n += m[4];
        return n;
    }
    ipvs::FakeIpvsClient client;
    std::string table;
    std::vector<std::string> sends;
};

class FakePeerLink final : public PeerLink {
public:
    explicit FakePeerLink(std::vector<std::vector<std::uint8_t>>& sent) : sent_(sent) {}
    void send(std::span<const std::uint8_t> bytes) override { sent_.emplace_back(bytes.begin(), bytes.end()); }
    std::uint64_t send_errors() const override { return 0; }

private:
    std::vector<std::vector<std::uint8_t>>& sent_;
};

// Link states the test sets; its callbacks are the shell's, for the test
// to ring. No descriptor: nothing to watch.
class FakeLinkMonitor final : public net::LinkMonitor {
public:
    int fd() const override { return -1; }
    void dispatch() override {}
    bool is_up(const std::string& ifname) const override { return down.count(ifname) == 0; }
    std::set<std::string> down;
    Changed changed;
    AddressRemoved removed;
};

// The fakes, reachable after their ownership went into PulsePorts.
struct FakePulseRig {
    FakeAddressManager* addresses = nullptr;
    FakeAnnouncer* announcer = nullptr;
    FakeSyncPorts* sync = nullptr;
    proc::FakeChildPorts* children = nullptr;
    std::vector<std::vector<std::uint8_t>> sent;  // heartbeats on the wire
    std::vector<std::string> notices;             // what systemd was told
    PeerPaths paths;
    std::uint64_t boot = 0xb00700000000000aull;  // the heartbeat boot nonce ports() hands out
    // redundancy = ecmp: BIRD, this host's addresses, and (with_links) a
    // link monitor.
    FakeBirdControl* bird = nullptr;
    std::vector<BirdPaths> bird_paths;  // what BIRD was made with
    std::vector<net::InterfaceAddress> interfaces;
    std::vector<std::string> sysctls;       // "name=value" per write
    std::optional<Error> sysctl_error;      // every write fails with it
    bool with_links = false;
    FakeLinkMonitor* links = nullptr;

    PulsePorts ports() {
        PulsePorts p;
        auto a = std::make_unique<FakeAddressManager>();
        addresses = a.get();
        p.addresses = std::move(a);
        auto n = std::make_unique<FakeAnnouncer>();
        announcer = n.get();
        p.announcer = std::move(n);
        auto s = std::make_unique<FakeSyncPorts>();
        sync = s.get();
        p.sync = std::move(s);
        p.children = [this](std::function<void()> alarm) {
            auto c = std::make_unique<proc::FakeChildPorts>();
            c->wired = std::move(alarm);
            children = c.get();
            return c;
        };
        p.boot_nonce = boot;
        p.notify = [this](const std::string& m) { notices.push_back(m); };
        p.peer_link = [this](const PeerPaths& pp, PeerLink::Receive) -> Result<std::unique_ptr<PeerLink>> {
            paths = pp;
            return std::unique_ptr<PeerLink>(std::make_unique<FakePeerLink>(sent));
        };
        p.bird = [this](const BirdPaths& bp) {
            auto b = std::make_unique<FakeBirdControl>();
            bird = b.get();
            bird_paths.push_back(bp);
            return std::unique_ptr<BirdControl>(std::move(b));
        };
        p.interfaces = [this] { return interfaces; };
        p.sysctl = [this](const std::string& name, const std::string& value) -> Result<void> {
            if (sysctl_error) return *sysctl_error;
            sysctls.push_back(name + "=" + value);
            return {};
        };
        if (with_links)
            p.link_monitor = [this](net::LinkMonitor::Changed c, net::LinkMonitor::AddressRemoved r)
                -> Result<std::unique_ptr<net::LinkMonitor>> {
                auto m = std::make_unique<FakeLinkMonitor>();
                m->changed = std::move(c);
                m->removed = std::move(r);
                links = m.get();
                return std::unique_ptr<net::LinkMonitor>(std::move(m));
            };
        return p;
    }
};

}  // namespace lvs::pulse
