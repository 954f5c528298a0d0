#include "proto/smtp_decoder.hpp"

#include <algorithm>

#include "proto/base64.hpp"
#include "proto/dot_stuffing.hpp"
#include "proto/text_util.hpp"

namespace mailscope {
namespace {

// Lines of a message shown one by one in the conversation view before it summarises the rest.
constexpr std::uint64_t kContentLinesShown = 200;
constexpr std::uint64_t kMaxBdatChunk = std::uint64_t{1} << 40;
constexpr std::size_t kMaxCapabilities = 32;
constexpr std::size_t kMaxRecipients = 1000;
constexpr std::size_t kMaxAddressLength = 320;  // RFC 5321's limits: 64 + @ + 255
constexpr std::size_t kMaxCapabilityLength = 128;

int reply_code(std::string_view line) {
  if (line.size() < 3 || !std::isdigit(static_cast<unsigned char>(line[0])) ||
      !std::isdigit(static_cast<unsigned char>(line[1])) ||
      !std::isdigit(static_cast<unsigned char>(line[2]))) {
    return -1;
  }
  return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

// "FROM:<a@b> SIZE=10" -> "a@b"
std::string path_argument(std::string_view args) {
  std::size_t colon = args.find(':');
  std::string_view rest = trim(colon == std::string_view::npos ? args : args.substr(colon + 1));
  if (!rest.empty() && rest.front() == '<') {
    std::size_t close = rest.find('>');
    return std::string(
        rest.substr(1, close == std::string_view::npos ? rest.size() - 1 : close - 1));
  }
  return std::string(rest.substr(0, rest.find(' ')));
}

}  // namespace

SmtpDecoder::SmtpDecoder(SessionControl& control)
    : control_(control), recorder_(control.recorder()) {
  awaiting_reply_.push_back(Verb::kGreeting);
}

bool SmtpDecoder::step(Direction direction, StreamBuffer& buffer) {
  return direction == Direction::kClientToServer ? client_step(buffer) : server_step(buffer);
}

bool SmtpDecoder::client_step(StreamBuffer& buffer) {
  if (client_state_ == ClientState::kBdat) {
    auto chunk = buffer.next_bytes(bdat_left_);
    if (!chunk) return false;
    bdat_left_ -= chunk->data.size();
    if (message_) {
      message_->add({reinterpret_cast<const char*>(chunk->data.data()), chunk->data.size()});
    }
    if (recorder_.details()) {  // the sentence is for the conversation view alone
      recorder_.content(*chunk,
                        "message content, " + std::to_string(chunk->data.size()) + " bytes (BDAT)");
    }
    if (bdat_left_ == 0) {
      client_state_ = ClientState::kCommands;
      if (bdat_last_) end_message(chunk->packet);
    }
    return true;
  }
  if (client_state_ == ClientState::kData && message_ && message_->header_complete() &&
      !recorder_.details()) {
    if (auto consumed = skip_body_lines(buffer)) return *consumed;
  }
  auto line = buffer.next_line();
  if (!line) return false;
  last_client_packet_ = line->packet;
  static constexpr std::string_view kVerbs[] = {"EHLO", "HELO", "MAIL", "RCPT",    "DATA",
                                                "BDAT", "RSET", "NOOP", "QUIT",    "VRFY",
                                                "EXPN", "HELP", "AUTH", "STARTTLS"};
  if (line->after_gap && client_state_ == ClientState::kCommands && !auth_ &&
      !starts_with_verb(line->text, kVerbs)) {
    return true;  // the tail of a line whose start was lost
  }
  if (line->overlong) recorder_.warning("a client line longer than 64 KiB was cut");
  if (client_state_ == ClientState::kData) {
    on_data_line(*line);
  } else if (is_sasl_response(line->text)) {
    auth_->client_line(*line);
  } else {
    on_command(*line);
  }
  return true;
}

void SmtpDecoder::expect_reply(Verb verb) {
  awaiting_reply_.push_back(verb);
}

bool SmtpDecoder::is_sasl_response(std::string_view line) const {
  if (!auth_) return false;
  if (auth_->awaiting_response()) return true;  // a 334 asked for it
  // No 334 seen (one-sided capture, or server replies hidden by overlapping segments): a line
  // counts as a response while the exchange still needs one and the line is not a command.
  if (auth_->exchange().complete()) return false;
  auto [word, args] = split_word(line);
  std::string verb = to_upper(word);
  bool command = verb == "MAIL" || verb == "RCPT" || verb == "QUIT" || verb == "RSET" ||
                 verb == "EHLO" || verb == "HELO" || verb == "AUTH" || verb == "DATA" ||
                 verb == "NOOP" || verb == "STARTTLS";
  return !command && (line == "*" || line == "=" || decode_base64(line).has_value());
}

void SmtpDecoder::on_command(const Line& line) {
  // A client speaks after the greeting: if none came, the capture started after it.
  if (!greeting_done_) {
    greeting_done_ = true;
    if (!server_spoke_ && !awaiting_reply_.empty() && awaiting_reply_.front() == Verb::kGreeting) {
      awaiting_reply_.pop_front();
    }
  }
  auto [word, args] = split_word(line.text);
  std::string verb = to_upper(word);
  std::string detail;
  int credential = -1;
  Verb kind = Verb::kOther;
  if (verb == "EHLO" || verb == "HELO") {
    kind = verb == "EHLO" ? Verb::kEhlo : Verb::kHelo;
    recorder_.session().client_name = std::string(trim(args));
  } else if (verb == "STARTTLS") {
    kind = Verb::kStartTls;
    recorder_.offer().starttls_attempted = true;
    control_.hold(Direction::kClientToServer);
  } else if (verb == "AUTH") {
    kind = Verb::kAuth;
    auth_seen_ = true;
    recorder_.authenticated_to_send();
    auto [mechanism, initial] = split_word(args);
    auth_.emplace(mechanism, recorder_);
    if (!initial.empty()) {
      credential = auth_->initial_response(trim(initial), line);
      if (recorder_.details()) detail = auth_->exchange().describe_last_response();
    }
  } else if (verb == "MAIL") {
    kind = Verb::kMail;
    envelope_from_ = path_argument(args).substr(0, kMaxAddressLength);
    envelope_to_.clear();
    if (recorder_.details()) detail = concat({"sender ", envelope_from_});
  } else if (verb == "RCPT") {
    kind = Verb::kRcpt;
    std::string recipient = path_argument(args).substr(0, kMaxAddressLength);
    if (recorder_.details()) detail = concat({"recipient ", recipient});
    if (envelope_to_.size() < kMaxRecipients) {
      envelope_to_.push_back(std::move(recipient));
    } else {
      recorder_.warning("a message has more recipients than the report lists");
    }
  } else if (verb == "DATA") {
    kind = Verb::kData;
    control_.hold(Direction::kClientToServer);
    if (!control_.heard_from(Direction::kServerToClient)) {
      // Only the client's side is in the capture: assume the server said 354.
      begin_message();
    }
  } else if (verb == "BDAT") {
    kind = Verb::kBdat;
    auto [size, last] = split_word(args);
    std::uint64_t n = 0;
    if (parse_count(size, kMaxBdatChunk, n)) {
      if (!message_) begin_message();
      bdat_left_ = n;
      bdat_last_ = iequals(trim(last), "LAST");
      client_state_ = n > 0 ? ClientState::kBdat : ClientState::kCommands;
      if (n == 0 && bdat_last_) end_message(line.packet);
    } else {
      recorder_.warning("BDAT with an invalid size: " + std::string(size.substr(0, 32)));
    }
  } else if (verb == "RSET") {
    envelope_from_.clear();
    envelope_to_.clear();
    message_.reset();
  }
  recorder_.command(line, std::move(detail), credential);
  expect_reply(kind);
}

// The body of a message after its headers, when nobody wants to see it line by line. Returns
// nullopt when the next line is the end of data (or the body is cut), so the line by line path
// takes over; otherwise whether complete lines were consumed.
std::optional<bool> SmtpDecoder::skip_body_lines(StreamBuffer& buffer) {
  BodyLines run = count_body_lines(buffer.peek());
  if (run.consumed == 0) return std::nullopt;
  auto chunk = buffer.next_bytes(run.consumed);
  last_client_packet_ = chunk->packet;
  message_->add_body_bytes(run.content);
  return true;
}

void SmtpDecoder::begin_message() {
  message_.emplace();
  message_incomplete_ = false;
  content_lines_ = 0;
  client_state_ = ClientState::kData;
}

void SmtpDecoder::on_data_line(const Line& line) {
  if (line.text == ".") {
    recorder_.command(line, "end of message");
    expect_reply(Verb::kDataEnd);
    end_message(line.packet);
    return;
  }
  // Dot-stuffing (RFC 5321, 4.5.2): a leading dot was doubled by the sender.
  std::string_view text = line.text;
  if (!text.empty() && text.front() == '.') text.remove_prefix(1);
  if (message_) message_->add_line(text);
  if (recorder_.details() && content_lines_++ < kContentLinesShown) {
    recorder_.content(line, std::string(text));
  }
}

void SmtpDecoder::end_message(std::uint64_t packet) {
  client_state_ = ClientState::kCommands;
  if (!message_) return;
  MailHeaders headers = message_->headers();
  MailMessage m;
  m.from = envelope_from_;  // the envelope is what the relay acts on; headers fill the gaps
  m.to = envelope_to_;
  fill_from_headers(m, std::move(headers));
  m.size = message_->size();
  m.packet = packet;
  m.complete = !message_incomplete_;
  message_.reset();
  recorder_.add_message(std::move(m));
}

bool SmtpDecoder::server_step(StreamBuffer& buffer) {
  auto line = buffer.next_line();
  if (!line) return false;
  server_spoke_ = true;
  if (line->after_gap && !looks_like_reply_code(line->text)) return true;
  recorder_.reply(*line);
  int code = reply_code(line->text);
  bool continues = line->text.size() > 3 && line->text[3] == '-';
  if (code < 0) {
    // Not a reply line: a sloppy server, or garbage; it ends no reply.
    return true;
  }
  reply_lines_.push_back(line->text.size() > 4 ? line->text.substr(4) : std::string_view{});
  if (!continues) {
    on_reply(*line, code);
    reply_lines_.clear();
  }
  return true;
}

void SmtpDecoder::on_reply(const Line& final_line, int code) {
  if (awaiting_reply_.empty()) return;  // unsolicited (421 shutting down, ...)
  Verb verb = awaiting_reply_.front();
  bool positive = code >= 200 && code < 400;
  Session& session = recorder_.session();
  switch (verb) {
    case Verb::kGreeting:
      if (!reply_lines_.empty()) {
        auto [host, rest] = split_word(reply_lines_.front());
        if (session.server_name.empty() && host.find('.') != std::string_view::npos) {
          session.server_name = std::string(host);
        }
      }
      break;
    case Verb::kEhlo:
      if (code == 250) {
        SecurityOffer& offer = recorder_.offer();
        offer.capabilities_seen = true;
        session.capabilities.clear();
        session.capabilities.reserve(std::min(reply_lines_.size(), kMaxCapabilities));
        for (std::size_t i = 1; i < reply_lines_.size(); ++i) {
          // Trimmed: AOL's servers end "250-AUTH LOGIN PLAIN XAOL-UAS-MB " with a space.
          std::string_view capability = trim(reply_lines_[i]);
          if (capability.empty()) continue;
          auto [keyword, params] = split_word(capability);
          if (iequals(keyword, "STARTTLS")) offer.starttls_offered = true;
          if (session.capabilities.size() < kMaxCapabilities) {
            session.capabilities.emplace_back(capability.substr(0, kMaxCapabilityLength));
          }
        }
      }
      break;
    case Verb::kStartTls:
      if (code == 220) {
        control_.start_tls(final_line);
      } else {
        recorder_.offer().starttls_refused = true;
        recorder_.finding(Severity::kWarning, finding_code::kStarttlsRefused, final_line.packet,
                          {"The client asked for STARTTLS and the server refused (",
                           std::to_string(code), "): the session went on in clear."});
        control_.release(Direction::kClientToServer);
      }
      break;
    case Verb::kAuth:
      if (code == 334 && auth_) {
        std::string_view challenge;
        if (!reply_lines_.empty()) challenge = reply_lines_.back();
        auth_->challenge(trim(challenge));
        return;  // the exchange goes on; AUTH still waits for its final reply
      }
      if (auth_)
        auth_->conclude(code >= 200 && code < 300 ? AuthResult::kAccepted : AuthResult::kRejected);
      auth_.reset();
      break;
    case Verb::kData:
      control_.release(Direction::kClientToServer);
      if (code == 354) {
        begin_message();
      }
      break;
    case Verb::kMail:
      if (!positive) envelope_from_.clear();
      break;
    default:
      break;
  }
  awaiting_reply_.pop_front();
}

bool SmtpDecoder::on_gap(Direction direction, std::uint64_t bytes) {
  if (direction == Direction::kServerToClient) {
    reply_lines_.clear();
    return true;
  }
  if (auth_) {
    auth_->abandon("bytes missing from the capture");
    auth_.reset();
  }
  if (client_state_ == ClientState::kData) message_incomplete_ = true;
  if (client_state_ == ClientState::kBdat) {
    message_incomplete_ = true;
    // The chunk length is known: count the missing bytes through and stay in step.
    std::uint64_t lost = std::min(bytes, bdat_left_);
    bdat_left_ -= lost;
    if (bdat_left_ > 0) return false;
    client_state_ = ClientState::kCommands;
    return bytes != lost;  // past the chunk: resume at the next line
  }
  return true;
}

void SmtpDecoder::finish() {
  if (auth_) {
    auth_->abandon("the capture ended before the server's answer");
    auth_.reset();
  }
  if (message_ && message_->has_content()) {
    message_incomplete_ = true;
    end_message(last_client_packet_);
  }
}

}  // namespace mailscope
