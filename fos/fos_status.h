// SPDX-License-Identifier: GPL-2.0-or-later
// fos's record in pulse's status segment: the state of every failover
// service, which `lvsctl check` judges in FOS mode (lvsctl(8)). fos is its
// one writer.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/shm/status_table.h"
#include "fos/fos_core.h"

namespace lvs::fos {

class FosStatus {
public:
    explicit FosStatus(std::string shm_name) : name_(std::move(shm_name)) {}
    // Writes the record, attaching to the segment first if needed.
    void publish(Mode mode, const std::vector<ServiceStatus>& services);
    // Every second: a segment pulse created again is attached to and
    // written; one that is not there yet is looked for.
    void check();
    // At exit: no fos writes any more (pid 0).
    void clear();

private:
    bool attach();
    std::string name_;
    std::unique_ptr<shm::StatusTable> table_;
    shm::FosRecord rec_{};
    bool have_rec_ = false;
    bool missing_logged_ = false;
};

}  // namespace lvs::fos
