#include "report/text_report.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>

#include "proto/text_util.hpp"
#include "report/report_writer.hpp"

namespace mailscope {
namespace {

using namespace std::string_view_literals;

// Views, as the literals appended below: `line += "text"` took a call to strlen for each piece
// (the append was not inlined), thirteen a session line.
struct Palette {
  std::string_view red;
  std::string_view green;
  std::string_view yellow;
  std::string_view dim;
  std::string_view bold;
  std::string_view reset;
};

Palette palette(bool color) {
  if (!color) return {};
  return {"\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[2m", "\x1b[1m", "\x1b[0m"};
}

void append_number(std::string& out, std::uint64_t n) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
}

// "512 B", "12.3 kB", "4.5 MB" (to_chars with a precision rounds as printf's "%.1f" does).
void append_human_bytes(std::string& out, std::uint64_t n) {
  if (n < 10'000) {
    append_number(out, n);
    out += " B"sv;
    return;
  }
  bool kilo = n < 10'000'000;
  char digits[32];
  double scaled = static_cast<double>(n) / (kilo ? 1e3 : 1e6);
  out.append(
      digits,
      std::to_chars(digits, digits + sizeof digits, scaled, std::chars_format::fixed, 1).ptr);
  out += kilo ? " kB"sv : " MB"sv;
}

// The spaces that end a field shown in `shown` columns of a column `width` wide: to its end, and
// at least one, so that a field as wide as its column (session #1000, a long IPv6 address)
// stays apart from the next one.
std::size_t padding(std::size_t shown, std::size_t width) {
  return shown < width ? width - shown : 1;
}

// Appends `s` to `line`, padded with spaces to `width` columns. Width in code points, so
// padlocks and accents line up.
void append_padded(std::string& line, std::string_view s, std::size_t width) {
  line.append(s);
  line.append(padding(code_points(s), width), ' ');
}

// As append_padded, for text the report itself made (names of enums, numbers, addresses):
// ASCII, one column a byte, nothing to count.
void append_ascii_padded(std::string& line, std::string_view s, std::size_t width) {
  line.append(s);
  line.append(padding(s.size(), width), ' ');
}

// The lines here are built by appending to one string: an ostringstream a line (and its
// locale) cost more than the rest of the report.
//
// A run of a line's columns that the report itself fills (numbers, names of enums, colours),
// formatted on the stack and appended to the line at once: each piece and each run of spaces
// appended to the string on its own cost a call with its checks, a third of a finding's line.
// The pieces are short and bounded (at most 20 digits, the longest name 16 characters); one
// that does not fit in what is left is cut, never written past the end.
class Columns {
 public:
  Columns& text(std::string_view s) {
    std::size_t n = std::min(s.size(), kCapacity - size_);
    // char_traits, not memcpy: an empty view (a colour when colours are off) has no data at all.
    std::char_traits<char>::copy(text_ + size_, s.data(), n);
    size_ += n;
    return *this;
  }
  Columns& number(std::uint64_t n) {
    size_ =
        static_cast<std::size_t>(std::to_chars(text_ + size_, text_ + kCapacity, n).ptr - text_);
    return *this;
  }
  // Spaces after what was written since `start` (a size() before), to `width` columns.
  Columns& pad_from(std::size_t start, std::size_t width) {
    std::size_t n = std::min(padding(size_ - start, width), kCapacity - size_);
    std::memset(text_ + size_, ' ', n);
    size_ += n;
    return *this;
  }
  Columns& padded(std::string_view s, std::size_t width) {
    std::size_t start = size_;
    return text(s).pad_from(start, width);
  }
  Columns& upper_padded(std::string_view s, std::size_t width) {
    std::size_t start = size_;
    text(s);
    std::transform(text_ + start, text_ + size_, text_ + start, ascii_upper);
    return pad_from(start, width);
  }
  // "#12  ": a session number as the report shows it, padded to its column of 5.
  Columns& session_label(std::uint64_t id) {
    std::size_t start = size_;
    return text("#"sv).number(id).pad_from(start, 5);
  }
  std::size_t size() const { return size_; }
  void append_to(std::string& line) const { line.append(text_, size_); }

