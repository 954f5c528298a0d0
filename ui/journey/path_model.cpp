#include "journey/path_model.hpp"

#include <algorithm>

#include "presentation/session_text.hpp"

namespace mailscope::gui {
namespace {

std::string transport_name(Transport t) {
  switch (t) {
    case Transport::kPlaintext:
      return "plaintext";
    case Transport::kStartTls:
      return "STARTTLS";
    case Transport::kImplicitTls:
      return "implicit TLS";
  }
  return "?";
}

// The server's name as the capture gives it: the name it announced, the name the client asked
// for in TLS (SNI), else its address.
std::string server_name(const Session& s) {
  if (!s.server_name.empty()) return s.server_name;
  if (s.tls && !s.tls->sni.empty()) return s.tls->sni;
  return s.server.address.to_string();
}

std::string client_name(const Session& s) {
  if (!s.client_name.empty()) return s.client_name;
  return s.client.address.to_string();
}

// The first session (by number) on `link`, or nullptr.
const SessionEntry* first_on(const CaptureModel& model, const LinkInfo& link) {
  if (link.sessions.empty()) return nullptr;
  return &model.sessions[link.sessions.front().session];
}

}  // namespace

int link_of(Hop hop) {
  switch (hop) {
    case Hop::kSubmission:
      return 0;
    case Hop::kRelay:
      return 1;
    case Hop::kRetrieval:
      return 2;
    case Hop::kUnknown:
      break;
  }
  return -1;
}

int PathModel::lane_of(std::size_t session_index) const {
  for (const LinkInfo& link : links) {
    for (std::size_t i = 0; i < link.sessions.size(); ++i) {
      if (link.sessions[i].session == session_index) return static_cast<int>(i);
    }
  }
  return -1;
}

std::string protection_label(const Session& session) {
  return protocol_label(session.protocol) + " \u00b7 port " + std::to_string(session.server.port) +
         " \u00b7 " + transport_name(session.transport);
}

PathModel build_path_model(const CaptureModel& model, std::optional<std::size_t> session) {
  PathModel path;
  path.nodes = {NodeInfo{"sender's client", {}}, NodeInfo{"submission server", {}},
                NodeInfo{"recipient's server (MX)", {}}, NodeInfo{"mailbox", {}},
                NodeInfo{"recipient's client", {}}};
  path.links[0] = {
      Hop::kSubmission, "(1) submission", PathNode::kSenderClient, PathNode::kSubmission, {}};
  path.links[1] = {Hop::kRelay, "(2) relay", PathNode::kSubmission, PathNode::kRecipientServer, {}};
  path.links[2] = {
      Hop::kRetrieval, "(3) retrieval", PathNode::kRecipientClient, PathNode::kMailbox, {}};

  for (std::size_t i = 0; i < model.sessions.size(); ++i) {
    if (session && *session != i) continue;
    const SessionEntry& entry = model.sessions[i];
    const int link = link_of(entry.summary.hop);
    if (link < 0) {
      ++path.off_path;
      continue;
    }
    path.links[static_cast<std::size_t>(link)].sessions.push_back(
        {i, entry.number, entry.summary.transport, protection_label(entry.summary)});
  }
  for (LinkInfo& link : path.links) {
    std::sort(link.sessions.begin(), link.sessions.end(),
              [](const SessionOnPath& a, const SessionOnPath& b) { return a.number < b.number; });
  }

  auto name = [&](PathNode n) -> std::string& {
    return path.nodes[static_cast<std::size_t>(n)].name;
  };
  if (const SessionEntry* s = first_on(model, path.links[0])) {
    name(PathNode::kSenderClient) = client_name(s->summary);
    name(PathNode::kSubmission) = server_name(s->summary);
  }
  if (const SessionEntry* s = first_on(model, path.links[1])) {
    // The relaying server names itself in its EHLO; the submission server's own name wins
    // when the submission hop was captured too.
    if (name(PathNode::kSubmission).empty()) name(PathNode::kSubmission) = client_name(s->summary);
    name(PathNode::kRecipientServer) = server_name(s->summary);
  }
  if (const SessionEntry* s = first_on(model, path.links[2])) {
    name(PathNode::kMailbox) = server_name(s->summary);
    name(PathNode::kRecipientClient) = client_name(s->summary);
  }
  return path;
}

}  // namespace mailscope::gui
