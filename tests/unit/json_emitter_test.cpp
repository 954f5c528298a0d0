// The JSON emitter writes, byte for byte, what nlohmann's dump(2) writes for the same value:
// layout of empty and nested containers, numbers, and every kind of string the wire brings
// (quotes, backslashes, control characters, UTF-8, invalid UTF-8).
#include "report/json_emitter.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/json_report.hpp"

namespace mailscope {
namespace {

using Json = nlohmann::ordered_json;
using namespace std::string_literals;

std::string dumped(const Json& j, unsigned indent) {
  std::string out;
  nlohmann::detail::serializer<Json> s(nlohmann::detail::output_adapter<char>(out), ' ',
                                       Json::error_handler_t::replace);
  s.dump(j, true, false, 2, indent);
  return out;
}

const std::vector<std::string> kAwkwardStrings = {
    "",
    "plain ascii",
    "quote \" and backslash \\",
    "nul \0 bell \a tab \t cr \r lf \n esc \x1b del \x7f"s,
    "Gr\xc3\xbc\xc3\x9f"
    "e, caf\xc3\xa9, \xe2\x82\xac, \xf0\x9f\x94\x92",  // UTF-8, 2 to 4 bytes
    "cut \xc3",                                        // a sequence cut short
    "stray \x80\xbf continuation, \xff\xfe bytes",     // never valid
    "overlong \xc0\xaf and surrogate \xed\xa0\x80",
};

TEST(JsonEmitter, WritesWhatNlohmannDumpsForTheSameValue) {
  for (unsigned indent : {0U, 4U}) {
    std::string ours;
    JsonEmitter j(ours, indent);
    Json reference;
    j.begin_object();
    j.field("number", std::uint64_t{18446744073709551615ULL});
    reference["number"] = std::uint64_t{18446744073709551615ULL};
    j.field("zero", std::uint64_t{0});
    reference["zero"] = 0U;
    j.field("yes", true);
    reference["yes"] = true;
    j.field("no", false);
    reference["no"] = false;
    j.null_field("nothing");
    reference["nothing"] = nullptr;
    j.field("empty list", std::vector<std::string>{});
    reference["empty list"] = Json::array();
    j.key("empty object");
    j.begin_object();
    j.end_object();
    reference["empty object"] = Json::object();
    j.field("strings", kAwkwardStrings);
    reference["strings"] = kAwkwardStrings;
    j.key("nested");
    j.begin_array();
    Json nested = Json::array();
    for (const auto& text : kAwkwardStrings) {
      j.begin_object();
      j.field(text, text);  // awkward keys too
      j.key("inner");
      j.begin_array();
      j.begin_array();
      j.end_array();
      j.end_array();
      j.end_object();
      Json item;
      item[text] = text;
      item["inner"] = Json::array({Json::array()});
      nested.push_back(item);
    }
    j.end_array();
    reference["nested"] = nested;
    j.end_object();
    EXPECT_EQ(ours, dumped(reference, indent)) << "indent " << indent;
  }
}

TEST(JsonEmitter, ASessionIsValidJsonWithItsFields) {
  Session s;
  s.id = 7;
  s.server_name = "smtp.pt.lu";
  s.capabilities = {"STARTTLS", "AUTH PLAIN LOGIN"};
  MailMessage m;
  m.subject = "Salary 2026 \xe2\x82\xac \xff";
  m.to = {"bob@example.org"};
  s.messages.push_back(m);
  Json parsed = Json::parse(to_json_text(s));
  EXPECT_EQ(parsed["id"], 7);
  EXPECT_EQ(parsed["server_name"], "smtp.pt.lu");
  EXPECT_EQ(parsed["capabilities"][1], "AUTH PLAIN LOGIN");
  EXPECT_EQ(parsed["messages"][0]["subject"], "Salary 2026 \xe2\x82\xac \xef\xbf\xbd")
      << "invalid UTF-8 from the wire is replaced, never a reason to fail the report";
  EXPECT_TRUE(parsed["tls"].is_null());
}

}  // namespace
}  // namespace mailscope
