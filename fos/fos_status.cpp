// SPDX-License-Identifier: GPL-2.0-or-later
// fos's status record: the segment is pulse's; fos attaches and writes.
#include "fos/fos_status.h"

#include <unistd.h>

#include "common/log/logger.h"

namespace lvs::fos {

bool FosStatus::attach() {
    if (table_ && !table_->is_stale()) return true;
    auto t = shm::StatusTable::open(name_);
    if (!t.ok()) {
        table_.reset();
        if (!missing_logged_)
            LVS_LOG_INFO("%s: lvsctl check cannot see the failover services until pulse creates it",
                         t.error().message().c_str());
        missing_logged_ = true;
        return false;
    }
    if (missing_logged_) LVS_LOG_INFO("status segment %s found: the failover services are shown", name_.c_str());
    missing_logged_ = false;
    table_ = std::move(*t);
    return true;
}

void FosStatus::publish(Mode mode, const std::vector<ServiceStatus>& services) {
    if (services.size() > shm::kMaxFosServices && !have_rec_)
        LVS_LOG_WARN("only the first %u failover services are in the status segment", shm::kMaxFosServices);
    rec_ = fos_record(static_cast<std::int32_t>(::getpid()), mode, services);
    have_rec_ = true;
    if (attach()) table_->fos().publish(rec_);
}

void FosStatus::check() {
    if (!have_rec_ || (table_ && !table_->is_stale())) return;
    if (attach()) table_->fos().publish(rec_);
}

void FosStatus::clear() {
    if (table_ && !table_->is_stale()) table_->fos().publish(shm::FosRecord{});
    table_.reset();
}

}  // namespace lvs::fos
