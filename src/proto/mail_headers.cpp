#include "proto/mail_headers.hpp"

#include <iconv.h>

#include <algorithm>
#include <cctype>

#include "model/mail_message.hpp"
#include "proto/base64.hpp"
#include "proto/text_util.hpp"

namespace mailscope {
namespace {

std::string to_utf8(std::string_view charset, std::string_view bytes) {
  std::string cs(charset);
  if (iequals(cs, "utf-8") || iequals(cs, "us-ascii") || iequals(cs, "utf8")) {
    return std::string(bytes);
  }
  iconv_t cd = iconv_open("UTF-8", cs.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::string(bytes);
  std::string out(bytes.size() * 4 + 4, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  std::size_t rc = iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1)) return std::string(bytes);
  out.resize(out.size() - out_left);
  return out;
}

std::string decode_q(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_') {
      out += ' ';
    } else if (c == '=' && i + 2 < text.size() &&
               std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// The headers a message summary is made of; the others (Received, DKIM-Signature, ...: most of
// a header block) are passed over without being copied or unfolded.
enum class Field { kOther, kFrom, kTo, kCc, kSubject, kDate, kMessageId };

Field field_named(std::string_view name) {
  if (iequals(name, "From")) return Field::kFrom;
  if (iequals(name, "To")) return Field::kTo;
  if (iequals(name, "Cc")) return Field::kCc;
  if (iequals(name, "Subject")) return Field::kSubject;
  if (iequals(name, "Date")) return Field::kDate;
  if (iequals(name, "Message-ID")) return Field::kMessageId;
  return Field::kOther;
}

// Unfolds and splits a header block into (field, value) pairs, for the fields above. A value
// on one line is handed over as a view into `block`; a folded one is unfolded into a copy.
template <typename Fn>
void for_each_header(std::string_view block, Fn&& fn) {
  Field field = Field::kOther;  // of the header being read
  std::string_view first;       // its value on its first line
  std::string unfolded;         // first and the continuation lines, when it has some
  bool folded = false;
  auto flush = [&] {
    if (field != Field::kOther) fn(field, folded ? std::string_view(unfolded) : first);
    field = Field::kOther;
    folded = false;
  };
  std::size_t at = 0;
  while (at < block.size()) {
    std::size_t end = block.find('\n', at);
    if (end == std::string_view::npos) end = block.size();
    std::string_view line = block.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    at = end + 1;
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      if (field == Field::kOther) continue;
      if (!folded) unfolded.assign(first);  // assign, not a new string: keeps the capacity
      folded = true;
      unfolded += ' ';
      unfolded += trim(line);
      continue;
    }
    flush();
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    field = field_named(trim(line.substr(0, colon)));
    first = trim(line.substr(colon + 1));
  }
  flush();
}

}  // namespace

std::string decode_encoded_words(std::string_view text) {
  std::string out;
  std::size_t at = 0;
  bool last_was_word = false;
  while (at < text.size()) {
    std::size_t start = text.find("=?", at);
    if (start == std::string_view::npos) {
      out += text.substr(at);
      break;
    }
    std::size_t q1 = text.find('?', start + 2);
    std::size_t q2 = q1 == std::string_view::npos ? q1 : text.find('?', q1 + 1);
    std::size_t end = q2 == std::string_view::npos ? q2 : text.find("?=", q2 + 1);
    if (end == std::string_view::npos) {
      out += text.substr(at);
      break;
    }
    std::string_view between = text.substr(at, start - at);
    // White space between two encoded words is not part of the text (RFC 2047, 6.2).
    if (!(last_was_word && trim(between).empty())) out += between;
    std::string_view charset = text.substr(start + 2, q1 - start - 2);
    charset = charset.substr(0, charset.find('*'));  // RFC 2231 language suffix
    char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(text[q1 + 1])));
    std::string_view payload = text.substr(q2 + 1, end - q2 - 1);
    std::string raw;
    if (encoding == 'B') {
      auto decoded = decode_base64(payload);
      if (!decoded) {
        out += text.substr(start, end + 2 - start);
        at = end + 2;
        last_was_word = false;
        continue;
      }
      raw = *decoded;
    } else {
      raw = decode_q(payload);
    }
    out += to_utf8(charset, raw);
    at = end + 2;
    last_was_word = true;
  }
  return out;
}

