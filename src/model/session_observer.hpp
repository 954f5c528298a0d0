#pragma once

#include "model/credential.hpp"
#include "model/event.hpp"
#include "model/finding.hpp"
#include "model/session.hpp"

namespace mailscope {

// What the decoders report while they run. The CLI collects summaries; the GUI also keeps the
// events and segments (wants_details) to play and highlight them.
class SessionObserver {
 public:
  virtual ~SessionObserver() = default;
  virtual bool wants_details() const { return false; }
  virtual void on_session_open(const Session&) {}
  virtual void on_session_update(const Session&) {}  // protocol, transport or TLS facts changed
  virtual void on_event(const Session&, const Event&) {}
  virtual void on_segment(const Session&, const StreamSegment&) {}
  virtual void on_credential(const Credential&) {}
  virtual void on_finding(const Finding&) {}
  virtual void on_session_close(const Session&) {}
};

}  // namespace mailscope
