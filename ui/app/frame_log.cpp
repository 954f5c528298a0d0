#include "app/frame_log.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace mailscope::gui {

void FrameLog::begin_frame(std::uint64_t frame) {
  if (!enabled_) return;
  frame_ = nlohmann::json::object();
  frame_["frame"] = frame;
  frame_["items"] = nlohmann::json::object();
}

void FrameLog::row(std::string_view list, nlohmann::json row) {
  if (!enabled_) return;
  frame_["lists"][std::string(list)].push_back(std::move(row));
}

void FrameLog::set(std::string_view key, nlohmann::json value) {
  if (!enabled_) return;
  frame_[std::string(key)] = std::move(value);
}

void FrameLog::item(std::string_view id) {
  if (!enabled_) return;
  rect(id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void FrameLog::rect(std::string_view id, ImVec2 min, ImVec2 max) {
  if (!enabled_) return;
  // Only what is on screen, and only its visible part: the centre of what is logged is a place
  // a click reaches (a row half scrolled out of its table is clipped to the visible half).
  const ImVec2 clip_min = ImGui::GetWindowDrawList()->GetClipRectMin();
  const ImVec2 clip_max = ImGui::GetWindowDrawList()->GetClipRectMax();
  const ImVec2 lo(std::max(min.x, clip_min.x), std::max(min.y, clip_min.y));
  const ImVec2 hi(std::min(max.x, clip_max.x), std::min(max.y, clip_max.y));
  if (hi.x - lo.x < 2 || hi.y - lo.y < 2) return;
  frame_["items"][std::string(id)] = {lo.x, lo.y, hi.x, hi.y};
}

std::unique_ptr<FrameTimeline> FrameTimeline::from_environment() {
  const char* path = std::getenv(kEnvironmentVariable);
  if (!path || !*path) return nullptr;
  auto timeline = std::make_unique<FrameTimeline>(path);
  if (!timeline->ok()) {
    std::fprintf(stderr, "mailscope-gui: cannot write the frame times to %s\n", path);
    return nullptr;
  }
  return timeline;
}

FrameTimeline* FrameTimeline::shared() {
  static const std::unique_ptr<FrameTimeline> timeline = from_environment();
  return timeline.get();
}

FrameTimeline::FrameTimeline(const std::string& path) : file_(std::fopen(path.c_str(), "w")) {}

FrameTimeline::~FrameTimeline() {
  if (file_) std::fclose(file_);
}

void FrameTimeline::begin_frame() {
  frame_start_ = std::chrono::steady_clock::now();
  if (!started_) {
    start_ = frame_start_;
    started_ = true;
  }
}

void FrameTimeline::end_frame(std::string_view state, double fraction, std::uint64_t packets,
                              std::size_t sessions) {
  if (!file_ || !started_) return;
  using Ms = std::chrono::duration<double, std::milli>;
  const double at = Ms(frame_start_ - start_).count();
  const double views = Ms(std::chrono::steady_clock::now() - frame_start_).count();
  std::fprintf(file_, "%.3f %.3f %.*s %.4f %llu %zu\n", at, views, static_cast<int>(state.size()),
               state.data(), fraction, static_cast<unsigned long long>(packets), sessions);
  std::fflush(file_);  // the benchmark reads it while the app runs
}

bool write_json_atomically(const std::string& path, const nlohmann::json& json) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    if (!out) return false;
    out << json.dump(1) << '\n';
    if (!out) return false;
  }
  return std::rename(temporary.c_str(), path.c_str()) == 0;
}

}  // namespace mailscope::gui
