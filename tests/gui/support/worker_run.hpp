#pragma once

#include <chrono>
#include <string>
#include <thread>

#include "app/analysis_worker.hpp"

namespace mailscope::gui::testing {

// Waits until the worker's analysis is over (or `timeout` passes); returns the final state.
inline AnalysisState wait_until_analysed(const AnalysisWorker& worker,
                                         std::chrono::seconds timeout = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    {
      auto lock = worker.lock();
      if (worker.model().state != AnalysisState::kRunning) return worker.model().state;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return AnalysisState::kRunning;
}

}  // namespace mailscope::gui::testing
