// The shared SASL layer on the wire bytes of real exchanges (RFC 4616, RFC 4954 examples,
// Gmail's XOAUTH2 documentation, RFC 7628).
#include <gtest/gtest.h>

#include "proto/base64.hpp"
#include "proto/sasl.hpp"

namespace mailscope {
namespace {

StreamItem at_packet(std::uint64_t packet) {
  StreamItem item;
  item.packet = packet;
  return item;
}

TEST(Base64, DecodesAndRejectsWhatIsNotBase64) {
  EXPECT_EQ(decode_base64("AGFsaWNlAHdvbmRlcmxhbmQ="), std::string("\0alice\0wonderland", 17));
  EXPECT_EQ(decode_base64(""), "");
  EXPECT_FALSE(decode_base64("QUIT!").has_value());
  EXPECT_FALSE(decode_base64("abc").has_value());   // not a multiple of four
  EXPECT_FALSE(decode_base64("ab=c").has_value());  // padding in the middle
  EXPECT_FALSE(decode_base64("RSET\r").has_value());
  // Padding: one or two '=' at the very end, nowhere else, never three.
  EXPECT_EQ(decode_base64("YWI="), "ab");
  EXPECT_EQ(decode_base64("YQ=="), "a");
  EXPECT_FALSE(decode_base64("Y===").has_value());
  EXPECT_FALSE(decode_base64("====").has_value());
  EXPECT_FALSE(decode_base64("YQ=a").has_value());
  EXPECT_FALSE(decode_base64(std::string("YW\0=", 4)).has_value());  // a NUL is not a letter
  EXPECT_FALSE(decode_base64("YW\xc3\xa9").has_value());             // nor is a UTF-8 byte
  EXPECT_EQ(encode_base64("alice"), "YWxpY2U=");
}

TEST(Sasl, PlainWithInitialResponse) {
  SaslExchange x("plain");
  x.initial_response("AGFsaWNlAHdvbmRlcmxhbmQ=", at_packet(7));
  ASSERT_TRUE(x.credential());
  EXPECT_EQ(x.credential()->mechanism, "PLAIN");
  EXPECT_EQ(x.credential()->username, "alice");
  EXPECT_EQ(x.credential()->secret, "wonderland");
  EXPECT_FALSE(x.credential()->authzid);
  EXPECT_EQ(x.credential()->where.packet, 7U);
}

TEST(Sasl, PlainWithAuthorizationIdentity) {
  // RFC 4616 section 4: "Ursel" acting as "Kurt" with password "xipj3plmq".
  SaslExchange x("PLAIN");
  x.client_response(encode_base64(std::string("Ursel\0Kurt\0xipj3plmq", 20)), at_packet(1));
  ASSERT_TRUE(x.credential());
  EXPECT_EQ(x.credential()->username, "Kurt");
  EXPECT_EQ(x.credential()->authzid, "Ursel");
  EXPECT_EQ(x.credential()->secret, "xipj3plmq");
}

TEST(Sasl, PlainPasswordMayHoldSpacesQuotesAndUtf8) {
  SaslExchange x("PLAIN");
  std::string password = "p \"w\\d Grüße";
  x.client_response(encode_base64(std::string("\0bob\0", 5) + password), at_packet(1));
  ASSERT_TRUE(x.credential());
  EXPECT_EQ(x.credential()->secret, password);
}

TEST(Sasl, PlainWithoutSeparatorsIsMalformed) {
  SaslExchange x("PLAIN");
  x.client_response(encode_base64("alice"), at_packet(1));
  EXPECT_FALSE(x.credential());
  EXPECT_EQ(x.state(), SaslExchange::State::kMalformed);
}

TEST(Sasl, LoginTakesUserThenPasswordWhateverThePrompts) {
  SaslExchange x("LOGIN");
  x.server_challenge("VXNlcm5hbWU6");           // "Username:"
  x.client_response("Z2FsdW50", at_packet(9));  // galunt
  EXPECT_FALSE(x.credential());
  x.server_challenge(encode_base64("Passwort bitte"));  // a non-standard prompt
  x.client_response("VjF2MXRyMG4=", at_packet(11));     // V1v1tr0n
  ASSERT_TRUE(x.credential());
  EXPECT_EQ(x.credential()->username, "galunt");
  EXPECT_EQ(x.credential()->secret, "V1v1tr0n");
  EXPECT_EQ(x.credential()->where.packet, 11U);
}

TEST(Sasl, LoginWithUsernameAsInitialResponse) {
  SaslExchange x("LOGIN");
  x.initial_response(encode_base64("alice@example.lu"), at_packet(4));
  x.server_challenge("UGFzc3dvcmQ6");
  x.client_response(encode_base64("hunter2"), at_packet(6));
  ASSERT_TRUE(x.credential());
  EXPECT_EQ(x.credential()->username, "alice@example.lu");
  EXPECT_EQ(x.credential()->secret, "hunter2");
}

TEST(Sasl, LoginWithoutPasswordYieldsNothing) {
  // suricata-verify smtp-long-command: the client answers the prompt with QUIT and leaves.
  SaslExchange x("LOGIN");
  x.client_response("QUIT", at_packet(3));
  EXPECT_FALSE(x.credential());
}

TEST(Sasl, CramMd5IsADigestNotAPassword) {
  // RFC 2195's example.
  SaslExchange x("CRAM-MD5");
  x.server_challenge("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
  x.client_response("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw", at_packet(5));
  ASSERT_TRUE(x.credential());
  EXPECT_EQ(x.credential()->username, "tim");
  EXPECT_FALSE(x.credential()->secret);
  EXPECT_EQ(x.credential()->secret_kind, SecretKind::kChallengeResponse);
  EXPECT_EQ(x.credential()->challenge, "<1896.697170952@postoffice.reston.mci.net>");
  EXPECT_EQ(x.credential()->response, "b913a602c7eda7a495b4e6e7334d3890");
}

TEST(Sasl, Xoauth2TokenIsTheSecretWithoutBearer) {
  SaslExchange x("XOAUTH2");
  x.initial_response(
      encode_base64("user=someuser@example.com\x01"
                    "auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01"),
      at_packet(2));
  ASSERT_TRUE(x.credential());
  EXPECT_EQ(x.credential()->username, "someuser@example.com");
  EXPECT_EQ(x.credential()->secret, "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg");
  EXPECT_EQ(x.credential()->secret_kind, SecretKind::kToken);
}

TEST(Sasl, OauthBearerReadsTheGs2Header) {
  // RFC 7628 section 4.1.
  SaslExchange x("OAUTHBEARER");
  x.client_response(encode_base64("n,a=user@example.com,\x01host=server.example.com\x01"
                                  "port=143\x01"
                                  "auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01"),
                    at_packet(3));
  ASSERT_TRUE(x.credential());
  EXPECT_EQ(x.credential()->username, "user@example.com");
  EXPECT_EQ(x.credential()->secret, "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==");
}

TEST(Sasl, CancelAndGarbageYieldNothing) {
  SaslExchange cancelled("PLAIN");
  cancelled.client_response("*", at_packet(1));
  EXPECT_EQ(cancelled.state(), SaslExchange::State::kCancelled);
  EXPECT_FALSE(cancelled.credential());
  SaslExchange garbage("PLAIN");
  garbage.client_response("this is not base64!", at_packet(1));
  EXPECT_EQ(garbage.state(), SaslExchange::State::kMalformed);
  EXPECT_FALSE(garbage.credential());
}

TEST(Sasl, OtherMechanismsAreFollowedButYieldNoCredential) {
  SaslExchange ntlm("NTLM");
  ntlm.client_response("TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==", at_packet(1));
  EXPECT_FALSE(ntlm.credential());
  EXPECT_EQ(ntlm.state(), SaslExchange::State::kInProgress);
}

}  // namespace
}  // namespace mailscope
