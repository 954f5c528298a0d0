#include "report/json_report.hpp"

#include "report/json_emitter.hpp"
#include "report/report_writer.hpp"

namespace mailscope {
namespace {

void write_tls(JsonEmitter& j, const TlsInfo& tls) {
  j.begin_object();
  auto text_or_null = [&j](std::string_view name, const std::string& text) {
    if (text.empty()) {
      j.null_field(name);
    } else {
      j.field(name, text);
    }
  };
  text_or_null("version", tls.version);
  text_or_null("cipher", tls.cipher);
  text_or_null("sni", tls.sni);
  j.field("alpn", tls.alpn);
  j.field("offered_versions", tls.offered_versions);
  if (tls.certificate) {
    j.key("certificate");
    j.begin_object();
    j.field("subject", tls.certificate->subject);
    j.field("issuer", tls.certificate->issuer);
    j.field("not_after", tls.certificate->not_after);
    j.end_object();
  } else {
    j.null_field("certificate");
  }
  j.field("records", tls.records);
  j.field("handshake_seen", tls.server_hello_seen);
  j.field("first_packet", tls.start_packet);
  j.end_object();
}

void write_message(JsonEmitter& j, const MailMessage& m) {
  j.begin_object();
  j.field("from", m.from);
  j.field("to", m.to);
  j.field("cc", m.cc);
  j.field("subject", m.subject);
  j.field("date", m.date);
  j.field("size", m.size);
  j.field("packet", m.packet);
  j.field("complete", m.complete);
  j.end_object();
}

void write_json(JsonEmitter& j, const Session& s) {
  j.begin_object();
  j.field("id", s.id);
  j.field("protocol", to_string(s.protocol));
  j.field("hop", to_string(s.hop));
  j.field("client", s.client.to_string());
  j.field("server", s.server.to_string());
  j.field("transport", to_string(s.transport));
  j.key("tls");
  if (s.tls) {
    write_tls(j, *s.tls);
  } else {
    j.null();
  }
  j.field("start", to_iso8601(s.start));
  j.field("end", to_iso8601(s.end));
  j.field("first_packet", s.first_packet);
  j.field("last_packet", s.last_packet);
  j.field("bytes_plaintext", s.bytes_plaintext);
  j.field("bytes_encrypted", s.bytes_encrypted);
  if (s.transport == Transport::kStartTls) j.field("starttls_packet", s.starttls_packet);
  j.field("server_name", s.server_name);
  j.field("client_name", s.client_name);
  j.field("capabilities", s.capabilities);
  j.key("messages");
  j.begin_array();
  for (const auto& m : s.messages)
    write_message(j, m);
  j.end_array();
  j.field("warnings", s.warnings);
  j.end_object();
}

void write_json(JsonEmitter& j, const Credential& c, bool reveal) {
  j.begin_object();
  j.field("session", c.session);
  j.field("protocol", to_string(c.protocol));
  j.field("mechanism", c.mechanism);
  j.field("username", c.username);
  if (c.authzid) j.field("authzid", *c.authzid);
  if (c.secret) {
    j.field("secret", reveal ? *c.secret : mask_secret(*c.secret));
  } else {
    j.null_field("secret");
  }
  j.field("secret_kind", to_string(c.secret_kind));
  j.field("result", to_string(c.result));
  j.field("packet", c.packet);
  j.field("time", to_iso8601(c.time));
  if (c.secret_kind == SecretKind::kChallengeResponse) {
    j.field("challenge", c.challenge);
    j.field("response", c.response);
  }
  j.end_object();
}

void write_json(JsonEmitter& j, const Finding& f) {
  j.begin_object();
  j.field("severity", to_string(f.severity));
  j.field("code", f.code);
  j.field("session", f.session);
  j.field("packet", f.packet);
  j.field("message", f.message);
  j.end_object();
}

void write_json(JsonEmitter& j, const CaptureInfo& c) {
  j.begin_object();
  j.field("source", c.source);
  j.field("format", c.format);
  j.field("link_type", c.link_type);
  j.field("packets", c.packets);
  j.field("bytes", c.bytes);
  if (c.packets) {
    j.field("start", to_iso8601(c.start));
    j.field("end", to_iso8601(c.end));
  } else {
    j.null_field("start");
    j.null_field("end");
  }
  j.field("warnings", c.warnings);
  j.end_object();
}

// One array element, indented to sit inside the top-level object.
template <typename... Item>
std::string element(const Item&... item) {
  std::string out = "    ";
  JsonEmitter j(out, 4);
  write_json(j, item...);
  return out;
}

}  // namespace

std::string to_json_text(const Session& session) {
  std::string out;
  JsonEmitter j(out, 0);
  write_json(j, session);
  return out;
}

JsonReportWriter::JsonReportWriter(std::ostream& out, bool reveal) : out_(out), reveal_(reveal) {
  out_ << "{\n  \"mailscope\": 1,\n  \"sessions\": [";
}

void JsonReportWriter::session(const Session& session) {
  out_ << (sessions_++ ? ",\n" : "\n") << element(session);
}

void JsonReportWriter::credential(const Credential& credential) {
  credentials_.add(element(credential, reveal_));
}

void JsonReportWriter::finding(const Finding& finding) {
  findings_.add(element(finding));
}

void JsonReportWriter::finish(const CaptureInfo& capture) {
  auto array = [this](const char* name, Spool& spool) {
    out_ << "  \"" << name << "\": [";
    if (spool.size()) {
      out_ << "\n";
      spool.copy_to(out_);
      out_ << "\n  ";
    }
    out_ << "],\n";
  };
  out_ << (sessions_ ? "\n  ],\n" : "],\n");
  array("credentials", credentials_);
  array("findings", findings_);
  std::string capture_text = element(capture);
  out_ << "  \"capture\": " << capture_text.substr(4) << "\n}\n";
  out_.flush();
}

void write_report(const AnalysisResult& result, ReportWriter& writer) {
  for (const auto& s : result.sessions)
    writer.session(s);
  for (const auto& c : result.credentials)
    writer.credential(c);
  for (const auto& f : result.findings)
    writer.finding(f);
  writer.finish(result.capture);
}

}  // namespace mailscope
