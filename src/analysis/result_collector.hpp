#pragma once

#include <map>

#include "analysis/analysis_sink.hpp"
#include "model/analysis_result.hpp"

namespace mailscope {

// Collects a whole result in memory: session summaries (without their events), credentials and
// findings, for callers that want the result as a value (the CLI streams instead, see
// report/report_writer.hpp). At the end, sessions are put in the order of their first packet.
class ResultCollector final : public AnalysisSink {
 public:
  bool wants_session_packets() const override { return false; }
  void on_session_close(const Session& session) override { result_.sessions.push_back(session); }
  void on_credential(const Credential& c) override { result_.credentials.push_back(c); }
  void on_finding(const Finding& f) override { result_.findings.push_back(f); }
  void on_capture_end(const CaptureInfo& info) override;

  AnalysisResult& result() { return result_; }

 private:
  AnalysisResult result_;
};

// Orders sessions by their first packet, credentials by packet, findings by session and packet.
// Session ids stay as the analysis gave them (in the order sessions were recognised), so that
// they match what the CLI reports.
void order_by_first_packet(AnalysisResult& result);

}  // namespace mailscope
