#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mailscope {

// Writes one JSON value as text, laid out exactly as nlohmann's dump(2) lays it out, without
// building a document first. The report writes hundreds of thousands of small objects; as
// nlohmann documents they cost an allocation for each key and value, then a second pass to
// serialise, which together were most of the time of `analyze --json` on a capture of many
// short sessions (docs/performance.md). nlohmann stays the authority on strings: any string
// that is not plain printable ASCII is escaped by its serializer (invalid UTF-8 from the wire
// replaced), so the bytes written are the ones a dump would write.
class JsonEmitter {
 public:
  // Appends to `out`; nested lines start `indent` spaces in (the first line is not indented).
  JsonEmitter(std::string& out, unsigned indent) : out_(out), base_indent_(indent) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view name);  // in an object, before each value

  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(const std::string& text) { value(std::string_view(text)); }
  void value(std::uint64_t number);
  void value(bool flag);
  void null();
  void value(const std::vector<std::string>& texts);  // an array of strings

  // key(name) then value(v): the common case.
  template <typename T>
  void field(std::string_view name, const T& v) {
    key(name);
    value(v);
  }
  void null_field(std::string_view name) {
    key(name);
    null();
  }

 private:
  void before_value();
  void close(char bracket);
  void string(std::string_view text);
  void newline_and_indent(std::size_t depth);

  struct Level {
    bool object = false;
    std::size_t members = 0;
  };
  std::string& out_;
  unsigned base_indent_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

}  // namespace mailscope
