#include <gtest/gtest.h>

#include "proto/mail_headers.hpp"

namespace mailscope {
namespace {

TEST(MailHeaders, EncodedWordsInUtf8AndLatin1) {
  EXPECT_EQ(decode_encoded_words("=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?="), "Grüße aus Köln");
  EXPECT_EQ(decode_encoded_words("=?ISO-8859-1?Q?Caf=E9_cr=E8me?="), "Café crème");
  // White space between encoded words vanishes; around plain text it stays.
  EXPECT_EQ(decode_encoded_words("=?UTF-8?Q?Salary?= =?UTF-8?Q?_2026?= (draft)"),
            "Salary 2026 (draft)");
  EXPECT_EQ(decode_encoded_words("plain subject"), "plain subject");
  EXPECT_EQ(decode_encoded_words("=?UTF-8?B?!!!?="), "=?UTF-8?B?!!!?=");
}

TEST(MailHeaders, AddressLists) {
  auto list = parse_address_list(
      R"("Doe, John" <john@example.com>, jane@example.org (Jane), Bob <bob@x.lu>)");
  ASSERT_EQ(list.size(), 3U);
  EXPECT_EQ(list[0], "john@example.com");
  EXPECT_EQ(list[1], "jane@example.org");
  EXPECT_EQ(list[2], "bob@x.lu");
  EXPECT_TRUE(parse_address_list("undisclosed-recipients:;").empty());
  // One address without quotes or comments (most headers): the whole text is the item.
  EXPECT_EQ(parse_address_list("  Alice Example <alice@example.lu> "),
            (std::vector<std::string>{"alice@example.lu"}));
  EXPECT_EQ(parse_address_list("bob@example.com"), (std::vector<std::string>{"bob@example.com"}));
  EXPECT_EQ(parse_address_list("Friends: carol@example.com;"),
            (std::vector<std::string>{"carol@example.com"}));
  EXPECT_TRUE(parse_address_list("   ").empty());
  // Without comments the addresses are read in place; quotes and angles still hide commas.
  EXPECT_EQ(parse_address_list(R"("Doe, John" <john@example.com>,jane@example.org , <a,b@x.lu>)"),
            (std::vector<std::string>{"john@example.com", "jane@example.org", "a,b@x.lu"}));
}

TEST(MailHeaders, FoldedHeadersFromAMessage) {
  MessageCollector collector;
  for (std::string_view line :
       {"From: Alice <alice@example.lu>", "To: bob@example.com,", " carol@example.com",
        "Cc: dave@example.com", "Subject: =?UTF-8?Q?Geh=C3=A4lter?= 2026",
        "Date: Mon, 2 Mar 2026 09:00:00 +0100", "Message-ID: <1@example.lu>", "", "Body line",
        ".leading dot was unstuffed"}) {
    collector.add_line(line);
  }
  MailHeaders h = collector.headers();
  EXPECT_EQ(h.from, "alice@example.lu");
  EXPECT_EQ(h.to, (std::vector<std::string>{"bob@example.com", "carol@example.com"}));
  EXPECT_EQ(h.cc, (std::vector<std::string>{"dave@example.com"}));
  EXPECT_EQ(h.subject, "Gehälter 2026");
  EXPECT_EQ(h.message_id, "<1@example.lu>");
  // Every line counted with its CRLF.
  EXPECT_EQ(collector.size(), 244U);
}

TEST(MailHeaders, OtherFoldedHeadersArePassedOverAndTheFirstFromCounts) {
  std::string_view block =
      "Received: from mx.example.lu (mx.example.lu [192.0.2.1])\r\n"
      " From: mallory@example.net\r\n"  // a continuation of Received, not a From header
      "\tby mail.example.com; Mon, 2 Mar 2026 09:00:00 +0100\r\n"
      "DKIM-Signature: v=1; a=rsa-sha256;\r\n"
      "  b=AbCdEf==\r\n"
      "From: Alice <alice@example.lu>\r\n"
      "Subject: Salary\r\n"
      "  review 2026\r\n"
      "From: Bob <bob@example.com>\r\n"
      "\r\n"
      "Subject: not a header, the body\r\n";
  MailHeaders h = parse_mail_headers(block);
  EXPECT_EQ(h.from, "alice@example.lu");
  EXPECT_EQ(h.subject, "Salary review 2026");
  EXPECT_TRUE(h.to.empty());
}

TEST(MailHeaders, RawBytesFindTheHeaderEndAcrossChunks) {
  MessageCollector collector;
  collector.add("Subject: split\r");
  collector.add("\n\r");
  collector.add("\nbody");
  EXPECT_EQ(collector.headers().subject, "split");
  EXPECT_EQ(collector.size(), 22U);
}

}  // namespace
}  // namespace mailscope
