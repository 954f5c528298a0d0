#pragma once

#include <map>

#include "analysis/analysis_sink.hpp"
#include "model/analysis_result.hpp"

namespace mailscope {

// Collects what the report needs: session summaries (without their events, so memory grows
// with the number of sessions, not with their length), credentials and findings. At the end,
// sessions are numbered in the order of their first packet, as a reader of the capture expects.
class ResultCollector final : public AnalysisSink {
 public:
  void on_session_close(const Session& session) override { result_.sessions.push_back(session); }
  void on_credential(const Credential& c) override { result_.credentials.push_back(c); }
  void on_finding(const Finding& f) override { result_.findings.push_back(f); }
  void on_capture_end(const CaptureInfo& info) override;

  AnalysisResult& result() { return result_; }

 private:
  AnalysisResult result_;
};

// Renumbers sessions 1..n by first packet and points credentials and findings at the new
// numbers; orders credentials and findings by packet.
void order_by_first_packet(AnalysisResult& result);

}  // namespace mailscope
