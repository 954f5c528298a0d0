#pragma once

#include <pcap/pcap.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "capture/packet_source.hpp"

namespace mailscope {

// The mail ports: what a live capture listens to unless told otherwise.
std::string default_mail_filter();

struct LiveOptions {
  std::string interface;
  std::string filter = default_mail_filter();
  std::optional<std::chrono::seconds> duration;
  const std::atomic<bool>* stop = nullptr;  // set from a signal handler or the UI thread
};

struct LiveStats {
  std::uint64_t received = 0;
  std::uint64_t dropped_by_kernel = 0;
  std::uint64_t dropped_by_interface = 0;
};

// Captures from a network interface through libpcap. Reading never blocks for long (the
// descriptor is polled with a short timeout; libpcap's own timeout is not honoured with
// immediate mode), so a stop request or the duration ends the capture promptly.
class LiveSource final : public PacketSource {
 public:
  // Throws CaptureError with one clear sentence: no such interface, no permission (with the
  // setcap that fixes it), a filter that does not compile.
  explicit LiveSource(LiveOptions options);
  ~LiveSource() override;

  bool next(Packet& packet) override;
  std::string name() const override { return options_.interface; }
  std::string format() const override { return "live"; }
  std::string link_types() const override;
  LiveStats stats() const;

 private:
  LiveOptions options_;
  pcap_t* handle_ = nullptr;
  int link_type_ = 0;
  std::uint64_t number_ = 0;
  std::chrono::steady_clock::time_point started_;
  bool finished_ = false;
};

// The interfaces libpcap can capture on (pcap_findalldevs), with a description where known.
struct InterfaceInfo {
  std::string name;
  std::string description;
  bool up = false;
  bool loopback = false;
};
std::vector<InterfaceInfo> list_interfaces();

}  // namespace mailscope
