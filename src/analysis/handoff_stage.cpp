#include "analysis/handoff_stage.hpp"

namespace mailscope {

HandoffStage::HandoffStage(AnalysisSink& sink, const Batching& batching, const PacketSource* source)
    : batching_(batching),
      source_(source),
      packets_one_by_one_(sink.wants_session_packets()),
      decoding_(sink),
      current_(new_batch()),
      thread_([this] { run(); }) {}

HandoffStage::~HandoffStage() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  thread_.join();
}

HandoffStage::Command& HandoffStage::add(Command::Kind kind, SessionHandle session) {
  Command& command = current_->commands.emplace_back();
  command.kind = kind;
  command.session = session;
  return command;
}

void HandoffStage::send_if_full() {
  // Shared bytes count too: a batch holds the chunks they are in, and the batches waiting must
  // not hold more than a few.
  if (current_->commands.size() >= batching_.commands ||
      current_->bytes.size() + current_->shared_size >= batching_.bytes) {
    send();
  }
}

SessionHandle HandoffStage::open(const SessionStart& start,
                                 std::span<const std::uint64_t> early_packets) {
  SessionHandle number = numbers_.take();
  if (number >= last_packets_.size()) last_packets_.resize(number + 1);
  last_packets_[number] = {};
  Command& command = add(Command::Kind::kOpen, number);
  command.at = current_->numbers.size();
  command.size = early_packets.size();
  command.start = current_->starts.size();
  current_->numbers.insert(current_->numbers.end(), early_packets.begin(), early_packets.end());
  current_->starts.push_back(start);
  send_if_full();
  return number;
}

void HandoffStage::packet(SessionHandle session, std::uint64_t number, const Timestamp& time) {
  if (!packets_one_by_one_) {
    last_packets_[session] = {number, time};
    return;
  }
  Command& command = add(Command::Kind::kPacket, session);
  command.origin.packet = number;
  command.origin.time = time;
  send_if_full();
}

namespace {

bool within(std::span<const std::uint8_t> extent, std::span<const std::uint8_t> bytes) {
  auto at = [](const std::uint8_t* p) { return reinterpret_cast<std::uintptr_t>(p); };
  return !extent.empty() && at(bytes.data()) >= at(extent.data()) &&
         at(bytes.data()) + bytes.size() <= at(extent.data()) + extent.size();
}

}  // namespace

bool HandoffStage::hold_shared(std::span<const std::uint8_t> bytes) {
  if (within(held_, bytes)) return true;
  if (!source_) return false;
  PacketSource::SharedBytes shared = source_->shared_bytes();
  if (!shared.owner || !within(shared.extent, bytes)) return false;
  held_ = shared.extent;
  current_->owners.push_back(std::move(shared.owner));
  return true;
}

void HandoffStage::data(SessionHandle session, Direction direction,
                        std::span<const std::uint8_t> bytes, const SegmentOrigin& origin) {
  Command& command = add(Command::Kind::kData, session);
  command.direction = direction;
  command.origin = origin;
  command.size = bytes.size();
  if (hold_shared(bytes)) {
    // Bytes of the packet in the reader's chunk: the batch holds the chunk, no copy.
    command.shared = bytes.data();
    current_->shared_size += bytes.size();
  } else {
    // Bytes rebuilt by reassembly, or a source that cannot share: copied.
    command.at = current_->bytes.size();
    current_->bytes.insert(current_->bytes.end(), bytes.begin(), bytes.end());
  }
  send_if_full();
}

void HandoffStage::gap(SessionHandle session, Direction direction, std::uint64_t byte_count,
                       const SegmentOrigin& origin) {
  Command& command = add(Command::Kind::kGap, session);
  command.direction = direction;
  command.origin = origin;
  command.size = byte_count;
  send_if_full();
}

void HandoffStage::close(SessionHandle session, const StreamStatusCounts& counts, bool closed) {
  Command& command = add(Command::Kind::kClose, session);
  command.closed = closed;
  command.origin.packet = last_packets_[session].number;  // 0 when handed over one by one
  command.origin.time = last_packets_[session].time;
  command.at = current_->numbers.size();
  current_->numbers.insert(current_->numbers.end(), counts.begin(), counts.end());
  numbers_.give_back(session);  // the stage's thread runs this close before any later open
  send_if_full();
}

