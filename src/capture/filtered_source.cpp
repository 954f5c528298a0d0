#include "capture/filtered_source.hpp"

#include <pcap/pcap.h>

namespace mailscope {
namespace {

// The libpcap snapshot length for compiling: the largest record it reads, so that no filter
// is compiled to look at less than a packet holds.
constexpr int kSnaplen = 262144;

void free_program(bpf_program* program) {
  pcap_freecode(program);
  delete program;
}

// Compiles `expression` for packets of `link_type`; throws CaptureError saying why not.
std::unique_ptr<bpf_program, void (*)(bpf_program*)> compile(const std::string& expression,
                                                             int link_type) {
  // A "dead" handle: what pcap_compile needs of a capture is its link type and snaplen.
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> dead(
      pcap_open_dead_with_tstamp_precision(link_type, kSnaplen, PCAP_TSTAMP_PRECISION_NANO),
      pcap_close);
  if (!dead) throw CaptureError("cannot compile the filter: libpcap is out of memory");
  auto program = std::make_unique<bpf_program>();
  if (pcap_compile(dead.get(), program.get(), expression.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
    throw CaptureError("the filter \"" + expression + "\" does not compile for " +
                       link_type_name(link_type) + " packets: " + pcap_geterr(dead.get()));
  }
  return {program.release(), free_program};
}

}  // namespace

FilteredSource::FilteredSource(std::unique_ptr<PacketSource> inner, std::string expression)
    : inner_(std::move(inner)), expression_(std::move(expression)) {}

FilteredSource::~FilteredSource() = default;

const bpf_program& FilteredSource::program_for(int link_type) {
  if (link_type != last_link_type_) {
    auto it = programs_.find(link_type);
    if (it == programs_.end())
      it = programs_.emplace(link_type, compile(expression_, link_type)).first;
    last_link_type_ = link_type;
    last_program_ = it->second.get();
  }
  return *last_program_;
}

bool FilteredSource::next(Packet& packet) {
  while (inner_->next(packet)) {
    pcap_pkthdr header{};
    header.caplen = static_cast<bpf_u_int32>(packet.data.size());
    header.len = packet.wire_length;
    if (pcap_offline_filter(&program_for(packet.link_type), &header, packet.data.data()) != 0) {
      return true;
    }
  }
  return false;
}

}  // namespace mailscope
