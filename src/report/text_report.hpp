#pragma once

#include <ostream>

#include "model/analysis_result.hpp"
#include "report/report_writer.hpp"

namespace mailscope {

// The text report of a whole result (see TextReportWriter for the streaming form).
void write_text_report(std::ostream& out, const AnalysisResult& result,
                       const TextReportOptions& options);

}  // namespace mailscope
