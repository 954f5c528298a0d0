#include "report/text_report.hpp"

#include <sstream>

#include "report/report_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace mailscope {
namespace {

struct Palette {
  const char* red = "";
  const char* green = "";
  const char* yellow = "";
  const char* dim = "";
  const char* bold = "";
  const char* reset = "";
};

Palette palette(bool color) {
  if (!color) return {};
  return {"\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[2m", "\x1b[1m", "\x1b[0m"};
}

std::string human_bytes(std::uint64_t n) {
  char buf[32];
  if (n < 10'000) {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(n));
  } else if (n < 10'000'000) {
    std::snprintf(buf, sizeof buf, "%.1f kB", static_cast<double>(n) / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(n) / 1e6);
  }
  return buf;
}

std::string pad(std::string s, std::size_t width) {
  // Width in code points, so padlocks and accents line up.
  std::size_t shown = 0;
  for (char c : s)
    shown += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (shown < width) s.append(width - shown, ' ');
  return s;
}

// "#12": a session number as the report shows it. (Built with append: GCC 12 warns falsely,
// -Wrestrict, on `"#" + std::to_string(n)` once inlined.)
std::string session_label(std::uint64_t id) {
  std::string label = "#";
  label.append(std::to_string(id));
  return label;
}

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string transport_label(const Session& s) {
  std::string version = s.tls && !s.tls->version.empty() ? s.tls->version : "TLS";
  switch (s.transport) {
    case Transport::kImplicitTls:
      return "🔒 " + version;
    case Transport::kStartTls:
      return "🔒 STARTTLS " + version;
    case Transport::kPlaintext:
      break;
  }
  return "🔓 plaintext";
}

std::string secret_text(const Credential& c, bool reveal) {
  if (c.secret) return reveal ? *c.secret : mask_secret(*c.secret);
  return "(digest " + c.response + ")";
}

}  // namespace

TextReportWriter::TextReportWriter(std::ostream& out, std::string source,
                                   const TextReportOptions& options)
    : out_(out), options_(options), source_(std::move(source)) {}

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
  out_ << "  " << pad(session_label(s.id), 5) << pad(upper(to_string(s.protocol)), 6)
       << pad(std::string(to_string(s.hop)), 12)
       << pad(s.client.to_string() + " -> " + s.server.to_string(), 50) << (open ? p.red : p.green)
       << pad(transport_label(s), 20) << p.reset << human_bytes(s.bytes_plaintext) << " in clear";
  if (s.bytes_encrypted) out_ << ", " << human_bytes(s.bytes_encrypted) << " encrypted";
  out_ << "\n";
  // What matters for the lesson: how the server offers to protect the login.
  std::string offered;
  for (const auto& c : s.capabilities) {
    std::string u = upper(c);
    if (u.starts_with("STARTTLS") || u.starts_with("STLS") || u.starts_with("AUTH") ||
        u.starts_with("SASL") || u == "LOGINDISABLED" || u == "USER") {
      offered += (offered.empty() ? "" : ", ") + c;
    }
  }
  if (!s.capabilities.empty()) {
    out_ << p.dim
         << "        server offers: " << (offered.empty() ? "no STARTTLS, no AUTH" : offered)
         << p.reset << "\n";
  }
  for (const auto& w : s.warnings) {
    out_ << p.dim << "        note: " << w << p.reset << "\n";
  }
  out_.flush();  // a person watching a long capture sees sessions as they end
  for (const MailMessage& m : s.messages) {
    std::string to;
    for (const auto& a : m.to)
      to += (to.empty() ? "" : ", ") + a;
    std::ostringstream line;
    line << "  " << pad(session_label(s.id), 5) << (m.from.empty() ? "?" : m.from) << " -> "
         << (to.empty() ? "?" : to) << "  \"" << m.subject << "\"  " << human_bytes(m.size)
         << (m.complete ? "" : " (incomplete)") << "\n";
    messages_.add(line.str());
  }
}

void TextReportWriter::credential(const Credential& c) {
  Palette p = palette(options_.color);
  std::ostringstream line;
  line << "  " << pad(session_label(c.session), 5) << pad(upper(to_string(c.protocol)), 6)
       << pad(c.mechanism, 12) << p.red << pad(c.username, 24) << " "
       << pad(secret_text(c, options_.reveal), 20) << p.reset << " "
       << pad(std::string(to_string(c.result)), 9) << "packet " << c.packet << "\n";
  credentials_.add(line.str());
}

void TextReportWriter::finding(const Finding& f) {
  Palette p = palette(options_.color);
  const char* color = f.severity == Severity::kCritical  ? p.red
                      : f.severity == Severity::kWarning ? p.yellow
                                                         : p.green;
  std::ostringstream line;
  line << "  " << color << pad(upper(to_string(f.severity)), 9) << p.reset
       << pad(session_label(f.session), 5) << pad("packet " + std::to_string(f.packet), 13)
       << f.message << "\n";
  findings_.add(line.str());
}

void TextReportWriter::finish(const CaptureInfo& c) {
  heading();
  Palette p = palette(options_.color);
  if (sessions_ == 0) out_ << "  no SMTP, IMAP or POP3 session in this capture\n";
  out_ << "\n"
       << p.bold << "Capture" << p.reset << "  " << c.format << ", " << c.link_type << ", "
       << c.packets << " packets, " << sessions_ << " mail session" << (sessions_ == 1 ? "" : "s");
  if (c.packets) out_ << ", " << to_iso8601(c.start) << " to " << to_iso8601(c.end);
  out_ << "\n";
  for (const auto& w : c.warnings)
    out_ << p.yellow << "  warning: " << w << p.reset << "\n";

  auto section = [&](const char* title, Spool& spool, const char* hint) {
    out_ << "\n" << p.bold << title << " (" << spool.size() << ")" << p.reset;
    if (hint && spool.size()) out_ << p.dim << "  " << hint << p.reset;
    out_ << "\n";
    if (spool.size() == 0) out_ << "  none\n";
    spool.copy_to(out_, "");
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
