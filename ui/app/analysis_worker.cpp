#include "app/analysis_worker.hpp"

#include "analysis/analyzer.hpp"
#include "app/model_recorder.hpp"
#include "capture/packet_source.hpp"

namespace mailscope::gui {
namespace {

// A live source waits for packets: the model lock must not stay held meanwhile, or the UI
// would wait with it. Hands the lock over before every read (live rates make that cheap).
class LockReleasingSource final : public PacketSource {
 public:
  LockReleasingSource(PacketSource& inner, ModelLock& lock) : inner_(inner), lock_(lock) {}
  bool next(Packet& packet) override {
    lock_.release();
    return inner_.next(packet);
  }
  std::string name() const override { return inner_.name(); }
  std::string format() const override { return inner_.format(); }
  std::string link_types() const override { return inner_.link_types(); }
  const std::vector<std::string>& warnings() const override { return inner_.warnings(); }

 private:
  PacketSource& inner_;
  ModelLock& lock_;
};

}  // namespace

AnalysisWorker::AnalysisWorker(WorkerSettings settings)
    : settings_(settings), model_(std::make_unique<CaptureModel>(settings.packet_byte_budget)) {}

AnalysisWorker::~AnalysisWorker() {
  stop_running();
}

void AnalysisWorker::stop_running() {
  if (!thread_.joinable()) return;
  cancel_.store(true);
  thread_.request_stop();
  thread_.join();  // the analysis checks `cancel_` every few thousand packets
}

void AnalysisWorker::open(CaptureInput input) {
  stop_running();
  auto model = std::make_unique<CaptureModel>(settings_.packet_byte_budget);
  model->display_name = input.display_name;
  model->path = input.path;
  model->state = AnalysisState::kRunning;
  {
    auto guard = model_lock_.for_reading();  // no analysis runs: only the UI could be reading
    model_ = std::move(model);
    reader_ = std::make_unique<FrameReader>(input.path, input.keep_alive);
    input_ = std::move(input);
  }
  cancel_.store(false);
  fraction_.store(0);
  packets_.store(0);
  ++serial_;
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void AnalysisWorker::fail(std::string display_name, std::string message) {
  stop_running();
  auto model = std::make_unique<CaptureModel>(settings_.packet_byte_budget);
  model->display_name = std::move(display_name);
  model->state = AnalysisState::kFailed;
  model->error = std::move(message);
  auto guard = model_lock_.for_reading();
  model_ = std::move(model);
  reader_.reset();
  input_ = {};
  ++serial_;
}

WorkerProgress AnalysisWorker::progress() const {
  return {fraction_.load(), packets_.load()};
}

void AnalysisWorker::run(std::stop_token stop) {
  // `model_` and `input_` are only replaced after this thread has been joined.
  CaptureModel& model = *model_;
  std::string error;
  try {
    std::unique_ptr<PacketSource> opened;
    std::unique_ptr<PacketSource> releasing;
    PacketSource* source = input_.source.get();
    if (source && input_.live) {
      releasing = std::make_unique<LockReleasingSource>(*source, model_lock_);
      source = releasing.get();
    } else if (!source) {
      opened = open_capture_file(input_.path);
      source = opened.get();
    }
    ModelRecorder recorder(model, model_lock_);
    AnalysisOptions options;
    options.cancel = &cancel_;
    options.on_progress = [this, &stop](const AnalysisProgress& p) {
      model_lock_.release();  // between two changes: a good moment, and before any pause
      if (p.bytes_total > 0) {
        fraction_.store(static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total));
      }
      packets_.store(p.packets);
      if (settings_.pause_per_progress.count() > 0 && !stop.stop_requested()) {
        std::this_thread::sleep_for(settings_.pause_per_progress);
      }
    };
    analyze(*source, recorder, options);
    model_lock_.release();
  } catch (const CaptureError& e) {
    error = e.what();
  } catch (const std::exception& e) {
    error = std::string("the analysis stopped: ") + e.what();
  }
  // A capture that is not a file of ours shows its own name, not /proc/self/fd/N.
  if (input_.bundled_tour && error.starts_with(input_.path)) {
    error.replace(0, input_.path.size(), input_.display_name);
  }
  model_lock_.before_change();
  if (!error.empty()) {
    model.state = AnalysisState::kFailed;
    model.error = std::move(error);
  } else {
    // Stopping a live capture is its normal end, not a cancelled reading.
    model.state = cancel_.load() && !input_.live ? AnalysisState::kCancelled : AnalysisState::kDone;
    fraction_.store(1.0);
  }
  ++model.generation;
  model_lock_.release();
}

}  // namespace mailscope::gui
