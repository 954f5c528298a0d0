#include "support/report.hpp"

#include <fstream>
#include <thread>

namespace mailscope::gui::testing {

std::optional<Report> read_report(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  Report r = Report::parse(in, nullptr, /*allow_exceptions=*/false);
  if (r.is_discarded()) return std::nullopt;
  return r;
}

std::optional<Report> wait_for_report(const std::string& path,
                                      const std::function<bool(const Report&)>& done,
                                      std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::optional<Report> last;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto r = read_report(path)) {
      last = r;
      if (done(*r)) return r;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return last;
}

std::optional<Rect> item(const Report& report, const std::string& id) {
  if (!report.contains("items") || !report["items"].contains(id)) return std::nullopt;
  const auto& a = report["items"][id];
  return Rect{a[0].get<float>(), a[1].get<float>(), a[2].get<float>(), a[3].get<float>()};
}

const nlohmann::json& rows(const Report& report, const std::string& list) {
  static const nlohmann::json empty = nlohmann::json::array();
  if (!report.contains("lists") || !report["lists"].contains(list)) return empty;
  return report["lists"][list];
}

namespace {
void collect(const nlohmann::json& j, std::string& out) {
  if (j.is_string()) {
    out += j.get<std::string>();
    out += '\n';
  } else if (j.is_structured()) {
    for (const auto& v : j)
      collect(v, out);
  }
}
}  // namespace

std::string all_text(const Report& report) {
  std::string out;
  collect(report, out);
  return out;
}

}  // namespace mailscope::gui::testing
