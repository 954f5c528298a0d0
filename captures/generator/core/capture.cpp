#include "core/capture.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <stdexcept>

#include "core/pcap_writer.h"
#include "core/pcapng_writer.h"

namespace capgen {
namespace {

// The order findings are listed in within one session.
const std::vector<std::string> kFindingOrder = {
    "plaintext-credentials", "crackable-digest",      "token-exposed",
    "message-exposed",       "no-starttls-offered",   "starttls-offered-not-used",
    "starttls-refused",      "login-before-starttls", "starttls-command-injection",
    "tls-protected"};

// What a credential that crossed in clear teaches. A bearer token logs in as well as a password
// does, so it is a plaintext credential too.
std::vector<std::string> findings_of_secret(const std::string& secret_kind) {
  if (secret_kind == "password") return {"plaintext-credentials"};
  if (secret_kind == "challenge-response") return {"crackable-digest"};
  if (secret_kind == "token") return {"plaintext-credentials", "token-exposed"};
  throw std::invalid_argument("unknown secret kind " + secret_kind);
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

std::string capture_stem(const std::string& file) {
  for (const char* ext : {".pcapng", ".pcap"}) {
    const std::string e = ext;
    if (file.size() > e.size() && file.ends_with(e)) return file.substr(0, file.size() - e.size());
  }
  throw std::invalid_argument("capture file name must end in .pcap or .pcapng: " + file);
}

Session& Capture::session(const SessionSpec& spec) {
  if (spec.interface >= spec_.interfaces.size()) throw std::invalid_argument("no such interface");
  return sessions_.emplace_back(spec, next_frame_id_);
}

bool Capture::uses_tls() const {
  return std::any_of(sessions_.begin(), sessions_.end(),
                     [](const Session& s) { return s.tls_completed(); });
}

Capture::Built Capture::build() const {
  struct Placed {
    const Frame* frame;
    const Session* session;
  };
  std::vector<Placed> placed;
  for (const Session& s : sessions_) {
    for (const Frame& f : s.tcp().frames()) {
      if (f.captured) placed.push_back({&f, &s});
    }
  }
  std::stable_sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
    return a.frame->time_ns != b.frame->time_ns ? a.frame->time_ns < b.frame->time_ns
                                                : a.frame->id < b.frame->id;
  });

  Built built;
  std::map<std::uint64_t, std::uint64_t> packet_of_frame;  // frame id -> 1-based packet number
  std::map<const Session*, std::uint64_t> first_packet;
  for (const Placed& p : placed) {
    const std::uint64_t number = built.records.size() + 1;
    packet_of_frame[p.frame->id] = number;
    first_packet.emplace(p.session, number);
    const SessionSpec& ss = p.session->spec();
    const InterfaceDescription& iface = spec_.interfaces[ss.interface];
    FrameAddressing addressing{p.frame->src_mac, p.frame->dst_mac, p.frame->sender == ss.near};
    built.records.push_back(
        {p.frame->time_ns, ss.interface, frame_ip_packet(iface.link, addressing, p.frame->ip)});
  }

  // Sessions are numbered by the packet number of their first packet.
  std::vector<const Session*> ordered;
  for (const Session& s : sessions_) {
    if (!first_packet.count(&s)) throw std::logic_error(spec_.file + ": a session has no packets");
    if (s.spec().mail) ordered.push_back(&s);
  }
  std::sort(ordered.begin(), ordered.end(), [&](const Session* a, const Session* b) {
    return first_packet.at(a) < first_packet.at(b);
  });

  CaptureTruth& t = built.truth;
  t.file = spec_.file;
  t.description = spec_.description;
  t.format = spec_.format == FileFormat::kPcapng ? "pcapng" : "pcap";
  t.link_type = spec_.interfaces.front().link.name();
  for (const InterfaceDescription& i : spec_.interfaces) {
    if (i.link.linktype() != spec_.interfaces.front().link.linktype()) t.link_type = "mixed";
  }
  t.truncated = spec_.cut_last_record_after.has_value();
  // A record cut short is not a packet anyone can read.
  t.packets = built.records.size() - (t.truncated ? 1 : 0);

  for (std::size_t index = 0; index < ordered.size(); ++index) {
    const Session& s = *ordered[index];
    SessionTruth st = s.session_truth();
    std::vector<std::string> codes = s.planted_findings();
    for (const CredentialDraft& c : s.credentials()) {
      const auto it = packet_of_frame.find(c.frame);
      if (it == packet_of_frame.end() || it->second > t.packets) {
        throw std::logic_error(spec_.file + ": credential packet is not in the file");
      }
      t.credentials.push_back({index, st.protocol, c.mechanism, c.username, c.secret, c.authzid,
                               c.secret_kind, c.accepted ? "accepted" : "rejected", it->second});
      for (std::string& code : findings_of_secret(c.secret_kind))
        codes.push_back(std::move(code));
    }
    // A login in clear while the server offered STARTTLS (which the client then ignored, or
    // the server refused) is a login before STARTTLS, whatever the protocol.
    if (!s.credentials().empty() &&
        (contains(codes, "starttls-offered-not-used") || contains(codes, "starttls-refused"))) {
      codes.push_back("login-before-starttls");
    }
    if (!st.messages.empty()) codes.push_back("message-exposed");
    if (s.tls_completed()) codes.push_back("tls-protected");
    for (const std::string& code : kFindingOrder) {
      if (std::find(codes.begin(), codes.end(), code) != codes.end()) {
        t.findings.push_back({code, index});
      }
    }
    for (const std::string& code : codes) {
      if (std::find(kFindingOrder.begin(), kFindingOrder.end(), code) == kFindingOrder.end()) {
        throw std::invalid_argument("unknown finding code " + code);
      }
    }
    t.sessions.push_back(std::move(st));
  }
  // Credentials in packet order, as an analysis reading the file front to back finds them.
  std::stable_sort(
      t.credentials.begin(), t.credentials.end(),
      [](const CredentialTruth& a, const CredentialTruth& b) { return a.packet < b.packet; });
  return built;
}

void Capture::write(const std::filesystem::path& dir,
                    const std::optional<std::filesystem::path>& keylog_dir) const {
  const Built built = build();
  const std::filesystem::path file = dir / spec_.file;
  switch (spec_.format) {
    case FileFormat::kPcap:
    case FileFormat::kPcapNanosecond: {
      if (spec_.interfaces.size() != 1) throw std::invalid_argument("pcap has one interface");
      PcapOptions o;
      o.precision = spec_.format == FileFormat::kPcapNanosecond ? TimestampPrecision::kNano
                                                                : TimestampPrecision::kMicro;
      o.cut_last_record_after = spec_.cut_last_record_after;
      write_pcap(file, spec_.interfaces.front().link, built.records, o);
      break;
    }
    case FileFormat::kPcapng:
      if (spec_.cut_last_record_after) throw std::invalid_argument("cutting pcapng: not supported");
      write_pcapng(file, spec_.interfaces, built.records, {spec_.description, "mailscope-capgen"});
      break;
  }
  std::ofstream json(dir / (capture_stem(spec_.file) + ".expected.json"), std::ios::trunc);
  json << to_json(built.truth).dump(2) << "\n";
  if (!json) throw std::runtime_error("cannot write expected.json for " + spec_.file);

  if (keylog_dir && uses_tls()) {
    std::ofstream keys(*keylog_dir / (capture_stem(spec_.file) + ".keys"), std::ios::trunc);
    for (const Session& s : sessions_) {
      for (const std::string& line : s.keylog())
        keys << line << "\n";
    }
  }
}

}  // namespace capgen
