#include "app/live_capture.hpp"

#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <optional>
#include <system_error>

#include "capture/packet_source.hpp"
#include "capture/pcapng_writer.hpp"

namespace mailscope::gui {
namespace {

namespace fs = std::filesystem;

using Clock = std::chrono::steady_clock;

constexpr auto kStatsEvery = std::chrono::milliseconds(250);

// Passes the live source's packets on to the analysis, writes each into the recording and
// counts them for the panel; asks the kernel for its drop counters a few times a second.
class RecordingFeed final : public PacketSource {
 public:
  RecordingFeed(OpenedLiveSource opened, std::unique_ptr<PcapngWriter> writer,
                std::shared_ptr<LiveCounters> counters)
      : opened_(std::move(opened)),
        writer_(std::move(writer)),
        counters_(std::move(counters)),
        started_(Clock::now()),
        last_stats_(started_) {}

  bool next(Packet& packet) override {
    if (!opened_.source->next(packet)) {
      writer_->flush();
      publish_stats();
      counters_->seconds.store(std::chrono::duration<double>(Clock::now() - started_).count());
      counters_->ended.store(true);
      return false;
    }
    writer_->write(packet);
    counters_->packets.fetch_add(1, std::memory_order_relaxed);
    counters_->bytes.fetch_add(packet.data.size(), std::memory_order_relaxed);
    if (const auto now = Clock::now(); now - last_stats_ >= kStatsEvery) {
      last_stats_ = now;
      writer_->flush();  // the frame reader may reopen the file for a frame not kept in memory
      publish_stats();
    }
    return true;
  }
  std::string name() const override { return opened_.source->name(); }
  std::string format() const override { return opened_.source->format(); }
  std::string link_types() const override { return opened_.source->link_types(); }
  const std::vector<std::string>& warnings() const override { return opened_.source->warnings(); }

 private:
  void publish_stats() {
    if (!opened_.stats) return;
    const LiveStats s = opened_.stats();
    counters_->kernel_drops.store(s.dropped_by_kernel);
    counters_->interface_drops.store(s.dropped_by_interface);
  }

