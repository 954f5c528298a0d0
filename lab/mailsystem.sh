# shellcheck shell=bash disable=SC2034  # (the demo users are for the scripts that source this)
# Sourced, not run: the throw-away mail system shared by lab/lab.sh (the live training lab)
# and captures/real/record.sh (the recorded real captures).
#
# It knows the demo users and how to configure, in a folder of its own and from Debian's
# packages, a self-signed certificate for mail.example.test, Dovecot (IMAP 143/993,
# POP3 110/995, SASL for Postfix) and Postfix (relay 25, submission 587 with STARTTLS
# offered but not required and AUTH allowed in clear, 465 implicit TLS), and optionally a
# small OAuth token-introspection endpoint for XOAUTH2/OAUTHBEARER. It starts nothing:
# each caller starts and stops the servers its own way (record.sh inside unshare, the lab
# inside a network namespace).
#
# Usage:
#   source lab/mailsystem.sh
#   need=($(mailsystem_missing_packages [TOOL:PACKAGE ...]))  # what apt must install
#   mailsystem_install "${need[@]}"                            # non-interactive apt-get
#   MS_DIR=/some/dir MS_ADDR=127.0.0.1 MS_NAME=my-instance MS_OAUTH_PORT=8080 (or "")
#   mailsystem_make_dirs; mailsystem_make_cert; mailsystem_configure_dovecot
#   mailsystem_configure_postfix; [mailsystem_configure_oauth]
#
# Layout of MS_DIR: logs/ tls/{cert,key}.pem mail/USER/Maildir dovecot/{dovecot.conf,users,
# run/,state/} postfix/{etc/,spool/,data/} oauth/introspect.py. The servers' pid files are
# dovecot/run/master.pid and postfix/spool/pid/master.pid.

# ---------------------------------------------------------------------------
# Demo users. The passwords exercise escaping: BOB's has spaces, double quotes and a
# backslash (IMAP LOGIN must quote and escape it), CAROL's is non-ASCII UTF-8.
# ---------------------------------------------------------------------------
ALICE_PW='Wonderland-2026'
BOB_PW='s3cret "quoted" back\slash'
CAROL_PW='Grüße-aus-Köln'
WRONG_PW='not-the-password'
# OAuth 2.0 bearer tokens (XOAUTH2 / OAUTHBEARER), checked by the introspection endpoint;
# REVOKED_TOKEN is one it answers {"active": false} for.
ALICE_TOKEN='ya29.alice-demo-token-2026'
BOB_TOKEN='ya29.bob-demo-token-2026'
CAROL_TOKEN='ya29.carol-demo-token-2026'
REVOKED_TOKEN='ya29.revoked-demo-token'

# The tools the mail system and its clients need, as TOOL:PACKAGE (an absolute TOOL is a
# file that must be executable, a bare one a command on PATH).
MAILSYSTEM_TOOLS=(
    dovecot:dovecot-core doveadm:dovecot-core
    /usr/lib/dovecot/imap:dovecot-imapd /usr/lib/dovecot/pop3:dovecot-pop3d
    postfix:postfix swaks:swaks fetchmail:fetchmail curl:curl openssl:openssl
    /usr/bin/python3:python3 ip:iproute2 ss:iproute2
)

