#include "bench/bench.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/corpus.h"
#include "bench/dialogues.h"
#include "bench/rng.h"
#include "core/address.h"
#include "core/link_layer.h"
#include "core/self_signed_cert.h"
#include "core/session.h"
#include "core/tcp_conversation.h"
#include "core/tls_pump.h"

namespace capgen::bench {
namespace {

constexpr std::size_t kClients = 6000;            // mail users' machines
constexpr std::size_t kMtas = 400;                // other mail servers that deliver to us
constexpr std::size_t kRemoteMxes = 16;           // where our server delivers (relay out)
constexpr std::size_t kTemplatesPerService = 48;  // pooled TLS sessions per TLS service
constexpr double kFreshTlsShare = 0.02;           // TLS sessions made on the spot although small
constexpr std::size_t kMaxBigAtOnce = 3;          // sessions with a 200 KB+ message in flight
constexpr std::int64_t kMinConcurrent = 8;
constexpr std::int64_t kMaxConcurrent = 32;
constexpr std::size_t kSessionsPerLoadChange = 400;
constexpr double kMeanStartGapMs = 4.0;
constexpr std::size_t kPcapRecordHeader = 16;
constexpr std::size_t kEthernetHeader = 14;
constexpr std::string_view kServerName = "mail.example.net";
constexpr std::string_view kDomain = "example.net";

const MacAddress kServerMac = {0x02, 0x00, 0x0a, 0x00, 0x00, 0x0a};
const MacAddress kGatewayMac = {0x02, 0x00, 0x0a, 0x00, 0x00, 0x01};

struct Client {
  IpAddress ip{};
  std::uint8_t ttl = 64;  // as seen at the server
  double rtt_ms = 20;
  Agent agent = Agent::kThunderbird;
  Person user{};
  std::string login{};
  std::string password{};
  std::string ehlo{};
  std::uint16_t next_port = 0;
};

struct Mta {
  IpAddress ip{};
  std::string name{};
  std::uint8_t ttl = 64;
  double rtt_ms = 40;
  std::uint16_t next_port = 0;
};

std::uint16_t take_port(std::uint16_t& next) {
  // Linux picks ephemeral ports in 32768-60999.
  const std::uint16_t p = next;
  next = static_cast<std::uint16_t>(next >= 60990 ? 32768 + (next - 60990) : next + 2);
  return p;
}

std::string ipv4_text(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d) {
  return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c) + "." +
         std::to_string(d);
}

std::string hex16(std::uint64_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%x", static_cast<unsigned>(v & 0xffff));
  return buf;
}

// The network: our mail server, its users' machines, and the mail servers it talks to.
class World {
 public:
  World(Rng rng, const Corpus& corpus) {
    server_v4_ = IpAddress::parse("10.0.0.10");
    server_v6_ = IpAddress::parse("2001:db8:0:1::10");
    clients_.reserve(kClients);
    for (std::size_t i = 0; i < kClients; ++i) {
      Client c;
      const bool v6 = rng.chance(0.15);
      c.ip = IpAddress::parse(
          v6 ? "2001:db8:" + hex16(rng.between(0x100, 0xfeff)) + ":" + hex16(rng.next()) +
                   "::" + hex16(rng.between(1, 0xffff))
             : ipv4_text(10, rng.between(1, 127), rng.below(256), rng.between(1, 254)));
      const double u = rng.uniform();
      c.agent = u < 0.35   ? Agent::kThunderbird
                : u < 0.7  ? Agent::kOutlook
                : u < 0.85 ? Agent::kAppleMail
                           : Agent::kAndroid;
      const bool windows = c.agent == Agent::kOutlook;
      c.ttl = static_cast<std::uint8_t>((windows ? 128 : 64) - rng.between(3, 18));
      c.rtt_ms = rng.log_uniform(2, 90);
      c.user = corpus.local_person(rng, std::string(kDomain));
      if (rng.chance(0.2)) {
        c.user.address.insert(c.user.address.find('@'), std::to_string(rng.between(1, 99)));
      }
      c.login =
          rng.chance(0.6) ? c.user.address : c.user.address.substr(0, c.user.address.find('@'));
      c.password = random_token(rng, static_cast<std::size_t>(rng.between(9, 14)),
                                "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-!#.") +
                   std::to_string(rng.between(10, 99));
      switch (c.agent) {
        case Agent::kThunderbird:
          c.ehlo = v6 ? "[IPv6:" + c.ip.str() + "]" : "[" + c.ip.str() + "]";
          break;
        case Agent::kOutlook:
          c.ehlo = "DESKTOP-" + random_token(rng, 7, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
          break;
        case Agent::kAppleMail:
          c.ehlo = "[127.0.0.1]";
          break;
        default:
          c.ehlo = "localhost";
          break;
      }
      c.next_port = static_cast<std::uint16_t>(rng.between(32768, 60990));
      clients_.push_back(std::move(c));
    }
    for (std::size_t i = 0; i < kMtas + kRemoteMxes; ++i) {
      Mta m;
      const bool v6 = rng.chance(0.2);
      m.ip = IpAddress::parse(
          v6 ? "2001:db8:" + hex16(rng.between(0x8000, 0xfeff)) + "::" + hex16(rng.between(1, 0xff))
             : ipv4_text(10, rng.between(128, 254), rng.below(256), rng.between(1, 254)));
      const std::string_view tld = rng.pick({"com", "org", "net", "de", "fr", "lu", "nl", "it"});
      m.name = i < kRemoteMxes ? "mx" + std::to_string(i % 3 + 1) + ".provider" +
                                     std::to_string(i) + ".example." + std::string(tld)
                               : "mail" + std::to_string(i) + ".example." + std::string(tld);
      m.ttl = static_cast<std::uint8_t>(64 - rng.between(6, 22));
      m.rtt_ms = rng.log_uniform(4, 160);
      m.next_port = static_cast<std::uint16_t>(rng.between(32768, 60990));
      mtas_.push_back(std::move(m));
    }
    our_next_port_ = static_cast<std::uint16_t>(rng.between(32768, 60990));
  }

  // Some users check their mail far more often than others.
  Client& some_client(Rng& rng) {
    const double u = rng.uniform();
    return clients_[static_cast<std::size_t>(u * u * static_cast<double>(clients_.size()))];
  }
  Mta& some_mta(Rng& rng) {
    const double u = rng.uniform();
    return mtas_[kRemoteMxes + static_cast<std::size_t>(u * u * static_cast<double>(kMtas))];
  }
  Mta& remote_mx(std::size_t i) { return mtas_[i]; }
  const IpAddress& server_ip(bool v6) const { return v6 ? server_v6_ : server_v4_; }
  std::uint16_t our_port() { return take_port(our_next_port_); }

 private:
  IpAddress server_v4_;
  IpAddress server_v6_;
  std::vector<Client> clients_;
  std::vector<Mta> mtas_;
  std::uint16_t our_next_port_ = 0;
};

// A TLS session recorded once and replayed on many TCP connections.
struct TlsTemplate {
  Script script{};            // TLS part only
  std::size_t remote_mx = 0;  // relay out: the server whose certificate it holds
};

TlsOptions draw_tls_options(Service service, const std::string& server_name, Rng& rng) {
  TlsOptions o;
  o.server_name = server_name;
  o.send_sni = info(service).hop != "relay";  // Postfix sends no SNI by default
  o.now_unix = kCaptureEpochUnix;
  o.version = rng.chance(info(service).hop == "relay" ? 0.7 : 0.8) ? TlsVersion::kTls13
                                                                   : TlsVersion::kTls12;
  if (o.version == TlsVersion::kTls13) {
    o.tls13_ciphersuites = std::string(
        rng.pick({"TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256",
                  "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256",
                  "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384",
                  "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256"}));
  } else {
    o.tls12_cipher_list =
        std::string(rng.pick({"ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256",
                              "ECDHE-ECDSA-CHACHA20-POLY1305"}));
  }
  return o;
}

struct Counts {
  std::map<std::string, std::map<std::string, std::uint64_t>> by_protocol;  // protocol/transport
  std::map<std::string, std::uint64_t> by_service;
  std::map<std::string, std::uint64_t> credentials_by_mechanism;
  std::uint64_t sessions = 0;
  std::uint64_t credentials = 0;
  std::uint64_t rejected = 0;
  std::uint64_t messages = 0;
  std::uint64_t payload_bytes = 0;
  std::uint64_t tls_bytes = 0;
  std::uint64_t fresh_tls = 0;
  std::uint64_t pooled_tls = 0;
};

// One session, fully built, waiting to be interleaved with the others.
struct BuiltSession {
  std::vector<Frame> frames{};  // in time order
  std::size_t next = 0;
  std::uint64_t file_bytes = 0;
  bool big = false;
};

// Streams pcap records (microsecond timestamps, Ethernet) with a large write buffer.
class PcapStream {
 public:
  explicit PcapStream(const std::filesystem::path& path) : buffer_(4 << 20) {
    file_ = std::fopen(path.string().c_str(), "wb");
    if (!file_) throw std::runtime_error("cannot create " + path.string());
    std::setvbuf(file_, buffer_.data(), _IOFBF, buffer_.size());
    Bytes h;
    put_le32(h, 0xa1b2c3d4);
    put_le16(h, 2);
    put_le16(h, 4);
    put_le32(h, 0);  // thiszone
    put_le32(h, 0);  // sigfigs
    put_le32(h, 262144);
    put_le32(h, LinkLayer{}.linktype());
    put(h.data(), h.size());
  }
  ~PcapStream() {
    if (file_) std::fclose(file_);
  }
  PcapStream(const PcapStream&) = delete;
  PcapStream& operator=(const PcapStream&) = delete;

