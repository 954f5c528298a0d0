#include "app/frame_stats.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <numeric>

namespace mailscope::gui {
namespace {

// Mean, median, 95th percentile and maximum of `values` (seconds), in milliseconds.
nlohmann::json spread_ms(std::vector<double> values) {
  if (values.empty()) return {{"mean", 0.0}, {"p50", 0.0}, {"p95", 0.0}, {"max", 0.0}};
  std::sort(values.begin(), values.end());
  auto at = [&](double q) {
    const auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size()))) - 1;
    return values[std::min(i, values.size() - 1)] * 1000.0;
  };
  const double sum = std::accumulate(values.begin(), values.end(), 0.0);
  return {{"mean", sum / static_cast<double>(values.size()) * 1000.0},
          {"p50", at(0.5)},
          {"p95", at(0.95)},
          {"max", values.back() * 1000.0}};
}

}  // namespace

nlohmann::json FrameStats::summary() const {
  std::vector<double> period, build, render, present, work, cpu;
  double seconds = 0;
  std::uint64_t vertices = 0, indices = 0;
  double overdraw = 0;
  std::uint64_t blocks = 0;
  for (const Frame& f : frames_) {
    period.push_back(f.period);
    build.push_back(f.build);
    render.push_back(f.render);
    present.push_back(f.present);
    work.push_back(f.work);
    cpu.push_back(f.cpu);
    seconds += f.period;
    vertices = std::max(vertices, f.vertices);
    indices = std::max(indices, f.indices);
    overdraw = std::max(overdraw, f.overdraw);
    blocks = std::max(blocks, f.blocks);
  }
  const double fps = seconds > 0 ? static_cast<double>(frames_.size()) / seconds : 0.0;
  return {{"frames", frames_.size()},
          {"seconds", seconds},
          {"fps", fps},
          {"frame_ms", spread_ms(std::move(period))},
          {"build_ms", spread_ms(build)},
          {"render_ms", spread_ms(render)},
          {"present_ms", spread_ms(present)},
          {"work_ms", spread_ms(work)},
          {"cpu_ms", spread_ms(cpu)},
          {"vertices", vertices},
          {"indices", indices},
          {"overdraw", overdraw},
          {"blocks", blocks}};
}

double overdraw_of(const ImDrawData& draw_data, float width, float height) {
  if (width <= 0 || height <= 0) return 0;
  double covered = 0;
  for (int l = 0; l < draw_data.CmdListsCount; ++l) {
    const ImDrawList& list = *draw_data.CmdLists[l];
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      if (cmd.UserCallback) continue;
      for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
        const ImVec2& a = list.VtxBuffer[list.IdxBuffer[cmd.IdxOffset + i]].pos;
        const ImVec2& b = list.VtxBuffer[list.IdxBuffer[cmd.IdxOffset + i + 1]].pos;
        const ImVec2& c = list.VtxBuffer[list.IdxBuffer[cmd.IdxOffset + i + 2]].pos;
        const double area = std::abs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2.0;
        if (area <= 0) continue;
        // The clip rectangle cuts the triangle: scale its area by the share of its bounding
        // box inside (exact for the rectangles that cover most pixels).
        const float x0 = std::min({a.x, b.x, c.x}), x1 = std::max({a.x, b.x, c.x});
        const float y0 = std::min({a.y, b.y, c.y}), y1 = std::max({a.y, b.y, c.y});
        const float cx0 = std::max({x0, cmd.ClipRect.x, 0.0f});
        const float cx1 = std::min({x1, cmd.ClipRect.z, width});
        const float cy0 = std::max({y0, cmd.ClipRect.y, 0.0f});
        const float cy1 = std::min({y1, cmd.ClipRect.w, height});
        if (cx1 <= cx0 || cy1 <= cy0) continue;
        const double box = static_cast<double>(x1 - x0) * (y1 - y0);
        covered += box > 0 ? area * (cx1 - cx0) * (cy1 - cy0) / box : 0;
      }
    }
  }
  return covered / (static_cast<double>(width) * height);
}

std::uint64_t shaded_blocks_of(const ImDrawData& draw_data, float width, float height,
                               const char* window_name_part) {
  std::uint64_t blocks = 0;
  for (int l = 0; l < draw_data.CmdListsCount; ++l) {
    const ImDrawList& list = *draw_data.CmdLists[l];
    if (window_name_part && (!list._OwnerName || !std::strstr(list._OwnerName, window_name_part))) {
      continue;
    }
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      if (cmd.UserCallback) continue;
      for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
        const ImVec2 p[3] = {list.VtxBuffer[list.IdxBuffer[cmd.IdxOffset + i]].pos,
                             list.VtxBuffer[list.IdxBuffer[cmd.IdxOffset + i + 1]].pos,
                             list.VtxBuffer[list.IdxBuffer[cmd.IdxOffset + i + 2]].pos};
        const float cross =
            (p[1].x - p[0].x) * (p[2].y - p[0].y) - (p[2].x - p[0].x) * (p[1].y - p[0].y);
        if (cross == 0) continue;
        const float sign = cross > 0 ? 1.0f : -1.0f;
        const float x0 = std::max({std::min({p[0].x, p[1].x, p[2].x}), cmd.ClipRect.x, 0.0f});
        const float x1 = std::min({std::max({p[0].x, p[1].x, p[2].x}), cmd.ClipRect.z, width});
        const float y0 = std::max({std::min({p[0].y, p[1].y, p[2].y}), cmd.ClipRect.y, 0.0f});
        const float y1 = std::min({std::max({p[0].y, p[1].y, p[2].y}), cmd.ClipRect.w, height});
        // A block is touched unless one edge has all four of its corners outside.
        for (float by = std::floor(y0 / 4) * 4; by < y1; by += 4) {
          for (float bx = std::floor(x0 / 4) * 4; bx < x1; bx += 4) {
            bool outside = false;
            for (int e = 0; e < 3 && !outside; ++e) {
              const ImVec2& a = p[e];
              const ImVec2& b = p[(e + 1) % 3];
              float most = -FLT_MAX;
              for (float cy : {by, by + 4}) {
                for (float cx : {bx, bx + 4}) {
                  most =
                      std::max(most, sign * ((b.x - a.x) * (cy - a.y) - (b.y - a.y) * (cx - a.x)));
                }
              }
              outside = most < 0;
            }
            if (!outside) ++blocks;
          }
        }
      }
    }
  }
  return blocks;
}

}  // namespace mailscope::gui
