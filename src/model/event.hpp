#pragma once

#include <cstdint>
#include <string>

#include "model/byte_range.hpp"
#include "model/types.hpp"

namespace mailscope {

// One step of a session as the conversation view and the timeline play it: a command, a reply,
// message content, a TLS record, or a status event from TCP reassembly (a gap, say). Status
// events never sit inside the data: they are events of their own.
struct Event {
  enum class Kind : std::uint8_t {
    kCommand,    // a client command line (or SASL response)
    kReply,      // a server reply line
    kContent,    // message content (DATA, BDAT, FETCH literal, RETR body) summarised
    kTlsRecord,  // one TLS record as the sniffer sees it
    kStreamGap,  // bytes missing from the capture
    kNote,       // a decoder remark (STARTTLS go-ahead without handshake, ...)
  };

  Kind kind = Kind::kCommand;
  Direction direction = Direction::kClientToServer;
  std::uint64_t packet = 0;  // packet that completed the item
  Timestamp time;
  ByteRange bytes;         // the item's bytes in the stream
  bool encrypted = false;  // inside TLS: the sniffer sees only its size
  int credential = -1;     // index into the analysis' credentials when this line carries one
  std::string text;        // the line exactly as it crossed (the views mask secrets)
  std::string detail;      // what the line means, decoded ("user alice"); never a secret
};

std::string_view to_string(Event::Kind k);

}  // namespace mailscope