  void write(const Frame& f) {
    std::uint8_t head[kPcapRecordHeader + kEthernetHeader];
    const auto len = static_cast<std::uint32_t>(kEthernetHeader + f.ip.size());
    const auto sec = static_cast<std::uint32_t>(f.time_ns / 1000000000);
    const auto usec = static_cast<std::uint32_t>((f.time_ns % 1000000000) / 1000);
    auto le32 = [&](std::size_t at, std::uint32_t v) {
      for (int i = 0; i < 4; ++i)
        head[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
    };
    le32(0, sec);
    le32(4, usec);
    le32(8, len);
    le32(12, len);
    std::copy(f.dst_mac.begin(), f.dst_mac.end(), head + 16);
    std::copy(f.src_mac.begin(), f.src_mac.end(), head + 22);
    const bool v6 = !f.ip.empty() && (f.ip[0] >> 4) == 6;
    head[28] = v6 ? 0x86 : 0x08;
    head[29] = v6 ? 0xdd : 0x00;
    put(head, sizeof head);
    put(f.ip.data(), f.ip.size());
    ++packets_;
  }
  void close() {
    if (std::fclose(file_) != 0) throw std::runtime_error("writing the capture failed");
    file_ = nullptr;
  }
  std::uint64_t packets() const { return packets_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  void put(const void* data, std::size_t size) {
    if (std::fwrite(data, 1, size, file_) != size) throw std::runtime_error("write failed");
    bytes_ += size;
  }
  std::FILE* file_ = nullptr;
  std::vector<char> buffer_;
  std::uint64_t packets_ = 0;
  std::uint64_t bytes_ = 0;
};

class Generator {
 public:
  explicit Generator(const BenchOptions& o)
      : started_(std::chrono::steady_clock::now()),
        options_(o),
        rng_(o.seed * 0x9e3779b97f4a7c15ull + 0x62656e6368ull),
        corpus_(o.seed),
        world_(rng_.fork(), corpus_) {
    for (Service s : all_services())
      total_weight_ += info(s).weight;
    const std::int64_t not_before = kCaptureEpochUnix - 30 * 86400;
    identities_.push_back(make_self_signed_identity(std::string(kServerName), not_before));
    for (std::size_t i = 0; i < kRemoteMxes; ++i) {
      identities_.push_back(make_self_signed_identity(world_.remote_mx(i).name, not_before));
    }
    if (o.keylog) {
      keylog_.open(*o.keylog, std::ios::trunc);
      if (!keylog_) throw std::runtime_error("cannot write " + o.keylog->string());
    }
    build_pool();
  }

  void run() {
    PcapStream out(options_.out);
    const std::uint64_t target = options_.size_mib * 1024 * 1024;
    std::uint64_t committed = out.bytes();
    std::vector<BuiltSession> active;
    std::int64_t now_ns = kCaptureEpochUnix * 1000000000;
    std::int64_t last_start_ns = now_ns;
    std::int64_t concurrency = 16;
    std::size_t big_active = 0;
    for (;;) {
      while (static_cast<std::int64_t>(active.size()) < concurrency && committed < target) {
        last_start_ns = std::max(now_ns, last_start_ns) +
                        static_cast<std::int64_t>(rng_.exponential(kMeanStartGapMs) * 1e6);
        active.push_back(build_session(last_start_ns, big_active < kMaxBigAtOnce));
        committed += active.back().file_bytes;
        if (active.back().big) ++big_active;
        if (counts_.sessions % kSessionsPerLoadChange == 0) {
          concurrency = rng_.between(kMinConcurrent, kMaxConcurrent);  // the load changes
        }
      }
      if (active.empty()) break;
      std::size_t first = 0;
      for (std::size_t i = 1; i < active.size(); ++i) {
        if (active[i].frames[active[i].next].time_ns <
            active[first].frames[active[first].next].time_ns) {
          first = i;
        }
      }
      BuiltSession& s = active[first];
      const Frame& f = s.frames[s.next];
      out.write(f);
      now_ns = f.time_ns;
      if (++s.next == s.frames.size()) {
        if (s.big) --big_active;
        std::swap(s, active.back());
        active.pop_back();
      }
    }
    out.close();
    if (keylog_.is_open()) {
      keylog_.close();
      if (!keylog_) throw std::runtime_error("writing the key log failed");
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    packets_ = out.packets();
    bytes_ = out.bytes();
    std::fprintf(stderr,
                 "mailscope-capgen bench: %llu packets, %llu sessions, %llu credentials, "
                 "%.1f MiB, %.0f%% of TCP payload in TLS (%llu TLS sessions from a pool of %zu, "
                 "%llu made on the spot), %.1f s (%.0f MiB/s)\n",
                 static_cast<unsigned long long>(packets_),
                 static_cast<unsigned long long>(counts_.sessions),
                 static_cast<unsigned long long>(counts_.credentials),
                 static_cast<double>(bytes_) / (1024.0 * 1024.0),
                 100.0 * static_cast<double>(counts_.tls_bytes) /
                     static_cast<double>(std::max<std::uint64_t>(1, counts_.payload_bytes)),
                 static_cast<unsigned long long>(counts_.pooled_tls), pool_size(),
                 static_cast<unsigned long long>(counts_.fresh_tls), seconds,
                 static_cast<double>(bytes_) / (1024.0 * 1024.0) / seconds);
    if (options_.truth) write_truth(*options_.truth);
  }

 private:
  static std::array<Service, kServiceCount> all_services() {
    std::array<Service, kServiceCount> out{};
    for (std::size_t i = 0; i < kServiceCount; ++i)
      out[i] = static_cast<Service>(i);
    return out;
  }

  std::size_t pool_size() const {
    std::size_t n = 0;
    for (const auto& p : pool_)
      n += p.size();
    return n;
  }

  Service draw_service(Rng& rng) const {
    double u = rng.uniform() * total_weight_;
    for (Service s : all_services()) {
      u -= info(s).weight;
      if (u < 0) return s;
    }
    return Service::kImap;
  }

  std::vector<std::size_t> draw_sizes(Service service, Rng& rng, bool allow_big) const {
    std::vector<std::size_t> sizes(draw_message_count(service, rng));
    for (std::size_t& s : sizes) {
      do {
        s = draw_message_size(rng);
      } while (!allow_big && s >= kBigMessage);
    }
    return sizes;
  }

  // Who talks in a session of `service`, and the context of its dialogue.
  struct Parties {
    ConversationSpec tcp{};
    DialogueContext ctx{};
  };
  Parties parties(Service service, Rng& rng, std::int64_t start_ns, std::size_t remote_mx) {
    Parties p;
    DialogueContext& c = p.ctx;
    c.corpus = &corpus_;
    c.domain = std::string(kDomain);
    c.unix_time = start_ns / 1000000000;
    c.offer_starttls = rng.chance(0.5);
    ConversationSpec& t = p.tcp;
    t.start_ns = start_ns;
    t.client_mac = kGatewayMac;  // the capture is on the server's link: the far side is
    t.server_mac = kServerMac;   // behind the gateway
    const std::string_view hop = info(service).hop;
    const bool outbound = service == Service::kRelayOut || service == Service::kRelayOutStartTls;
    if (outbound) {
      Mta& mx = world_.remote_mx(remote_mx);
      t.client = {world_.server_ip(mx.ip.is_v6()), world_.our_port()};
      t.server = {mx.ip, info(service).port};
      t.client_mac = kServerMac;
      t.server_mac = kGatewayMac;
      t.near = Side::kClient;
      t.client_ttl = 64;
      t.server_ttl = mx.ttl;
      t.rtt_ms = mx.rtt_ms;
      c.agent = Agent::kPostfix;
      c.server_name = mx.name;
      c.client_name = std::string(kServerName);
      c.domain = mx.name.substr(mx.name.find('.') + 1);
    } else if (hop == "relay") {
      Mta& m = world_.some_mta(rng);
      t.client = {m.ip, take_port(m.next_port)};
      t.server = {world_.server_ip(m.ip.is_v6()), info(service).port};
      t.near = Side::kServer;
      t.client_ttl = m.ttl;
      t.server_ttl = 64;
      t.rtt_ms = m.rtt_ms;
      c.agent = Agent::kPostfix;
      c.server_name = std::string(kServerName);
      c.client_name = m.name;
    } else {
      Client& cl = world_.some_client(rng);
      t.client = {cl.ip, take_port(cl.next_port)};
      t.server = {world_.server_ip(cl.ip.is_v6()), info(service).port};
      t.near = Side::kServer;
      t.client_ttl = cl.ttl;
      t.server_ttl = 64;
      t.rtt_ms = cl.rtt_ms * rng.real(0.9, 1.2);
      c.agent = cl.agent;
      if (info(service).protocol == "pop3" && rng.chance(0.3)) c.agent = Agent::kFetchmail;
      c.server_name = std::string(kServerName);
      c.client_name = cl.ehlo;
      c.user = cl.user;
      c.login = cl.login;
      c.password = cl.password;
      c.wrong_password_first = rng.chance(0.03);
      c.sasl_login = info(service).protocol == "smtp" ? rng.chance(0.4) : rng.chance(0.1);
    }
    return p;
  }

  // SSL contexts are costly to make: one pair per server identity and TLS profile.
  std::shared_ptr<const TlsContexts> contexts(const TlsOptions& o, std::size_t identity) {
    const std::string key = std::to_string(identity) + "|" +
                            (o.version == TlsVersion::kTls13 ? "1.3|" : "1.2|") +
                            o.tls13_ciphersuites + "|" + o.tls12_cipher_list;
    std::shared_ptr<const TlsContexts>& c = contexts_[key];
    if (!c) {
      auto made = std::make_shared<TlsContexts>(o, share_identity(identities_[identity]));
      // No server-side session cache: nobody resumes, and it would grow with the capture.
      SSL_CTX_set_session_cache_mode(made->server(), SSL_SESS_CACHE_OFF);
      c = std::move(made);
    }
    return c;
  }

  void build_pool() {
    for (Service service : all_services()) {
      if (!uses_tls(service)) continue;
      auto& templates = pool_[static_cast<std::size_t>(service)];
      for (std::size_t i = 0; i < kTemplatesPerService; ++i) {
        Rng rng = rng_.fork();
        TlsTemplate t;
        t.remote_mx = rng.below(kRemoteMxes);
        Parties p = parties(service, rng, kCaptureEpochUnix * 1000000000, t.remote_mx);
        p.ctx.message_sizes = draw_sizes(service, rng, false);
        p.ctx.wrong_password_first = false;
        const std::size_t identity = service == Service::kRelayOutStartTls ? 1 + t.remote_mx : 0;
        const TlsOptions options = draw_tls_options(service, p.ctx.server_name, rng);
        TlsPump pump(options, contexts(options, identity));
        Talk talk(Talk::Mode::kTlsOnly, t.script, &pump);
        run_dialogue(service, talk, p.ctx, rng);
        write_keylog(pump);
        templates.push_back(std::move(t));
      }
    }
  }

  BuiltSession build_session(std::int64_t start_ns, bool allow_big) {
    Rng rng = rng_.fork();
    const Service service = draw_service(rng);
    std::vector<std::size_t> sizes = draw_sizes(service, rng, allow_big);
    const bool big =
        std::any_of(sizes.begin(), sizes.end(), [](std::size_t s) { return s >= kBigMessage; });
    const bool tls = uses_tls(service);
    const bool fresh = tls && (big || rng.chance(kFreshTlsShare));
    const TlsTemplate* pooled = nullptr;
    if (tls && !fresh) {
      const auto& templates = pool_[static_cast<std::size_t>(service)];
      pooled = &templates[rng.below(templates.size())];
    }
    const std::size_t remote_mx = pooled ? pooled->remote_mx : rng.below(kRemoteMxes);
    Parties p = parties(service, rng, start_ns, remote_mx);
    p.ctx.message_sizes = std::move(sizes);

    Script script;
    std::unique_ptr<TlsPump> pump;
    if (!tls) {
      Talk talk(Talk::Mode::kFull, script, nullptr);
      run_dialogue(service, talk, p.ctx, rng);
    } else if (fresh) {
      const bool outbound = service == Service::kRelayOutStartTls;
      const TlsOptions options = draw_tls_options(service, p.ctx.server_name, rng);
      pump = std::make_unique<TlsPump>(options, contexts(options, outbound ? 1 + remote_mx : 0));
      Talk talk(Talk::Mode::kFull, script, pump.get());
      run_dialogue(service, talk, p.ctx, rng);
      write_keylog(*pump);
      ++counts_.fresh_tls;
    } else {
      Talk talk(Talk::Mode::kPrefix, script, nullptr);
      run_dialogue(service, talk, p.ctx, rng);
      script.closer = pooled->script.closer;
      ++counts_.pooled_tls;
    }

    std::uint64_t frame_id = 1;
    TcpConversation conv(p.tcp, frame_id);
    conv.connect();
    std::uint64_t payload = 0;
    auto play = [&](const std::vector<Step>& steps) {
      for (const Step& s : steps) {
        if (s.wait_ms > 0) conv.wait_ms(s.wait_ms);
        conv.send(s.from, s.bytes);
        payload += s.bytes.size();
      }
    };
    play(script.steps);
    std::uint64_t tls_bytes = script.tls_bytes;
    if (pooled) {
      play(pooled->script.steps);
      tls_bytes += pooled->script.tls_bytes;
    }
    conv.close(script.closer);

    BuiltSession b;
    b.big = big;
    b.frames = conv.take_frames();
    std::sort(b.frames.begin(), b.frames.end(), [](const Frame& x, const Frame& y) {
      return x.time_ns != y.time_ns ? x.time_ns < y.time_ns : x.id < y.id;
    });
    for (const Frame& f : b.frames)
      b.file_bytes += kPcapRecordHeader + kEthernetHeader + f.ip.size();

    const ServiceInfo& si = info(service);
    ++counts_.sessions;
    ++counts_.by_protocol[std::string(si.protocol)][std::string(si.transport)];
    ++counts_.by_service[std::string(si.name)];
    for (const CredentialMark& c : script.credentials) {
      ++counts_.credentials;
      ++counts_.credentials_by_mechanism[c.mechanism];
      if (!c.accepted) ++counts_.rejected;
    }
    counts_.messages += script.messages_in_clear;
    counts_.payload_bytes += payload;
    counts_.tls_bytes += tls_bytes;
    return b;
  }

  void write_keylog(const TlsPump& pump) {
    if (!keylog_.is_open()) return;
    for (const std::string& line : pump.keylog())
      keylog_ << line << "\n";
  }

  void write_truth(const std::filesystem::path& path) const {
    nlohmann::ordered_json j;
    j["generator"] = "mailscope-capgen bench";
    j["seed"] = options_.seed;
    j["file"] = options_.out.filename().string();
    j["bytes"] = bytes_;
    j["packets"] = packets_;
    j["sessions"] = counts_.sessions;
    j["sessions_by_protocol"] = counts_.by_protocol;
    j["sessions_by_service"] = counts_.by_service;
    j["credentials"] = counts_.credentials;
    j["credentials_rejected"] = counts_.rejected;
    j["credentials_by_mechanism"] = counts_.credentials_by_mechanism;
    j["messages_in_clear"] = counts_.messages;
    j["tcp_payload_bytes"] = counts_.payload_bytes;
    j["tls_payload_bytes"] = counts_.tls_bytes;
    j["tls_sessions_pooled"] = counts_.pooled_tls;
    j["tls_sessions_fresh"] = counts_.fresh_tls;
    std::ofstream f(path, std::ios::trunc);
    f << j.dump(2) << "\n";
    if (!f) throw std::runtime_error("cannot write " + path.string());
  }

  std::chrono::steady_clock::time_point started_;  // the TLS pool's making counts too
  BenchOptions options_;
  Rng rng_;
  Corpus corpus_;
  World world_;
  double total_weight_ = 0;
  std::vector<ServerIdentity> identities_;  // ours, then the remote MXes'
  std::map<std::string, std::shared_ptr<const TlsContexts>> contexts_;
  std::array<std::vector<TlsTemplate>, kServiceCount> pool_{};
  Counts counts_{};
  std::ofstream keylog_;
  std::uint64_t packets_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace

void write_bench_capture(const BenchOptions& options) {
  if (options.size_mib == 0) throw std::invalid_argument("--size-mib must be at least 1");
  Generator g(options);
  g.run();
}

}  // namespace capgen::bench