# mailsystem_missing_packages [TOOL:PACKAGE ...]: prints, one a line, the Debian packages
# to install for the missing tools (the mail system's and any given).
mailsystem_missing_packages() {
    local tool_pkg tool pkg
    for tool_pkg in "${MAILSYSTEM_TOOLS[@]}" "$@"; do
        tool="${tool_pkg%%:*}"; pkg="${tool_pkg#*:}"
        if [[ "$tool" == /* ]]; then [[ -x "$tool" ]] && continue
        else command -v "$tool" >/dev/null 2>&1 && continue; fi
        echo "$pkg"
    done | sort -u
    # swaks needs Net::SSLeay for --tls/--tlsc; it is only "recommended" by the package.
    perl -MNet::SSLeay -e1 >/dev/null 2>&1 || echo libnet-ssleay-perl
}

# mailsystem_install PACKAGE...: apt-get install, without questions. Returns non-zero
# (apt's own messages on stderr) when it fails.
mailsystem_install() {
    (($#)) || return 0
    # Postfix must not ask which kind of mail system this is: we configure our own
    # instance in a folder of ours and leave /etc/postfix alone.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

mailsystem_make_dirs() {
    chmod 755 "$MS_DIR"   # Postfix and Dovecot's unprivileged processes must traverse it
    mkdir -p "$MS_DIR/logs" "$MS_DIR/tls" "$MS_DIR/mail" "$MS_DIR/oauth" \
             "$MS_DIR/dovecot/run" "$MS_DIR/dovecot/state" \
             "$MS_DIR/postfix/etc" "$MS_DIR/postfix/spool" "$MS_DIR/postfix/data"
    # Mail is stored as nobody:nogroup, an unprivileged uid both servers accept.
    chown 65534:65534 "$MS_DIR/mail"
    chown postfix:postfix "$MS_DIR/postfix/data"
}

# A self-signed certificate for mail.example.test, also valid for MS_ADDR.
mailsystem_make_cert() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
        -subj "/CN=mail.example.test" \
        -addext "subjectAltName=DNS:mail.example.test,IP:$MS_ADDR" \
        -keyout "$MS_DIR/tls/key.pem" -out "$MS_DIR/tls/cert.pem" >"$MS_DIR/logs/openssl.log" 2>&1
    chmod 644 "$MS_DIR/tls/cert.pem"; chmod 600 "$MS_DIR/tls/key.pem"
}

# ---------------------------------------------------------------------------
# Dovecot: IMAP and POP3 on MS_ADDR, and the SASL service Postfix asks for SMTP AUTH.
# Passwords are stored in clear ({PLAIN}) because CRAM-MD5 and APOP need them. With
# MS_OAUTH_PORT set, bearer tokens are checked by the introspection endpoint.
# ---------------------------------------------------------------------------
mailsystem_configure_dovecot() {
    local T=$MS_DIR mechanisms="plain login cram-md5 apop" oauth_passdb=""
    {
        printf 'alice:{PLAIN}%s\n' "$ALICE_PW"
        printf 'bob:{PLAIN}%s\n' "$BOB_PW"
        printf 'carol:{PLAIN}%s\n' "$CAROL_PW"
    } >"$T/dovecot/users"
    chmod 644 "$T/dovecot/users"
    if [[ -n "${MS_OAUTH_PORT:-}" ]]; then
        mechanisms+=" xoauth2 oauthbearer"
        oauth_passdb="
# Bearer tokens are checked by the introspection endpoint, passwords by the file.
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $T/dovecot/oauth2.conf.ext
}"
        cat >"$T/dovecot/oauth2.conf.ext" <<EOF
# RFC 7662 token introspection on our own loopback endpoint
introspection_mode = post
introspection_url = http://127.0.0.1:$MS_OAUTH_PORT/introspect
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
EOF
    fi
    cat >"$T/dovecot/dovecot.conf" <<EOF
# Throw-away Dovecot made by lab/mailsystem.sh for $MS_NAME
instance_name = $MS_NAME
base_dir = $T/dovecot/run
state_dir = $T/dovecot/state
log_path = $T/logs/dovecot.log
auth_verbose = yes
protocols = imap pop3
listen = $MS_ADDR

ssl = yes
ssl_cert = <$T/tls/cert.pem
ssl_key = <$T/tls/key.pem

# The lesson needs passwords in clear: allow plaintext logins without TLS.
disable_plaintext_auth = no
# apop makes pop3-login put a <timestamp> in its greeting and accept APOP.
auth_mechanisms = $mechanisms
$oauth_passdb
passdb {
  driver = passwd-file
  mechanisms = plain login cram-md5 apop
  args = scheme=PLAIN username_format=%n $T/dovecot/users
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=$T/mail/%n
}
mail_location = maildir:~/Maildir

service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 993
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 995
    ssl = yes
  }
}
service auth {
  unix_listener auth-postfix {   # in base_dir; Postfix's smtpd_sasl_path points at it
    mode = 0660
    user = postfix
    group = postfix
  }
}
EOF
}

# ---------------------------------------------------------------------------
# Postfix: its own instance (postfix -c DIR), no chroot, on MS_ADDR; mail for example.test
# delivered by the virtual agent into the Maildirs Dovecot serves.
# ---------------------------------------------------------------------------
mailsystem_configure_postfix() {
    local T=$MS_DIR
    cat >"$T/postfix/etc/main.cf" <<EOF
# Throw-away Postfix made by lab/mailsystem.sh for $MS_NAME
compatibility_level = 3.6
queue_directory = $T/postfix/spool
data_directory = $T/postfix/data
mail_owner = postfix
setgid_group = postdrop
maillog_file_prefixes = $T/logs
maillog_file = $T/logs/postfix.log
myhostname = mail.example.test
mydomain = example.test
myorigin = \$mydomain
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
inet_interfaces = $MS_ADDR
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
biff = no

virtual_mailbox_domains = example.test
virtual_mailbox_base = $T/mail
virtual_mailbox_maps = texthash:$T/postfix/etc/vmailbox
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534

# STARTTLS offered, never required; AUTH offered in clear too (the lesson).
smtpd_tls_cert_file = $T/tls/cert.pem
smtpd_tls_key_file = $T/tls/key.pem
smtpd_tls_security_level = may
smtpd_tls_auth_only = no
smtpd_sasl_type = dovecot
smtpd_sasl_path = $T/dovecot/run/auth-postfix
smtpd_sasl_auth_enable = no
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
EOF
    cat >"$T/postfix/etc/vmailbox" <<EOF
alice@example.test alice/Maildir/
bob@example.test   bob/Maildir/
carol@example.test carol/Maildir/
EOF
    cat >"$T/postfix/etc/master.cf" <<EOF
# service type  private unpriv  chroot  wakeup  maxproc command + args
# Port 25: relay between servers, no AUTH.
$MS_ADDR:25 inet n     -       n       -       -       smtpd
# Port 587: submission, STARTTLS offered (not required), AUTH allowed before it.
$MS_ADDR:587 inet n    -       n       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
# Port 465: submission over implicit TLS.
$MS_ADDR:465 inet n    -       n       -       -       smtpd
  -o syslog_name=postfix/submissions
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}

# ---------------------------------------------------------------------------
# The OAuth introspection endpoint (oauth/introspect.py PORT TOKENS_JSON): answers
# {"active": true, "username": U} for the demo tokens and {"active": false} for anything
# else. The caller starts it (before Dovecot) and stops it.
# ---------------------------------------------------------------------------
mailsystem_configure_oauth() {
    cat >"$MS_DIR/oauth/introspect.py" <<'EOF'
import http.server, json, sys, urllib.parse
port, tokens = int(sys.argv[1]), json.loads(sys.argv[2])
class Introspect(http.server.BaseHTTPRequestHandler):
    def answer(self, token):
        user = tokens.get(token)
        body = json.dumps({"active": True, "username": user} if user else {"active": False}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_POST(self):
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
        self.answer(form.get("token", [""])[0])
    def do_GET(self):
        auth = self.headers.get("Authorization", "")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        self.answer(auth[7:] if auth.startswith("Bearer ") else query.get("token", [""])[0])
    def log_message(self, fmt, *args):
        sys.stderr.write(fmt % args + "\n")
http.server.HTTPServer(("127.0.0.1", port), Introspect).serve_forever()
EOF
}

# The JSON the introspection endpoint takes: token -> user, for the three demo tokens.
mailsystem_oauth_tokens_json() {
    /usr/bin/python3 -c 'import json, sys; print(json.dumps(dict(zip(sys.argv[1::2], sys.argv[2::2]))))' \
        "$ALICE_TOKEN" alice "$BOB_TOKEN" bob "$CAROL_TOKEN" carol
}
