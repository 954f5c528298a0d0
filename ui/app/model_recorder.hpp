#pragma once

#include "analysis/analysis_sink.hpp"
#include "app/capture_model.hpp"
#include "app/model_lock.hpp"

namespace mailscope::gui {

// The analysis sink of the GUI: writes everything the views show into a CaptureModel under
// the model's lock (ModelLock: kept across changes, handed to the UI thread whenever it asks).
// Unlike the CLI's ResultCollector it keeps the details (events, stream segments) and frames.
class ModelRecorder final : public AnalysisSink {
 public:
  ModelRecorder(CaptureModel& model, ModelLock& lock) : model_(model), lock_(lock) {}

  bool wants_details() const override { return true; }
  void on_packet(const Packet& packet) override;
  void on_session_packet(const Session& session, std::uint64_t packet_number) override;
  void on_session_open(const Session& session) override;
  void on_session_update(const Session& session) override;
  void on_session_close(const Session& session) override;
  void on_event(const Session& session, const Event& event) override;
  void on_segment(const Session& session, const StreamSegment& segment) override;
  void on_credential(const Credential& credential) override;
  void on_finding(const Finding& finding) override;
  void on_capture_end(const CaptureInfo& info) override;

 private:
  SessionEntry& entry_for(const Session& session);  // opens it when the analysis skipped that

  CaptureModel& model_;
  ModelLock& lock_;
};

}  // namespace mailscope::gui
