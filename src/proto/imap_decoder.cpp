#include "proto/imap_decoder.hpp"

#include <algorithm>
#include <cstring>

#include "proto/text_util.hpp"

namespace mailscope {
namespace {

constexpr std::size_t kMaxLiteralKept = 64 * 1024;
constexpr std::size_t kMaxLinePartsKept = 64;
constexpr std::size_t kMaxPendingCommands = 256;
constexpr std::size_t kMaxTagLength = 64;
constexpr std::uint64_t kImplausibleLiteral = std::uint64_t{1} << 30;  // no mail is this big

bool is_status(std::string_view word) {
  return iequals(word, "OK") || iequals(word, "NO") || iequals(word, "BAD");
}

// The FETCH data item right before a literal: "BODY[]", "RFC822", "BODY[HEADER]", ...
bool item_holds_headers(std::string_view before_literal) {
  std::string_view text = trim(before_literal);
  std::size_t space = text.rfind(' ');
  std::string_view item = space == std::string_view::npos ? text : text.substr(space + 1);
  if (std::size_t paren = item.rfind('('); paren != std::string_view::npos) {
    item = item.substr(paren + 1);
  }
  std::string upper = to_upper(item);
  if (upper == "RFC822" || upper == "RFC822.HEADER" || upper == "BODY[]" || upper == "BINARY[]" ||
      upper.starts_with("BODY[]<") || upper == "BODY[HEADER]") {
    return true;
  }
  // "BODY[HEADER.FIELDS (FROM TO SUBJECT)]" ends in "...)]" after the last space.
  return ifind(text, "BODY[HEADER") != std::string_view::npos;
}

std::uint64_t number_after(std::string_view text, std::string_view key) {
  std::size_t at = ifind(text, key);
  if (at == std::string_view::npos) return 0;
  std::string_view rest = text.substr(at + key.size());
  std::size_t end = 0;
  while (end < rest.size() && std::isdigit(static_cast<unsigned char>(rest[end])))
    ++end;
  std::uint64_t n = 0;
  parse_count(rest.substr(0, end), UINT64_MAX, n);
  return n;
}

// The last argument of a command as it stands on the line: the inside of a quoted string (its
// escapes as sent) or an atom.
std::string_view last_word(std::string_view line) {
  line = trim(line);
  if (line.empty()) return line;
  if (line.back() == '"') {
    for (std::size_t i = line.size() - 1; i-- > 0;) {
      if (line[i] != '"') continue;
      std::size_t backslashes = 0;
      while (i > backslashes && line[i - 1 - backslashes] == '\\')
        ++backslashes;
      if (backslashes % 2 == 0) return line.substr(i + 1, line.size() - i - 2);
    }
    return line;
  }
  std::size_t space = line.rfind(' ');
  return space == std::string_view::npos ? line : line.substr(space + 1);
}

// "a001 LOGIN ...": a tag, then a command word.
bool looks_like_imap_command(std::string_view line) {
  auto [tag, rest] = split_word(line);
  auto [command, args] = split_word(rest);
  return !tag.empty() && !command.empty() &&
         std::all_of(command.begin(), command.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

// "* ...", "+ ...", or "tag OK|NO|BAD ...".
bool looks_like_imap_response(std::string_view line) {
  if (line.starts_with("* ") || line.starts_with("+")) return true;
  auto [tag, rest] = split_word(line);
  auto [status, info] = split_word(rest);
  return is_status(status);
}

}  // namespace

ImapDecoder::ImapDecoder(SessionControl& control)
    : control_(control), recorder_(control.recorder()) {}

bool ImapDecoder::step(Direction direction, StreamBuffer& buffer) {
  return direction == Direction::kClientToServer ? client_step(buffer) : server_step(buffer);
}

bool ImapDecoder::read_literal(StreamBuffer& buffer, Literal& literal, ImapLine& line) {
  auto chunk = buffer.next_bytes(literal.left);
  if (!chunk) return false;
  literal.left -= chunk->data.size();
  literal.packet = chunk->packet;
  if (&literal == &*client_literal_) {
    last_literal_packet_ = chunk->packet;
    // The literal's bytes so far (it may arrive in several chunks).
    if (literal.left + chunk->data.size() == literal.announced_size) {
      last_literal_bytes_ = chunk->bytes;
    } else {
      last_literal_bytes_.end = chunk->bytes.end;
    }
  }
  std::string_view bytes(reinterpret_cast<const char*>(chunk->data.data()), chunk->data.size());
  if (literal.kept.size() < kMaxLiteralKept) {
    literal.kept.append(bytes.substr(0, kMaxLiteralKept - literal.kept.size()));
  }
  if (literal.message) literal.message->add(bytes);
  if (recorder_.details()) {  // the sentence is for the conversation view alone
    recorder_.content(*chunk, literal.message
                                  ? "message content, " + std::to_string(bytes.size()) + " bytes"
                                  : "literal, " + std::to_string(bytes.size()) + " bytes");
  }
  if (literal.left == 0 && line.literals.size() < kMaxLinePartsKept) {
    line.literals.push_back(literal.kept);
  }
  return true;
}

bool ImapDecoder::client_step(StreamBuffer& buffer) {
  if (client_literal_) {
    Literal& literal = *client_literal_;
    if (!read_literal(buffer, literal, client_line_)) return false;
    if (literal.left == 0) {
      if (literal.message && literal.message->has_content()) {
        MailHeaders h = literal.message->headers();
        MailMessage m;
        fill_from_headers(m, std::move(h));
        m.size = literal.message->size();
        m.packet = literal.packet;
        recorder_.add_message(std::move(m));
      }
      client_literal_.reset();
    }
    return true;
  }
  auto line = buffer.next_line();
  if (!line) return false;
  if (line->overlong) recorder_.warning("a client line longer than 64 KiB was cut");
  if (line->after_gap && !auth_ && !looks_like_imap_command(line->text)) return true;
  bool one_sided = !control_.heard_from(Direction::kServerToClient);
  if (auth_ && client_line_.lines.empty() &&
      (auth_->awaiting_response() || (one_sided && !auth_->exchange().complete()))) {
    auth_->client_line(*line);
    return true;
  }
  if (client_line_.lines.size() < kMaxLinePartsKept) client_line_.lines.emplace_back(line->text);
  if (auto marker = trailing_literal(line->text)) {
    recorder_.command(*line);
    client_literal_ = Literal{};
    client_literal_->left = marker->size;
    client_literal_->announced_size = marker->size;
    auto head = imap_tokens(client_line_, 2);
    if (client_line_.lines.size() == 1 && head.size() == 2 && iequals(head[1], "APPEND")) {
      client_literal_->message.emplace();
    }
    if (marker->size >= kImplausibleLiteral) {
      recorder_.warning("a client literal announces " + std::to_string(marker->size) +
                        " bytes; only its first " + std::to_string(kMaxLiteralKept) + " are kept");
    }
    if (marker->size == 0) {
      client_line_.literals.emplace_back();
      client_literal_.reset();
    }
    return true;
  }
  on_command(*line);
  client_line_.lines.clear();  // not = {}: the vector keeps its memory for the next command
  client_line_.literals.clear();
  return true;
}

void ImapDecoder::on_command(const Line& last) {
  std::vector<std::string>& tokens = tokens_;
  imap_tokens(client_line_, 4, tokens);
  if (tokens.size() < 2) {
    recorder_.command(last);
    return;
  }
  const std::string& tag = tokens[0];
  std::string command = to_upper(tokens[1]);
  Pending pending;
  std::string detail;
  int credential = -1;
  if (command == "LOGIN" && tokens.size() >= 4) {
    pending.kind = Kind::kLogin;
    Credential c;
    c.mechanism = "IMAP-LOGIN";
    c.username = tokens[2];
    c.secret = tokens[3];
    // The packet that carried the password's last byte: a literal's, when the password was
    // sent as one (the command's last line then holds nothing but its CRLF).
    bool password_in_literal = !client_line_.literals.empty() && trim(last.text).empty();
    c.packet = password_in_literal ? last_literal_packet_ : last.packet;
    c.time = last.time;
    c.secret_bytes =
        password_in_literal ? last_literal_bytes_ : range_of(last, last_word(last.text));
    credential = pending.credential = recorder_.open_credential(std::move(c));
    if (recorder_.details()) detail = concat({"user ", tokens[2], ", password"});
    if (recorder_.offer().login_disabled) {
      recorder_.warning("the client sent LOGIN although the server announced LOGINDISABLED");
    }
  } else if (command == "AUTHENTICATE" && tokens.size() >= 3) {
    pending.kind = Kind::kAuthenticate;
    recorder_.offer().auth_attempted = true;
    auth_.emplace(tokens[2], recorder_);
    auth_tag_ = tag;
    if (tokens.size() >= 4) {
      // The response is the command's last word: point at it on the line itself.
      std::string_view on_line = last.text;
      std::size_t at = on_line.rfind(tokens[3]);
      credential = auth_->initial_response(
          at == std::string_view::npos ? std::string_view(tokens[3]) : on_line.substr(at), last);
      if (recorder_.details()) detail = auth_->exchange().describe_last_response();
    }
  } else if (command == "STARTTLS") {
    pending.kind = Kind::kStartTls;
    recorder_.offer().starttls_attempted = true;
    control_.hold(Direction::kClientToServer);
  }
  recorder_.command(last, std::move(detail), credential);
  // Commands the server never answers (a one-sided capture, a flood) must not pile up.
  if (pending_.size() >= kMaxPendingCommands) pending_.erase(pending_.begin());
  pending_[tag.substr(0, kMaxTagLength)] = pending;
}

bool ImapDecoder::server_step(StreamBuffer& buffer) {
  if (server_literal_) {
    if (!read_literal(buffer, *server_literal_, server_line_)) return false;
    if (server_literal_->left == 0) finish_server_literal();
    return true;
  }
  auto line = buffer.next_line();
  if (!line) return false;
  if (line->after_gap && !looks_like_imap_response(line->text)) return true;
  recorder_.reply(*line);
  auto marker = trailing_literal(line->text);
  if (!marker && server_line_.lines.empty()) {
    on_server_line(*line);  // most responses are one line: nothing to splice, nothing to copy
    return true;
  }
  if (server_line_.lines.size() < kMaxLinePartsKept) server_line_.lines.emplace_back(line->text);
  if (marker) {
    start_server_literal(*line, *marker);
    return true;
  }
  // The whole response (its literals spliced in) is complete: act on its first line.
  Line first = *line;
  std::string first_text = server_line_.lines.front();
  first.text = first_text;
  on_server_line(first);
  server_line_ = {};
  return true;
}

void ImapDecoder::start_server_literal(const Line& line, const LiteralMarker& marker) {
  server_literal_ = Literal{};
  Literal& literal = *server_literal_;
  literal.left = marker.size;
  literal.announced_size = marker.size;
  if (marker.size >= kImplausibleLiteral) {
    recorder_.warning("a server literal announces " + std::to_string(marker.size) + " bytes");
  }
  std::string_view text = line.text;
  // "* 12 FETCH (... BODY[] {2048}": a message read in clear.
  auto [star, rest] = split_word(server_line_.lines.front());
  auto [number, kind] = split_word(rest);
  std::uint64_t n = 0;
  if (star == "*" && parse_count(number, UINT64_MAX, n) && istarts_with(kind, "FETCH") &&
      item_holds_headers(text.substr(0, marker.position))) {
    literal.message.emplace();
    literal.message_number = n;
    literal.rfc822_size = number_after(server_line_.lines.front(), "RFC822.SIZE ");
  }
  literal.kept.clear();
  if (marker.size == 0) {
    server_line_.literals.emplace_back();
    server_literal_.reset();
  }
}

void ImapDecoder::finish_server_literal() {
  Literal& literal = *server_literal_;
  if (literal.message && literal.message->has_content()) {
    MailHeaders h = literal.message->headers();
    MailMessage m;
    fill_from_headers(m, std::move(h));
    bool headers_only = literal.rfc822_size > literal.message->size();
    m.size = headers_only ? literal.rfc822_size : literal.message->size();
    m.packet = literal.packet;
    recorder_.add_message(std::move(m));
  }
  server_literal_.reset();
}

void ImapDecoder::read_capabilities(std::string_view text) {
  SecurityOffer& offer = recorder_.offer();
  offer.capabilities_seen = true;
  // The first list is the offer made before login (Dovecot lists fewer, other things after).
  std::vector<std::string>& listed = recorder_.session().capabilities;
  bool record = listed.empty();
  // A response code's list ends at its ']'. (find_first_of of " ]" called memchr on its set
  // once per character of the text.)
  text = text.substr(0, text.find(']'));
  if (record) {
    // Room for the words at once, instead of growing 1, 2, 4, 8, 16, 32.
    listed.reserve(std::min<std::size_t>(std::count(text.begin(), text.end(), ' ') + 1, 64));
  }
  // The words found with memchr: a server lists 13 to 40 of them, and a loop over each word's
  // bytes mispredicted its exit at every one (this function was 5 % of the decoding thread's
  // time on the real captures, for two lines a session).
  const char* at = text.data();
  const char* const end = at + text.size();
  while (at < end) {
    const auto* space =
        static_cast<const char*>(std::memchr(at, ' ', static_cast<std::size_t>(end - at)));
    const char* word_end = space ? space : end;
    std::string_view word(at, static_cast<std::size_t>(word_end - at));
    at = word_end + 1;
    if (word.empty()) continue;  // two spaces in a row
    if (iequals(word, "STARTTLS")) offer.starttls_offered = true;
    if (iequals(word, "LOGINDISABLED")) offer.login_disabled = true;
    if (record && listed.size() < 64) listed.emplace_back(word.substr(0, 64));
  }
}

void ImapDecoder::on_server_line(const Line& line) {
  std::string_view text = line.text;
  if (!text.empty() && text.front() == '+') {
    // Continuation request: a SASL challenge, or the go-ahead for a synchronising literal.
    if (auth_) auth_->challenge(trim(text.substr(1)));
    return;
  }
  auto [tag, rest] = split_word(text);
  auto [status, info] = split_word(rest);
  // CAPABILITY as a response ("* CAPABILITY IMAP4rev1 ..."), or as the response code of a
  // status ("* OK [CAPABILITY IMAP4rev1 ...] ready", "a1 OK [CAPABILITY ...] Logged in"); not
  // a search of every line, which also took "a1 OK Capability completed" for a list.
  if (tag == "*" && iequals(status, "CAPABILITY")) {
    read_capabilities(info);
  } else if (istarts_with(info, "[CAPABILITY ")) {
    read_capabilities(info.substr(12));
  }
  if (tag == "*") {
    if (!greeting_seen_ && (iequals(status, "OK") || iequals(status, "PREAUTH"))) {
      greeting_seen_ = true;
      // "* OK imap.example.com IMAP4rev1 ready": a host name is the lesson's label.
      std::string_view after = info;
      if (!after.empty() && after.front() == '[') {
        std::size_t close = after.find(']');
        after =
            close == std::string_view::npos ? std::string_view{} : trim(after.substr(close + 1));
      }
      auto [host, tail] = split_word(after);
      Session& s = recorder_.session();
      if (s.server_name.empty() && host.find('.') != std::string_view::npos &&
          host.find('@') == std::string_view::npos) {
        s.server_name = std::string(host);
      }
    }
    return;
  }
  if (is_status(status)) on_tagged(tag, status, line);
}

void ImapDecoder::on_tagged(std::string_view tag, std::string_view status, const Line& line) {
  auto it = pending_.find(tag.substr(0, kMaxTagLength));
  if (it == pending_.end()) return;
  Pending pending = it->second;
  pending_.erase(it);
  bool ok = iequals(status, "OK");
  switch (pending.kind) {
    case Kind::kLogin:
      recorder_.resolve_credential(pending.credential,
                                   ok ? AuthResult::kAccepted : AuthResult::kRejected);
      break;
    case Kind::kAuthenticate:
      if (auth_ && auth_tag_ == tag) {
        auth_->conclude(ok ? AuthResult::kAccepted : AuthResult::kRejected);
        auth_.reset();
      }
      break;
    case Kind::kStartTls:
      if (ok) {
        control_.start_tls(line);
      } else {
        recorder_.offer().starttls_refused = true;
        recorder_.finding(Severity::kWarning, finding_code::kStarttlsRefused, line.packet,
                          {"The client asked for STARTTLS and the server refused: the session "
                           "went on in clear."});
        control_.release(Direction::kClientToServer);
      }
      break;
    case Kind::kOther:
      break;
  }
}

bool ImapDecoder::on_gap(Direction direction, std::uint64_t bytes) {
  std::optional<Literal>& literal =
      direction == Direction::kClientToServer ? client_literal_ : server_literal_;
  ImapLine& line = direction == Direction::kClientToServer ? client_line_ : server_line_;
  if (direction == Direction::kClientToServer && auth_) {
    auth_->abandon("bytes missing from the capture");
    auth_.reset();
  }
  if (literal) {
    // A literal's length is known: count the lost bytes through it.
    std::uint64_t lost = std::min(bytes, literal->left);
    literal->left -= lost;
    if (literal->message) literal->message.reset();  // cut: its headers may be gone
    if (literal->left > 0) return false;
    if (line.literals.size() < kMaxLinePartsKept) line.literals.push_back(literal->kept);
    literal.reset();
    if (bytes == lost) return false;
  }
  line = {};
  return true;
}

void ImapDecoder::finish() {
  if (client_literal_ || server_literal_) {
    recorder_.warning("the capture ends inside a literal");
  }
  if (auth_) {
    auth_->abandon("the capture ended before the server's answer");
    auth_.reset();
  }
}

}  // namespace mailscope
