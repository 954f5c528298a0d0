#include "app/model_memory.hpp"

#include <cstdio>

namespace mailscope::gui {
namespace {

std::uint64_t heap_of(const std::string& s) {
  // libstdc++ keeps up to 15 characters inside the string itself.
  return s.capacity() > 15 ? heap_block(s.capacity() + 1) : 0;
}

template <typename T>
std::uint64_t heap_of(const std::vector<T>& v) {
  return heap_block(v.capacity() * sizeof(T));
}

std::uint64_t heap_of(const std::vector<std::string>& v) {
  std::uint64_t n = heap_block(v.capacity() * sizeof(std::string));
  for (const std::string& s : v)
    n += heap_of(s);
  return n;
}

std::uint64_t heap_of(const std::optional<std::string>& s) {
  return s ? heap_of(*s) : 0;
}

std::uint64_t heap_of(const Session& s) {
  std::uint64_t n = heap_of(s.server_name) + heap_of(s.client_name) + heap_of(s.capabilities) +
                    heap_of(s.warnings) + heap_of(s.messages);
  for (const MailMessage& m : s.messages) {
    n += heap_of(m.from) + heap_of(m.to) + heap_of(m.cc) + heap_of(m.subject) + heap_of(m.date) +
         heap_of(m.message_id);
  }
  if (s.tls) {
    const TlsInfo& t = *s.tls;
    n += heap_of(t.version) + heap_of(t.cipher) + heap_of(t.sni) + heap_of(t.alpn) +
         heap_of(t.offered_versions);
    if (t.certificate) {
      n += heap_of(t.certificate->subject) + heap_of(t.certificate->issuer) +
           heap_of(t.certificate->not_after);
    }
  }
  return n;
}

}  // namespace

std::uint64_t heap_block(std::uint64_t bytes) {
  if (bytes == 0) return 0;
  const std::uint64_t chunk = (bytes + 8 + 15) & ~std::uint64_t{15};
  return chunk < 32 ? 32 : chunk;
}

ModelMemory model_memory(const CaptureModel& model) {
  ModelMemory m;
  m.sessions = model.sessions.size();
  m.packets = model.packets.count();
  m.session_entries = heap_of(model.sessions);
  // An unordered_map node: next pointer, key, value, cached hash; plus the bucket array.
  m.session_entries += model.index_by_id.size() * heap_block(8 + 8 + 8 + 8) +
                       heap_block(model.index_by_id.bucket_count() * sizeof(void*));
  for (const SessionEntry& e : model.sessions) {
    m.events += e.detail.events.size();
    m.segments += e.detail.segments.size();
    m.event_records += e.detail.events.record_memory();
    m.event_strings += e.detail.events.string_memory();
    m.segment_records += e.detail.segments.memory();
    m.packet_numbers += heap_of(e.packets);
    m.session_fields += heap_of(e.summary);
    m.credentials += heap_of(e.credentials);
    m.findings += heap_of(e.findings);
  }
  m.credentials += heap_of(model.credentials);
  for (const Credential& c : model.credentials) {
    m.credentials += heap_of(c.mechanism) + heap_of(c.username) + heap_of(c.authzid) +
                     heap_of(c.secret) + heap_of(c.challenge) + heap_of(c.response);
  }
  m.findings += model.findings.memory();
  m.packet_records = model.packets.record_memory();
  m.frame_bytes = model.packets.bytes_used();
  return m;
}

std::uint64_t ModelMemory::per_session() const {
  return event_records + event_strings + segment_records + packet_numbers + session_entries +
         session_fields + credentials + findings;
}

std::uint64_t ModelMemory::total() const {
  return per_session() + packet_records + frame_bytes;
}

std::string ModelMemory::table() const {
  std::string out;
  char line[160];
  auto row = [&](const char* name, std::uint64_t bytes) {
    std::snprintf(line, sizeof line, "%-18s %14llu bytes  %9.1f MiB  %8.1f per session\n", name,
                  static_cast<unsigned long long>(bytes), bytes / 1048576.0,
                  sessions ? static_cast<double>(bytes) / static_cast<double>(sessions) : 0.0);
    out += line;
  };
  std::snprintf(line, sizeof line, "%llu sessions, %llu events, %llu segments, %llu packets\n",
                static_cast<unsigned long long>(sessions), static_cast<unsigned long long>(events),
                static_cast<unsigned long long>(segments),
                static_cast<unsigned long long>(packets));
  out += line;
  row("event records", event_records);
  row("event strings", event_strings);
  row("segments", segment_records);
  row("packet numbers", packet_numbers);
  row("session entries", session_entries);
  row("session fields", session_fields);
  row("credentials", credentials);
  row("findings", findings);
  row("per session, all", per_session());
  row("packet records", packet_records);
  row("frame bytes", frame_bytes);
  row("total", total());
  return out;
}

}  // namespace mailscope::gui
