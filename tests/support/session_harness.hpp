#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/session.hpp"
#include "model/session_observer.hpp"
#include "proto/mail_session_decoder.hpp"

namespace mailscope::testing {

// Everything a decoder reported, kept for assertions.
class RecordingObserver final : public SessionObserver {
 public:
  bool wants_details() const override { return details; }
  void on_event(const Session&, const Event& e) override { events.push_back(e); }
  void on_credential(const Credential& c) override { credentials.push_back(c); }
  void on_finding(const Finding& f) override { findings.push_back(f); }

  bool has_finding(std::string_view code) const {
    for (const auto& f : findings) {
      if (f.code == code) return true;
    }
    return false;
  }

  std::vector<Event> events;
  std::vector<Credential> credentials;
  std::vector<Finding> findings;
  bool details = true;  // false: decode as the CLI does, without events
};

// Plays a dialogue into one mail session decoder, one "packet" per call, so that a test reads
// like the transcript it checks.
class SessionHarness {
 public:
  SessionHarness(Protocol protocol, std::uint16_t server_port, bool details = true) {
    observer.details = details;
    session.id = 1;
    session.protocol = protocol;
    session.server.port = server_port;
    session.client.port = 50000;
    decoder = std::make_unique<MailSessionDecoder>(session, observer);
  }

  SessionHarness& client(std::string_view bytes) { return send(Direction::kClientToServer, bytes); }
  SessionHarness& server(std::string_view bytes) { return send(Direction::kServerToClient, bytes); }
  SessionHarness& gap(Direction d, std::uint64_t bytes) {
    decoder->on_gap(d, offsets[static_cast<int>(d)], bytes, ++packet, {});
    offsets[static_cast<int>(d)] += bytes;
    return *this;
  }
  void finish() { decoder->finish(); }

  Session session;
  RecordingObserver observer;
  std::unique_ptr<MailSessionDecoder> decoder;
  std::uint64_t packet = 0;

 private:
  SessionHarness& send(Direction d, std::string_view bytes) {
    auto span = std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    decoder->on_data(d, span, offsets[static_cast<int>(d)], ++packet, {});
    offsets[static_cast<int>(d)] += bytes.size();
    return *this;
  }
  std::uint64_t offsets[2] = {0, 0};
};

}  // namespace mailscope::testing
