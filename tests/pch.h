// SPDX-License-Identifier: GPL-2.0-or-later
// The unit tests' precompiled header. The Makefile compiles it once per
// build folder, with the test objects' own flags, and hands it to each of
// them with -include: GoogleTest and the standard headers most tests use
// are then parsed once, not once per test file. A test still includes what
// it uses; this only makes that cheaper.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>
