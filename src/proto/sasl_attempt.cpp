#include "proto/sasl_attempt.hpp"

namespace mailscope {

int SaslAttempt::take_credential() {
  if (ordinal_ < 0 && exchange_.credential()) {
    ordinal_ = recorder_->open_credential(*exchange_.credential());
    return ordinal_;
  }
  return -1;
}

void SaslAttempt::report_malformed() {
  if (exchange_.state() != SaslExchange::State::kMalformed || malformed_reported_) return;
  malformed_reported_ = true;
  recorder_->warning(exchange_.malformed_reason());
}

int SaslAttempt::initial_response(std::string_view base64, const Line& line) {
  // The secret is the response, not the command before it ("AUTH PLAIN <response>").
  StreamItem where = line;
  where.bytes = range_of(line, base64);
  exchange_.initial_response(base64, where);
  report_malformed();
  return take_credential();
}

void SaslAttempt::client_line(const Line& line) {
  awaiting_response_ = false;
  exchange_.client_response(line.text, line);
  report_malformed();
  int ordinal = take_credential();
  recorder_->command(line, exchange_.describe_last_response(), ordinal);
}

void SaslAttempt::challenge(std::string_view base64) {
  exchange_.server_challenge(base64);
  awaiting_response_ = true;
}

void SaslAttempt::conclude(AuthResult result) {
  awaiting_response_ = false;
  if (ordinal_ >= 0) recorder_->resolve_credential(ordinal_, result);
  ordinal_ = -1;
}

void SaslAttempt::abandon(std::string_view why) {
  awaiting_response_ = false;
  if (ordinal_ < 0) {
    recorder_->warning("authentication with " + exchange_.mechanism() +
                       " cut off: " + std::string(why));
  }
  // An opened credential stays open: it is reported with an unknown result at the end.
  ordinal_ = -1;
}

}  // namespace mailscope
