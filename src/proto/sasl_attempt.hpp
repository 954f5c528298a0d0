#pragma once

#include <optional>
#include <string_view>

#include "proto/sasl.hpp"
#include "proto/session_recorder.hpp"

namespace mailscope {

// One SASL authentication as a protocol decoder drives it: the same steps for SMTP AUTH,
// IMAP AUTHENTICATE and POP3 AUTH, so a credential is recorded and resolved the same way.
class SaslAttempt {
 public:
  SaslAttempt(std::string_view mechanism, SessionRecorder& recorder)
      : exchange_(mechanism), recorder_(&recorder) {}

  // The initial response on the command line (SASL-IR). Returns the credential ordinal the
  // command's event should point at, or -1.
  int initial_response(std::string_view base64, const Line& line);
  // A client line while the server waits for a response; records the event itself.
  void client_line(const Line& line);
  // A server challenge (334 / "+ "): the client's next line is a response.
  void challenge(std::string_view base64);
  // The server's verdict; the attempt is over.
  void conclude(AuthResult result);
  // The exchange was cut (gap, end of capture) before the verdict.
  void abandon(std::string_view why);

  bool awaiting_response() const { return awaiting_response_; }
  const SaslExchange& exchange() const { return exchange_; }

 private:
  int take_credential();
  void report_malformed();

  SaslExchange exchange_;
  SessionRecorder* recorder_;
  bool awaiting_response_ = false;
  int ordinal_ = -1;
  bool malformed_reported_ = false;
};

}  // namespace mailscope
