#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "analysis/analysis_sink.hpp"
#include "analysis/handoff_stage.hpp"
#include "capture/packet_source.hpp"
#include "model/capture_info.hpp"
#include "net/tcp_flow_table.hpp"

namespace mailscope {

struct AnalysisProgress {
  std::uint64_t packets = 0;
  std::uint64_t bytes_read = 0;   // of the source, for files
  std::uint64_t bytes_total = 0;  // 0 when unknown (live)
  std::uint64_t sessions = 0;
};

struct AnalysisOptions {
  // Called now and then from the analysing thread.
  std::function<void(const AnalysisProgress&)> on_progress;
  const std::atomic<bool>* cancel = nullptr;  // set to stop early; what was read is kept
  TcpFlowTable::Limits flow_limits;
  // Decodes and reports the sessions on a second thread while this one reads (HandoffStage):
  // the same calls reach the sink in the same order, but from that thread, except on_packet.
  bool decoding_thread = false;
  HandoffStage::Batching batching;  // for the decoding thread
};

// The one entry point both front ends call: runs a packet source through the link, IP and TCP
// layers into the mail session decoders, and reports everything to the sink. The CLI and the
// GUI's worker thread (and live capture) all go through here.
CaptureInfo analyze(PacketSource& source, AnalysisSink& sink, const AnalysisOptions& options = {});

}  // namespace mailscope
