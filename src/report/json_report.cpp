#include "report/json_report.hpp"

#include "report/report_writer.hpp"

namespace mailscope {
namespace {

using Json = nlohmann::ordered_json;

Json tls_json(const TlsInfo& tls) {
  Json j;
  j["version"] = tls.version.empty() ? Json(nullptr) : Json(tls.version);
  j["cipher"] = tls.cipher.empty() ? Json(nullptr) : Json(tls.cipher);
  j["sni"] = tls.sni.empty() ? Json(nullptr) : Json(tls.sni);
  j["alpn"] = tls.alpn;
  j["offered_versions"] = tls.offered_versions;
  if (tls.certificate) {
    j["certificate"] = {{"subject", tls.certificate->subject},
                        {"issuer", tls.certificate->issuer},
                        {"not_after", tls.certificate->not_after}};
  } else {
    j["certificate"] = nullptr;
  }
  j["records"] = tls.records;
  j["handshake_seen"] = tls.server_hello_seen;
  j["first_packet"] = tls.start_packet;
  return j;
}

Json message_json(const MailMessage& m) {
  Json j;
  j["from"] = m.from;
  j["to"] = m.to;
  j["cc"] = m.cc;
  j["subject"] = m.subject;
  j["date"] = m.date;
  j["size"] = m.size;
  j["packet"] = m.packet;
  j["complete"] = m.complete;
  return j;
}

}  // namespace

Json to_json(const Session& s) {
  Json j;
  j["id"] = s.id;
  j["protocol"] = to_string(s.protocol);
  j["hop"] = to_string(s.hop);
  j["client"] = s.client.to_string();
  j["server"] = s.server.to_string();
  j["transport"] = to_string(s.transport);
  j["tls"] = s.tls ? tls_json(*s.tls) : Json(nullptr);
  j["start"] = to_iso8601(s.start);
  j["end"] = to_iso8601(s.end);
  j["first_packet"] = s.first_packet;
  j["last_packet"] = s.last_packet;
  j["bytes_plaintext"] = s.bytes_plaintext;
  j["bytes_encrypted"] = s.bytes_encrypted;
  if (s.transport == Transport::kStartTls) j["starttls_packet"] = s.starttls_packet;
  j["server_name"] = s.server_name;
  j["client_name"] = s.client_name;
  j["capabilities"] = s.capabilities;
  j["messages"] = Json::array();
  for (const auto& m : s.messages)
    j["messages"].push_back(message_json(m));
  j["warnings"] = s.warnings;
  return j;
}

Json to_json(const Credential& c, bool reveal) {
  Json j;
  j["session"] = c.session;
  j["protocol"] = to_string(c.protocol);
  j["mechanism"] = c.mechanism;
  j["username"] = c.username;
  if (c.authzid) j["authzid"] = *c.authzid;
  if (c.secret) {
    j["secret"] = reveal ? *c.secret : mask_secret(*c.secret);
  } else {
    j["secret"] = nullptr;
  }
  j["secret_kind"] = to_string(c.secret_kind);
  j["result"] = to_string(c.result);
  j["packet"] = c.packet;
  j["time"] = to_iso8601(c.time);
  if (c.secret_kind == SecretKind::kChallengeResponse) {
    j["challenge"] = c.challenge;
    j["response"] = c.response;
  }
  return j;
}

Json to_json(const Finding& f) {
  Json j;
  j["severity"] = to_string(f.severity);
  j["code"] = f.code;
  j["session"] = f.session;
  j["packet"] = f.packet;
  j["message"] = f.message;
  return j;
}

Json to_json(const CaptureInfo& c) {
  return {{"source", c.source},
          {"format", c.format},
          {"link_type", c.link_type},
          {"packets", c.packets},
          {"bytes", c.bytes},
          {"start", c.packets ? Json(to_iso8601(c.start)) : Json(nullptr)},
          {"end", c.packets ? Json(to_iso8601(c.end)) : Json(nullptr)},
          {"warnings", c.warnings}};
}

Json to_json_report(const AnalysisResult& r, bool reveal) {
  Json j;
  j["mailscope"] = 1;
  j["capture"] = to_json(r.capture);
  j["sessions"] = Json::array();
  for (const auto& s : r.sessions)
    j["sessions"].push_back(to_json(s));
  j["credentials"] = Json::array();
  for (const auto& cr : r.credentials)
    j["credentials"].push_back(to_json(cr, reveal));
  j["findings"] = Json::array();
  for (const auto& f : r.findings)
    j["findings"].push_back(to_json(f));
  return j;
}

namespace {

// One array element, indented to sit inside the top-level object. Invalid UTF-8 from the wire
// is replaced, never a reason to fail the report. nlohmann's own serializer takes the starting
// indentation that basic_json::dump() does not offer: re-indenting a dumped string character
// by character cost more than the rest of the JSON report.
std::string element(const Json& j) {
  std::string out = "    ";
  nlohmann::detail::serializer<Json> serializer(nlohmann::detail::output_adapter<char>(out), ' ',
                                                Json::error_handler_t::replace);
  serializer.dump(j, /*pretty_print=*/true, /*ensure_ascii=*/false, /*indent_step=*/2,
                  /*current_indent=*/4);
  return out;
}

}  // namespace

JsonReportWriter::JsonReportWriter(std::ostream& out, bool reveal) : out_(out), reveal_(reveal) {
  out_ << "{\n  \"mailscope\": 1,\n  \"sessions\": [";
}

void JsonReportWriter::session(const Session& session) {
  out_ << (sessions_++ ? ",\n" : "\n") << element(to_json(session));
}

void JsonReportWriter::credential(const Credential& credential) {
  credentials_.add(element(to_json(credential, reveal_)));
}

void JsonReportWriter::finding(const Finding& finding) {
  findings_.add(element(to_json(finding)));
}

void JsonReportWriter::finish(const CaptureInfo& capture) {
  auto array = [this](const char* name, Spool& spool) {
    out_ << "  \"" << name << "\": [";
    if (spool.size()) {
      out_ << "\n";
      spool.copy_to(out_, ",\n");
      out_ << "\n  ";
    }
    out_ << "],\n";
  };
  out_ << (sessions_ ? "\n  ],\n" : "],\n");
  array("credentials", credentials_);
  array("findings", findings_);
  std::string capture_text = element(to_json(capture));
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
