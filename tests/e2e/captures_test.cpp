// Every capture in captures/ (the generator's and those recorded from real servers and
// clients) through the real `mailscope analyze --json`, against the truth file beside it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/expectations.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace mailscope::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::vector<std::string> truth_files() {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(source_dir() / "captures")) {
    std::string name = e.path().filename().string();
    if (name.ends_with(".expected.json")) {
      files.push_back(fs::relative(e.path(), source_dir() / "captures").string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

class SampleCapture : public ::testing::TestWithParam<std::string> {};

TEST_P(SampleCapture, MatchesItsTruth) {
  fs::path truth_path = source_dir() / "captures" / GetParam();
  std::ifstream in(truth_path);
  Json truth = Json::parse(in);
  fs::path capture = truth_path.parent_path() / truth["file"].get<std::string>();
  CommandResult r = run_command({MAILSCOPE_BINARY, "analyze", "--json", "--reveal", capture});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json report = Json::parse(r.out);
  if (truth.contains("packets")) {
    EXPECT_EQ(report["capture"]["packets"], truth["packets"]);
  }
  if (truth.value("truncated", false)) {
    EXPECT_FALSE(report["capture"]["warnings"].empty()) << "a cut capture is reported";
  }
  // Credentials in a truth file point at sessions by index; check that pairing too.
  for (const Json& c : truth.value("credentials", Json::array())) {
    if (!c.contains("session")) continue;
    const Json& want_session = truth["sessions"][c["session"].get<std::size_t>()];
    bool paired = false;
    for (const Json& got : report["credentials"]) {
      if (got["packet"] != c["packet"]) continue;
      for (const Json& s : report["sessions"]) {
        paired |= s["id"] == got["session"] && s["client"] == want_session["client"] &&
                  s["server"] == want_session["server"];
      }
    }
    EXPECT_TRUE(paired) << "credential at packet " << c["packet"] << " belongs to session "
                        << want_session["client"] << " -> " << want_session["server"];
  }
  for (const std::string& problem : compare_with_expectation(report, truth)) {
    ADD_FAILURE() << problem;
  }
}

INSTANTIATE_TEST_SUITE_P(Captures, SampleCapture, ::testing::ValuesIn(truth_files()),
                         [](const auto& info) { return test_name_for(info.param); });

}  // namespace
}  // namespace mailscope::testing
