#include "core/truth.h"

namespace capgen {
namespace {

nlohmann::ordered_json optional_string(const std::optional<std::string>& s) {
  return s ? nlohmann::ordered_json(*s) : nlohmann::ordered_json(nullptr);
}

}  // namespace

nlohmann::ordered_json to_json(const CaptureTruth& t) {
  using json = nlohmann::ordered_json;
  json j;
  j["file"] = t.file;
  j["description"] = t.description;
  j["format"] = t.format;
  j["link_type"] = t.link_type;
  j["packets"] = t.packets;
  j["truncated"] = t.truncated;
  j["sessions"] = json::array();
  for (const SessionTruth& s : t.sessions) {
    json js;
    js["protocol"] = s.protocol;
    js["transport"] = s.transport;
    js["hop"] = s.hop;
    js["client"] = s.client;
    js["server"] = s.server;
    js["tls_version"] = optional_string(s.tls_version);
    js["sni"] = optional_string(s.sni);
    js["cipher"] = optional_string(s.cipher);
    js["tcp_warnings"] = s.tcp_warnings;
    js["messages"] = json::array();
    for (const MessageTruth& m : s.messages) {
      js["messages"].push_back(json{
          {"from", m.from}, {"to", m.to}, {"cc", m.cc}, {"subject", m.subject}, {"size", m.size}});
    }
    j["sessions"].push_back(std::move(js));
  }
  j["credentials"] = json::array();
  for (const CredentialTruth& c : t.credentials) {
    json jc;
    jc["session"] = c.session;
    jc["protocol"] = c.protocol;
    jc["mechanism"] = c.mechanism;
    jc["username"] = c.username;
    jc["secret"] = optional_string(c.secret);
    if (c.authzid) jc["authzid"] = *c.authzid;
    jc["secret_kind"] = c.secret_kind;
    jc["result"] = c.result;
    jc["packet"] = c.packet;
    j["credentials"].push_back(std::move(jc));
  }
  j["findings"] = json::array();
  for (const FindingTruth& f : t.findings) {
    j["findings"].push_back(json{{"code", f.code}, {"session", f.session}});
  }
  return j;
}

}  // namespace capgen
