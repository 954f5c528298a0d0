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

// An in-memory file holding `bytes`, opened as `display_name`.
CaptureInput in_memory_input(const char* file_name, std::span<const std::uint8_t> bytes,
                             std::string display_name) {
  auto owned = std::make_shared<OwnedFd>();
  owned->fd = ::memfd_create(file_name, MFD_CLOEXEC);
  if (owned->fd < 0) {
    throw CaptureError(std::string("bundled tour: cannot create an in-memory file: ") +
                       std::strerror(errno));
  }
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
  input.display_name = std::move(display_name);
  input.bundled_tour = true;
  input.keep_alive = std::move(owned);
  return input;
}

}  // namespace

CaptureInput file_input(const std::string& path) {
  CaptureInput input;
  input.path = path;
  input.display_name = path;
  return input;
}

CaptureInput bundled_tour_input() {
  return in_memory_input("mailscope-tour.pcapng", embedded_tour(), "tour.pcapng (bundled tour)");
}

CaptureInput bundled_protected_tour_input() {
  return in_memory_input("mailscope-tour-protected.pcapng", embedded_protected_tour(),
                         "tour-protected.pcapng (bundled tour)");
}

}  // namespace mailscope::gui
