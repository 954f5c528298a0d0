#include "net/tcp_segment.hpp"

#include "net/byte_reader.hpp"

namespace mailscope {

std::optional<TcpSegment> parse_tcp_segment(std::span<const std::uint8_t> b,
                                            std::uint32_t missing_tail) {
  if (b.size() < 20) return std::nullopt;
  std::size_t header_length = (b[12] >> 4) * 4U;
  if (header_length < 20 || header_length > b.size()) return std::nullopt;
  TcpSegment s;
  s.src_port = be16(b, 0);
  s.dst_port = be16(b, 2);
  s.seq = be32(b, 4);
  s.ack = be32(b, 8);
  s.flags = b[13];
  s.payload = b.subspan(header_length);
  s.missing_tail = missing_tail;
  return s;
}

}  // namespace mailscope
