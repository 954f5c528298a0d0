#include "app/command_line.hpp"

#include <charconv>
#include <string_view>
#include <vector>

namespace mailscope::gui {
namespace {

constexpr const char* kHelp =
    R"(mailscope-gui: see, session by session, what an eavesdropper reads of email.

usage: mailscope-gui [options] [FILE]
       mailscope-gui --compare [options] [FILE_A FILE_B]
       mailscope-gui --compare-sessions N,M [options] [FILE]

  FILE                 a pcap or pcapng capture; without it, the bundled tour opens
  --compare            two journeys side by side on one clock: FILE_A and FILE_B, or without
                       them the bundled tour without and with TLS (same as --view compare)
  --compare-sessions N,M  sessions #N and #M of FILE (or of the tour) side by side

options:
  --theme dark|light   colour theme (default dark)
  --presentation       larger type and high contrast, for a projector
  --font-size PX       text size in pixels (default 17; 24 in presentation mode)
  --session N          select session #N (numbered as in `mailscope analyze`)
  --view NAME          conversation, sniffer, packets, tls, journey, compare, sessions or
                       findings
  --at SECONDS         the journey (or the comparison) paused at this moment of its playback
  --play               the journey starts playing as soon as the capture is analysed
  --reveal             show every secret (masked by default)
  --screenshot OUT.png render the window once the capture is analysed, write it, exit
  --size WxH           window size (default 1600x900)
  --report OUT.json    also write what each frame drew (for tests)
  --packet-memory MiB  frame bytes kept in memory (default 256); beyond, they are re-read
  --measure-frames S   draw for S seconds once the capture is shown, print the frame times as
                       JSON, exit (docs/performance.md; e.g. with --view journey --play)
  --live IFACE         open the Live panel and start capturing on IFACE
  --live-filter BPF    its capture filter (default: the mail ports)
  --live-seconds S     stop the live capture after S seconds (with --screenshot: then shoot)
  -h, --help           this text

keys: Ctrl+O open, Ctrl+L live capture, F5 presentation mode, Ctrl + / Ctrl - text size, Ctrl+0 normal size,
      Ctrl+E sniffer's eye, Ctrl+Q quit. A capture file dropped on the window opens.
      Journey tab and comparison: Space play/pause, Left/Right step to the previous/next packet.
)";

template <typename T>
bool parse_number(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool parse_view(std::string_view name, GuiOptions& o) {
  if (name == "conversation" || name == "sessions") {
    o.tab = DetailTab::kConversation;
  } else if (name == "sniffer") {
    o.tab = DetailTab::kConversation;
    o.sniffers_eye = true;
  } else if (name == "packets") {
    o.tab = DetailTab::kPackets;
  } else if (name == "tls") {
    o.tab = DetailTab::kTls;
  } else if (name == "journey") {
    o.tab = DetailTab::kJourney;
  } else if (name == "compare") {
    o.compare = true;
  } else if (name == "findings") {
    o.tab = DetailTab::kConversation;
    o.select_first_finding = true;
  } else {
    return false;
  }
  return true;
}

}  // namespace

ParsedCommandLine parse_command_line(int argc, const char* const* argv) {
  GuiOptions o;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&](std::string_view& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    std::string_view v;
    if (arg == "-h" || arg == "--help") return HelpRequested{kHelp};
    if (arg == "--reveal") {
      o.reveal = true;
    } else if (arg == "--presentation") {
      o.presentation = true;
    } else if (arg == "--theme") {
      if (!value(v) || (v != "dark" && v != "light")) {
        return UsageError{"--theme takes dark or light"};
      }
      o.theme = v == "dark" ? ThemeKind::kDark : ThemeKind::kLight;
    } else if (arg == "--font-size") {
      float size = 0;
      if (!value(v) || !parse_number(v, size) || size < DisplaySettings::kMinSize ||
          size > DisplaySettings::kMaxSize) {
        return UsageError{"--font-size takes a size in pixels from 11 to 44"};
      }
      o.font_size = size;
    } else if (arg == "--session") {
      std::uint64_t n = 0;
      if (!value(v) || !parse_number(v, n) || n == 0) {
        return UsageError{"--session takes a session number (1, 2, ...)"};
      }
      o.session = n;
    } else if (arg == "--view") {
      if (!value(v) || !parse_view(v, o)) {
        return UsageError{
            "--view takes conversation, sniffer, packets, tls, journey, compare, sessions or "
            "findings"};
      }
    } else if (arg == "--at") {
      double at = 0;
      if (!value(v) || !parse_number(v, at) || at < 0) {
        return UsageError{"--at takes the journey's playback time in seconds (0, 12.5, ...)"};
      }
      o.at = at;
    } else if (arg == "--compare") {
      o.compare = true;
    } else if (arg == "--compare-sessions") {
      std::uint64_t a = 0;
      std::uint64_t b = 0;
      const auto comma = value(v) ? v.find(',') : std::string_view::npos;
      if (comma == std::string_view::npos || !parse_number(v.substr(0, comma), a) ||
          !parse_number(v.substr(comma + 1), b) || a == 0 || b == 0) {
        return UsageError{"--compare-sessions takes two session numbers, e.g. 1,2"};
      }
      o.compare = true;
      o.compare_sessions = std::pair(a, b);
    } else if (arg == "--play") {
      o.play = true;
    } else if (arg == "--measure-frames") {
      double seconds = 0;
      if (!value(v) || !parse_number(v, seconds) || seconds <= 0) {
        return UsageError{"--measure-frames takes a number of seconds"};
      }
      o.measure_frames = seconds;
    } else if (arg == "--screenshot") {
      if (!value(v)) return UsageError{"--screenshot takes a PNG file name"};
      o.screenshot = std::string(v);
    } else if (arg == "--report") {
      if (!value(v)) return UsageError{"--report takes a JSON file name"};
      o.report = std::string(v);
    } else if (arg == "--size") {
      const auto x = value(v) ? v.find('x') : std::string_view::npos;
      if (x == std::string_view::npos || !parse_number(v.substr(0, x), o.width) ||
          !parse_number(v.substr(x + 1), o.height) || o.width < 320 || o.height < 240) {
        return UsageError{"--size takes WIDTHxHEIGHT, e.g. 1600x900"};
      }
    } else if (arg == "--packet-memory") {
      std::uint64_t mib = 0;
      if (!value(v) || !parse_number(v, mib)) return UsageError{"--packet-memory takes MiB"};
      o.packet_memory = mib << 20;
    } else if (arg == "--live") {
      if (!value(v)) return UsageError{"--live takes an interface name (e.g. eth0, lo)"};
      o.live_interface = std::string(v);
    } else if (arg == "--live-filter") {
      if (!value(v)) return UsageError{"--live-filter takes a capture filter"};
      o.live_filter = std::string(v);
    } else if (arg == "--live-seconds") {
      if (!value(v) || !parse_number(v, o.live_seconds) || o.live_seconds <= 0) {
        return UsageError{"--live-seconds takes a number of seconds"};
      }
    } else if (arg == "--test-pause-ms") {  // tests: slow the analysis down to watch it
      if (!value(v) || !parse_number(v, o.test_pause_ms)) {
        return UsageError{"--test-pause-ms takes milliseconds"};
      }
    } else if (arg.starts_with("-") && arg != "-") {
      return UsageError{"unknown option " + std::string(arg) + " (see --help)"};
    } else {
      files.emplace_back(arg);
    }
  }
  if (!o.compare && files.size() > 1) return UsageError{"one capture file at a time"};
  if (o.compare_sessions && files.size() > 1) {
    return UsageError{"--compare-sessions shows two sessions of one capture file"};
  }
  if (o.compare && !o.compare_sessions && files.size() == 1) {
    return UsageError{"--compare takes two capture files (or none: the tour without and with TLS)"};
  }
  if (files.size() > 2) return UsageError{"--compare takes two capture files"};
  if (!files.empty()) o.file = files[0];
  if (files.size() == 2) o.second_file = files[1];
  if (o.measure_frames && o.screenshot) {
    return UsageError{"--measure-frames and --screenshot do not go together"};
  }
  return o;
}

}  // namespace mailscope::gui
