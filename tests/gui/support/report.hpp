#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace mailscope::gui::testing {

// The JSON mailscope-gui writes with --report: what its last frame drew.
using Report = nlohmann::json;

// Reads the report; nullopt while it does not exist yet.
std::optional<Report> read_report(const std::string& path);

// Polls the report until `done` holds (true) or `timeout` passes (the last report, or nullopt).
std::optional<Report> wait_for_report(const std::string& path,
                                      const std::function<bool(const Report&)>& done,
                                      std::chrono::milliseconds timeout);

struct Rect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float cx() const { return (x0 + x1) / 2; }
  float cy() const { return (y0 + y1) / 2; }
};
// The place of an item the frame drew ("session-row-3"); nullopt when it was not on screen.
std::optional<Rect> item(const Report& report, const std::string& id);

// The rows of a list ("sessions", "conversation", ...), empty when the frame drew none.
const nlohmann::json& rows(const Report& report, const std::string& list);

// Every string in the report, joined: to check that a secret appears nowhere.
std::string all_text(const Report& report);

}  // namespace mailscope::gui::testing