 private:
  static constexpr std::size_t kCapacity = 128;
  char text_[kCapacity];
  std::size_t size_ = 0;
};

void append_session_label(std::string& line, std::uint64_t id) {
  Columns().session_label(id).append_to(line);
}

void append_transport_label(std::string& out, const Session& s) {
  std::string_view version =
      s.tls && !s.tls->version.empty() ? std::string_view(s.tls->version) : "TLS";
  switch (s.transport) {
    case Transport::kImplicitTls:
      out += "🔒 "sv;
      out += version;
      return;
    case Transport::kStartTls:
      out += "🔒 STARTTLS "sv;
      out += version;
      return;
    case Transport::kPlaintext:
      break;
  }
  out += "🔓 plaintext"sv;
}

// The capabilities the report shows: how the server offers to protect the login. The first
// letter first: most capabilities are about something else, and six comparisons for each of
// them were half the time of a session's line.
bool about_protecting_the_login(std::string_view capability) {
  if (capability.empty()) return false;
  switch (ascii_upper(capability.front())) {
    case 'S':
      return istarts_with(capability, "STARTTLS") || istarts_with(capability, "STLS") ||
             istarts_with(capability, "SASL");
    case 'A':
      return istarts_with(capability, "AUTH");
    case 'L':
      return iequals(capability, "LOGINDISABLED");
    case 'U':
      return iequals(capability, "USER");
    default:
      return false;
  }
}

// Findings and credentials are spooled as records of their fields, and their lines formatted on
// the spool's writer thread: formatting them was 8 % of the instructions of the decoding thread,
// which bounds the analysis of a capture of short sessions (three findings each on the real
// benchmark capture); appending a record is a few copies.
// A record's fields in a fixed order, numbers as their bytes, texts after their length.
class RecordOut {
 public:
  explicit RecordOut(std::string& records) : records_(records) {}
  template <typename Number>
  RecordOut& number(Number n) {
    records_.append(reinterpret_cast<const char*>(&n), sizeof n);
    return *this;
  }
  RecordOut& text(std::string_view s) {
    number(static_cast<std::uint32_t>(s.size()));
    records_ += s;
    return *this;
  }

 private:
  std::string& records_;
};

class RecordIn {
 public:
  explicit RecordIn(std::string_view records) : records_(records) {}
  bool empty() const { return records_.empty(); }
  template <typename Number>
  Number number() {
    Number n{};
    std::memcpy(&n, records_.data(), sizeof n);
    records_.remove_prefix(sizeof n);
    return n;
  }
  std::string_view text() {
    auto size = number<std::uint32_t>();
    std::string_view s = records_.substr(0, size);
    records_.remove_prefix(size);
    return s;
  }

 private:
  std::string_view records_;
};

void append_finding_record(std::string& records, const Finding& f) {
  RecordOut(records)
      .number(f.session)
      .number(f.packet)
      .number(static_cast<std::uint8_t>(f.severity))
      .text(f.message);
}

void append_finding_lines(std::string_view records, const Palette& p, std::string& text) {
  for (RecordIn in(records); !in.empty();) {
    auto session = in.number<std::uint64_t>();
    auto packet = in.number<std::uint64_t>();
    auto severity = static_cast<Severity>(in.number<std::uint8_t>());
    std::string_view message = in.text();
    std::string_view color = severity == Severity::kCritical  ? p.red
                             : severity == Severity::kWarning ? p.yellow
                                                              : p.green;
    Columns columns;
    columns.text("  "sv).text(color).upper_padded(to_string(severity), 9).text(p.reset);
    columns.session_label(session);
    std::size_t where = columns.size();
    columns.text("packet "sv).number(packet).pad_from(where, 13);
    columns.append_to(text);
    text += message;
    text += '\n';
  }
}

// A credential's record: its secret, or the digest's response where the wire holds none.
void append_credential_record(std::string& records, const Credential& c) {
  RecordOut(records)
      .number(c.session)
      .number(c.packet)
      .number(static_cast<std::uint8_t>(c.protocol))
      .number(static_cast<std::uint8_t>(c.result))
      .number(static_cast<std::uint8_t>(c.secret.has_value()))
      .text(c.secret ? std::string_view(*c.secret) : std::string_view(c.response))
      .text(c.mechanism)
      .text(c.username);
}

void append_credential_lines(std::string_view records, const Palette& p, bool reveal,
                             std::string& text) {
  for (RecordIn in(records); !in.empty();) {
    auto session = in.number<std::uint64_t>();
    auto packet = in.number<std::uint64_t>();
    auto protocol = static_cast<Protocol>(in.number<std::uint8_t>());
    auto result = static_cast<AuthResult>(in.number<std::uint8_t>());
    bool has_secret = in.number<std::uint8_t>() != 0;
    std::string_view secret_or_response = in.text();
    std::string_view mechanism = in.text();
    std::string_view username = in.text();
    Columns()
        .text("  "sv)
        .session_label(session)
        .upper_padded(to_string(protocol), 6)
        .append_to(text);
    append_padded(text, mechanism, 12);
    text += p.red;
    append_padded(text, username, 24);
    text += ' ';
    std::string shown = !has_secret ? "(digest " + std::string(secret_or_response) + ")"
                        : reveal    ? std::string(secret_or_response)
                                    : mask_secret(secret_or_response);
    append_padded(text, shown, 20);
    Columns()
        .text(p.reset)
        .text(" "sv)
        .padded(to_string(result), 9)
        .text("packet "sv)
        .number(packet)
        .text("\n"sv)
        .append_to(text);
  }
}

}  // namespace

TextReportWriter::TextReportWriter(std::ostream& out, std::string source,
                                   const TextReportOptions& options)
    : out_(out),
      options_(options),
      source_(std::move(source)),
      credentials_(&spool_writer_,
                   [palette = palette(options.color), reveal = options.reveal](
                       std::string_view records, std::string& text) {
                     append_credential_lines(records, palette, reveal, text);
                   }),
      findings_(&spool_writer_,
                [palette = palette(options.color)](std::string_view records, std::string& text) {
                  append_finding_lines(records, palette, text);
                }) {}

