#!/bin/sh
# Runs one GUI test binary under a private X server (Xvfb), as ctest's CROSSCOMPILING_EMULATOR.
# The timeout runs inside xvfb-run: killed from outside, xvfb-run leaves Xvfb and the app behind.
# Without xvfb-run the test cannot run. It says so in GoogleTest's words, which ctest reports as
# "Skipped" (SKIP_REGULAR_EXPRESSION): never a silent pass.
case " $* " in
  *" --gtest_list_tests "*) exec "$@" ;;  # listing the tests needs no display
esac
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "[  SKIPPED ] xvfb-run not found: install the Debian package xvfb to run the GUI tests"
  exit 0
fi
exec xvfb-run -a -s "-screen 0 1600x900x24" timeout "${MAILSCOPE_GUI_TEST_TIMEOUT:-150}" "$@"
