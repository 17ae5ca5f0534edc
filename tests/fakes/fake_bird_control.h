// SPDX-License-Identifier: GPL-2.0-or-later
// FakeBirdControl: records every fragment it is asked to apply and answers
// with the results the test sets, at once or, with `hold`, when the test
// calls finish_apply() / finish_status() (a birdc still running).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pulse/bird_control.h"

namespace lvs::pulse {

class FakeBirdControl final : public BirdControl {
public:
    void apply(const std::string& fragment, Applied done) override {
        applied.push_back(fragment);
        held_apply = std::move(done);
        if (!hold_apply) finish_apply();
    }
    void status(Polled done) override {
        ++status_calls;
        held_status = std::move(done);
        if (!hold_status) finish_status();
    }
    void set_paths(BirdPaths p) override { paths.push_back(std::move(p)); }

    // Answers the request held, if any, with apply_error / status_error or
    // success; true if there was one.
    bool finish_apply() {
        if (!held_apply) return false;
        Applied done = std::move(held_apply);
        held_apply = nullptr;
        if (apply_error) done(*apply_error);
        else done(Result<void>{});
        return true;
    }
    bool finish_status() {
        if (!held_status) return false;
        Polled done = std::move(held_status);
        held_status = nullptr;
        if (status_error) done(*status_error);
        else done(next_status);
        return true;
    }

    std::vector<std::string> applied;
    std::optional<Error> apply_error;
    BirdStatus next_status;
    std::optional<Error> status_error;
    int status_calls = 0;
    bool hold_apply = false;
    bool hold_status = false;
    Applied held_apply;
    Polled held_status;
    std::vector<BirdPaths> paths;  // set_paths calls
};

}  // namespace lvs::pulse
