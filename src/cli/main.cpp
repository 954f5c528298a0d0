// The `mailscope` command: reports on a capture file (and, later, on a live interface) through
// the same analysis core as the desktop app.
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "analysis/analyzer.hpp"
#include "capture/filtered_source.hpp"
#include "capture/live_source.hpp"
#include "capture/packet_source.hpp"
#include "capture/pcapng_writer.hpp"
#include "report/report_writer.hpp"

namespace {

using namespace mailscope;

// Progress on stderr, only for a person watching a terminal: a redirected stderr stays clean.
class ProgressLine {
 public:
  ProgressLine() : enabled_(isatty(STDERR_FILENO) == 1) {}
  ~ProgressLine() { clear(); }

  void update(const AnalysisProgress& p) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    if (p.bytes_total) {
      double percent =
          100.0 * static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total);
      std::fprintf(stderr, "\r  %5.1f%%  %llu packets, %llu sessions ", percent,
                   static_cast<unsigned long long>(p.packets),
                   static_cast<unsigned long long>(p.sessions));
    } else {
      std::fprintf(stderr, "\r  %llu packets, %llu mail sessions ",
                   static_cast<unsigned long long>(p.packets),
                   static_cast<unsigned long long>(p.sessions));
    }
    shown_ = true;
  }
  void clear() {
    if (shown_) std::fprintf(stderr, "\r%60s\r", "");
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// Hands what the analysis finds to a report writer as it comes, so memory does not grow with
// the capture. With a decoding thread (files), on_packet runs on the reading thread and the rest
// on the decoding thread: on_packet then touches only packets_ (no live progress line).
class ReportSink final : public AnalysisSink {
 public:
  ReportSink(ReportWriter& writer, ProgressLine* live_progress)
      : writer_(writer), live_progress_(live_progress) {}
  void on_packet(const Packet&) override {
    ++packets_;
    if (live_progress_) live_progress_->update({packets_, 0, 0, sessions_});
  }
  bool wants_session_packets() const override { return false; }
  void on_session_open(const Session&) override { ++sessions_; }
  void on_session_close(const Session& s) override { writer_.session(s); }
  void on_credential(const Credential& c) override { writer_.credential(c); }
  void on_finding(const Finding& f) override { writer_.finding(f); }
  void on_capture_end(const CaptureInfo& info) override { writer_.finish(info); }

 private:
  ReportWriter& writer_;
  ProgressLine* live_progress_;
  std::uint64_t packets_ = 0;
  std::uint64_t sessions_ = 0;
};

struct ReportOptions {
  bool json = false;
  bool reveal = false;
  std::string filter;  // analyze --filter
};

// Runs one source through the analysis into the report the user asked for.
void report_on(PacketSource& source, const ReportOptions& report, bool live) {
  ProgressLine progress;
  AnalysisOptions options;
  options.on_progress = [&progress](const AnalysisProgress& p) { progress.update(p); };
  // A file is read on one core and decoded on another; a live capture, whose progress line
  // counts sessions from the reading thread, is decoded where it is read (it is never the
  // bottleneck there).
  options.decoding_thread = !live;
  std::unique_ptr<ReportWriter> writer;
  if (report.json) {
    writer = std::make_unique<JsonReportWriter>(std::cout, report.reveal);
  } else {
    bool terminal = isatty(STDOUT_FILENO) == 1;
    bool color = terminal && std::getenv("NO_COLOR") == nullptr;
    writer = std::make_unique<TextReportWriter>(
        std::cout, (live ? "live capture on " : "") + source.name(),
        TextReportOptions{.reveal = report.reveal,
                          .color = color,
                          .flush_each_session = terminal || live,
                          .filter = report.filter});
  }
  ReportSink sink(*writer, live ? &progress : nullptr);
  analyze(source, sink, options);
  progress.clear();
}

int run_analyze(const std::string& file, const ReportOptions& report) {
  std::unique_ptr<PacketSource> source = open_capture_file(file);
  if (!report.filter.empty()) {
    source = std::make_unique<FilteredSource>(std::move(source), report.filter);
  }
  report_on(*source, report, false);
  return 0;
}

// Ctrl-C ends a live capture cleanly (the report is printed); a second one stops at once.
std::atomic<bool> g_stop{false};
extern "C" void on_interrupt(int) {
  g_stop.store(true);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
}

int run_capture(LiveOptions live, const std::string& write_to, const ReportOptions& report) {
  live.stop = &g_stop;
  signal(SIGINT, on_interrupt);
  signal(SIGTERM, on_interrupt);
  LiveSource source(std::move(live));
  if (isatty(STDERR_FILENO)) {
    std::fprintf(stderr, "capturing on %s (Ctrl-C to stop)\n", source.name().c_str());
  }
  if (write_to.empty()) {
    report_on(source, report, true);
  } else {
    PcapngWriter writer(write_to, source.name());
    TeeSource tee(source, writer);
    report_on(tee, report, true);
  }
  return 0;
}

int list_capture_interfaces() {
  for (const InterfaceInfo& i : list_interfaces()) {
    std::cout << i.name << (i.up ? "" : " (down)") << (i.loopback ? " (loopback)" : "")
              << (i.description.empty() ? "" : "  " + i.description) << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // The report goes through std::cout alone: its own buffer, not one stdio call an insertion.
  std::ios::sync_with_stdio(false);
  CLI::App app{"mailscope: what an eavesdropper sees of your email (SMTP, IMAP, POP3)"};
  app.require_subcommand(1);
  std::string file;
  ReportOptions report;
  CLI::App* analyze_cmd = app.add_subcommand("analyze", "report on a pcap or pcapng capture");
  analyze_cmd->add_option("FILE", file, "capture file (pcap or pcapng)")->required();
  analyze_cmd->add_option("--filter", report.filter,
                          "BPF filter: analyse only the packets it matches (\"host 192.0.2.7\")");
  analyze_cmd->add_flag("--json", report.json, "print the version-1 JSON report");
  analyze_cmd->add_flag("--reveal", report.reveal,
                        "show passwords and tokens instead of masking them");

  LiveOptions live;
  std::string write_to;
  int duration = 0;
  bool list = false;
  CLI::App* capture_cmd =
      app.add_subcommand("capture", "capture live from an interface and report (Ctrl-C ends)");
  capture_cmd->add_option("-i,--interface", live.interface, "interface to capture on");
  capture_cmd->add_option("--filter", live.filter, "BPF capture filter (default: the mail ports)");
  capture_cmd->add_option("-w,--write", write_to, "also keep what was captured in a pcapng file");
  capture_cmd->add_option("--duration", duration, "stop after this many seconds")
      ->check(CLI::PositiveNumber);
  capture_cmd->add_flag("--json", report.json, "print the version-1 JSON report");
  capture_cmd->add_flag("--reveal", report.reveal,
                        "show passwords and tokens instead of masking them");
  capture_cmd->add_flag("--list-interfaces", list, "list the interfaces and exit");
  try {
    app.parse(argc, argv);
    if (capture_cmd->parsed() && !list && live.interface.empty()) {
      throw CLI::RequiredError("-i,--interface");
    }
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (analyze_cmd->parsed()) return run_analyze(file, report);
    if (capture_cmd->parsed()) {
      if (list) return list_capture_interfaces();
      if (duration > 0) live.duration = std::chrono::seconds(duration);
      return run_capture(std::move(live), write_to, report);
    }
  } catch (const CaptureError& e) {
    std::cerr << "mailscope: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "mailscope: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
