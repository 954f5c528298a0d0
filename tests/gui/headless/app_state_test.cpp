// The command line and the recent-files list.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app/command_line.hpp"
#include "app/recent_files.hpp"

namespace mailscope::gui::testing {
namespace {

ParsedCommandLine parse(std::vector<const char*> args) {
  args.insert(args.begin(), "mailscope-gui");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

TEST(CommandLine, ScreenshotOptions) {
  auto parsed = parse({"--screenshot", "out.png", "--view", "packets", "--session", "3", "--reveal",
                       "--theme", "light", "x.pcap"});
  ASSERT_TRUE(std::holds_alternative<GuiOptions>(parsed));
  const auto& o = std::get<GuiOptions>(parsed);
  EXPECT_EQ(o.screenshot, "out.png");
  EXPECT_EQ(o.tab, DetailTab::kPackets);
  EXPECT_EQ(o.session, 3u);
  EXPECT_TRUE(o.reveal);
  EXPECT_EQ(o.theme, ThemeKind::kLight);
  EXPECT_EQ(o.file, "x.pcap");
}

TEST(CommandLine, NoFileMeansTheTourAndMaskedSecrets) {
  auto parsed = parse({});
  ASSERT_TRUE(std::holds_alternative<GuiOptions>(parsed));
  EXPECT_FALSE(std::get<GuiOptions>(parsed).file);
  EXPECT_FALSE(std::get<GuiOptions>(parsed).reveal);
}

TEST(CommandLine, SnifferViewTurnsTheSniffersEyeOn) {
  auto parsed = parse({"--view", "sniffer", "--size", "1280x720", "--presentation"});
  const auto& o = std::get<GuiOptions>(parsed);
  EXPECT_TRUE(o.sniffers_eye);
  EXPECT_EQ(o.tab, DetailTab::kConversation);
  EXPECT_EQ(o.width, 1280);
  EXPECT_EQ(o.height, 720);
  EXPECT_TRUE(o.presentation);
}

TEST(CommandLine, MistakesAreNamed) {
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"--view", "nonsense"})));
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"--session", "0"})));
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"--bogus"})));
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"a.pcap", "b.pcap"})));
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"--screenshot"})));
  EXPECT_TRUE(std::holds_alternative<HelpRequested>(parse({"--help"})));
}

class RecentFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("mailscope-recent-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(RecentFilesTest, NewestFirstWithoutDuplicatesAndCapped) {
  RecentFiles recent(dir_ / "mailscope" / "recent");
  EXPECT_TRUE(recent.load().empty());
  recent.remember("/captures/a.pcap");
  recent.remember("/captures/b.pcap");
  auto list = recent.remember("/captures/a.pcap");
  EXPECT_EQ(list, (std::vector<std::string>{"/captures/a.pcap", "/captures/b.pcap"}));
  EXPECT_EQ(recent.load(), list);  // saved
  for (int i = 0; i < 20; ++i)
    recent.remember("/captures/" + std::to_string(i) + ".pcap");
  EXPECT_EQ(recent.load().size(), RecentFiles::kMaxEntries);
  EXPECT_EQ(recent.load().front(), "/captures/19.pcap");
}

TEST_F(RecentFilesTest, RelativePathsAreRememberedAbsolute) {
  RecentFiles recent(dir_ / "recent");
  auto list = recent.remember("some/capture.pcap");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_TRUE(std::filesystem::path(list.front()).is_absolute()) << list.front();
}

TEST_F(RecentFilesTest, LivesUnderXdgConfigHome) {
  const char* before = std::getenv("XDG_CONFIG_HOME");
  const std::string saved = before ? before : "";
  ::setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);
  EXPECT_EQ(RecentFiles::default_location(), dir_ / "mailscope" / "recent");
  ::setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
}

}  // namespace
}  // namespace mailscope::gui::testing