  OpenedLiveSource opened_;
  std::unique_ptr<PcapngWriter> writer_;
  std::shared_ptr<LiveCounters> counters_;
  Clock::time_point started_;
  Clock::time_point last_stats_;
};

std::string default_save_path(const std::string& interface) {
  const char* home = std::getenv("HOME");
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  fs::path dir = home && *home ? fs::path(home) : fs::current_path();
  return (dir / ("mailscope-live-" + interface + "-" + stamp + ".pcapng")).string();
}

}  // namespace

// The temporary pcapng file a capture records into; removed when the last user lets go (the
// panel, for saving, and the worker's frame reader, which reopens it).
struct LiveCapture::Recording {
  std::string path;
  ~Recording() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

OpenedLiveSource open_live_interface(const LiveOptions& options) {
  auto source = std::make_unique<LiveSource>(options);
  LiveSource* live = source.get();
  return {std::move(source), [live] { return live->stats(); }};
}

std::string running_binary_path() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("<path to mailscope-gui>") : self.string();
}

std::string permission_message(const std::string& interface, const std::string& binary) {
  return "You have no permission to capture on " + interface +
         ". Nobody needs to run the GUI as root: let it capture once with `sudo setcap "
         "cap_net_raw,cap_net_admin=eip " +
         binary + "` (again after each rebuild), then press Start.";
}

std::string explain_live_error(const std::string& error, const std::string& interface,
                               const std::string& binary) {
  if (error.starts_with("no permission")) return permission_message(interface, binary);
  return error;
}

LiveCapture::LiveCapture(LiveOpener opener, std::string binary)
    : opener_(std::move(opener)), binary_(std::move(binary)) {}

LiveCapture::~LiveCapture() = default;

void LiveCapture::list_interfaces_now() {
  panel_.interfaces = mailscope::list_interfaces();
  panel_.interfaces_listed = true;
  if (panel_.interface.empty() && !panel_.interfaces.empty()) {
    // The first interface that is up and not the loopback; else the first one.
    panel_.interface = panel_.interfaces.front().name;
    for (const InterfaceInfo& i : panel_.interfaces) {
      if (i.up && !i.loopback && i.name != "any") {
        panel_.interface = i.name;
        break;
      }
    }
  }
}

bool LiveCapture::start(AnalysisWorker& worker, std::optional<std::chrono::seconds> duration) {
  error_.clear();
  permission_command_.clear();
  message_.clear();
  if (panel_.interface.empty()) {
    error_ = "Choose an interface to capture on.";
    return false;
  }
  LiveOptions options;
  options.interface = panel_.interface;
  options.filter = panel_.filter;
  options.duration = duration;
  options.stop = worker.cancel_flag();  // reset to false by open(), before the first read
  auto recording = std::make_shared<Recording>();
  recording->path = (fs::temp_directory_path() / ("mailscope-gui-live-" + std::to_string(getpid()) +
                                                  "-" + std::to_string(++starts_) + ".pcapng"))
                        .string();
  std::shared_ptr<PacketSource> feed;
  auto counters = std::make_shared<LiveCounters>();
  try {
    OpenedLiveSource opened = opener_(options);
    auto writer = std::make_unique<PcapngWriter>(recording->path, options.interface);
    feed = std::make_shared<RecordingFeed>(std::move(opened), std::move(writer), counters);
  } catch (const CaptureError& e) {
    error_ = explain_live_error(e.what(), options.interface, binary_);
    if (std::string(e.what()).starts_with("no permission")) {
      permission_command_ = "sudo setcap cap_net_raw,cap_net_admin=eip " + binary_;
    }
    return false;
  }
  CaptureInput input;
  input.path = recording->path;
  input.display_name = "live capture on " + options.interface;
  input.keep_alive = recording;
  input.source = std::move(feed);
  input.live = true;
  worker.open(std::move(input));
  serial_ = worker.capture_serial();
  recording_ = std::move(recording);
  counters_ = std::move(counters);
  started_interface_ = options.interface;
  started_filter_ = options.filter;
  started_at_ = Clock::now();
  if (panel_.save_path.empty() || panel_.save_path.find("mailscope-live-") != std::string::npos) {
    panel_.save_path = default_save_path(options.interface);
  }
  return true;
}

void LiveCapture::stop(AnalysisWorker& worker) {
  if (running(worker)) worker.cancel();
}

bool LiveCapture::running(const AnalysisWorker& worker) const {
  if (!counters_ || serial_ != worker.capture_serial() || counters_->ended.load()) return false;
  auto lock = worker.lock();  // an analysis that failed on the way never reads to the end
  return worker.model().state == AnalysisState::kRunning;
}

bool LiveCapture::save(const std::string& path) {
  message_is_error_ = true;
  if (!recording_) {
    message_ = "Nothing captured yet.";
    return false;
  }
  if (counters_ && !counters_->ended.load()) {
    message_ = "Stop the capture first.";
    return false;
  }
  if (path.empty()) {
    message_ = "Type the path of the file to write.";
    return false;
  }
  std::error_code ec;
  fs::copy_file(recording_->path, path, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    message_ = "Cannot write " + path + ": " + ec.message();
    return false;
  }
  message_is_error_ = false;
  const std::uint64_t n = counters_ ? counters_->packets.load() : 0;
  message_ = "Saved " + std::to_string(n) + (n == 1 ? " packet to " : " packets to ") + path;
  return true;
}

std::string LiveCapture::recording_path() const {
  return recording_ ? recording_->path : std::string();
}

void LiveCapture::carry_out(AnalysisWorker& worker) {
  LivePanelState& p = panel_;
  if (p.refresh_requested || (p.open && !p.interfaces_listed)) list_interfaces_now();
  p.refresh_requested = false;
  if (p.stop_requested) stop(worker);
  p.stop_requested = false;
  if (p.start_requested && !running(worker)) start(worker);
  p.start_requested = false;
  if (p.save_requested) save(p.save_path);
  p.save_requested = false;
}

LiveSnapshot LiveCapture::snapshot(const AnalysisWorker& worker, const CaptureModel& model) const {
  LiveSnapshot s;
  s.error = error_;
  s.permission_command = permission_command_;
  s.message = message_;
  s.message_is_error = message_is_error_;
  s.interface = started_interface_;
  s.filter = started_filter_;
  if (!counters_) {
    s.status = error_.empty() ? LiveStatus::kIdle : LiveStatus::kFailed;
    return s;
  }
  // Ended: the source said so, or the analysis stopped without reading to the end (it failed).
  const bool ended = counters_->ended.load() ||
                     (serial_ == worker.capture_serial() && model.state != AnalysisState::kRunning);
  s.packets = counters_->packets.load();
  s.bytes = counters_->bytes.load();
  s.kernel_drops = counters_->kernel_drops.load();
  s.interface_drops = counters_->interface_drops.load();
  s.seconds = ended ? counters_->seconds.load()
                    : std::chrono::duration<double>(Clock::now() - started_at_).count();
  if (serial_ == worker.capture_serial()) s.sessions = model.sessions.size();
  s.can_save = counters_->ended.load() && recording_ != nullptr;  // the recording is complete
  if (!error_.empty()) {
    s.status = LiveStatus::kFailed;
  } else {
    s.status = ended ? LiveStatus::kStopped : LiveStatus::kRunning;
  }
  return s;
}

}  // namespace mailscope::gui
