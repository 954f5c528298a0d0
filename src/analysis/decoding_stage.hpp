#pragma once

#include <list>
#include <optional>

#include "analysis/analysis_sink.hpp"
#include "analysis/session_stage.hpp"
#include "proto/mail_session_decoder.hpp"

namespace mailscope {

struct RunningSession {
  explicit RunningSession(std::unique_ptr<Session> s) : session(std::move(s)) {}
  std::unique_ptr<Session> session;
  std::optional<MailSessionDecoder> decoder;      // made by DecodingStage::begin
  std::list<RunningSession*>::iterator position;  // in DecodingStage::running_
};

// Decodes each session in the calling thread and reports it to the sink as it goes.
class DecodingStage final : public SessionStage {
 public:
  explicit DecodingStage(AnalysisSink& sink) : sink_(sink) {}
  ~DecodingStage() override;  // frees sessions never closed (an analysis that threw)
  DecodingStage(const DecodingStage&) = delete;
  DecodingStage& operator=(const DecodingStage&) = delete;

  SessionHandle open(std::unique_ptr<Session> session,
                     std::span<const std::uint64_t> early_packets) override;
  void packet(SessionHandle session, std::uint64_t number, Timestamp time) override;
  void data(SessionHandle session, Direction direction, std::span<const std::uint8_t> bytes,
            const SegmentOrigin& origin) override;
  void gap(SessionHandle session, Direction direction, std::uint64_t byte_count,
           const SegmentOrigin& origin) override;
  void close(SessionHandle session, const StreamStatusCounts& counts, bool closed) override;

  // open() in two halves, for a stage that runs this one on another thread: adopt() makes the
  // handle at once (any thread, no sink call), begin() starts the decoding (this stage's thread).
  static SessionHandle adopt(std::unique_ptr<Session> session);
  void begin(SessionHandle session, std::span<const std::uint64_t> early_packets);
  // Frees a handle that was adopted but never begun.
  static void discard(SessionHandle session);

 private:
  AnalysisSink& sink_;
  std::list<RunningSession*> running_;
};

}  // namespace mailscope
