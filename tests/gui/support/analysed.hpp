#pragma once

#include <cstdint>
#include <string>

#include "app/analysis_worker.hpp"
#include "capture/packet_source.hpp"
#include "support/capture_truth.hpp"
#include "support/worker_run.hpp"

namespace mailscope::gui::testing {

// The analysis of a project capture ("captures/tour.pcapng"), as the GUI's worker builds it.
class Analysed {
 public:
  explicit Analysed(const std::string& capture) {
    worker_.open(file_input(source_path(capture)));
    state_ = wait_until_analysed(worker_);
  }
  const CaptureModel& model() const { return worker_.model(); }
  AnalysisState state() const { return state_; }
  // The index into model().sessions of session #`number`.
  std::size_t index(std::uint64_t number) const {
    return model().index_of(*model().session_by_number(number));
  }

 private:
  AnalysisWorker worker_;
  AnalysisState state_ = AnalysisState::kRunning;
};

}  // namespace mailscope::gui::testing
