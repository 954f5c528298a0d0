#include "proto/pop3_decoder.hpp"

#include "proto/dot_stuffing.hpp"
#include "proto/text_util.hpp"

namespace mailscope {
namespace {

constexpr std::uint64_t kContentLinesShown = 200;

}  // namespace

Pop3Decoder::Pop3Decoder(SessionControl& control)
    : control_(control), recorder_(control.recorder()) {
  pending_.push_back({Verb::kGreeting, -1});
}

bool Pop3Decoder::step(Direction direction, StreamBuffer& buffer) {
  return direction == Direction::kClientToServer ? client_step(buffer) : server_step(buffer);
}

bool Pop3Decoder::client_step(StreamBuffer& buffer) {
  auto line = buffer.next_line();
  if (!line) return false;
  static constexpr std::string_view kVerbs[] = {"USER", "PASS", "APOP", "AUTH", "CAPA",
                                                "STLS", "STAT", "LIST", "RETR", "TOP",
                                                "UIDL", "DELE", "NOOP", "RSET", "QUIT"};
  if (line->after_gap && !auth_ && !starts_with_verb(line->text, kVerbs)) return true;
  if (line->overlong) recorder_.warning("a client line longer than 64 KiB was cut");
  bool one_sided = !control_.heard_from(Direction::kServerToClient);
  if (auth_ && (auth_->awaiting_response() || (one_sided && !auth_->exchange().complete()))) {
    auth_->client_line(*line);
    return true;
  }
  on_command(*line);
  return true;
}

void Pop3Decoder::on_command(const Line& line) {
  // A client speaks after the greeting: if none came, the capture started after it.
  if (!greeting_done_) {
    greeting_done_ = true;
    if (!server_spoke_ && !pending_.empty() && pending_.front().verb == Verb::kGreeting) {
      pending_.pop_front();
    }
  }
  auto [word, args] = split_word(line.text);
  std::string verb = to_upper(word);
  Pending pending;
  std::string detail;
  if (verb == "USER") {
    pending.verb = Verb::kUser;
    user_ = std::string(args.substr(0, 320));
    if (recorder_.details()) detail = concat({"user ", user_});
  } else if (verb == "PASS") {
    pending.verb = Verb::kPass;
    Credential c;
    c.mechanism = "USER-PASS";
    c.username = user_;
    c.secret = std::string(args);  // the rest of the line: a password may hold spaces
    c.packet = line.packet;
    c.time = line.time;
    // The password's own bytes, after the verb and its spaces ("PASS" alone has none).
    std::size_t at =
        args.empty() ? line.text.size() : static_cast<std::size_t>(args.data() - line.text.data());
    c.secret_bytes = {line.bytes.direction, line.bytes.begin + at, line.bytes.end};
    pending.credential = recorder_.open_credential(std::move(c));
    if (recorder_.details()) detail = concat({"password of ", user_});
  } else if (verb == "APOP") {
    pending.verb = Verb::kApop;
    auto [name, digest] = split_word(args);
    Credential c;
    c.mechanism = "APOP";
    c.username = std::string(name);
    c.secret_kind = SecretKind::kChallengeResponse;
    c.challenge = apop_timestamp_;
    c.response = std::string(trim(digest));
    c.packet = line.packet;
    c.time = line.time;
    c.secret_bytes = range_of(line, trim(digest));
    pending.credential = recorder_.open_credential(std::move(c));
    if (recorder_.details()) detail = concat({"user ", name, ", MD5 digest (crackable offline)"});
  } else if (verb == "AUTH") {
    auto [mechanism, initial] = split_word(args);
    if (mechanism.empty()) {
      pending.verb = Verb::kAuthList;
    } else {
      pending.verb = Verb::kAuth;
      recorder_.offer().auth_attempted = true;
      auth_.emplace(mechanism, recorder_);
      if (!initial.empty()) {
        pending.credential = auth_->initial_response(trim(initial), line);
        if (recorder_.details()) detail = auth_->exchange().describe_last_response();
      }
    }
  } else if (verb == "CAPA") {
    pending.verb = Verb::kCapa;
  } else if (verb == "STLS") {
    pending.verb = Verb::kStls;
    recorder_.offer().starttls_attempted = true;
    control_.hold(Direction::kClientToServer);
  } else if (verb == "RETR") {
    pending.verb = Verb::kRetr;
  } else if (verb == "TOP") {
    pending.verb = Verb::kTop;
  } else if ((verb == "LIST" || verb == "UIDL") && trim(args).empty()) {
    pending.verb = Verb::kList;
  }
  recorder_.command(line, std::move(detail), pending.credential);
  if (pending.verb == Verb::kAuth) pending.credential = -1;  // the SASL attempt resolves it
  pending_.push_back(pending);
}

bool Pop3Decoder::server_step(StreamBuffer& buffer) {
  if (multiline_ && message_ && message_->header_complete() && !recorder_.details()) {
    // A message body nobody looks at line by line: counted in one pass, up to its end line.
    if (BodyLines run = count_body_lines(buffer.peek()); run.consumed > 0) {
      buffer.next_bytes(run.consumed);
      server_spoke_ = true;
      message_->add_body_bytes(run.content);
      return true;
    }
  }
  auto line = buffer.next_line();
  if (!line) return false;
  server_spoke_ = true;
  if (line->after_gap && !multiline_ && !istarts_with(line->text, "+") &&
      !istarts_with(line->text, "-ERR")) {
    return true;  // the tail of a line whose start was lost
  }
  if (multiline_) {
    on_multiline(*line);
    return true;
  }
  recorder_.reply(*line);
  std::string_view text = line->text;
  if (istarts_with(text, "+OK")) {
    on_status(*line, true);
  } else if (istarts_with(text, "-ERR")) {
    on_status(*line, false);
  } else if (!text.empty() && text.front() == '+' && auth_) {
    auth_->challenge(trim(text.substr(1)));
  }
  return true;
}

void Pop3Decoder::on_status(const Line& line, bool ok) {
  if (pending_.empty()) return;
  Pending pending = pending_.front();
  pending_.pop_front();
  switch (pending.verb) {
    case Verb::kGreeting: {
      // APOP's challenge: "<1896.697170952@dbc.mtview.ca.us>" in the greeting (RFC 1939, 7).
      std::size_t lt = line.text.find('<');
      std::size_t gt = line.text.find('>', lt == std::string_view::npos ? 0 : lt);
      if (lt != std::string_view::npos && gt != std::string_view::npos) {
        apop_timestamp_ = std::string(line.text.substr(lt, gt - lt + 1));
      }
      break;
    }
    case Verb::kPass:
    case Verb::kApop:
      recorder_.resolve_credential(pending.credential,
                                   ok ? AuthResult::kAccepted : AuthResult::kRejected);
      break;
    case Verb::kAuth:
      if (auth_) auth_->conclude(ok ? AuthResult::kAccepted : AuthResult::kRejected);
      auth_.reset();
      break;
    case Verb::kStls:
      if (ok) {
        control_.start_tls(line);
      } else {
        recorder_.offer().starttls_refused = true;
        recorder_.finding(Severity::kWarning, finding_code::kStarttlsRefused, line.packet,
                          {"The client asked for STLS and the server refused: the session went "
                           "on in clear."});
        control_.release(Direction::kClientToServer);
      }
      break;
    case Verb::kCapa:
      if (ok) {
        recorder_.offer().capabilities_seen = true;
        recorder_.session().capabilities.clear();
        recorder_.session().capabilities.reserve(16);  // once, instead of growing 1, 2, 4, 8, 16
      }
      [[fallthrough]];
    case Verb::kRetr:
    case Verb::kTop:
    case Verb::kList:
    case Verb::kAuthList:
      if (ok) {
        multiline_ = pending.verb;
        if (pending.verb == Verb::kRetr || pending.verb == Verb::kTop) {
          message_.emplace();
          content_lines_ = 0;
        }
      }
      break;
    default:
      break;
  }
}

void Pop3Decoder::on_multiline(const Line& line) {
  if (line.text == ".") {
    recorder_.reply(line);
    end_multiline(line);
    return;
  }
  std::string_view text = line.text;
  if (!text.empty() && text.front() == '.') text.remove_prefix(1);  // byte-stuffing
  if (*multiline_ == Verb::kCapa) {
    recorder_.reply(line);
    auto [keyword, rest] = split_word(text);
    if (iequals(keyword, "STLS")) recorder_.offer().starttls_offered = true;
    std::vector<std::string>& listed = recorder_.session().capabilities;
    if (listed.size() < 32) listed.emplace_back(text.substr(0, 128));
    return;
  }
  if (message_) {
    message_->add_line(text);
    if (recorder_.details() && content_lines_++ < kContentLinesShown) {
      recorder_.content(line, std::string(text));
    }
    return;
  }
  recorder_.reply(line);
}

void Pop3Decoder::end_multiline(const Line& end) {
  if (message_ && message_->has_content()) {
    MailHeaders h = message_->headers();
    MailMessage m;
    fill_from_headers(m, std::move(h));
    m.size = message_->size();
    m.packet = end.packet;
    recorder_.add_message(std::move(m));
  }
  message_.reset();
  multiline_.reset();
}

bool Pop3Decoder::on_gap(Direction direction, std::uint64_t) {
  if (direction == Direction::kClientToServer && auth_) {
    auth_->abandon("bytes missing from the capture");
    auth_.reset();
  }
  if (direction == Direction::kServerToClient && message_) {
    recorder_.warning("part of a message read with RETR or TOP is missing from the capture");
  }
  return true;
}

void Pop3Decoder::finish() {
  if (auth_) {
    auth_->abandon("the capture ended before the server's answer");
    auth_.reset();
  }
}

}  // namespace mailscope
