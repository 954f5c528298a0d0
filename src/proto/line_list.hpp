#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mailscope {

// The lines of one multi-line reply, kept back to back in one string: once the first reply has
// sized it, a reply costs no allocation (there are several a session). Bounded: past
// kMaxLines, each new line replaces the last, so back() is always the latest line and a server
// sending endless continuation lines cannot grow it.
class LineList {
 public:
  static constexpr std::size_t kMaxLines = 256;

  void push_back(std::string_view line) {
    if (ends_.capacity() == 0) {
      // Room for a typical EHLO or CAPA reply at once, instead of growing a line at a time.
      ends_.reserve(16);
      text_.reserve(512);
    }
    if (ends_.size() == kMaxLines) {
      text_.resize(begin_of(kMaxLines - 1));
      ends_.pop_back();
    }
    text_.append(line);
    ends_.push_back(text_.size());
  }
  void clear() {
    text_.clear();
    ends_.clear();
  }
  std::size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](std::size_t i) const {
    return std::string_view(text_).substr(begin_of(i), ends_[i] - begin_of(i));
  }
  std::string_view front() const { return (*this)[0]; }
  std::string_view back() const { return (*this)[size() - 1]; }

 private:
  std::size_t begin_of(std::size_t i) const { return i == 0 ? 0 : ends_[i - 1]; }

  std::string text_;
  std::vector<std::size_t> ends_;  // one past each line's last character in text_
};

}  // namespace mailscope
