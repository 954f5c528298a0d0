#pragma once

#include <cstdint>

#include "capture/packet.hpp"
#include "model/capture_info.hpp"
#include "model/session_observer.hpp"

namespace mailscope {

// Receives what an analysis produces, as it produces it. The CLI's collector keeps summaries;
// the GUI's store also keeps events, segments and packets to play and show them.
class AnalysisSink : public SessionObserver {
 public:
  // Every packet read, before it is decoded (the GUI's packet list; live counters).
  virtual void on_packet(const Packet&) {}
  // A packet that belongs to a mail session.
  virtual void on_session_packet(const Session&, std::uint64_t /*packet_number*/) {}
  // False for a sink whose on_session_packet does nothing: a session's packets then cost the
  // analysis less, and its last packet and end time are brought up to date when it closes
  // (not for each on_session_update).
  virtual bool wants_session_packets() const { return true; }
  // The analysis is over (end of file, stop, or cancel).
  virtual void on_capture_end(const CaptureInfo&) {}
};

}  // namespace mailscope
