#include "bench/dialogues.h"

#include <array>
#include <stdexcept>

#include "mail/sasl.h"
#include "mail/servers.h"

namespace capgen::bench {
namespace {

constexpr std::string_view kQueueIdAlphabet =
    "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz";

// Shares of sessions; about half of them, and of the bytes, end up inside TLS.
constexpr std::array<ServiceInfo, kServiceCount> kServices = {{
    {Service::kSubmission, "smtp-587-plaintext", "smtp", "plaintext", "submission", 587, 0.10},
    {Service::kSubmissionStartTls, "smtp-587-starttls", "smtp", "starttls", "submission", 587,
     0.11},
    {Service::kSmtps, "smtp-465-implicit-tls", "smtp", "implicit-tls", "submission", 465, 0.05},
    {Service::kRelayIn, "smtp-25-inbound-plaintext", "smtp", "plaintext", "relay", 25, 0.12},
    {Service::kRelayInStartTls, "smtp-25-inbound-starttls", "smtp", "starttls", "relay", 25, 0.11},
    {Service::kRelayOut, "smtp-25-outbound-plaintext", "smtp", "plaintext", "relay", 25, 0.04},
    {Service::kRelayOutStartTls, "smtp-25-outbound-starttls", "smtp", "starttls", "relay", 25,
     0.05},
    {Service::kImap, "imap-143-plaintext", "imap", "plaintext", "retrieval", 143, 0.14},
    {Service::kImapStartTls, "imap-143-starttls", "imap", "starttls", "retrieval", 143, 0.05},
    {Service::kImaps, "imap-993-implicit-tls", "imap", "implicit-tls", "retrieval", 993, 0.08},
    {Service::kPop3, "pop3-110-plaintext", "pop3", "plaintext", "retrieval", 110, 0.09},
    {Service::kPop3Stls, "pop3-110-starttls", "pop3", "starttls", "retrieval", 110, 0.02},
    {Service::kPop3s, "pop3-995-implicit-tls", "pop3", "implicit-tls", "retrieval", 995, 0.04},
}};

enum class Transport { kPlain, kStartTls, kImplicit };

Transport transport_of(Service s) {
  const std::string_view t = info(s).transport;
  if (t == "starttls") return Transport::kStartTls;
  if (t == "implicit-tls") return Transport::kImplicit;
  return Transport::kPlain;
}

std::string crlf_line(std::string_view text) {
  std::string out(text);
  out += "\r\n";
  return out;
}

// The right password with its last character mistyped.
std::string typo(const std::string& password) {
  std::string out = password;
  if (out.empty()) return "x";
  out.back() = out.back() == 'x' ? 'y' : 'x';
  return out;
}

std::string user_agent_line(Agent a) {
  switch (a) {
    case Agent::kThunderbird:
      return "User-Agent: Mozilla Thunderbird";
    case Agent::kOutlook:
      return "X-Mailer: Microsoft Outlook 16.0";
    case Agent::kAppleMail:
      return "X-Mailer: iPhone Mail (21D61)";
    case Agent::kAndroid:
      return "User-Agent: K-9 Mail for Android";
    case Agent::kFetchmail:
    case Agent::kPostfix:
      return "";
  }
  return "";
}

std::vector<Person> recipients(const DialogueContext& c, Rng& rng, std::size_t max) {
  std::vector<Person> out;
  const std::size_t n = 1 + (rng.chance(0.3) ? rng.below(max) : 0);
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(c.corpus->person(rng));
  return out;
}

// The trace a message collects between its sender and the mailbox it is read from.
std::vector<std::string> delivered_trace(const DialogueContext& c, const Person& from, Rng& rng) {
  const std::string date = rfc5322_date(c.unix_time - rng.between(60, 86400));
  const std::string mx = "mx" + std::to_string(rng.between(1, 4)) + "." +
                         from.address.substr(from.address.find('@') + 1);
  return {
      "Return-Path: <" + from.address + ">", "Delivered-To: " + c.user.address,
      "Received: from " + c.server_name + "\r\n\tby " + c.server_name + " with LMTP\r\n\tid " +
          random_token(rng, 22,
                       "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                       "abcdefghijklmnopqrstuvwxyz+/") +
          "\r\n\t(envelope-from <" + from.address + ">)\r\n\tfor <" + c.user.address + ">; " + date,
      "Received: from " + mx + " (" + mx + " [10." + std::to_string(rng.between(128, 254)) + "." +
          std::to_string(rng.below(256)) + "." + std::to_string(rng.between(1, 254)) +
          "])\r\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\r\n\t(No "
          "client certificate requested)\r\n\tby " +
          c.server_name + " (Postfix) with ESMTPS id " + random_token(rng, 15, kQueueIdAlphabet) +
          "\r\n\tfor <" + c.user.address + ">; " + date};
}

// ---- SMTP ----------------------------------------------------------------------------------

void smtp_auth(Talk& t, const DialogueContext& c, Rng& rng) {
  auto attempt = [&](const std::string& password, bool accepted) {
    if (c.sasl_login) {
      t.client("AUTH LOGIN\r\n");
      t.server("334 VXNlcm5hbWU6\r\n");
      t.client(crlf_line(sasl::base64(c.login)));
      t.server("334 UGFzc3dvcmQ6\r\n");
      t.client(crlf_line(sasl::base64(password)));
      t.credential("LOGIN", accepted);
    } else {
      t.client(crlf_line("AUTH PLAIN " + sasl::plain("", c.login, password)));
      t.credential("PLAIN", accepted);
    }
    t.wait_ms(accepted ? rng.real(15, 60) : rng.real(800, 1500));  // Dovecot auth; fail delay
    t.server(accepted ? postfix::kAuthOk : postfix::kAuthFailed);
  };
  if (c.wrong_password_first) {
    attempt(typo(c.password), false);
    t.wait_ms(rng.real(1500, 5000));  // the user types it again
  }
  attempt(c.password, true);
}

void smtp_submission(Talk& t, const DialogueContext& c, Rng& rng, Transport transport) {
  if (transport == Transport::kImplicit && !t.start_tls()) return;
  t.wait_ms(rng.real(2, 8));  // smtpd accepting
  t.server(postfix::banner(c.server_name));
  t.client(crlf_line("EHLO " + c.client_name));
  const bool offer = transport == Transport::kStartTls || c.offer_starttls;
  t.server(postfix::ehlo_reply(
      c.server_name, {.starttls = offer && transport != Transport::kImplicit, .etrn = false}));
  if (transport == Transport::kStartTls) {
    t.client("STARTTLS\r\n");
    t.server(postfix::kStartTlsGo);
    if (!t.start_tls()) return;
    t.client(crlf_line("EHLO " + c.client_name));
    t.server(postfix::ehlo_reply(c.server_name, {.starttls = false, .etrn = false}));
  }
  smtp_auth(t, c, rng);
  for (const std::size_t size : c.message_sizes) {
    t.wait_ms(rng.real(30, 400));
    MessageSpec m{.size = size,
                  .from = c.user,
                  .to = recipients(c, rng, 3),
                  .cc = rng.chance(0.2) ? recipients(c, rng, 2) : std::vector<Person>{},
                  .unix_time = c.unix_time,
                  .trace = {},
                  .user_agent = user_agent_line(c.agent)};
    const std::string text = c.corpus->message(rng, m);
    const std::string body = c.agent == Agent::kThunderbird ? " BODY=8BITMIME" : "";
    t.client("MAIL FROM:<" + c.user.address + ">" + body + " SIZE=" + std::to_string(text.size()) +
             "\r\n");
    t.server("250 2.1.0 Ok\r\n");
    for (const auto* list : {&m.to, &m.cc}) {
      for (const Person& r : *list) {
        t.client("RCPT TO:<" + r.address + ">\r\n");
        t.server("250 2.1.5 Ok\r\n");
      }
    }
    t.client("DATA\r\n");
    t.server("354 End data with <CR><LF>.<CR><LF>\r\n");
    t.client(text + ".\r\n");
    t.message_crossed();
    t.wait_ms(rng.real(8, 40));  // cleanup and queue manager
    t.server("250 2.0.0 Ok: queued as " + random_token(rng, 15, kQueueIdAlphabet) + "\r\n");
  }
  t.client("QUIT\r\n");
  t.server(postfix::kBye);
  if (!t.in_clear()) t.close_notify(Side::kServer);
  t.closed_by(Side::kServer);
}

void smtp_relay(Talk& t, const DialogueContext& c, Rng& rng, Transport transport) {
  t.wait_ms(rng.real(2, 10));
  t.server(postfix::banner(c.server_name));
  t.client(crlf_line("EHLO " + c.client_name));
  const bool offer = transport == Transport::kStartTls || c.offer_starttls;
  t.server(postfix::ehlo_reply(c.server_name, {.starttls = offer, .auth = ""}));
  if (transport == Transport::kStartTls) {
    t.client("STARTTLS\r\n");
    t.server(postfix::kStartTlsGo);
    if (!t.start_tls()) return;
    t.client(crlf_line("EHLO " + c.client_name));
    t.server(postfix::ehlo_reply(c.server_name, {.starttls = false, .auth = ""}));
  }
  for (const std::size_t size : c.message_sizes) {
    const Person from = c.corpus->person(rng);
    std::vector<Person> to = {c.corpus->local_person(rng, c.domain)};
    if (rng.chance(0.15)) to.push_back(c.corpus->local_person(rng, c.domain));
    const std::string received =
        "Received: from [10." + std::to_string(rng.below(128)) + "." +
        std::to_string(rng.below(256)) + "." + std::to_string(rng.between(1, 254)) +
        "] (unknown [10." + std::to_string(rng.below(128)) + "." + std::to_string(rng.below(256)) +
        "." + std::to_string(rng.between(1, 254)) +
        "])\r\n\t(Authenticated sender: " + from.address + ")\r\n\tby " + c.client_name +
        " (Postfix) with ESMTPSA id " + random_token(rng, 15, kQueueIdAlphabet) + ";\r\n\t" +
        rfc5322_date(c.unix_time - 2);
    const MessageSpec m{
        .size = size,
        .from = from,
        .to = to,
        .cc = {},
        .unix_time = c.unix_time - 3,
        .trace = {received},
        .user_agent = user_agent_line(rng.chance(0.5) ? Agent::kOutlook : Agent::kThunderbird)};
    const std::string text = c.corpus->message(rng, m);
    // Postfix pipelines the envelope (RFC 2920).
    std::string burst = "MAIL FROM:<" + from.address + "> SIZE=" + std::to_string(text.size()) +
                        " BODY=8BITMIME\r\n";
    std::string replies = "250 2.1.0 Ok\r\n";
    for (const Person& r : to) {
      burst += "RCPT TO:<" + r.address + "> ORCPT=rfc822;" + r.address + "\r\n";
      replies += "250 2.1.5 Ok\r\n";
    }
    burst += "DATA\r\n";
    replies += "354 End data with <CR><LF>.<CR><LF>\r\n";
    t.client(burst);
    t.server(replies);
    t.client(text + ".\r\n");
    t.message_crossed();
    t.wait_ms(rng.real(10, 120));  // content filter, queue manager
    t.server("250 2.0.0 Ok: queued as " + random_token(rng, 15, kQueueIdAlphabet) + "\r\n");
  }
  t.client("QUIT\r\n");
  t.server(postfix::kBye);
  if (!t.in_clear()) t.close_notify(Side::kClient);
  t.closed_by(Side::kClient);
}

// ---- IMAP ----------------------------------------------------------------------------------

std::string imap_tag(Agent a, int n) {
  switch (a) {
    case Agent::kThunderbird:
      return std::to_string(n);
    case Agent::kOutlook:
      return "A" + std::to_string(n);
    case Agent::kAppleMail:
      return "1." + std::to_string(n);
    default:
      return "a" + std::string(n < 10 ? "00" : n < 100 ? "0" : "") + std::to_string(n);
  }
}

std::string imap_quoted(std::string_view s) {
  std::string out = "\"";
  for (const char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

void imap(Talk& t, const DialogueContext& c, Rng& rng, Transport transport) {
  if (transport == Transport::kImplicit && !t.start_tls()) return;
  int n = 0;
  auto tag = [&] { return imap_tag(c.agent, ++n); };
  const bool offer = transport == Transport::kStartTls || c.offer_starttls;
  t.server(dovecot::imap_greeting({.starttls = offer && transport != Transport::kImplicit,
                                   .login_disabled = transport == Transport::kStartTls,
                                   .auth = {"PLAIN", "LOGIN"}}));
  if (transport == Transport::kStartTls) {
    const std::string st = tag();
    t.client(st + " STARTTLS\r\n");
    t.server(st + " OK Begin TLS negotiation now.\r\n");
    if (!t.start_tls()) return;
    const std::string cap = tag();
    t.client(cap + " CAPABILITY\r\n");
    t.server(
        "* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN "
        "AUTH=LOGIN\r\n" +
        cap + " OK Pre-login capabilities listed, post-login capabilities have more.\r\n");
  }
  auto attempt = [&](const std::string& password, bool accepted) {
    const std::string lt = tag();
    if (c.sasl_login) {
      t.client(lt + " AUTHENTICATE PLAIN " + sasl::plain("", c.login, password) + "\r\n");
      t.credential("PLAIN", accepted);
    } else {
      t.client(lt + " LOGIN " + imap_quoted(c.login) + " " + imap_quoted(password) + "\r\n");
      t.credential("IMAP-LOGIN", accepted);
    }
    t.wait_ms(accepted ? rng.real(10, 50) : rng.real(1800, 2200));  // Dovecot's fail delay
    t.server(accepted ? dovecot::imap_logged_in(lt) : dovecot::imap_auth_failed(lt));
  };
  if (c.wrong_password_first) {
    attempt(typo(c.password), false);
    t.wait_ms(rng.real(1500, 5000));
  }
  attempt(c.password, true);

  const int count = static_cast<int>(c.message_sizes.size());
  const int exists = count + static_cast<int>(rng.below(400));
  const int uidnext = exists + static_cast<int>(rng.below(3000)) + 1;
  const std::string sel = tag();
  t.client(sel + " SELECT INBOX\r\n");
  t.server(dovecot::imap_select_inbox(sel, exists, uidnext));
  for (int i = 0; i < count; ++i) {
    const Person from = c.corpus->person(rng);
    const MessageSpec m{
        .size = c.message_sizes[static_cast<std::size_t>(i)],
        .from = from,
        .to = {c.user},
        .cc = {},
        .unix_time = c.unix_time - rng.between(60, 86400),
        .trace = delivered_trace(c, from, rng),
        .user_agent = user_agent_line(rng.chance(0.5) ? Agent::kOutlook : Agent::kThunderbird)};
    const std::string text = c.corpus->message(rng, m);
    const std::string size = std::to_string(text.size());
    const int seq = exists - count + i + 1;
    const int uid = uidnext - count + i;
    const std::string ft = tag();
    t.client(ft + " UID FETCH " + std::to_string(uid) + " (UID RFC822.SIZE FLAGS BODY.PEEK[])\r\n");
    t.server("* " + std::to_string(seq) + " FETCH (UID " + std::to_string(uid) + " RFC822.SIZE " +
             size + " FLAGS (\\Recent) BODY[] {" + size + "}\r\n" + text + ")\r\n" + ft +
             " OK Fetch completed (0.003 + 0.000 + 0.002 secs).\r\n");
    t.message_crossed();
  }
  t.wait_ms(rng.real(20, 600));
  const std::string lo = tag();
  t.client(lo + " LOGOUT\r\n");
  t.server(dovecot::imap_logout(lo));
  if (!t.in_clear()) t.close_notify(Side::kServer);
  t.closed_by(Side::kServer);
}

// ---- POP3 ----------------------------------------------------------------------------------

void pop3(Talk& t, const DialogueContext& c, Rng& rng, Transport transport) {
  if (transport == Transport::kImplicit && !t.start_tls()) return;
  t.server(dovecot::kPop3Ready);
  const bool offer = transport == Transport::kStartTls || c.offer_starttls;
  t.client("CAPA\r\n");
  t.server(dovecot::pop3_capa(offer && transport != Transport::kImplicit, true, "PLAIN LOGIN"));
  if (transport == Transport::kStartTls) {
    t.client("STLS\r\n");
    t.server("+OK Begin TLS negotiation now.\r\n");
    if (!t.start_tls()) return;
    t.client("CAPA\r\n");
    t.server(dovecot::pop3_capa(false, true, "PLAIN LOGIN"));
  }
  auto attempt = [&](const std::string& password, bool accepted) {
    t.client("USER " + c.login + "\r\n");
    t.server("+OK\r\n");
    t.client("PASS " + password + "\r\n");
    t.credential("USER-PASS", accepted);
    t.wait_ms(accepted ? rng.real(10, 50) : rng.real(1800, 2200));
    t.server(accepted ? dovecot::kPop3LoggedIn : dovecot::kPop3AuthFailed);
  };
  if (c.wrong_password_first) {
    attempt(typo(c.password), false);
    t.wait_ms(rng.real(1500, 5000));
  }
  attempt(c.password, true);

  std::vector<std::string> texts;
  std::size_t total = 0;
  for (const std::size_t size : c.message_sizes) {
    const Person from = c.corpus->person(rng);
    const MessageSpec m{
        .size = size,
        .from = from,
        .to = {c.user},
        .cc = {},
        .unix_time = c.unix_time - rng.between(60, 86400),
        .trace = delivered_trace(c, from, rng),
        .user_agent = user_agent_line(rng.chance(0.5) ? Agent::kOutlook : Agent::kThunderbird)};
    texts.push_back(c.corpus->message(rng, m));
    total += texts.back().size();
  }
  t.client("STAT\r\n");
  t.server("+OK " + std::to_string(texts.size()) + " " + std::to_string(total) + "\r\n");
  std::string uidl = "+OK\r\n";
  for (std::size_t i = 0; i < texts.size(); ++i) {
    uidl += std::to_string(i + 1) + " " + random_token(rng, 8, "0123456789abcdef") +
            random_token(rng, 8, "0123456789abcdef") + "\r\n";
  }
  t.client("UIDL\r\n");
  t.server(uidl + ".\r\n");
  const bool keep = c.agent == Agent::kThunderbird && rng.chance(0.5);  // "leave on server"
  for (std::size_t i = 0; i < texts.size(); ++i) {
    t.client("RETR " + std::to_string(i + 1) + "\r\n");
    t.server("+OK " + std::to_string(texts[i].size()) + " octets\r\n" + texts[i] + ".\r\n");
    t.message_crossed();
    if (!keep) {
      t.client("DELE " + std::to_string(i + 1) + "\r\n");
      t.server("+OK Marked to be deleted.\r\n");
    }
  }
  t.client("QUIT\r\n");
  t.server(dovecot::kPop3Bye);
  if (!t.in_clear()) t.close_notify(Side::kServer);
  t.closed_by(Side::kServer);
}

}  // namespace

const ServiceInfo& info(Service s) {
  return kServices[static_cast<std::size_t>(s)];
}

bool uses_tls(Service s) {
  return transport_of(s) != Transport::kPlain;
}

void Talk::say(Side from, std::string_view text) {
  if (stopped_) throw std::logic_error("the dialogue went on after its prefix ended");
  if (!recording()) {
    pending_wait_ms_ = 0;
    return;
  }
  if (!tls_) {
    record(from, text, false);
    return;
  }
  const Bytes records = pump_->write(from, text);
  record(from, std::string_view(reinterpret_cast<const char*>(records.data()), records.size()),
         true);
}

void Talk::record(Side from, std::string_view bytes, bool tls) {
  if (bytes.empty()) return;
  script_.steps.push_back({from, pending_wait_ms_, std::string(bytes)});
  pending_wait_ms_ = 0;
  if (tls) script_.tls_bytes += bytes.size();
}

bool Talk::start_tls() {
  if (tls_) throw std::logic_error("TLS already started");
  if (mode_ == Mode::kPrefix) {
    stopped_ = true;
    return false;
  }
  if (!pump_) throw std::logic_error("TLS needs a pump");
  if (mode_ == Mode::kTlsOnly) pending_wait_ms_ = 0;
  tls_ = true;
  for (const TlsFlight& f : pump_->handshake()) {
    record(f.from, std::string_view(reinterpret_cast<const char*>(f.bytes.data()), f.bytes.size()),
           true);
  }
  return true;
}

void Talk::close_notify(Side from) {
  if (!tls_ || !recording()) return;
  const Bytes alert = pump_->close_notify(from);
  record(from, std::string_view(reinterpret_cast<const char*>(alert.data()), alert.size()), true);
}

void Talk::credential(std::string mechanism, bool accepted) {
  if (tls_ || !recording()) return;
  script_.credentials.push_back({std::move(mechanism), accepted});
}

void Talk::message_crossed() {
  if (tls_ || !recording()) return;
  ++script_.messages_in_clear;
}

void run_dialogue(Service service, Talk& talk, const DialogueContext& ctx, Rng& rng) {
  const Transport transport = transport_of(service);
  switch (service) {
    case Service::kSubmission:
    case Service::kSubmissionStartTls:
    case Service::kSmtps:
      smtp_submission(talk, ctx, rng, transport);
      return;
    case Service::kRelayIn:
    case Service::kRelayInStartTls:
    case Service::kRelayOut:
    case Service::kRelayOutStartTls:
      smtp_relay(talk, ctx, rng, transport);
      return;
    case Service::kImap:
    case Service::kImapStartTls:
    case Service::kImaps:
      imap(talk, ctx, rng, transport);
      return;
    case Service::kPop3:
    case Service::kPop3Stls:
    case Service::kPop3s:
      pop3(talk, ctx, rng, transport);
      return;
  }
  throw std::logic_error("unknown service");
}

std::size_t draw_message_count(Service service, Rng& rng) {
  const double u = rng.uniform();
  switch (info(service).protocol == "smtp"   ? (info(service).hop == "relay" ? 1 : 0)
          : info(service).protocol == "imap" ? 2
                                             : 3) {
    case 0:  // submission: one mail, sometimes two
      return u < 0.92 ? 1 : 2;
    case 1:  // relay: Postfix reuses a connection for queued mail
      return u < 0.85 ? 1 : u < 0.95 ? 2 : 3;
    case 2:  // IMAP: most polls find nothing new
      return u < 0.45   ? 0
             : u < 0.80 ? 1
             : u < 0.92 ? 2
                        : 3 + static_cast<std::size_t>(rng.below(3));
    default:  // POP3
      return u < 0.40 ? 0 : u < 0.75 ? 1 : 2 + static_cast<std::size_t>(rng.below(3));
  }
}

}  // namespace capgen::bench
