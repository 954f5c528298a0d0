// A packet ready for a capture file: when, on which interface, and the link-layer bytes.
#pragma once

#include <cstdint>
#include <string>

#include "core/bytes.h"
#include "core/link_layer.h"

namespace capgen {

struct CaptureRecord {
  std::int64_t time_ns = 0;  // since the Unix epoch
  std::uint32_t interface = 0;
  Bytes data{};
};

struct InterfaceDescription {
  LinkLayer link{};
  std::string name{};         // "eth0", "any"
  std::string description{};  // free text for pcapng if_description
};

}  // namespace capgen
