// main() of the GUI test binaries: the recent-files list goes to a scratch folder, never to
// the user's ~/.config.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  char scratch[] = "/tmp/mailscope-gui-test-XXXXXX";
  if (::mkdtemp(scratch)) ::setenv("XDG_CONFIG_HOME", scratch, 1);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
