#pragma once

#include <memory>
#include <string>

namespace mailscope {
class PacketSource;
}

namespace mailscope::gui {

// What the user asked to open: a capture file, or the tour compiled into the binary.
struct CaptureInput {
  std::string path;          // what the analysis (and the frame reader) opens
  std::string display_name;  // what the title bar and the status bar say
  bool bundled_tour = false;
  std::shared_ptr<const void> keep_alive;  // the in-memory file behind the tour's path
  // A live capture (ui/app/live_capture.*): the source is already open and is read instead of
  // `path`, which names the pcapng file it records into (the frame reader reopens that). It
  // stops when the worker's cancel flag is set, and ends as kDone rather than kCancelled.
  std::shared_ptr<PacketSource> source;
  bool live = false;
};

CaptureInput file_input(const std::string& path);

// The tour lives in the binary; libpcap reads files, so it is handed over as an anonymous
// in-memory file (memfd) reachable at /proc/self/fd/N for as long as the input lives.
// Throws CaptureError when the system refuses one.
CaptureInput bundled_tour_input();
// The same story with TLS on every hop (captures/tour-protected.pcapng), for the comparison.
CaptureInput bundled_protected_tour_input();

}  // namespace mailscope::gui