void HandoffStage::send() {
  if (current_->commands.empty()) return;
  std::unique_ptr<Batch> next;
  {
    std::unique_lock lock(mutex_);
    // A full queue is waited on until it is half empty, not for the next free place: each
    // wait is a sleep and a wake-up (a futex call each side), once a batch otherwise (2,100 a
    // run on the real 1 GiB benchmark capture, about 160 now).
    if (queue_.size() >= batching_.queued) {
      room_.wait(lock, [this] { return queue_.size() <= resume_at() || failure_; });
    }
    if (failure_) std::rethrow_exception(failure_);
    queue_.push_back(std::move(current_));
    held_ = {};  // the next batch takes its own hold
    if (!spare_.empty()) {
      next = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  ready_.notify_one();
  current_ = next ? std::move(next) : new_batch();
}

std::unique_ptr<HandoffStage::Batch> HandoffStage::new_batch() const {
  // Room for a full batch from the start: growing would copy, and fault in fresh pages.
  auto batch = std::make_unique<Batch>();
  batch->commands.reserve(batching_.commands + 1);
  batch->bytes.reserve(batching_.bytes + 64 * 1024);
  return batch;
}

void HandoffStage::flush() {
  send();
  std::unique_lock lock(mutex_);
  room_.wait(lock, [this] { return (queue_.empty() && !busy_) || failure_; });
  if (failure_) std::rethrow_exception(failure_);
}

void HandoffStage::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ready_.wait(lock, [this] { return !queue_.empty() || stopping_; });
    if (stopping_) return;  // the destructor drops what is left
    std::unique_ptr<Batch> batch = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    bool failed = failure_ != nullptr;
    lock.unlock();
    if (!failed) {
      try {
        execute(*batch);
      } catch (...) {
        lock.lock();
        failure_ = std::current_exception();
        lock.unlock();
      }
    }
    batch->commands.clear();
    batch->bytes.clear();
    batch->numbers.clear();
    batch->starts.clear();
    batch->owners.clear();  // the reader may reuse the chunks now
    batch->shared_size = 0;
    lock.lock();
    busy_ = false;
    spare_.push_back(std::move(batch));
    if (queue_.size() <= resume_at() || failure_) room_.notify_all();
  }
}

namespace {

// How far ahead of the command it runs execute() asks for a command's bytes. The bytes were
// read on the other core: the decoders waited for them at their first touch (each line's
// start, each TLS record header), a tenth of this thread's samples on a capture of small
// packets. Fetched four commands early, that wait overlaps the work before (2 to 8 measured
// alike; 61 alternating runs on 256 MiB of the real capture: -7 % wall time; the generated
// capture unchanged).
constexpr std::size_t kFetchAhead = 4;

void fetch_early(const std::uint8_t* bytes) {
  // Two cache lines: most lines and every record header lie there. A hint: it never faults.
  __builtin_prefetch(bytes);
  __builtin_prefetch(bytes + 64);
}

}  // namespace

void HandoffStage::execute(const Batch& batch) {
  const std::vector<Command>& commands = batch.commands;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    if (i + kFetchAhead < commands.size()) {
      const Command& later = commands[i + kFetchAhead];
      if (later.kind == Command::Kind::kData && later.shared) fetch_early(later.shared);
    }
    const Command& c = commands[i];
    switch (c.kind) {
      case Command::Kind::kOpen:
        decoding_.begin(c.session, batch.starts[c.start],
                        std::span(batch.numbers).subspan(c.at, c.size));
        break;
      case Command::Kind::kPacket:
        decoding_.packet(c.session, c.origin.packet, c.origin.time);
        break;
      case Command::Kind::kData:
        decoding_.data(c.session, c.direction,
                       c.shared ? std::span(c.shared, c.size)
                                : std::span<const std::uint8_t>(batch.bytes).subspan(c.at, c.size),
                       c.origin);
        break;
      case Command::Kind::kGap:
        decoding_.gap(c.session, c.direction, c.size, c.origin);
        break;
      case Command::Kind::kClose: {
        StreamStatusCounts counts{};
        std::copy_n(batch.numbers.begin() + static_cast<std::ptrdiff_t>(c.at), counts.size(),
                    counts.begin());
        if (c.origin.packet != 0) decoding_.catch_up(c.session, c.origin.packet, c.origin.time);
        decoding_.end(c.session, counts, c.closed);
        break;
      }
    }
  }
}

}  // namespace mailscope
