// SPDX-License-Identifier: GPL-2.0-or-later
// FakeBirdControl: records every fragment it is asked to apply and answers
// with the results the test sets.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pulse/bird_control.h"

namespace lvs::pulse {

class FakeBirdControl final : public BirdControl {
public:
    Result<void> apply(const std::string& fragment) override {
        applied.push_back(fragment);
        if (apply_error) return *apply_error;
        return {};
    }
    Result<BirdStatus> status() override {
        ++status_calls;
        if (status_error) return *status_error;
        return next_status;
    }

    std::vector<std::string> applied;
    std::optional<Error> apply_error;
    BirdStatus next_status;
    std::optional<Error> status_error;
    int status_calls = 0;
};

}  // namespace lvs::pulse
