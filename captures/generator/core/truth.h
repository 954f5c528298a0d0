// What a correct analysis of a capture reports: the NAME.expected.json written beside it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace capgen {

struct MessageTruth {
  std::string from{};
  std::vector<std::string> to{};
  std::vector<std::string> cc{};
  std::string subject{};  // decoded (RFC 2047 undone), UTF-8
  std::size_t size = 0;
};

struct SessionTruth {
  std::string protocol{};   // smtp | imap | pop3 | unknown
  std::string transport{};  // plaintext | starttls | implicit-tls
  std::string hop{};        // submission | relay | retrieval | unknown
  std::string client{};
  std::string server{};
  std::optional<std::string> tls_version{};
  std::optional<std::string> sni{};
  std::optional<std::string> cipher{};
  std::vector<std::string> tcp_warnings{};
  std::vector<MessageTruth> messages{};
};

struct CredentialTruth {
  std::size_t session = 0;
  std::string protocol{};
  std::string mechanism{};
  std::string username{};
  std::optional<std::string> secret{};
  std::optional<std::string> authzid{};
  std::string secret_kind{};  // password | challenge-response | token
  std::string result{};       // accepted | rejected
  std::uint64_t packet = 0;
};

struct FindingTruth {
  std::string code{};
  std::size_t session = 0;
};

struct CaptureTruth {
  std::string file{};
  std::string description{};
  std::string format{};     // pcap | pcapng
  std::string link_type{};  // EN10MB | LINUX_SLL | LINUX_SLL2 | NULL | RAW | mixed
  std::uint64_t packets = 0;
  bool truncated = false;
  std::vector<SessionTruth> sessions{};
  std::vector<CredentialTruth> credentials{};
  std::vector<FindingTruth> findings{};
};

nlohmann::ordered_json to_json(const CaptureTruth& truth);

}  // namespace capgen