std::vector<std::string> parse_address_list(std::string_view text) {
  std::vector<std::string> out;
  auto add = [&out](std::string_view item) {
    item = trim(item);
    std::size_t lt = item.rfind('<');
    std::size_t gt = item.rfind('>');
    if (lt != std::string_view::npos && gt != std::string_view::npos && gt > lt) {
      item = item.substr(lt + 1, gt - lt - 1);
    } else if (std::size_t colon = item.find(':');
               colon != std::string_view::npos && item.find('@') > colon) {
      item = item.substr(colon + 1);  // group syntax "undisclosed-recipients:;"
    }
    item = trim(item);
    while (!item.empty() && item.back() == ';')
      item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
  };
  // Without comments an address is a piece of the text as it stands; with them, the comments
  // are left out of a copy made character by character.
  const bool comments = text.find('(') != std::string_view::npos;
  // Nearly every From and To holds one address, without quotes: then the whole text is the
  // item, and three memchr calls cost less than the walk below, character by character.
  if (!comments && text.find(',') == std::string_view::npos &&
      text.find('"') == std::string_view::npos) {
    add(text);
    return out;
  }
  std::string copy;
  std::size_t start = 0;
  bool quoted = false;
  int angle_depth = 0;
  int comment_depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') quoted = false;
      if (comments) copy += c;
      continue;
    }
    if (comment_depth > 0) {
      if (c == '(') ++comment_depth;
      if (c == ')') --comment_depth;
      continue;
    }
    if (c == '"') quoted = true;
    if (c == '(') {
      ++comment_depth;
      continue;
    }
    if (c == '<') ++angle_depth;
    if (c == '>') angle_depth = std::max(0, angle_depth - 1);
    if (c == ',' && angle_depth == 0) {
      add(comments ? std::string_view(copy) : text.substr(start, i - start));
      copy.clear();
      start = i + 1;
      continue;
    }
    if (comments) copy += c;
  }
  add(comments ? std::string_view(copy) : text.substr(start));
  return out;
}

MailHeaders parse_mail_headers(std::string_view block) {
  MailHeaders h;
  for_each_header(block, [&h](Field field, std::string_view value) {
    switch (field) {
      case Field::kFrom:
        if (h.from.empty()) {
          auto list = parse_address_list(value);
          if (!list.empty()) h.from = list.front();
        }
        break;
      case Field::kTo:
        for (auto& a : parse_address_list(value))
          h.to.push_back(std::move(a));
        break;
      case Field::kCc:
        for (auto& a : parse_address_list(value))
          h.cc.push_back(std::move(a));
        break;
      case Field::kSubject:
        if (h.subject.empty()) h.subject = decode_encoded_words(value);
        break;
      case Field::kDate:
        if (h.date.empty()) h.date = std::string(value);
        break;
      case Field::kMessageId:
        if (h.message_id.empty()) h.message_id = std::string(value);
        break;
      case Field::kOther:
        break;
    }
  });
  return h;
}

void fill_from_headers(MailMessage& m, MailHeaders&& h) {
  if (m.from.empty()) m.from = std::move(h.from);
  if (m.to.empty()) m.to = std::move(h.to);
  m.cc = std::move(h.cc);
  m.subject = std::move(h.subject);
  m.date = std::move(h.date);
  m.message_id = std::move(h.message_id);
}

void MessageCollector::add(std::string_view content) {
  size_ += content.size();
  if (header_done_) return;
  std::size_t old_size = header_.size();
  header_.append(content.substr(0, kMaxHeaderBytes - old_size));
  // The header block ends at the first empty line; search only where it can newly appear.
  std::size_t from = old_size >= 3 ? old_size - 3 : 0;
  std::size_t blank = header_.find("\n\n", from);
  std::size_t crlf_blank = header_.find("\r\n\r\n", from);
  std::size_t end = std::min(blank, crlf_blank);
  if (end != std::string::npos) {
    header_.resize(end + 1);
    header_done_ = true;
  } else if (header_.size() >= kMaxHeaderBytes) {
    header_done_ = true;
  }
}

void MessageCollector::add_line(std::string_view text) {
  size_ += text.size() + 2;  // counted with CRLF, as the message is delivered
  if (header_done_) return;
  if (text.empty()) {
    header_done_ = true;
    return;
  }
  if (header_.size() + text.size() + 2 > kMaxHeaderBytes) {
    header_done_ = true;
    return;
  }
  if (header_.empty()) header_.reserve(2048);  // a typical header block, in one allocation
  header_.append(text);
  header_.append("\r\n");
}

}  // namespace mailscope
