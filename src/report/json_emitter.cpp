#include "report/json_emitter.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

namespace mailscope {
namespace {

// Printable ASCII other than the quote and the backslash: copied as it is by any serializer.
bool plain(std::string_view text) {
  for (char c : text) {
    if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') return false;
  }
  return true;
}

}  // namespace

void JsonEmitter::newline_and_indent(std::size_t depth) {
  out_ += '\n';
  out_.append(base_indent_ + 2 * depth, ' ');
}

void JsonEmitter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (levels_.empty()) return;  // the top-level value
  // An array element: on its own line, after a comma from the second on.
  Level& level = levels_.back();
  if (level.members++) out_ += ',';
  newline_and_indent(levels_.size());
}

void JsonEmitter::key(std::string_view name) {
  Level& level = levels_.back();
  if (level.members++) out_ += ',';
  newline_and_indent(levels_.size());
  string(name);
  out_ += ": ";
  after_key_ = true;
}

void JsonEmitter::begin_object() {
  before_value();
  out_ += '{';
  levels_.push_back({true, 0});
}

void JsonEmitter::close(char bracket) {
  bool empty = levels_.back().members == 0;
  levels_.pop_back();
  if (!empty) newline_and_indent(levels_.size());
  out_ += bracket;
}

void JsonEmitter::end_object() {
  close('}');
}

void JsonEmitter::begin_array() {
  before_value();
  out_ += '[';
  levels_.push_back({false, 0});
}

void JsonEmitter::end_array() {
  close(']');
}

void JsonEmitter::string(std::string_view text) {
  if (plain(text)) {
    out_ += '"';
    out_ += text;
    out_ += '"';
    return;
  }
  using Json = nlohmann::ordered_json;
  nlohmann::detail::serializer<Json> serializer(nlohmann::detail::output_adapter<char>(out_), ' ',
                                                Json::error_handler_t::replace);
  serializer.dump(Json(text), /*pretty_print=*/false, /*ensure_ascii=*/false, 0);
}

void JsonEmitter::value(std::string_view text) {
  before_value();
  string(text);
}

void JsonEmitter::value(std::uint64_t number) {
  before_value();
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
  out_.append(digits, end);
}

void JsonEmitter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
}

void JsonEmitter::null() {
  before_value();
  out_ += "null";
}

void JsonEmitter::value(const std::vector<std::string>& texts) {
  begin_array();
  for (const auto& text : texts)
    value(text);
  end_array();
}

}  // namespace mailscope
