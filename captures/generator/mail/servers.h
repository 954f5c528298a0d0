// What real mail servers say: Postfix (SMTP) and Dovecot (IMAP, POP3), as of Debian 12.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace capgen::postfix {

std::string banner(std::string_view host);  // "220 host ESMTP Postfix (Debian/GNU)"

struct EhloOptions {
  bool starttls = true;
  std::string auth = "PLAIN LOGIN";  // empty: no AUTH line
  bool chunking = true;
  bool etrn = true;  // on port 25; submission services usually drop it
};
std::string ehlo_reply(std::string_view host, const EhloOptions& options);

inline constexpr std::string_view kStartTlsGo = "220 2.0.0 Ready to start TLS\r\n";
inline constexpr std::string_view kAuthOk = "235 2.7.0 Authentication successful\r\n";
inline constexpr std::string_view kAuthFailed =
    "535 5.7.8 Error: authentication failed: authentication failure\r\n";
inline constexpr std::string_view kAuthAborted = "501 5.7.0 Authentication aborted\r\n";
inline constexpr std::string_view kBye = "221 2.0.0 Bye\r\n";

}  // namespace capgen::postfix

namespace capgen::dovecot {

struct ImapGreeting {
  bool starttls = true;
  bool login_disabled = false;  // disable_plaintext_auth = yes: LOGINDISABLED, no AUTH=
  std::vector<std::string> auth = {"PLAIN"};
};
// "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ ...] Dovecot ready."
std::string imap_greeting(const ImapGreeting& options);
// The tagged OK to LOGIN/AUTHENTICATE, with the post-login capabilities.
std::string imap_logged_in(std::string_view tag);
std::string imap_auth_failed(std::string_view tag);
// Full SELECT INBOX response.
std::string imap_select_inbox(std::string_view tag, int exists, int uidnext);
std::string imap_logout(std::string_view tag);

inline constexpr std::string_view kPop3Ready = "+OK Dovecot ready.\r\n";
std::string pop3_capa(bool stls, bool user, std::string_view sasl);
inline constexpr std::string_view kPop3LoggedIn = "+OK Logged in.\r\n";
inline constexpr std::string_view kPop3AuthFailed = "-ERR [AUTH] Authentication failed.\r\n";
inline constexpr std::string_view kPop3Bye = "+OK Logging out.\r\n";

}  // namespace capgen::dovecot
