#include "analysis/analyzer.hpp"

#include <map>

#include "analysis/decoding_stage.hpp"
#include "analysis/mail_flow.hpp"
#include "net/ip_layer.hpp"
#include "net/link_layer.hpp"
#include "net/tcp_segment.hpp"

namespace mailscope {
namespace {

constexpr std::uint8_t kTcp = 6;
constexpr std::uint64_t kProgressEvery = 8192;  // packets

// Counts of what the analysis passed over, turned into capture warnings at the end.
struct SkipCounts {
  std::map<int, std::uint64_t> unsupported_links;
  std::uint64_t truncated_link = 0;
  std::uint64_t malformed_ip = 0;
  std::uint64_t malformed_tcp = 0;
};

void add_warnings(CaptureInfo& info, const SkipCounts& skipped, const IpLayer& ip,
                  const TcpFlowTable& flows) {
  for (const auto& [dlt, count] : skipped.unsupported_links) {
    info.warnings.push_back(std::to_string(count) + " packet(s) of link type " +
                            link_type_name(dlt) + " skipped: mailscope does not decode it");
  }
  if (skipped.truncated_link) {
    info.warnings.push_back(std::to_string(skipped.truncated_link) +
                            " packet(s) too short for their link-layer header skipped");
  }
  if (skipped.malformed_ip) {
    info.warnings.push_back(std::to_string(skipped.malformed_ip) +
                            " packet(s) with a malformed IP header skipped");
  }
  if (skipped.malformed_tcp) {
    info.warnings.push_back(std::to_string(skipped.malformed_tcp) +
                            " packet(s) with a malformed or cut TCP header skipped");
  }
  if (ip.fragments_dropped()) {
    info.warnings.push_back(std::to_string(ip.fragments_dropped()) +
                            " IP fragment group(s) never completed and were dropped");
  }
  if (flows.evicted_early()) {
    info.warnings.push_back(std::to_string(flows.evicted_early()) +
                            " connection(s) retired early because too many were open at once");
  }
}

}  // namespace

CaptureInfo analyze(PacketSource& source, AnalysisSink& sink, const AnalysisOptions& options) {
  CaptureInfo info;
  info.format = source.format();
  std::unique_ptr<SessionStage> stage;
  if (options.decoding_thread) {
    stage = std::make_unique<HandoffStage>(sink, options.batching, &source);
  } else {
    stage = std::make_unique<DecodingStage>(sink);
  }
  FlowContext context{stage.get(), 1};
  TcpFlowTable flows(
      [&context](TcpConnection& c) { return std::make_unique<MailFlow>(c, context); },
      options.flow_limits);
  IpLayer ip;
  SkipCounts skipped;
  Packet packet;
  PacketContext last;
  bool first = true;
  while (source.next(packet)) {
    if (first) {
      info.start = packet.time;
      first = false;
    }
    info.end = std::max(info.end, packet.time);
    ++info.packets;
    info.bytes += packet.data.size();
    sink.on_packet(packet);
    last = {packet.number, packet.time, 0, packet.wire_length};

    if (info.packets % kProgressEvery == 0) {
      if (options.cancel && options.cancel->load(std::memory_order_relaxed)) break;
      if (options.on_progress) {
        options.on_progress(
            {info.packets, source.position(), source.size(), context.next_session_id - 1});
      }
    }

    LinkResult link = strip_link_layer(packet.link_type, packet.data);
    if (link.status != LinkResult::Status::kOk) {
      if (link.status == LinkResult::Status::kUnsupportedLink) {
        ++skipped.unsupported_links[packet.link_type];
      } else if (link.status == LinkResult::Status::kTruncated) {
        ++skipped.truncated_link;
      }
      continue;
    }
    IpPacket datagram;
    IpLayer::Status status = ip.decode(link.network, link.payload, packet.time, datagram);
    if (status == IpLayer::Status::kMalformed) ++skipped.malformed_ip;
    if (status != IpLayer::Status::kOk || datagram.protocol != kTcp) continue;
    auto segment = parse_tcp_segment(datagram.payload, datagram.missing_tail);
    if (!segment) {
      ++skipped.malformed_tcp;
      continue;
    }
    PacketContext context_for_packet{packet.number, packet.time, 0, packet.wire_length};
    if (!datagram.reassembled && !segment->payload.empty()) {
      context_for_packet.frame_offset =
          static_cast<std::uint32_t>(segment->payload.data() - packet.data.data());
    }
    flows.process(datagram, *segment, context_for_packet);
  }
  flows.finish_all(last);
  stage->flush();
  info.source = source.name();
  info.link_type = source.link_types();
  for (const auto& w : source.warnings())
    info.warnings.push_back(w);
  add_warnings(info, skipped, ip, flows);
  if (options.on_progress) {
    options.on_progress({info.packets, source.size(), source.size(), context.next_session_id - 1});
  }
  sink.on_capture_end(info);
  return info;
}

}  // namespace mailscope
