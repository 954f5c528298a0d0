#pragma once

#include <ostream>
#include <string>

#include "model/analysis_result.hpp"
#include "report/spool.hpp"

namespace mailscope {

// Writes a report as the analysis produces it: each session when it ends, then, at the end,
// the credentials and findings (spooled meanwhile) and the capture's own facts. Memory does not
// grow with the capture: a 10 GB file with a million sessions is reported like a small one.
class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual void session(const Session& session) = 0;
  virtual void credential(const Credential& credential) = 0;
  virtual void finding(const Finding& finding) = 0;
  virtual void finish(const CaptureInfo& capture) = 0;
};

// Feeds a whole result to a writer (the GUI's export, tests).
void write_report(const AnalysisResult& result, ReportWriter& writer);

// The version-1 JSON report of DESIGN.md. Secrets are masked unless `reveal`. Sessions come in
// the order they ended; "capture" comes last, when its counts are known.
class JsonReportWriter final : public ReportWriter {
 public:
  JsonReportWriter(std::ostream& out, bool reveal);
  void session(const Session& session) override;
  void credential(const Credential& credential) override;
  void finding(const Finding& finding) override;
  void finish(const CaptureInfo& capture) override;

 private:
  std::ostream& out_;
  bool reveal_;
  std::size_t sessions_ = 0;
  SpoolWriter spool_writer_;  // before the spools: they give it blocks until they go
  Spool credentials_{",\n", &spool_writer_};
  Spool findings_{",\n", &spool_writer_};
};

struct TextReportOptions {
  bool reveal = false;             // show secrets instead of masking them
  bool color = false;              // ANSI colours (a terminal)
  bool flush_each_session = true;  // someone is watching (a terminal, a live capture)
  std::string filter;              // the capture filter that chose the packets (analyze --filter)
};

// The report a trainee reads in a terminal: one line a session with a padlock as each session
// ends, then what leaked: credentials, messages, and the lessons.
class TextReportWriter final : public ReportWriter {
 public:
  TextReportWriter(std::ostream& out, std::string source, const TextReportOptions& options);
  void session(const Session& session) override;
  void credential(const Credential& credential) override;
  void finding(const Finding& finding) override;
  void finish(const CaptureInfo& capture) override;

 private:
  void heading();
  std::ostream& out_;
  TextReportOptions options_;
  std::string source_;
  bool heading_done_ = false;
  std::size_t sessions_ = 0;
  SpoolWriter spool_writer_;  // before the spools: they give it blocks until they go
  // Credentials and findings are spooled as records, their lines formatted on the writer's
  // thread; messages as their lines.
  Spool credentials_;
  Spool messages_{"", &spool_writer_};
  Spool findings_;
  std::string scratch_;  // the line being built
  std::string field_;    // a field of it being built
};

}  // namespace mailscope
