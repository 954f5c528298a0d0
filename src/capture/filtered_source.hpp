#pragma once

#include <map>
#include <memory>
#include <string>

#include "capture/packet_source.hpp"

struct bpf_program;

namespace mailscope {

// Passes on the packets of another source that a capture filter (tcpdump's syntax, "host
// 192.0.2.7 and port 110") matches: `mailscope analyze FILE --filter BPF`. Packets keep the
// numbers they have in the file, so they still match Wireshark's frame numbers; the others
// are never decoded. libpcap compiles the filter and runs it, as tcpdump does.
class FilteredSource final : public PacketSource {
 public:
  FilteredSource(std::unique_ptr<PacketSource> inner, std::string expression);
  ~FilteredSource() override;

  // Throws CaptureError with one clear line when the expression does not compile for the
  // packet's link type: a typo, or a filter that cannot apply ("ether host" on raw IP). That
  // is known at the first packet of each link type: an expression reads differently on each.
  bool next(Packet& packet) override;
  std::string name() const override { return inner_->name(); }
  std::string format() const override { return inner_->format(); }
  std::string link_types() const override { return inner_->link_types(); }
  std::uint64_t position() const override { return inner_->position(); }
  std::uint64_t size() const override { return inner_->size(); }
  const std::vector<std::string>& warnings() const override { return inner_->warnings(); }
  SharedBytes shared_bytes() const override { return inner_->shared_bytes(); }

 private:
  const bpf_program& program_for(int link_type);  // compiled at its first packet

  std::unique_ptr<PacketSource> inner_;
  std::string expression_;
  std::map<int, std::unique_ptr<bpf_program, void (*)(bpf_program*)>> programs_;
  int last_link_type_ = -1;
  const bpf_program* last_program_ = nullptr;
};

}  // namespace mailscope
