#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "app/capture_input.hpp"
#include "app/capture_model.hpp"
#include "app/frame_reader.hpp"
#include "app/model_lock.hpp"

namespace mailscope::gui {

struct WorkerSettings {
  std::uint64_t packet_byte_budget = PacketStore::kDefaultByteBudget;
  // Tests only: a pause after every progress report (8192 packets), so that a test can watch
  // the progress bar and press Cancel on a capture small enough to keep in the repository.
  std::chrono::milliseconds pause_per_progress{0};
};

// Lock-free progress of the running analysis, for the progress bar.
struct WorkerProgress {
  double fraction = 0;  // of the file read, 0..1
  std::uint64_t packets = 0;
};

// Owns the data of the open capture (Tracy's worker, without the god-class): runs
// mailscope::analyze() on a thread of its own, which writes into the CaptureModel through a
// ModelRecorder. The UI thread takes lock() for the length of a frame and reads model(); the
// analysis hands the lock over as soon as the UI asks (ModelLock), so the window keeps drawing.
class AnalysisWorker {
 public:
  explicit AnalysisWorker(WorkerSettings settings = {});
  ~AnalysisWorker();
  AnalysisWorker(const AnalysisWorker&) = delete;
  AnalysisWorker& operator=(const AnalysisWorker&) = delete;

  // Stops the running analysis (if any) and starts on `input` with an empty model.
  void open(CaptureInput input);
  // Shows `message` as the reason nothing could be opened (e.g. the tour could not be set up).
  void fail(std::string display_name, std::string message);
  // Asks the analysis to stop; what was read so far stays.
  void cancel() { cancel_.store(true); }
  // What cancel() sets: a live source stops on it (LiveOptions::stop). Reset by open().
  const std::atomic<bool>* cancel_flag() const { return &cancel_; }

  [[nodiscard]] std::unique_lock<std::mutex> lock() const { return model_lock_.for_reading(); }
  const CaptureModel& model() const { return *model_; }  // only while holding lock()
  FrameAccess frames() const { return FrameAccess(model_->packets, reader_.get()); }
  WorkerProgress progress() const;
  // Changes with every open(): the UI resets its selection when it does.
  std::uint64_t capture_serial() const { return serial_.load(); }
  const CaptureInput& input() const { return input_; }

 private:
  void run(std::stop_token stop);
  void stop_running();

  WorkerSettings settings_;
  mutable ModelLock model_lock_;
  std::unique_ptr<CaptureModel> model_;
  std::unique_ptr<FrameReader> reader_;
  CaptureInput input_;
  std::atomic<bool> cancel_{false};
  std::atomic<double> fraction_{0};
  std::atomic<std::uint64_t> packets_{0};
  std::atomic<std::uint64_t> serial_{0};
  std::jthread thread_;  // last: joined first
};

}  // namespace mailscope::gui
