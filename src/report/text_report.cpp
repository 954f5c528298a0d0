#include "report/text_report.hpp"

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
  for (char c : s) shown += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
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
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::toupper(c));
  });
  return out;
}

std::string transport_label(const Session& s) {
  std::string version = s.tls && !s.tls->version.empty() ? s.tls->version : "TLS";
  switch (s.transport) {
    case Transport::kImplicitTls: return "🔒 " + version;
    case Transport::kStartTls: return "🔒 STARTTLS " + version;
    case Transport::kPlaintext: break;
  }
  return "🔓 plaintext";
}

}  // namespace

void write_text_report(std::ostream& out, const AnalysisResult& r,
                       const TextReportOptions& options) {
  Palette p = palette(options.color);
  const CaptureInfo& c = r.capture;
  out << p.bold << "mailscope" << p.reset << " " << c.source << " (" << c.format << ", "
      << c.link_type << ", " << c.packets << " packets";
  if (c.packets) out << ", " << to_iso8601(c.start) << " to " << to_iso8601(c.end);
  out << ")\n";
  for (const auto& w : c.warnings) out << p.yellow << "  warning: " << w << p.reset << "\n";

  out << "\n" << p.bold << "Sessions (" << r.sessions.size() << ")" << p.reset << "\n";
  if (r.sessions.empty()) out << "  no SMTP, IMAP or POP3 session in this capture\n";
  for (const Session& s : r.sessions) {
    bool open = s.transport == Transport::kPlaintext;
    std::string line = "  " + pad(session_label(s.id), 5) +
                       pad(upper(to_string(s.protocol)), 6) + pad(std::string(to_string(s.hop)), 12) +
                       pad(s.client.to_string() + " -> " + s.server.to_string(), 50);
    out << line << (open ? p.red : p.green) << pad(transport_label(s), 20) << p.reset
        << human_bytes(s.bytes_plaintext) << " in clear";
    if (s.bytes_encrypted) out << ", " << human_bytes(s.bytes_encrypted) << " encrypted";
    out << "\n";
    for (const auto& w : s.warnings) out << p.dim << "        note: " << w << p.reset << "\n";
  }

  out << "\n" << p.bold << "Credentials seen in clear (" << r.credentials.size() << ")" << p.reset;
  if (!options.reveal && !r.credentials.empty()) out << p.dim << "  secrets masked; --reveal shows them" << p.reset;
  out << "\n";
  if (r.credentials.empty()) out << "  none\n";
  for (const Credential& cr : r.credentials) {
    std::string secret;
    if (cr.secret) {
      secret = options.reveal ? *cr.secret : mask_secret(*cr.secret);
    } else {
      secret = "(digest " + cr.response + ")";
    }
    out << "  " << pad(session_label(cr.session), 5) << pad(upper(to_string(cr.protocol)), 6)
        << pad(cr.mechanism, 12) << p.red << pad(cr.username, 24) << " " << pad(secret, 20)
        << p.reset << " " << pad(std::string(to_string(cr.result)), 9) << "packet " << cr.packet
        << "\n";
  }

  std::size_t messages = 0;
  for (const Session& s : r.sessions) messages += s.messages.size();
  out << "\n" << p.bold << "Messages readable in clear (" << messages << ")" << p.reset << "\n";
  if (messages == 0) out << "  none\n";
  for (const Session& s : r.sessions) {
    for (const MailMessage& m : s.messages) {
      std::string to;
      for (const auto& a : m.to) to += (to.empty() ? "" : ", ") + a;
      out << "  " << pad(session_label(s.id), 5) << (m.from.empty() ? "?" : m.from)
          << " -> " << (to.empty() ? "?" : to) << "  \"" << m.subject << "\"  "
          << human_bytes(m.size) << (m.complete ? "" : " (incomplete)") << "\n";
    }
  }

  out << "\n" << p.bold << "Findings (" << r.findings.size() << ")" << p.reset << "\n";
  if (r.findings.empty()) out << "  none\n";
  for (const Finding& f : r.findings) {
    const char* color = f.severity == Severity::kCritical  ? p.red
                        : f.severity == Severity::kWarning ? p.yellow
                                                           : p.green;
    out << "  " << color << pad(upper(to_string(f.severity)), 9) << p.reset
        << pad(session_label(f.session), 5) << pad("packet " + std::to_string(f.packet), 13)
        << f.message << "\n";
  }
}

}  // namespace mailscope
