#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/session_detail.hpp"
#include "model/finding.hpp"

namespace mailscope::gui {

// The capture's findings as the GUI keeps them: a 32-byte record each, its code and message
// once per distinct text (a Finding is 88 bytes and its message, a sentence, takes a heap block
// of its own; the same sentences come back session after session). operator[] and the iterator
// hand out a Finding made up on the spot; severity(), session(), packet() read one field.
class FindingList {
 public:
  void push_back(const Finding& finding);
  std::size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  Finding operator[](std::size_t i) const;

  Severity severity(std::size_t i) const { return records_[i].severity; }
  std::uint64_t session(std::size_t i) const { return records_[i].session; }
  std::uint64_t packet(std::size_t i) const { return records_[i].packet; }
  const std::string& code(std::size_t i) const { return texts_[records_[i].code]; }
  const std::string& message(std::size_t i) const { return texts_[records_[i].message]; }

  using iterator = MadeIterator<FindingList, Finding>;
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, size()}; }

  std::uint64_t memory() const;  // heap bytes, the distinct texts included

 private:
  struct Record {
    std::uint64_t session;
    std::uint64_t packet;
    std::uint32_t code;     // index into texts_
    std::uint32_t message;  // index into texts_
    Severity severity;
  };

  std::uint32_t intern(const std::string& text);

  std::vector<Record> records_;
  std::vector<std::string> texts_;
  std::unordered_map<std::string, std::uint32_t> ids_;
};

}  // namespace mailscope::gui