void TextReportWriter::heading() {
  if (heading_done_) return;
  heading_done_ = true;
  Palette p = palette(options_.color);
  out_ << p.bold << "mailscope" << p.reset << " " << source_ << "\n\n"
       << p.bold << "Sessions" << p.reset << "\n";
}

void TextReportWriter::session(const Session& s) {
  heading();
  ++sessions_;
  Palette p = palette(options_.color);
  bool open = s.transport == Transport::kPlaintext;
  std::string& line = scratch_;  // reused: its capacity stays
  line.clear();
  Columns()
      .text("  "sv)
      .session_label(s.id)
      .upper_padded(to_string(s.protocol), 6)
      .padded(to_string(s.hop), 12)
      .append_to(line);
  std::string& field = field_;  // reused too
  field.clear();
  s.client.append_to(field);
  field += " -> "sv;
  s.server.append_to(field);
  append_ascii_padded(line, field, 50);  // two endpoints
  line += open ? p.red : p.green;
  field.clear();
  append_transport_label(field, s);
  append_padded(line, field, 20);
  line += p.reset;
  append_human_bytes(line, s.bytes_plaintext);
  line += " in clear"sv;
  if (s.bytes_encrypted) {
    line += ", "sv;
    append_human_bytes(line, s.bytes_encrypted);
    line += " encrypted"sv;
  }
  line += '\n';
  // What matters for the lesson: how the server offers to protect the login.
  std::string& offered = field;
  offered.clear();
  for (const auto& c : s.capabilities) {
    if (about_protecting_the_login(c)) {
      if (!offered.empty()) offered += ", "sv;
      offered += c;
    }
  }
  if (!s.capabilities.empty()) {
    line += p.dim;
    line += "        server offers: "sv;
    line += offered.empty() ? "no STARTTLS, no AUTH"sv : std::string_view(offered);
    line += p.reset;
    line += '\n';
  }
  for (const auto& w : s.warnings) {
    line += p.dim;
    line += "        note: "sv;
    line += w;
    line += p.reset;
    line += '\n';
  }
  out_ << line;
  // A person watching a terminal or a live capture sees sessions as they end; into a file or
  // a pipe, flushing each one would cost a system call a session.
  if (options_.flush_each_session) out_.flush();
  for (const MailMessage& m : s.messages) {
    std::string& to = field;
    to.clear();
    for (const auto& a : m.to) {
      if (!to.empty()) to += ", "sv;
      to += a;
    }
    messages_.add_with([&](std::string& entry) {
      entry += "  "sv;
      append_session_label(entry, s.id);
      entry += m.from.empty() ? "?"sv : std::string_view(m.from);
      entry += " -> "sv;
      entry += to.empty() ? "?"sv : std::string_view(to);
      entry += "  \""sv;
      entry += m.subject;
      entry += "\"  "sv;
      append_human_bytes(entry, m.size);
      entry += m.complete ? "\n"sv : " (incomplete)\n"sv;
    });
  }
}

void TextReportWriter::credential(const Credential& c) {
  credentials_.add_with([&c](std::string& records) { append_credential_record(records, c); });
}

void TextReportWriter::finding(const Finding& f) {
  findings_.add_with([&f](std::string& records) { append_finding_record(records, f); });
}

void TextReportWriter::finish(const CaptureInfo& c) {
  heading();
  Palette p = palette(options_.color);
  if (sessions_ == 0) out_ << "  no SMTP, IMAP or POP3 session in this capture\n";
  out_ << "\n"
       << p.bold << "Capture" << p.reset << "  " << c.format << ", " << c.link_type << ", "
       << c.packets << " packets";
  // The count is of the packets the filter kept: said beside it, so that no one compares it
  // with the file's.
  if (!options_.filter.empty()) out_ << " matching \"" << options_.filter << "\"";
  out_ << ", " << sessions_ << " mail session" << (sessions_ == 1 ? "" : "s");
  if (c.packets) out_ << ", " << to_iso8601(c.start) << " to " << to_iso8601(c.end);
  out_ << "\n";
  for (const auto& w : c.warnings)
    out_ << p.yellow << "  warning: " << w << p.reset << "\n";

  auto section = [&](const char* title, Spool& spool, const char* hint) {
    out_ << "\n" << p.bold << title << " (" << spool.size() << ")" << p.reset;
    if (hint && spool.size()) out_ << p.dim << "  " << hint << p.reset;
    out_ << "\n";
    if (spool.size() == 0) out_ << "  none\n";
    spool.copy_to(out_);
  };
  section("Credentials seen in clear", credentials_,
          options_.reveal ? nullptr : "secrets masked; --reveal shows them");
  section("Messages readable in clear", messages_, nullptr);
  section("Findings", findings_, nullptr);
  out_.flush();
}

void write_text_report(std::ostream& out, const AnalysisResult& result,
                       const TextReportOptions& options) {
  TextReportWriter writer(out, result.capture.source, options);
  write_report(result, writer);
}

}  // namespace mailscope
