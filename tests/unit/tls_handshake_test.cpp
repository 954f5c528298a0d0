// What a sniffer reads of a real TLS handshake: OpenSSL client and server joined by memory BIOs
// produce the exact bytes, and the record reader must find SNI, version, cipher and (TLS 1.2)
// the certificate in them.
#include <gtest/gtest.h>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "proto/tls_handshake.hpp"
#include "proto/tls_record_stream.hpp"

namespace mailscope {
namespace {

struct Flight {
  bool from_client;
  std::vector<std::uint8_t> bytes;
};

// Runs a handshake and one application record each way; returns the wire bytes in order.
std::vector<Flight> handshake(int version) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  X509* cert = X509_new();
  X509_set_version(cert, X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("smtp.pt.lu"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());

  SSL_CTX* server_ctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX* client_ctx = SSL_CTX_new(TLS_client_method());
  for (SSL_CTX* ctx : {server_ctx, client_ctx}) {
    SSL_CTX_set_min_proto_version(ctx, version);
    SSL_CTX_set_max_proto_version(ctx, version);
  }
  SSL_CTX_use_certificate(server_ctx, cert);
  SSL_CTX_use_PrivateKey(server_ctx, key);
  SSL* server = SSL_new(server_ctx);
  SSL* client = SSL_new(client_ctx);
  SSL_set_tlsext_host_name(client, "smtp.pt.lu");
  static const unsigned char alpn[] = {4, 's', 'm', 't', 'p'};
  SSL_set_alpn_protos(client, alpn, sizeof alpn);
  BIO* c_in = BIO_new(BIO_s_mem());
  BIO* c_out = BIO_new(BIO_s_mem());
  BIO* s_in = BIO_new(BIO_s_mem());
  BIO* s_out = BIO_new(BIO_s_mem());
  for (BIO* b : {c_in, c_out, s_in, s_out})
    BIO_set_mem_eof_return(b, -1);
  SSL_set_bio(client, c_in, c_out);
  SSL_set_bio(server, s_in, s_out);
  SSL_set_connect_state(client);
  SSL_set_accept_state(server);

  std::vector<Flight> flights;
  auto pump = [&](BIO* from, BIO* to, bool from_client) {
    char buf[16384];
    std::vector<std::uint8_t> bytes;
    int n;
    while ((n = BIO_read(from, buf, sizeof buf)) > 0) {
      bytes.insert(bytes.end(), buf, buf + n);
      BIO_write(to, buf, n);
    }
    if (!bytes.empty()) flights.push_back({from_client, bytes});
  };
  for (int i = 0; i < 10 && !(SSL_is_init_finished(client) && SSL_is_init_finished(server)); ++i) {
    SSL_do_handshake(client);
    pump(c_out, s_in, true);
    SSL_do_handshake(server);
    pump(s_out, c_in, false);
  }
  SSL_write(client, "EHLO c\r\n", 8);
  pump(c_out, s_in, true);
  char sink[64];
  SSL_read(server, sink, sizeof sink);
  SSL_free(client);
  SSL_free(server);
  SSL_CTX_free(client_ctx);
  SSL_CTX_free(server_ctx);
  X509_free(cert);
  EVP_PKEY_free(key);
  return flights;
}

// How the bytes are cut into the pieces fed: uneven, as TCP segments would cut them.
std::size_t uneven_pieces(std::uint64_t packet) {
  return 7 + (packet * 13) % 900;
}

TlsInfo read_records(const std::vector<Flight>& flights, std::vector<TlsRecord>* records,
                     std::size_t (*piece_size)(std::uint64_t packet) = uneven_pieces) {
  TlsInfo info;
  TlsRecordStream client(Direction::kClientToServer, info);
  TlsRecordStream server(Direction::kServerToClient, info);
  std::uint64_t offsets[2] = {0, 0};
  std::uint64_t packet = 0;
  for (const Flight& f : flights) {
    std::size_t at = 0;
    while (at < f.bytes.size()) {
      std::size_t n = std::min<std::size_t>(f.bytes.size() - at, piece_size(packet));
      Chunk chunk;
      chunk.data = std::span(f.bytes).subspan(at, n);
      chunk.bytes.begin = offsets[f.from_client ? 0 : 1];
      chunk.packet = ++packet;
      offsets[f.from_client ? 0 : 1] += n;
      TlsRecordStream& s = f.from_client ? client : server;
      EXPECT_TRUE(s.feed(chunk, [&](const TlsRecord& r) {
        if (records) records->push_back(r);
      }));
      at += n;
    }
  }
  return info;
}

TEST(TlsHandshake, Tls13ShowsSniVersionAndCipherButNoCertificate) {
  std::vector<TlsRecord> records;
  TlsInfo info = read_records(handshake(TLS1_3_VERSION), &records);
  EXPECT_EQ(info.sni, "smtp.pt.lu");
  EXPECT_EQ(info.version, "TLS 1.3");
  EXPECT_EQ(info.cipher, "TLS_AES_256_GCM_SHA384");
  EXPECT_EQ(info.alpn, (std::vector<std::string>{"smtp"}));
  EXPECT_TRUE(info.server_hello_seen);
  EXPECT_FALSE(info.certificate) << "TLS 1.3 encrypts the certificate";
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.front().handshake_type, 1) << "ClientHello first";
  EXPECT_TRUE(records.back().encrypted);
  EXPECT_EQ(info.records, records.size());
}

TEST(TlsHandshake, Tls12ShowsTheCertificateInClear) {
  TlsInfo info = read_records(handshake(TLS1_2_VERSION), nullptr);
  EXPECT_EQ(info.version, "TLS 1.2");
  EXPECT_EQ(info.cipher, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
  ASSERT_TRUE(info.certificate);
  EXPECT_EQ(info.certificate->subject, "CN=smtp.pt.lu");
  EXPECT_EQ(info.certificate->issuer, "CN=smtp.pt.lu");
  EXPECT_FALSE(info.certificate->not_after.empty());
}

TEST(TlsHandshake, RecordsAreTheSameHoweverTheBytesAreCut) {
  // Whole flights (each record header read where it lies) against one byte at a time (every
  // header gathered across pieces): the same records, at the same stream offsets.
  auto flights = handshake(TLS1_2_VERSION);
  std::vector<TlsRecord> whole;
  std::vector<TlsRecord> bytewise;
  TlsInfo whole_info = read_records(flights, &whole, [](std::uint64_t) { return SIZE_MAX; });
  TlsInfo bytewise_info =
      read_records(flights, &bytewise, [](std::uint64_t) { return std::size_t{1}; });
  ASSERT_GT(whole.size(), 4u);
  ASSERT_EQ(whole.size(), bytewise.size());
  for (std::size_t i = 0; i < whole.size(); ++i) {
    SCOPED_TRACE("record " + std::to_string(i));
    EXPECT_EQ(whole[i].content_type, bytewise[i].content_type);
    EXPECT_EQ(whole[i].length, bytewise[i].length);
    EXPECT_EQ(whole[i].encrypted, bytewise[i].encrypted);
    EXPECT_EQ(whole[i].handshake_type, bytewise[i].handshake_type);
    EXPECT_EQ(whole[i].where.bytes.begin, bytewise[i].where.bytes.begin);
    EXPECT_EQ(whole[i].where.bytes.end, bytewise[i].where.bytes.end);
    EXPECT_EQ(whole[i].where.bytes.end - whole[i].where.bytes.begin, 5 + whole[i].length);
  }
  EXPECT_EQ(whole_info.cipher, bytewise_info.cipher);
  ASSERT_TRUE(bytewise_info.certificate);
  EXPECT_EQ(bytewise_info.certificate->subject, "CN=smtp.pt.lu");
}

TEST(TlsHandshake, NamesAndGrease) {
  EXPECT_EQ(tls_version_name(0x0301), "TLS 1.0");
  EXPECT_EQ(tls_version_name(0x7f1c), "0x7f1c");
  EXPECT_EQ(tls_cipher_suite_name(0xC02F), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(tls_cipher_suite_name(0xFEFE), "0xFEFE");
  // Asked again (now from the thread's memory), and from another thread: the same names.
  EXPECT_EQ(tls_cipher_suite_name(0xC02F), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(tls_cipher_suite_name(0xFEFE), "0xFEFE");
  std::string from_another;
  std::thread([&from_another] { from_another = tls_cipher_suite_name(0x1301); }).join();
  EXPECT_EQ(from_another, "TLS_AES_128_GCM_SHA256");
  EXPECT_TRUE(is_grease(0x0A0A));
  EXPECT_FALSE(is_grease(0x0303));
}

TEST(TlsHandshake, NotTlsIsRejected) {
  const std::uint8_t openvpn[] = {0x00, 0x2a, 0x38, 0x11, 0x22, 0x33};
  EXPECT_FALSE(TlsRecordStream::looks_like_record(openvpn));
  const std::uint8_t smtp[] = {'2', '2', '0', ' ', 'x'};
  EXPECT_FALSE(TlsRecordStream::looks_like_record(smtp));
  const std::uint8_t hello[] = {0x16, 0x03, 0x01, 0x02, 0x00};
  EXPECT_TRUE(TlsRecordStream::looks_like_record(hello));
  EXPECT_FALSE(parse_client_hello(std::span(hello, 3)));
}

}  // namespace
}  // namespace mailscope
