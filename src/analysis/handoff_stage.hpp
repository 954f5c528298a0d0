#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "analysis/decoding_stage.hpp"
#include "capture/packet_source.hpp"

namespace mailscope {

// Runs the decoding stage on a thread of its own, so that reading, IP, TCP and recognition (the
// calling thread) and decoding and reporting (this stage's thread) share two cores. What is
// given goes over in batches, in order: the sink receives the calls a DecodingStage would make,
// in the same order, all from the stage's thread. (The analysis still calls the sink's
// on_packet from the reading thread: a sink used with this stage must not mind that.)
// Memory stays bounded: the reading thread waits while `queued` batches are waiting.
class HandoffStage final : public SessionStage {
 public:
  // Large enough that the threads meet rarely (a batch is a few milliseconds of work), small
  // enough to stay in the caches and bound memory to a few MiB.
  struct Batching {
    std::size_t bytes = 256 * 1024;  // a batch is sent when it holds this many bytes
    std::size_t commands = 4096;     // or this many commands
    std::size_t queued = 8;          // batches waiting at most
  };

  // `source` (may be null) is asked for its shared bytes: data inside them is handed over
  // without a copy, with a hold on the memory it is in.
  HandoffStage(AnalysisSink& sink, const Batching& batching, const PacketSource* source);
  ~HandoffStage() override;  // stops the thread; what was never run is dropped
  HandoffStage(const HandoffStage&) = delete;
  HandoffStage& operator=(const HandoffStage&) = delete;

  SessionHandle open(const SessionStart& start,
                     std::span<const std::uint64_t> early_packets) override;
  void packet(SessionHandle session, std::uint64_t number, const Timestamp& time) override;
  void data(SessionHandle session, Direction direction, std::span<const std::uint8_t> bytes,
            const SegmentOrigin& origin) override;
  void gap(SessionHandle session, Direction direction, std::uint64_t byte_count,
           const SegmentOrigin& origin) override;
  void close(SessionHandle session, const StreamStatusCounts& counts, bool closed) override;
  // Hands over the rest and waits until it has all run; rethrows what the stage's thread threw.
  void flush() override;

 private:
  struct Command {
    enum class Kind : std::uint8_t { kOpen, kPacket, kData, kGap, kClose };
    Kind kind = Kind::kPacket;
    Direction direction = Direction::kClientToServer;
    bool closed = false;  // kClose: FIN or RST seen
    SessionHandle session = 0;
    SegmentOrigin origin;    // kPacket, kClose: the (last) packet's number and time
    std::uint64_t size = 0;  // kData: bytes; kGap: bytes missed; kOpen: early packets
    std::size_t at = 0;      // kData: in Batch::bytes; kOpen, kClose: in Batch::numbers
    const std::uint8_t* shared = nullptr;  // kData: the bytes themselves, held by Batch::owners
    std::size_t start = 0;                 // kOpen: in Batch::starts
  };
  struct Batch {
    std::vector<Command> commands;
    std::vector<std::uint8_t> bytes;     // the kData commands' bytes, back to back
    std::vector<std::uint64_t> numbers;  // kOpen's early packets, kClose's status counts
    std::vector<SessionStart> starts;    // kOpen's sessions as recognised
    std::vector<std::shared_ptr<const void>> owners;  // of the memory shared bytes are in
    std::size_t shared_size = 0;                      // bytes handed over without a copy
  };

  std::unique_ptr<Batch> new_batch() const;
  Command& add(Command::Kind kind, SessionHandle session);
  // True when `bytes` are the source's shared bytes; the current batch then holds them.
  bool hold_shared(std::span<const std::uint8_t> bytes);
  void send_if_full();
  // The queue's length at which a reading thread that found it full goes on.
  std::size_t resume_at() const { return batching_.queued / 2; }
  void send();                       // the current batch to the queue
  void run();                        // the stage's thread
  void execute(const Batch& batch);  // on the stage's thread

  Batching batching_;
  const PacketSource* source_;
  // For a sink that does not want session packets, each session's last packet is kept here
  // (by session number) and handed over with its close, instead of a command a packet.
  bool packets_one_by_one_ = true;
  struct LastPacket {
    std::uint64_t number = 0;
    Timestamp time;
  };
  std::vector<LastPacket> last_packets_;
  std::span<const std::uint8_t> held_;  // shared bytes the current batch already holds
  SessionNumbers numbers_;              // the reading thread's side
  DecodingStage decoding_;
  std::unique_ptr<Batch> current_;
  std::mutex mutex_;
  std::condition_variable ready_;  // a batch was queued, or stop
  std::condition_variable room_;   // a batch was done, or the stage's thread failed
  std::deque<std::unique_ptr<Batch>> queue_;
  std::vector<std::unique_ptr<Batch>> spare_;
  bool busy_ = false;  // the stage's thread is running a batch
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace mailscope
