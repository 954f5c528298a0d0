#pragma once

#include "app/capture_model.hpp"
#include "app/frame_log.hpp"
#include "app/frame_reader.hpp"
#include "app/ui_state.hpp"
#include "style/fonts.hpp"
#include "style/theme.hpp"

namespace mailscope::gui {

struct WorkerProgress;

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
  double progress = 0;  // of the running analysis, 0..1
};

}  // namespace mailscope::gui
