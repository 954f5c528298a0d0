// Every public capture in ../shared/corpus through the real `mailscope analyze --json`,
// compared with ../shared/corpus/expected.json: sessions, transports, TLS versions and every
// credential (user, secret, mechanism, result, packet), with no false positive.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/expectations.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace mailscope::testing {
namespace {

using Json = nlohmann::json;

Json load_expected() {
  std::ifstream in(corpus_dir() / "expected.json");
  if (!in) return Json::object();
  Json all = Json::parse(in);
  return all.at("files");
}

std::vector<std::string> corpus_files() {
  std::vector<std::string> names;
  Json expected = load_expected();
  for (auto it = expected.begin(); it != expected.end(); ++it)
    names.push_back(it.key());
  if (names.empty()) names.push_back("");  // one test that reports the corpus is absent
  return names;
}

class CorpusCapture : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusCapture, MatchesExpectedJson) {
  if (GetParam().empty()) {
    GTEST_SKIP() << "the public corpus is not here (" << corpus_dir() << "): corpus tests skipped";
  }
  static const Json expected = load_expected();
  const Json& entry = expected[GetParam()];
  std::string path = (corpus_dir() / GetParam()).string();
  CommandResult r = run_command({MAILSCOPE_BINARY, "analyze", "--json", "--reveal", path});
  if (entry["readable"] == false) {
    EXPECT_NE(r.exit_code, 0) << "an unreadable capture must fail";
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(GetParam()), std::string::npos) << "the error names the file";
    return;
  }
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json report = Json::parse(r.out);
  EXPECT_EQ(report["mailscope"], 1);
  if (entry["packets"].is_number()) {
    EXPECT_EQ(report["capture"]["packets"].get<long>(), entry["packets"].get<long>());
  }
  if (entry["readable"] == "partial") {
    EXPECT_FALSE(report["capture"]["warnings"].empty()) << "a damaged file is reported";
  }
  for (const std::string& problem : compare_with_expectation(report, entry["expected"])) {
    ADD_FAILURE() << problem;
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusCapture, ::testing::ValuesIn(corpus_files()),
                         [](const auto& info) {
                           return info.param.empty() ? std::string("absent")
                                                     : test_name_for(info.param);
                         });

}  // namespace
}  // namespace mailscope::testing
