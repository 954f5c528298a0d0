// The `mailscope` command: reports on a capture file (and, later, on a live interface) through
// the same analysis core as the desktop app.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "analysis/analyzer.hpp"
#include "capture/packet_source.hpp"
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
    double percent = p.bytes_total ? 100.0 * static_cast<double>(p.bytes_read) /
                                         static_cast<double>(p.bytes_total)
                                   : 0.0;
    std::fprintf(stderr, "\r  %5.1f%%  %llu packets, %llu sessions ", percent,
                 static_cast<unsigned long long>(p.packets),
                 static_cast<unsigned long long>(p.sessions));
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
// the capture.
class ReportSink final : public AnalysisSink {
 public:
  explicit ReportSink(ReportWriter& writer) : writer_(writer) {}
  void on_session_close(const Session& s) override { writer_.session(s); }
  void on_credential(const Credential& c) override { writer_.credential(c); }
  void on_finding(const Finding& f) override { writer_.finding(f); }
  void on_capture_end(const CaptureInfo& info) override { writer_.finish(info); }

 private:
  ReportWriter& writer_;
};

int run_analyze(const std::string& file, bool json, bool reveal) {
  std::unique_ptr<PacketSource> source = open_capture_file(file);
  ProgressLine progress;
  AnalysisOptions options;
  options.on_progress = [&progress](const AnalysisProgress& p) { progress.update(p); };
  std::unique_ptr<ReportWriter> writer;
  if (json) {
    writer = std::make_unique<JsonReportWriter>(std::cout, reveal);
  } else {
    bool color = isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
    writer = std::make_unique<TextReportWriter>(std::cout, file, TextReportOptions{reveal, color});
  }
  ReportSink sink(*writer);
  analyze(*source, sink, options);
  progress.clear();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mailscope: what an eavesdropper sees of your email (SMTP, IMAP, POP3)"};
  app.require_subcommand(1);
  std::string file;
  bool json = false;
  bool reveal = false;
  CLI::App* analyze_cmd = app.add_subcommand("analyze", "report on a pcap or pcapng capture");
  analyze_cmd->add_option("FILE", file, "capture file (pcap or pcapng)")->required();
  analyze_cmd->add_flag("--json", json, "print the version-1 JSON report");
  analyze_cmd->add_flag("--reveal", reveal, "show passwords and tokens instead of masking them");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (analyze_cmd->parsed()) return run_analyze(file, json, reveal);
  } catch (const CaptureError& e) {
    std::cerr << "mailscope: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "mailscope: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
