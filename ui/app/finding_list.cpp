#include "app/finding_list.hpp"

#include "app/model_memory.hpp"

namespace mailscope::gui {

std::uint32_t FindingList::intern(const std::string& text) {
  auto [it, added] = ids_.try_emplace(text, static_cast<std::uint32_t>(texts_.size()));
  if (added) texts_.push_back(text);
  return it->second;
}

void FindingList::push_back(const Finding& finding) {
  records_.push_back({finding.session, finding.packet, intern(finding.code),
                      intern(finding.message), finding.severity});
}

Finding FindingList::operator[](std::size_t i) const {
  Finding f;
  f.severity = severity(i);
  f.code = code(i);
  f.session = session(i);
  f.packet = packet(i);
  f.message = message(i);
  return f;
}

std::uint64_t FindingList::memory() const {
  auto string_block = [](const std::string& s) {
    return s.capacity() > 15 ? heap_block(s.capacity() + 1) : 0;
  };
  std::uint64_t n = heap_block(records_.capacity() * sizeof(Record)) +
                    heap_block(texts_.capacity() * sizeof(std::string)) +
                    heap_block(ids_.bucket_count() * sizeof(void*));
  for (const std::string& s : texts_)
    n += 2 * string_block(s) + heap_block(sizeof(void*) + sizeof(std::string) + 8 + 8);
  return n;
}

}  // namespace mailscope::gui
