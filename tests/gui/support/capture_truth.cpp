#include "support/capture_truth.hpp"

#include <cstdlib>
#include <filesystem>

#include "analysis/analyzer.hpp"
#include "analysis/result_collector.hpp"
#include "capture/packet_source.hpp"

namespace mailscope::gui::testing {

AnalysisResult analyse_with_core(const std::string& path) {
  auto source = open_capture_file(path);
  ResultCollector collector;
  analyze(*source, collector);
  return collector.result();
}

std::string source_path(const std::string& relative) {
  return std::string(MAILSCOPE_SOURCE_DIR) + "/" + relative;
}

std::string corpus_path(const std::string& name) {
  const char* env = std::getenv("MAILSCOPE_CORPUS");
  const std::filesystem::path dir =
      env ? std::filesystem::path(env)
          : std::filesystem::path(MAILSCOPE_SOURCE_DIR).parent_path() / "shared" / "corpus";
  const std::filesystem::path file = dir / name;
  return std::filesystem::exists(file) ? file.string() : std::string();
}

}  // namespace mailscope::gui::testing
