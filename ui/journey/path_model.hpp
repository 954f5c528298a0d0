#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/capture_model.hpp"

namespace mailscope::gui {

// The path every mail takes, as the journey view draws it (DESIGN.md, "The story the picture
// tells"): five places and the three hops between them. Built from the capture model; knows
// nothing about drawing.
enum class PathNode : std::uint8_t {
  kSenderClient,     // the sender's mail client
  kSubmission,       // the provider's submission server
  kRecipientServer,  // the recipient's server (MX)
  kMailbox,          // where the message waits
  kRecipientClient,  // the recipient's mail client
};
inline constexpr std::size_t kPathNodeCount = 5;

// The three links, one per hop, in the order a message travels them.
inline constexpr std::size_t kPathLinkCount = 3;
// 0: submission, 1: relay, 2: retrieval; -1 for a session that is on none of them.
int link_of(Hop hop);

struct NodeInfo {
  std::string role;  // "sender's client", "submission server", ...
  std::string name;  // from the capture: EHLO, greeting, SNI, else an address; empty: unseen
};

// One session on its link: what the link's label and its lane say.
struct SessionOnPath {
  std::size_t session = 0;  // index into CaptureModel::sessions
  std::uint64_t number = 0;
  Transport transport = Transport::kPlaintext;
  std::string protection;  // "SMTP · port 587 · plaintext"
};

struct LinkInfo {
  Hop hop = Hop::kUnknown;
  std::string title;                        // "(1) submission"
  PathNode from = PathNode::kSenderClient;  // the node at the client's end
  PathNode to = PathNode::kSubmission;      // the node at the server's end
  std::vector<SessionOnPath> sessions;      // stacked lanes, in session number order
};

struct PathModel {
  std::array<NodeInfo, kPathNodeCount> nodes;
  std::array<LinkInfo, kPathLinkCount> links;
  std::size_t off_path = 0;  // sessions whose hop is unknown

  const NodeInfo& node(PathNode n) const { return nodes[static_cast<std::size_t>(n)]; }
  // The lane of a session on its link (0 = first), or -1 when it is on no link.
  int lane_of(std::size_t session_index) const;
};

// "SMTP · port 587 · STARTTLS": what the link label says of one session.
std::string protection_label(const Session& session);

// Every session of `model`, or only `session` (an index into model.sessions): one side of the
// side-by-side comparison of two sessions.
PathModel build_path_model(const CaptureModel& model, std::optional<std::size_t> session = {});

}  // namespace mailscope::gui
