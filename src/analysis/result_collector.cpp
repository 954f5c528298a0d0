#include "analysis/result_collector.hpp"

#include <algorithm>

namespace mailscope {

void ResultCollector::on_capture_end(const CaptureInfo& info) {
  result_.capture = info;
  order_by_first_packet(result_);
}

void order_by_first_packet(AnalysisResult& result) {
  std::stable_sort(
      result.sessions.begin(), result.sessions.end(),
      [](const Session& a, const Session& b) { return a.first_packet < b.first_packet; });
  std::stable_sort(result.credentials.begin(), result.credentials.end(),
                   [](const Credential& a, const Credential& b) { return a.packet < b.packet; });
  std::stable_sort(result.findings.begin(), result.findings.end(),
                   [](const Finding& a, const Finding& b) {
                     return a.session != b.session ? a.session < b.session : a.packet < b.packet;
                   });
}

}  // namespace mailscope
