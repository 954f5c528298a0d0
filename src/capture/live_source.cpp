#include "capture/live_source.hpp"

#include <poll.h>

namespace mailscope {
namespace {

constexpr int kSnapLength = 262144;
constexpr int kBufferBytes = 8 * 1024 * 1024;
constexpr int kPollMilliseconds = 200;

std::string permission_hint(const std::string& interface) {
  return "no permission to capture on " + interface +
         ": run as root, or let mailscope capture without root once with "
         "`sudo setcap cap_net_raw,cap_net_admin=eip <path to the mailscope binary>`";
}

}  // namespace

std::string default_mail_filter() {
  return "tcp port 25 or tcp port 465 or tcp port 587 or tcp port 2525 or tcp port 110 or "
         "tcp port 995 or tcp port 143 or tcp port 993";
}

LiveSource::LiveSource(LiveOptions options) : options_(std::move(options)) {
  char err[PCAP_ERRBUF_SIZE] = {};
  const std::string& iface = options_.interface;
  handle_ = pcap_create(iface.c_str(), err);
  if (!handle_) throw CaptureError(iface + ": " + err);
  pcap_set_snaplen(handle_, kSnapLength);
  pcap_set_promisc(handle_, 0);
  pcap_set_timeout(handle_, 100);
  pcap_set_immediate_mode(handle_, 1);
  pcap_set_buffer_size(handle_, kBufferBytes);
  int rc = pcap_activate(handle_);
  if (rc < 0) {
    std::string detail = pcap_geterr(handle_);
    pcap_close(handle_);
    handle_ = nullptr;
    switch (rc) {
      case PCAP_ERROR_NO_SUCH_DEVICE:
        throw CaptureError("no interface named " + iface);
      case PCAP_ERROR_PERM_DENIED:
        throw CaptureError(permission_hint(iface));
      case PCAP_ERROR_IFACE_NOT_UP:
        throw CaptureError("interface " + iface + " is down");
      default:
        break;
    }
    if (detail.find("Operation not permitted") != std::string::npos ||
        detail.find("ermission denied") != std::string::npos) {
      throw CaptureError(permission_hint(iface));
    }
    throw CaptureError("cannot capture on " + iface + ": " + detail);
  }
  link_type_ = pcap_datalink(handle_);
  bpf_program program{};
  if (pcap_compile(handle_, &program, options_.filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
    std::string detail = pcap_geterr(handle_);
    pcap_close(handle_);
    handle_ = nullptr;
    throw CaptureError("the filter \"" + options_.filter + "\" does not compile: " + detail);
  }
  int set = pcap_setfilter(handle_, &program);
  pcap_freecode(&program);
  if (set != 0) {
    std::string detail = pcap_geterr(handle_);
    pcap_close(handle_);
    handle_ = nullptr;
    throw CaptureError("cannot apply the filter on " + iface + ": " + detail);
  }
  if (pcap_setnonblock(handle_, 1, err) != 0) {
    pcap_close(handle_);
    handle_ = nullptr;
    throw CaptureError("cannot capture on " + iface + ": " + err);
  }
  started_ = std::chrono::steady_clock::now();
}

LiveSource::~LiveSource() {
  if (handle_) pcap_close(handle_);
}

std::string LiveSource::link_types() const {
  return link_type_name(link_type_);
}

LiveStats LiveSource::stats() const {
  LiveStats s;
  pcap_stat ps{};
  if (handle_ && pcap_stats(handle_, &ps) == 0) {
    s.received = ps.ps_recv;
    s.dropped_by_kernel = ps.ps_drop;
    s.dropped_by_interface = ps.ps_ifdrop;
  }
  return s;
}

bool LiveSource::next(Packet& packet) {
  while (!finished_) {
    if (options_.stop && options_.stop->load()) break;
    if (options_.duration && std::chrono::steady_clock::now() - started_ >= *options_.duration) {
      break;
    }
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    int rc = pcap_next_ex(handle_, &header, &data);
    if (rc == 1) {
      packet.number = ++number_;
      packet.time = {header->ts.tv_sec, static_cast<std::uint32_t>(header->ts.tv_usec) * 1000U};
      packet.wire_length = header->len;
      packet.link_type = link_type_;
      packet.data = {data, header->caplen};
      return true;
    }
    if (rc < 0) {
      warn(std::string("the capture stopped: ") + pcap_geterr(handle_));
      break;
    }
    // Nothing waiting: sleep on the descriptor, so that stop and duration are noticed soon.
    pollfd fd{pcap_get_selectable_fd(handle_), POLLIN, 0};
    poll(&fd, 1, kPollMilliseconds);
  }
  if (!finished_) {
    finished_ = true;
    LiveStats s = stats();
    if (s.dropped_by_kernel || s.dropped_by_interface) {
      warn("the kernel dropped " + std::to_string(s.dropped_by_kernel) +
           " packet(s) and the interface " + std::to_string(s.dropped_by_interface) +
           ": the analysis misses them");
    }
  }
  return false;
}

std::vector<InterfaceInfo> list_interfaces() {
  std::vector<InterfaceInfo> out;
  pcap_if_t* all = nullptr;
  char err[PCAP_ERRBUF_SIZE] = {};
  if (pcap_findalldevs(&all, err) != 0) return out;
  for (pcap_if_t* d = all; d; d = d->next) {
    out.push_back({d->name, d->description ? d->description : "", (d->flags & PCAP_IF_UP) != 0,
                   (d->flags & PCAP_IF_LOOPBACK) != 0});
  }
  pcap_freealldevs(all);
  return out;
}

}  // namespace mailscope
