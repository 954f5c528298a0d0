#pragma once

#include "app/capture_model.hpp"
#include "app/frame_log.hpp"
#include "app/frame_reader.hpp"
#include "app/ui_state.hpp"
#include "style/fonts.hpp"
#include "style/theme.hpp"

namespace mailscope::gui {

struct WorkerProgress;
class LiveCapture;
struct LiveSnapshot;

// What every view gets for one frame: the model to read (never to change), the frames' bytes,
// the shared UI state it may change, requests for the app, and the look.
struct ViewContext {
  const CaptureModel& model;
  FrameAccess frames;
  UiState& ui;
  AppRequests& requests;
  const Palette& palette;
  const FontSet& fonts;
  FrameLog& log;
  double progress = 0;                       // of the running analysis, 0..1
  LiveCapture* live = nullptr;               // the Live panel's capture (views/live_view.*)
  const LiveSnapshot* live_state = nullptr;  // its counters for this frame
  // The comparison's other capture (views/compare_view.*), read under its own lock; nullptr
  // while no comparison is shown.
  const CaptureModel* second_model = nullptr;
  std::uint64_t second_capture_serial = 0;
};

}  // namespace mailscope::gui
