#include "bench/corpus.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>

namespace capgen::bench {
namespace {

constexpr std::array<std::string_view, 48> kFirstNames = {
    "Anna",   "Ben",   "Clara",  "David", "Elena", "Felix",  "Greta",   "Hugo",   "Ines",  "Jonas",
    "Katja",  "Lukas", "Marie",  "Noah",  "Olga",  "Paul",   "Quentin", "Rosa",   "Simon", "Tanja",
    "Ulrich", "Vera",  "Willem", "Xenia", "Yann",  "Zoe",    "Amir",    "Bianca", "Chloe", "Diego",
    "Emma",   "Farid", "Gianni", "Hanna", "Ivan",  "Julia",  "Karim",   "Lea",    "Mats",  "Nora",
    "Oscar",  "Pia",   "Rafael", "Sofia", "Tom",   "Ursula", "Victor",  "Wiebke"};
constexpr std::array<std::string_view, 48> kLastNames = {
    "Schmidt",  "Muller",  "Weber",   "Wagner",   "Becker",  "Hoffmann", "Schulz",   "Koch",
    "Martin",   "Bernard", "Dubois",  "Thomas",   "Robert",  "Richard",  "Petit",    "Durand",
    "Rossi",    "Russo",   "Ferrari", "Esposito", "Bianchi", "Romano",   "Garcia",   "Lopez",
    "Smith",    "Jones",   "Taylor",  "Brown",    "Wilson",  "Evans",    "Thill",    "Hansen",
    "Jensen",   "Nielsen", "Peeters", "Janssens", "Maes",    "Jacobs",   "Novak",    "Horvat",
    "Kowalski", "Nowak",   "Silva",   "Santos",   "Costa",   "Meyer",    "Schroder", "Klein"};
constexpr std::array<std::string_view, 14> kDomains = {
    "example.com",      "example.net",      "example.org", "example.de", "example.fr",
    "example.lu",       "example.co.uk",    "example.it",  "example.es", "example.nl",
    "mail.example.com", "corp.example.org", "example.at",  "example.be"};
constexpr std::array<std::string_view, 40> kSubjects = {"Meeting notes from Tuesday",
                                                        "Q1 figures",
                                                        "Invoice 2026-03",
                                                        "Your order has shipped",
                                                        "Project timeline update",
                                                        "Lunch on Thursday?",
                                                        "Draft contract for review",
                                                        "Holiday schedule",
                                                        "Re: budget approval",
                                                        "Minutes of the board meeting",
                                                        "Travel booking confirmation",
                                                        "Slides for the workshop",
                                                        "Weekly report",
                                                        "Server maintenance window",
                                                        "New employee onboarding",
                                                        "Photos from the trip",
                                                        "Signed agreement",
                                                        "Offer for the new office",
                                                        "Question about the invoice",
                                                        "Agenda for Monday",
                                                        "Release notes 4.2",
                                                        "Customer feedback summary",
                                                        "Scan from the copier",
                                                        "Updated price list",
                                                        "Reminder: timesheets",
                                                        "Candidate CV",
                                                        "Insurance documents",
                                                        "Annual leave request",
                                                        "Tax documents 2025",
                                                        "Architecture proposal",
                                                        "Support ticket 48213",
                                                        "Conference registration",
                                                        "Marketing plan draft",
                                                        "Bank statement",
                                                        "Re: Re: delivery dates",
                                                        "Fwd: site visit",
                                                        "Kick-off presentation",
                                                        "Password policy change",
                                                        "Shared calendar",
                                                        "End of month closing"};
constexpr auto kWords = std::to_array<std::string_view>(
    {"the",       "of",     "and",   "to",     "in",      "for",     "is",       "on",
     "that",      "by",     "this",  "with",   "you",     "it",      "not",      "or",
     "be",        "are",    "from",  "at",     "as",      "your",    "all",      "have",
     "new",       "more",   "an",    "was",    "we",      "will",    "can",      "us",
     "about",     "if",     "my",    "has",    "but",     "our",     "one",      "other",
     "do",        "no",     "time",  "they",   "he",      "up",      "may",      "what",
     "which",     "their",  "out",   "use",    "any",     "there",   "see",      "only",
     "so",        "his",    "when",  "here",   "who",     "also",    "now",      "help",
     "get",       "view",   "first", "been",   "would",   "how",     "were",     "me",
     "some",      "these",  "its",   "like",   "service", "than",    "find",     "price",
     "date",      "back",   "top",   "people", "had",     "list",    "name",     "just",
     "over",      "state",  "year",  "day",    "into",    "email",   "two",      "health",
     "world",     "next",   "used",  "work",   "last",    "most",    "products", "music",
     "buy",       "data",   "make",  "them",   "should",  "product", "system",   "post",
     "her",       "city",   "add",   "policy", "number",  "such",    "please",   "available",
     "copyright", "support"});
constexpr std::array<std::string_view, 8> kAttachments = {
    "application/pdf; name=\"report-2026-03.pdf\"",
    "image/jpeg; name=\"IMG_20260228_141502.jpg\"",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document; "
    "name=\"contract-draft-v3.docx\"",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; "
    "name=\"figures-Q1.xlsx\"",
    "application/pdf; name=\"scan_0042.pdf\"",
    "image/png; name=\"screenshot.png\"",
    "application/zip; name=\"documents.zip\"",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation; "
    "name=\"kick-off.pptx\""};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string mailbox(const Person& p) {
  return p.name.empty() ? p.address : p.name + " <" + p.address + ">";
}

std::string mailbox_list(const std::vector<Person>& list) {
  std::string out;
  for (const Person& p : list) {
    if (!out.empty()) out += ", ";
    out += mailbox(p);
  }
  return out;
}

std::string_view domain_of(const std::string& address) {
  const std::size_t at = address.find('@');
  return at == std::string::npos ? std::string_view("example.net")
                                 : std::string_view(address).substr(at + 1);
}

// "name=\"x.pdf\"" -> "x.pdf"
std::string_view file_name(std::string_view content_type) {
  const std::size_t at = content_type.find("name=\"");
  if (at == std::string_view::npos) return "attachment.bin";
  const std::string_view rest = content_type.substr(at + 6);
  return rest.substr(0, rest.find('"'));
}

}  // namespace

std::size_t draw_message_size(Rng& rng) {
  const double u = rng.uniform();
  double size = 0;
  if (u < 0.94) {
    size = rng.log_uniform(2 * 1024.0, 50 * 1024.0);
  } else if (u < 0.99) {
    size = rng.log_uniform(50 * 1024.0, 200 * 1024.0);
  } else {
    size = rng.log_uniform(200 * 1024.0, 3 * 1024 * 1024.0);
  }
  return static_cast<std::size_t>(size);
}

std::string rfc5322_date(std::int64_t unix_time) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto t = static_cast<std::time_t>(unix_time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %d %s %d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string random_token(Rng& rng, std::size_t length, std::string_view alphabet) {
  std::string out(length, ' ');
  for (char& c : out)
    c = alphabet[rng.below(alphabet.size())];
  return out;
}

Corpus::Corpus(std::uint64_t seed) {
  Rng rng(seed ^ 0x636f72707573ull);  // "corpus"
  // Text: paragraphs of 2 to 8 lines wrapped before 72 columns, a blank line between them.
  constexpr std::size_t kTextBytes = 512 * 1024;
  text_.reserve(kTextBytes + 256);
  while (text_.size() < kTextBytes) {
    const std::int64_t lines = rng.between(2, 8);
    for (std::int64_t l = 0; l < lines; ++l) {
      text_lines_.push_back(static_cast<std::uint32_t>(text_.size()));
      std::size_t column = 0;
      const std::size_t width = static_cast<std::size_t>(rng.between(48, 71));
      bool sentence_start = true;
      while (column < width) {
        std::string word(kWords[rng.below(kWords.size())]);
        if (sentence_start) word[0] = static_cast<char>(std::toupper(word[0]));
        sentence_start = rng.chance(0.08);
        if (sentence_start) word += rng.chance(0.8) ? "." : ",";
        if (column > 0) {
          text_ += ' ';
          ++column;
        }
        text_ += word;
        column += word.size();
      }
      text_ += "\r\n";
    }
    text_lines_.push_back(static_cast<std::uint32_t>(text_.size()));
    text_ += "\r\n";
  }
  // Base64: what an attachment (compressed, so random-looking) becomes on the wire.
  constexpr std::size_t kBase64Lines = 4 * 1024 * 1024 / 78;
  base64_.reserve(kBase64Lines * 78);
  unsigned char raw[57];
  unsigned char encoded[80];
  for (std::size_t l = 0; l < kBase64Lines; ++l) {
    for (std::size_t i = 0; i < sizeof raw; i += 8) {
      const std::uint64_t r = rng.next();
      for (std::size_t b = 0; b < 8 && i + b < sizeof raw; ++b)
        raw[i + b] = static_cast<unsigned char>(r >> (8 * b));
    }
    const int n = EVP_EncodeBlock(encoded, raw, sizeof raw);
    base64_.append(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(n));
    base64_ += "\r\n";
  }
}

Person Corpus::person(Rng& rng) const {
  return local_person(rng, std::string(kDomains[rng.below(kDomains.size())]));
}

Person Corpus::local_person(Rng& rng, const std::string& domain) const {
  const std::string_view first = kFirstNames[rng.below(kFirstNames.size())];
  const std::string_view last = kLastNames[rng.below(kLastNames.size())];
  Person p;
  p.name = std::string(first) + " " + std::string(last);
  p.address = lower(first) + "." + lower(last) + "@" + domain;
  return p;
}

std::string Corpus::subject(Rng& rng) const {
  return std::string(kSubjects[rng.below(kSubjects.size())]);
}

void Corpus::append_text(Rng& rng, std::string& out, std::size_t bytes) const {
  // Whole lines from random places in the pool, until `bytes` are there (one line at least).
  std::size_t added = 0;
  do {
    std::size_t start = text_lines_[rng.below(text_lines_.size())];
    std::size_t end = std::min(text_.size(), start + (bytes - std::min(bytes, added)));
    const std::size_t eol = text_.find("\r\n", end == start ? start : end - 1);
    end = eol == std::string::npos ? text_.size() : eol + 2;
    out.append(text_, start, end - start);
    added += end - start;
  } while (added < bytes);
}

void Corpus::append_base64(Rng& rng, std::string& out, std::size_t bytes) const {
  constexpr std::size_t kLine = 78;
  const std::size_t lines_in_pool = base64_.size() / kLine;
  std::size_t lines = std::max<std::size_t>(1, bytes / kLine);
  while (lines > 0) {
    const std::size_t first = rng.below(lines_in_pool);
    const std::size_t take = std::min(lines, lines_in_pool - first);
    out.append(base64_, first * kLine, take * kLine);
    lines -= take;
  }
}

std::string Corpus::message(Rng& rng, const MessageSpec& spec) const {
  std::string out;
  out.reserve(spec.size + 512);
  for (const std::string& t : spec.trace) {
    out += t;
    out += "\r\n";
  }
  const std::string domain(domain_of(spec.from.address));
  out += "Message-ID: <" + random_token(rng, 8, "0123456789abcdef") + "-" +
         random_token(rng, 4, "0123456789abcdef") + "-" +
         random_token(rng, 12, "0123456789abcdef") + "@" + domain + ">\r\n";
  out += "Date: " + rfc5322_date(spec.unix_time) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  if (!spec.user_agent.empty()) out += spec.user_agent + "\r\n";
  out += "Content-Language: en-US\r\n";
  out += "To: " + mailbox_list(spec.to) + "\r\n";
  if (!spec.cc.empty()) out += "Cc: " + mailbox_list(spec.cc) + "\r\n";
  out += "From: " + mailbox(spec.from) + "\r\n";
  out += "Subject: " + subject(rng) + "\r\n";

  const std::string first_name =
      spec.to.empty() ? std::string("all")
                      : spec.to.front().name.substr(0, spec.to.front().name.find(' '));
  const std::string greeting = "Hi " + first_name + ",\r\n\r\n";
  const std::string signoff = "\r\nBest regards,\r\n" + spec.from.name + "\r\n";
  const bool attach = spec.size >= 60 * 1024 || (spec.size >= 12 * 1024 && rng.chance(0.3));
  if (!attach) {
    out +=
        "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n"
        "Content-Transfer-Encoding: 7bit\r\n\r\n";
    out += greeting;
    const std::size_t used = out.size() + signoff.size();
    append_text(rng, out, spec.size > used ? spec.size - used : 0);
    out += signoff;
    return out;
  }
  const std::string boundary =
      "------------" +
      random_token(rng, 24, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  const std::string_view type = kAttachments[rng.below(kAttachments.size())];
  out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "This is a multi-part message in MIME format.\r\n";
  out += "--" + boundary + "\r\n";
  out +=
      "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n"
      "Content-Transfer-Encoding: 7bit\r\n\r\n";
  out += greeting;
  append_text(rng, out, static_cast<std::size_t>(rng.between(200, 2500)));
  out += signoff;
  out += "--" + boundary + "\r\n";
  out += "Content-Type: " + std::string(type) + "\r\n";
  out += "Content-Disposition: attachment; filename=\"" + std::string(file_name(type)) + "\"\r\n";
  out += "Content-Transfer-Encoding: base64\r\n\r\n";
  const std::string closing = "\r\n--" + boundary + "--\r\n";
  const std::size_t used = out.size() + closing.size();
  append_base64(rng, out, spec.size > used ? spec.size - used : 0);
  out += closing;
  return out;
}

}  // namespace capgen::bench
