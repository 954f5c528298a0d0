"""What a mail program does to read the inbox over IMAP, with Python's imaplib.

    imap_client.py HOST MODE USER PASSWORD CAFILE

MODE: clear     LOGIN in clear on 143 (imaplib quotes and escapes the password; a
                non-ASCII one goes as a literal)
      starttls  STARTTLS on 143 first, then LOGIN inside TLS
      tls       implicit TLS on 993, then LOGIN
Then SELECT INBOX (read-only) and FETCH 1 (BODY.PEEK[]), and LOGOUT.
Exit status: 0 done, 3 the server refused the login, 1 anything else.
"""
import imaplib
import ssl
import sys

host, mode, user, password, cafile = sys.argv[1:6]
context = ssl.create_default_context(cafile=cafile)
try:
    if mode == "tls":
        m = imaplib.IMAP4_SSL(host, 993, ssl_context=context, timeout=20)
    else:
        m = imaplib.IMAP4(host, 143, timeout=20)
        if mode == "starttls":
            m.starttls(context)
    try:
        if password.isascii():
            m.login(user, password)
        else:
            # 8-bit data cannot go in a quoted string: send the password as a {N} literal,
            # as IMAP clients do (imaplib sends self.literal after the other arguments).
            m.literal = password.encode("utf-8")
            m._simple_command("LOGIN", user)
            m.state = "AUTH"
    except imaplib.IMAP4.error as refused:
        print(f"login refused: {refused}")
        m.logout()
        sys.exit(3)
    m.select("INBOX", readonly=True)
    typ, data = m.fetch("1", "(BODY.PEEK[])")
    if typ != "OK" or not data or data[0] is None:
        sys.exit(f"FETCH failed: {data}")
    print(f"fetched {len(data[0][1])} bytes of message 1")
    m.logout()
except (OSError, imaplib.IMAP4.error) as e:
    sys.exit(f"IMAP failed: {e}")
