#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "analysis/analysis_sink.hpp"
#include "analysis/session_stage.hpp"
#include "proto/mail_session_decoder.hpp"

namespace mailscope {

// Decodes each session in the calling thread and reports it to the sink as it goes.
class DecodingStage final : public SessionStage {
 public:
  explicit DecodingStage(AnalysisSink& sink)
      : sink_(sink), wants_packets_(sink.wants_session_packets()) {}

  SessionHandle open(const SessionStart& start,
                     std::span<const std::uint64_t> early_packets) override;
  void packet(SessionHandle session, std::uint64_t number, const Timestamp& time) override;
  void data(SessionHandle session, Direction direction, std::span<const std::uint8_t> bytes,
            const SegmentOrigin& origin) override;
  void gap(SessionHandle session, Direction direction, std::uint64_t byte_count,
           const SegmentOrigin& origin) override;
  void close(SessionHandle session, const StreamStatusCounts& counts, bool closed) override;

  // open() and close() without the numbering, for a stage that numbers the sessions on its own
  // thread and runs this one on another (HandoffStage).
  void begin(SessionHandle session, const SessionStart& start,
             std::span<const std::uint64_t> early_packets);
  void end(SessionHandle session, const StreamStatusCounts& counts, bool closed);
  // The session's last packet so far, without telling the sink (for a sink that does not want
  // session packets, whose packets HandoffStage does not hand over one by one).
  void catch_up(SessionHandle session, std::uint64_t packet, const Timestamp& time);

 private:
  // A session being decoded. Kept for the next session given the same number: the Session and
  // its decoder are made in place instead of allocated anew.
  struct Running {
    Session session;
    std::optional<MailSessionDecoder> decoder;
  };
  Running& running(SessionHandle session) { return *running_[session]; }

  AnalysisSink& sink_;
  bool wants_packets_;
  SessionNumbers numbers_;
  std::vector<std::unique_ptr<Running>> running_;  // by session number
};

}  // namespace mailscope
