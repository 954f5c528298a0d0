#include "mail/servers.h"

namespace capgen::postfix {

std::string banner(std::string_view host) {
  return "220 " + std::string(host) + " ESMTP Postfix (Debian/GNU)\r\n";
}

std::string ehlo_reply(std::string_view host, const EhloOptions& o) {
  std::vector<std::string> lines = {std::string(host), "PIPELINING", "SIZE 52428800", "VRFY"};
  if (o.etrn) lines.push_back("ETRN");
  if (o.starttls) lines.push_back("STARTTLS");
  if (!o.auth.empty()) lines.push_back("AUTH " + o.auth);
  for (const char* l : {"ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8"})
    lines.push_back(l);
  if (o.chunking) lines.push_back("CHUNKING");
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += (i + 1 < lines.size() ? "250-" : "250 ") + lines[i] + "\r\n";
  }
  return out;
}

}  // namespace capgen::postfix

namespace capgen::dovecot {
namespace {

constexpr std::string_view kLoggedInCapabilities =
    "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES "
    "THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN "
    "NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES "
    "WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW "
    "STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE";

}  // namespace

std::string imap_greeting(const ImapGreeting& o) {
  std::string caps = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+";
  if (o.starttls) caps += " STARTTLS";
  if (o.login_disabled) {
    caps += " LOGINDISABLED";
  } else {
    for (const std::string& m : o.auth)
      caps += " AUTH=" + m;
  }
  return "* OK [CAPABILITY " + caps + "] Dovecot ready.\r\n";
}

std::string imap_logged_in(std::string_view tag) {
  return std::string(tag) + " OK [CAPABILITY " + std::string(kLoggedInCapabilities) +
         "] Logged in\r\n";
}

std::string imap_auth_failed(std::string_view tag) {
  return std::string(tag) + " NO [AUTHENTICATIONFAILED] Authentication failed.\r\n";
}

std::string imap_select_inbox(std::string_view tag, int exists, int uidnext) {
  const std::string n = std::to_string(exists);
  return "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
         "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] "
         "Flags permitted.\r\n* " +
         n + " EXISTS\r\n* 0 RECENT\r\n* OK [UNSEEN " + n +
         "] First unseen.\r\n* OK [UIDVALIDITY 1772380800] UIDs valid\r\n* OK [UIDNEXT " +
         std::to_string(uidnext) + "] Predicted next UID\r\n" + std::string(tag) +
         " OK [READ-WRITE] Select completed (0.002 + 0.000 + 0.001 secs).\r\n";
}

std::string imap_logout(std::string_view tag) {
  return "* BYE Logging out\r\n" + std::string(tag) +
         " OK Logout completed (0.001 + 0.000 secs).\r\n";
}

std::string pop3_capa(bool stls, bool user, std::string_view sasl) {
  std::string out = "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n";
  if (stls) out += "STLS\r\n";
  if (user) out += "USER\r\n";
  out += "SASL " + std::string(sasl) + "\r\n.\r\n";
  return out;
}

}  // namespace capgen::dovecot
