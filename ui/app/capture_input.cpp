#include "app/capture_input.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "app/embedded_assets.hpp"
#include "capture/packet_source.hpp"

namespace mailscope::gui {
namespace {

struct OwnedFd {
  int fd = -1;
  ~OwnedFd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

CaptureInput file_input(const std::string& path) {
  CaptureInput input;
  input.path = path;
  input.display_name = path;
  return input;
}

CaptureInput bundled_tour_input() {
  auto owned = std::make_shared<OwnedFd>();
  owned->fd = ::memfd_create("mailscope-tour.pcapng", MFD_CLOEXEC);
  if (owned->fd < 0) {
    throw CaptureError(std::string("bundled tour: cannot create an in-memory file: ") +
                       std::strerror(errno));
  }
  std::span<const std::uint8_t> bytes = embedded_tour();
  while (!bytes.empty()) {
    ssize_t n = ::write(owned->fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw CaptureError(std::string("bundled tour: cannot write the in-memory file: ") +
                         std::strerror(errno));
    }
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
  CaptureInput input;
  input.path = "/proc/self/fd/" + std::to_string(owned->fd);
  input.display_name = "tour.pcapng (bundled tour)";
  input.bundled_tour = true;
  input.keep_alive = std::move(owned);
  return input;
}

}  // namespace mailscope::gui
