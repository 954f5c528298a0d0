#pragma once

#include <ostream>

#include "model/analysis_result.hpp"

namespace mailscope {

struct TextReportOptions {
  bool reveal = false;  // show secrets instead of masking them
  bool color = false;   // ANSI colours (a terminal)
};

// The report a trainee reads in a terminal: one line a session with a padlock, then what
// leaked: credentials, messages, and the lessons.
void write_text_report(std::ostream& out, const AnalysisResult& result,
                       const TextReportOptions& options);

}  // namespace mailscope
