#!/usr/bin/env bash
# mailscope quick start for a fresh Debian 12 machine (as root, or as a user with sudo).
#
#   scripts/quickstart.sh tour   install what is missing, build, and open the bundled tour
#                                capture (the desktop app when a display is there, else the
#                                terminal report)
#   scripts/quickstart.sh test   install what is missing, build with AddressSanitizer and
#                                UBSan, and run the whole test suite
#
# Everything comes from Debian's packages; nothing is downloaded at build time.
set -euo pipefail

cd "$(dirname "$0")/.."
mode="${1:-}"
case "$mode" in
  tour|test) ;;
  *) echo "usage: $0 tour|test" >&2; exit 2 ;;
esac

packages=(
  build-essential cmake ninja-build pkg-config ccache
  libpcap-dev libssl-dev nlohmann-json3-dev libcli11-dev libgtest-dev libgoogle-perftools-dev
  libimgui-dev libglfw3-dev libgl-dev libstb-dev xxd fonts-dejavu-core
  xvfb xauth xdotool imagemagick
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "quickstart: run as root (or install sudo) to install: ${missing[*]}" >&2; exit 1
  fi
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "quickstart: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

jobs=$(nproc)
if [ "$mode" = test ]; then
  # The live-capture lab's integration test runs real Postfix and Dovecot (installed here,
  # never started system-wide); without root it is skipped with its reason.
  as_root lab/lab.sh install || echo "quickstart: the lab's mail servers are not installed; its test will be skipped"
  cmake --preset debug >/dev/null
  cmake --build --preset debug -j "$jobs"
  exec ctest --preset debug -j "$jobs"
fi

cmake --preset release >/dev/null
# Only the two programs: the tour should not wait for the test suite to compile.
cmake --build --preset release -j "$jobs" --target mailscope mailscope-gui
if [ -x build/release/ui/mailscope-gui ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec build/release/ui/mailscope-gui
fi
exec build/release/src/mailscope analyze captures/tour.pcapng
