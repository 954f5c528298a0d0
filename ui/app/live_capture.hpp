#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/analysis_worker.hpp"
#include "capture/live_source.hpp"

namespace mailscope::gui {

// A source opened for a live capture, and how to ask it for the kernel's counters (pcap_stats).
// `stats` is only ever called on the analysis thread, which also reads the source.
struct OpenedLiveSource {
  std::unique_ptr<PacketSource> source;
  std::function<LiveStats()> stats;
};
// Opens what the panel asked for; throws CaptureError with one sentence. Tests pass their own.
using LiveOpener = std::function<OpenedLiveSource(const LiveOptions&)>;
OpenedLiveSource open_live_interface(const LiveOptions& options);

// The path of the running binary (/proc/self/exe), for the setcap line.
std::string running_binary_path();
// The one sentence a user without the right to capture gets, naming this binary.
std::string permission_message(const std::string& interface, const std::string& binary);
// LiveSource's errors as the panel shows them: the permission one names `binary`.
std::string explain_live_error(const std::string& error, const std::string& interface,
                               const std::string& binary);

// What the analysis thread publishes while it reads a live source (the panel's counters).
struct LiveCounters {
  std::atomic<std::uint64_t> packets{0};
  std::atomic<std::uint64_t> bytes{0};  // captured bytes, as written to the pcapng file
  std::atomic<std::uint64_t> kernel_drops{0};
  std::atomic<std::uint64_t> interface_drops{0};
  std::atomic<bool> ended{false};
  std::atomic<double> seconds{0};  // from start to the end, set when it ended
};

enum class LiveStatus : std::uint8_t { kIdle, kRunning, kStopped, kFailed };

// What the Live panel shows and asks for. The panel (ui/views/live_view.*) writes the fields
// and the requests; LiveCapture::carry_out acts on them between two frames.
struct LivePanelState {
  bool open = false;
  std::vector<InterfaceInfo> interfaces;
  bool interfaces_listed = false;
  std::string interface;
  std::string filter = default_mail_filter();
  std::string save_path;
  // Requests, carried out between frames (starting waits for the previous analysis thread).
  bool start_requested = false;
  bool stop_requested = false;
  bool save_requested = false;
  bool refresh_requested = false;
};

// A snapshot for one frame.
struct LiveSnapshot {
  LiveStatus status = LiveStatus::kIdle;
  std::string interface;  // of the capture started last
  std::string filter;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t sessions = 0;
  std::uint64_t kernel_drops = 0;
  std::uint64_t interface_drops = 0;
  double seconds = 0;
  bool can_save = false;  // a stopped capture whose recording is still here
  std::string error;      // why the last start failed (no interface, no permission, filter)
  std::string message;    // what the last save did
  bool message_is_error = false;
  std::string permission_command;  // the setcap line, when the error is about permission
};

// Live capture in the GUI: opens the interface (on the UI thread, so an error is in the panel at
// once), records every packet into a temporary pcapng file and hands the source to the
// AnalysisWorker as one more PacketSource: sessions, conversation and findings fill in as
// packets arrive, and the UI never waits for the capture. Stop sets the worker's cancel flag,
// which is the source's LiveOptions::stop.
class LiveCapture {
 public:
  explicit LiveCapture(LiveOpener opener = open_live_interface,
                       std::string binary = running_binary_path());
  ~LiveCapture();
  LiveCapture(const LiveCapture&) = delete;
  LiveCapture& operator=(const LiveCapture&) = delete;

  LivePanelState& panel() { return panel_; }
  const LivePanelState& panel() const { return panel_; }

  // Between frames, outside the model lock: start, stop, save, list the interfaces.
  void carry_out(AnalysisWorker& worker);
  // Under the model lock (sessions are counted from the model).
  LiveSnapshot snapshot(const AnalysisWorker& worker, const CaptureModel& model) const;
  // The worker shows this capture and it still reads packets (takes the model lock: call it
  // outside a frame).
  bool running(const AnalysisWorker& worker) const;

  // Direct calls (the requests end up here; tests call them too). Start returns false and keeps
  // the error when the interface cannot be opened; `duration` ends it by itself.
  bool start(AnalysisWorker& worker, std::optional<std::chrono::seconds> duration = {});
  void stop(AnalysisWorker& worker);
  bool save(const std::string& path);
  void list_interfaces_now();
  // The file the capture records into (empty before the first start).
  std::string recording_path() const;

 private:
  struct Recording;

  LiveOpener opener_;
  std::string binary_;
  LivePanelState panel_;
  std::shared_ptr<Recording> recording_;  // also kept alive by the worker's input
  std::shared_ptr<LiveCounters> counters_;
  std::uint64_t serial_ = 0;  // the worker's capture serial of this capture
  std::string started_interface_;
  std::string started_filter_;
  std::chrono::steady_clock::time_point started_at_{};
  std::string error_;
  std::string permission_command_;
  std::string message_;
  bool message_is_error_ = false;
  int starts_ = 0;
};

}  // namespace mailscope::gui
