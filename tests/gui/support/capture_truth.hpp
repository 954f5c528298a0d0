#pragma once

#include <string>

#include "model/analysis_result.hpp"

namespace mailscope::gui::testing {

// What the core (the CLI's own path: analyze + ResultCollector) finds in a capture: the truth
// the GUI's pictures are checked against, including the secrets the GUI must mask.
AnalysisResult analyse_with_core(const std::string& path);

// A file in the source tree ("captures/tour.pcapng").
std::string source_path(const std::string& relative);
// A capture of the public corpus, which lives beside the repository (../shared/corpus, or
// $MAILSCOPE_CORPUS); empty when it is not there (the test then skips, saying so).
std::string corpus_path(const std::string& name);

}  // namespace mailscope::gui::testing
