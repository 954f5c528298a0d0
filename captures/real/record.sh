#!/usr/bin/env bash
# Record real mail clients (swaks, curl, Python's imaplib and smtplib, fetchmail)
# talking to real mail servers (Postfix for SMTP with Dovecot SASL, Dovecot for IMAP
# and POP3) and write, beside each capture, the truth a decoder must find in it
# (NAME.expected.json). See README.md beside this file.
#
#   sudo captures/real/record.sh
#
# What it does, in order:
#   1. installs the Debian packages it needs if a tool is missing;
#   2. re-runs itself inside private network, PID and mount namespaces (unshare), so
#      the servers listen on the standard ports of a loopback nobody else uses, the
#      captures hold only our traffic, and every process it started dies with it;
#   3. builds a throw-away mail system in a temporary folder: a self-signed
#      certificate for mail.example.test, three demo users, Dovecot (IMAP 143/993,
#      POP3 110/995, SASL for Postfix) and Postfix (relay 25, submission 587 with
#      STARTTLS offered but not required and AUTH allowed in clear, 465 implicit TLS),
#      and a small OAuth token-introspection endpoint for XOAUTH2/OAUTHBEARER (the
#      configuration lives in lab/mailsystem.sh, shared with the live lab lab/lab.sh);
#   4. for each scenario family starts tcpdump on lo with that family's port filter,
#      runs the clients, and notes in NAME.scenarios.jsonl what each session did;
#   5. runs make_truth.py, which decodes every capture on its own, checks it against
#      the scenarios (users, secrets, results, TLS, messages) and against tshark, and
#      writes NAME.expected.json;
#   6. stops what it started and copies NAME.pcap, NAME.expected.json and
#      NAME.scenarios.jsonl into captures/real/.
#
# Re-running replaces the captures (timestamps, ports and TLS bytes change; the
# scenarios do not). On failure it prints one line naming the step and keeps the
# temporary folder with the servers' and clients' logs.
set -Eeuo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SELF="$HERE/$(basename "${BASH_SOURCE[0]}")"
PY=/usr/bin/python3
STEP="start"
# The demo users and the configuration of Postfix and Dovecot, shared with the live lab.
# shellcheck source=SCRIPTDIR/../../lab/mailsystem.sh
source "$HERE/../../lab/mailsystem.sh"

# One clear line on failure; inside the namespaces it also says where the logs are kept.
fail() { echo "record.sh: $*${T:+ (logs kept in $T/logs)}" >&2; exit 1; }
step() { STEP="$*"; echo "==> $*"; }

# ---------------------------------------------------------------------------
# Outside the namespaces: check we are root, install what is missing, re-exec.
# ---------------------------------------------------------------------------
if [[ "${1:-}" != "--inside" ]]; then
    trap '[[ $BASHPID == "$$" ]] && echo "record.sh: step \"$STEP\" failed" >&2' ERR
    [[ $EUID -eq 0 ]] || fail "must run as root (sudo $0)"

    step "checking installed tools"
    # The mail system's tools (lab/mailsystem.sh), and what the recording adds.
    mapfile -t need < <(mailsystem_missing_packages tcpdump:tcpdump tshark:tshark unshare:util-linux)
    if ((${#need[@]})); then
        step "installing ${need[*]}"
        mailsystem_install "${need[@]}" || fail "apt-get install ${need[*]} failed"
    fi

    step "entering private network/PID/mount namespaces"
    # --pid --fork: the inner script is PID 1 of its namespace; when it exits the
    # kernel kills whatever is left in it, so no daemon can outlive the recording.
    # --net: a fresh loopback only; nothing else can listen on our ports or appear
    # in the captures, and no packet can leave the machine.
    exec unshare --net --pid --fork --mount-proc -- /bin/bash "$SELF" --inside
fi

# ---------------------------------------------------------------------------
# Inside the namespaces.
# ---------------------------------------------------------------------------
T=""
DOVECOT_PID=""
POSTFIX_PID=""
TCPDUMP_PID=""
OAUTH_PID=""
OK=0

stop_all() {
    # Stop only what this script started, each by its own pid file or pid.
    if [[ -n "$TCPDUMP_PID" ]] && kill -0 "$TCPDUMP_PID" 2>/dev/null; then
        kill -INT "$TCPDUMP_PID" 2>/dev/null || true
        wait "$TCPDUMP_PID" 2>/dev/null || true
    fi
    TCPDUMP_PID=""
    if [[ -n "$POSTFIX_PID" ]]; then
        postfix -c "$T/postfix/etc" stop >>"$T/logs/postfix-ctl.log" 2>&1 || kill "$POSTFIX_PID" 2>/dev/null || true
        wait_gone "$POSTFIX_PID"
        POSTFIX_PID=""
    fi
    if [[ -n "$DOVECOT_PID" ]]; then
        kill "$DOVECOT_PID" 2>/dev/null || true
        wait_gone "$DOVECOT_PID"
        DOVECOT_PID=""
    fi
    if [[ -n "$OAUTH_PID" ]]; then
        kill "$OAUTH_PID" 2>/dev/null || true
        wait "$OAUTH_PID" 2>/dev/null || true
        OAUTH_PID=""
    fi
}

wait_gone() {  # wait up to 10 s for a pid to exit, then kill it hard
    local pid=$1 i
    for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
}

on_exit() {
    local rc=$?
    set +e
    stop_all
    # Keep the temporary folder (logs) only when something failed.
    if [[ $OK -eq 1 && -n "$T" ]]; then rm -rf "$T"; fi
    exit $rc
}
trap on_exit EXIT
# (Only the main shell reports: command substitutions inherit the trap through set -E.)
trap '[[ $BASHPID == "$$" ]] && echo "record.sh: step \"$STEP\" failed (line $LINENO)${T:+ (logs kept in $T/logs)}" >&2' ERR

ip link set lo up

# Wait until something listens on 127.0.0.1:PORT (the servers daemonize first).
wait_port() {
    local port=$1 i
    for i in $(seq 100); do
        ss -Hltn "sport = :$port" | grep -q . && return 0
        sleep 0.1
    done
    fail "nothing listens on 127.0.0.1:$port after 10 s (step: $STEP)"
}

# ---------------------------------------------------------------------------
# The throw-away mail system. The demo users (ALICE_PW, BOB_PW, CAROL_PW, WRONG_PW and
# the bearer tokens) and the servers' configuration come from lab/mailsystem.sh.
# ---------------------------------------------------------------------------
OAUTH_PORT=8080
MS_ADDR=127.0.0.1 MS_NAME=mailscope-record MS_OAUTH_PORT=$OAUTH_PORT

step "creating the temporary mail system"
T="$(mktemp -d /tmp/mailscope-real.XXXXXX)"
MS_DIR=$T
mailsystem_make_dirs
mkdir -p "$T/cap" "$T/client"

step "making a self-signed certificate for mail.example.test"
mailsystem_make_cert
CA="$T/tls/cert.pem"

# Dovecot: IMAP and POP3, and the SASL service Postfix asks for SMTP AUTH; bearer tokens
# are checked by the introspection endpoint below.
step "configuring Dovecot"
mailsystem_configure_dovecot

# Postfix: its own instance (postfix -c DIR), no chroot, mail for example.test delivered
# by the virtual agent into the Maildirs Dovecot serves.
step "configuring Postfix"
mailsystem_configure_postfix

# The introspection endpoint answers {"active": true, "username": U} for the demo tokens
# and {"active": false} for anything else.
mailsystem_configure_oauth

step "starting the OAuth token introspection endpoint"
"$PY" "$T/oauth/introspect.py" "$OAUTH_PORT" "$(mailsystem_oauth_tokens_json)" \
    >"$T/logs/introspect.log" 2>&1 &
OAUTH_PID=$!
wait_port "$OAUTH_PORT"

step "starting Dovecot"
dovecot -c "$T/dovecot/dovecot.conf" >>"$T/logs/dovecot-ctl.log" 2>&1
for p in 143 993 110 995; do wait_port "$p"; done
DOVECOT_PID="$(cat "$T/dovecot/run/master.pid")"

step "starting Postfix"
postfix -c "$T/postfix/etc" start >>"$T/logs/postfix-ctl.log" 2>&1
for p in 25 587 465; do wait_port "$p"; done
POSTFIX_PID="$(sed -n '1s/ //gp' "$T/postfix/spool/pid/master.pid")"

step "reading the servers' and clients' versions"
DOVECOT_VERSION="$(dovecot --version | cut -d' ' -f1)"
POSTFIX_VERSION="$(postconf -d -h mail_version)"
SWAKS_VERSION="$(swaks --version | sed -n 's/^swaks version \([^ ]*\).*/\1/p')"
CURL_VERSION="$(curl --version | sed -n '1s/^curl \([^ ]*\).*/\1/p')"
FETCHMAIL_VERSION="$(fetchmail --version 2>/dev/null | sed -n 's/^This is fetchmail release \([0-9.]*\).*/\1/p')"
PYVER="$("$PY" -c 'import platform; print(platform.python_version())')"
for v in DOVECOT_VERSION POSTFIX_VERSION SWAKS_VERSION CURL_VERSION FETCHMAIL_VERSION PYVER; do
    [[ -n "${!v}" ]] || fail "could not read $v"
done

# ---------------------------------------------------------------------------
# Scenario book-keeping. Each family is one capture; each scenario one TCP session.
# The manifest (NAME.scenarios.jsonl) is what make_truth.py checks the capture against.
# ---------------------------------------------------------------------------
FAMILY=""
MANIFEST=""
SCEN_N=0

jsonl() {  # jsonl key value [key value ...]  -> one JSON object on the manifest
    "$PY" -c 'import json, sys; a = sys.argv[1:]; print(json.dumps(dict(zip(a[0::2], a[1::2])), ensure_ascii=False))' "$@" >>"$MANIFEST"
}

begin_family() {  # begin_family NAME PORTS DESCRIPTION MADE_BY
    FAMILY=$1; SCEN_N=0
    local ports=$2 filter="" p
    MANIFEST="$T/cap/$FAMILY.scenarios.jsonl"
    : >"$MANIFEST"
    jsonl kind family file "$FAMILY.pcap" description "$3" made_by "$4" ports "$ports"
    for p in $ports; do filter+="${filter:+ or }tcp port $p"; done
    step "capturing $FAMILY ($filter)"
    # -U: write each packet as it comes; -Z root: keep the right to write into $T.
    tcpdump -i lo -U -n -s 0 -Z root -w "$T/cap/$FAMILY.pcap" "$filter" 2>"$T/logs/tcpdump-$FAMILY.log" &
    TCPDUMP_PID=$!
    local i
    for i in $(seq 100); do
        grep -q "listening on" "$T/logs/tcpdump-$FAMILY.log" && return 0
        sleep 0.1
    done
    fail "tcpdump did not start for $FAMILY (see $T/logs/tcpdump-$FAMILY.log)"
}

end_family() {
    sleep 1   # let the last FIN/ACKs through
    kill -INT "$TCPDUMP_PID"
    wait "$TCPDUMP_PID" || true
    TCPDUMP_PID=""
}

# scenario PROTOCOL TRANSPORT SERVER_PORT "what happens" [SNI]
scenario() {
    SCEN_N=$((SCEN_N + 1))
    STEP="$FAMILY #$SCEN_N: $4"
    echo "    - $4"
    jsonl kind session protocol "$1" transport "$2" port "$3" what "$4" sni "${5:-}"
}
# cred MECHANISM USER SECRET RESULT [AUTHZID] [IR] — a credential the session must show in
# clear; IR "yes"/"no": the SASL exchange must (not) carry an initial response.
cred() { jsonl kind credential mechanism "$1" username "$2" secret "$3" result "$4" authzid "${5:-}" ir "${6:-}"; }
# message SUBJECT [SIZE] — a message whose content the session must show in clear;
# SUBJECT "*": one or more messages, whichever the mailbox holds (retrieval sessions).
message() { jsonl kind message subject "$1" size "${2:-}"; }

LOG() { echo "$T/logs/$FAMILY-$SCEN_N.log"; }
# run CMD...: the client must succeed. run_fail CMD...: it must fail (a rejected login).
run() {
    "$@" >"$(LOG)" 2>&1 || fail "$STEP: client failed (exit $?), see $(LOG)"
    sleep 0.3   # keep sessions apart in time: one TCP session closes before the next
}
run_fail() {
    if "$@" >"$(LOG)" 2>&1; then fail "$STEP: client succeeded but should have been rejected, see $(LOG)"; fi
    sleep 0.3
}

# ---------------------------------------------------------------------------
# Family 1: swaks against Postfix (submission 587/465 with AUTH, relay 25).
# ---------------------------------------------------------------------------
SWAKS=(swaks --server 127.0.0.1 --helo client.example.test --timeout 20)
begin_family smtp-swaks "25 465 587" \
    "swaks submits mail to Postfix with AUTH PLAIN, LOGIN and CRAM-MD5 in clear on 587, a rejected AUTH, AUTH inside STARTTLS and implicit TLS, and relays on port 25 in clear and with STARTTLS." \
    "swaks $SWAKS_VERSION against Postfix $POSTFIX_VERSION + Dovecot $DOVECOT_VERSION (SASL)"

S="swaks/1 AUTH PLAIN on 587 in clear"
scenario smtp plaintext 587 "AUTH PLAIN alice, message to carol"
cred PLAIN alice "$ALICE_PW" accepted; message "$S"
run "${SWAKS[@]}" --port 587 --auth PLAIN --auth-user alice --auth-password "$ALICE_PW" \
    --from alice@example.test --to carol@example.test --header "Subject: $S" \
    --body "Hello Carol, this password and this text crossed the wire in clear."

S="swaks/2 AUTH LOGIN on 587 in clear"
scenario smtp plaintext 587 "AUTH LOGIN bob (quotes, backslash, spaces), message to alice"
cred LOGIN bob "$BOB_PW" accepted; message "$S"
run "${SWAKS[@]}" --port 587 --auth LOGIN --auth-user bob --auth-password "$BOB_PW" \
    --from bob@example.test --to alice@example.test --header "Subject: $S" \
    --body "Hi Alice, AUTH LOGIN is only base64."

S="swaks/3 AUTH CRAM-MD5 on 587 in clear"
scenario smtp plaintext 587 "AUTH CRAM-MD5 carol (UTF-8 password), message to alice"
cred CRAM-MD5 carol "$CAROL_PW" accepted; message "$S"
run "${SWAKS[@]}" --port 587 --auth CRAM-MD5 --auth-user carol --auth-password "$CAROL_PW" \
    --from carol@example.test --to alice@example.test --header "Subject: $S" \
    --body "CRAM-MD5 hides the password but not this text, and the digest can be cracked offline."

scenario smtp plaintext 587 "AUTH PLAIN alice with a wrong password (535)"
cred PLAIN alice "$WRONG_PW" rejected
run_fail "${SWAKS[@]}" --port 587 --auth PLAIN --auth-user alice --auth-password "$WRONG_PW" \
    --from alice@example.test --to carol@example.test

scenario smtp starttls 587 "STARTTLS, then AUTH LOGIN alice and a message inside TLS" mail.example.test
run "${SWAKS[@]}" --port 587 --tls --tls-sni mail.example.test --tls-verify --tls-ca-path "$CA" \
    --auth LOGIN --auth-user alice --auth-password "$ALICE_PW" \
    --from alice@example.test --to carol@example.test --header "Subject: swaks/5 sealed by STARTTLS" \
    --body "Nobody on the path reads this."

scenario smtp implicit-tls 465 "implicit TLS on 465, AUTH PLAIN bob and a message inside TLS"
run "${SWAKS[@]}" --port 465 --tlsc --tls-verify --tls-ca-path "$CA" \
    --auth PLAIN --auth-user bob --auth-password "$BOB_PW" \
    --from bob@example.test --to alice@example.test --header "Subject: swaks/6 sealed by implicit TLS" \
    --body "Nobody on the path reads this either."

S="swaks/7 relay on 25 in clear"
scenario smtp plaintext 25 "relay delivery on 25 without AUTH, STARTTLS offered but not used"
message "$S"
# Envelope: both recipients; header: alice in To, carol in Cc.
run "${SWAKS[@]}" --port 25 --from news@sender.test --to alice@example.test,carol@example.test \
    --header "Subject: $S" --header "To: alice@example.test" --header "Cc: carol@example.test" \
    --body "Server-to-server hop: no password, but the whole message is a postcard."

scenario smtp starttls 25 "relay delivery on 25 with STARTTLS, no AUTH"
run "${SWAKS[@]}" --port 25 --tls --tls-verify --tls-ca-path "$CA" \
    --from news@sender.test --to carol@example.test --header "Subject: swaks/8 relay sealed by STARTTLS" \
    --body "Sealed server-to-server hop."
end_family

# ---------------------------------------------------------------------------
# Family 2: curl as an SMTP client (587 and 465).
# The message file has CRLF line ends and a line starting with "." that curl must
# dot-stuff; its size is what a decoder must report after un-stuffing.
# ---------------------------------------------------------------------------
make_msg() {  # make_msg FILE FROM TO SUBJECT
    printf 'From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s@client.example.test>\r\n\r\nThis message was uploaded by curl.\r\n.A line that starts with a dot is dot-stuffed on the wire.\r\n..and so is this one.\r\nBye.\r\n' \
        "$2" "$3" "$4" "$(echo "$4" | tr -c 'a-zA-Z0-9' '-')" >"$1"
}
CURL=(curl -sS --max-time 20 --cacert "$CA")
begin_family smtp-curl "465 587" \
    "curl submits mail to Postfix with AUTH PLAIN, AUTH LOGIN (SASL-IR) and OAUTHBEARER in clear on 587, is refused once (revoked bearer token), then submits inside STARTTLS and implicit TLS." \
    "curl $CURL_VERSION against Postfix $POSTFIX_VERSION + Dovecot $DOVECOT_VERSION (SASL)"

S="curl-smtp/1 AUTH PLAIN on 587 in clear"; make_msg "$T/client/m1.eml" alice@example.test carol@example.test "$S"
scenario smtp plaintext 587 "AUTH PLAIN (no initial response) alice, message to carol"
cred PLAIN alice "$ALICE_PW" accepted "" no; message "$S" "$(stat -c %s "$T/client/m1.eml")"
run "${CURL[@]}" smtp://127.0.0.1:587 -u "alice:$ALICE_PW" --login-options AUTH=PLAIN \
    --mail-from alice@example.test --mail-rcpt carol@example.test --upload-file "$T/client/m1.eml"

S="curl-smtp/2 AUTH LOGIN with SASL-IR on 587 in clear"; make_msg "$T/client/m2.eml" bob@example.test alice@example.test "$S"
scenario smtp plaintext 587 "AUTH LOGIN with initial response, bob, message to alice"
cred LOGIN bob "$BOB_PW" accepted "" yes; message "$S" "$(stat -c %s "$T/client/m2.eml")"
run "${CURL[@]}" smtp://127.0.0.1:587 -u "bob:$BOB_PW" --login-options AUTH=LOGIN --sasl-ir \
    --mail-from bob@example.test --mail-rcpt alice@example.test --upload-file "$T/client/m2.eml"

# (curl 7.88.1 sends OAUTHBEARER, not XOAUTH2, whenever the server offers both, even
# with AUTH=XOAUTH2; XOAUTH2 is recorded with Python's smtplib and imaplib instead.)
S="curl-smtp/3 AUTH OAUTHBEARER on 587 in clear"; make_msg "$T/client/m5.eml" carol@example.test alice@example.test "$S"
scenario smtp plaintext 587 "AUTH OAUTHBEARER carol with a bearer token, message to alice"
cred OAUTHBEARER carol "$CAROL_TOKEN" accepted; message "$S" "$(stat -c %s "$T/client/m5.eml")"
run "${CURL[@]}" smtp://127.0.0.1:587 -u "carol:" --oauth2-bearer "$CAROL_TOKEN" --login-options AUTH=OAUTHBEARER \
    --mail-from carol@example.test --mail-rcpt alice@example.test --upload-file "$T/client/m5.eml"

scenario smtp plaintext 587 "AUTH OAUTHBEARER alice with a revoked token (535)"
cred OAUTHBEARER alice "$REVOKED_TOKEN" rejected
run_fail "${CURL[@]}" smtp://127.0.0.1:587 -u "alice:" --oauth2-bearer "$REVOKED_TOKEN" --login-options AUTH=OAUTHBEARER \
    --mail-from alice@example.test --mail-rcpt carol@example.test --upload-file "$T/client/m1.eml"

make_msg "$T/client/m3.eml" carol@example.test alice@example.test "curl-smtp/5 sealed by STARTTLS"
scenario smtp starttls 587 "STARTTLS required by the client, AUTH PLAIN carol inside TLS"
run "${CURL[@]}" --ssl-reqd smtp://127.0.0.1:587 -u "carol:$CAROL_PW" --login-options AUTH=PLAIN \
    --mail-from carol@example.test --mail-rcpt alice@example.test --upload-file "$T/client/m3.eml"

make_msg "$T/client/m4.eml" alice@example.test carol@example.test "curl-smtp/6 sealed by implicit TLS"
scenario smtp implicit-tls 465 "smtps:// to mail.example.test:465 with SNI, AUTH inside TLS" mail.example.test
run "${CURL[@]}" --resolve mail.example.test:465:127.0.0.1 smtps://mail.example.test:465 -u "alice:$ALICE_PW" \
    --mail-from alice@example.test --mail-rcpt carol@example.test --upload-file "$T/client/m4.eml"
end_family

# ---------------------------------------------------------------------------
# Family 3: Python's smtplib submitting with AUTH XOAUTH2 (which curl 7.88.1 will not
# pick while OAUTHBEARER is offered). smtplib sends the initial response on the AUTH
# line, normalises line ends to CRLF and dot-stuffs.
# ---------------------------------------------------------------------------
SMTPLIB_CLIENT="$T/client/smtplib_client.py"
cat >"$SMTPLIB_CLIENT" <<'EOF'
# smtplib_client.py USER TOKEN MESSAGE_FILE RCPT — AUTH XOAUTH2 on 587, then send the file.
import smtplib, sys
user, token, path, rcpt = sys.argv[1:5]
s = smtplib.SMTP("127.0.0.1", 587, local_hostname="client.example.test", timeout=20)
s.ehlo()
answers = [f"user={user}\x01auth=Bearer {token}\x01\x01"]
# On a refused token the server sends an error challenge (334); the client answers empty.
s.auth("XOAUTH2", lambda challenge=None: answers.pop(0) if answers else "")
s.sendmail(f"{user}@example.test", [rcpt], open(path, "rb").read())
s.quit()
EOF
begin_family smtp-python "587" \
    "Python's smtplib submits mail to Postfix with AUTH XOAUTH2 (initial response) in clear on 587, and is refused once with a revoked token." \
    "Python $PYVER smtplib against Postfix $POSTFIX_VERSION + Dovecot $DOVECOT_VERSION (SASL)"

S="smtplib/1 AUTH XOAUTH2 on 587 in clear"; make_msg "$T/client/p1.eml" alice@example.test carol@example.test "$S"
scenario smtp plaintext 587 "AUTH XOAUTH2 alice with a bearer token, message to carol"
cred XOAUTH2 alice "$ALICE_TOKEN" accepted "" yes; message "$S" "$(stat -c %s "$T/client/p1.eml")"
run "$PY" "$SMTPLIB_CLIENT" alice "$ALICE_TOKEN" "$T/client/p1.eml" carol@example.test

scenario smtp plaintext 587 "AUTH XOAUTH2 bob with a revoked token (error challenge, empty answer, 535)"
cred XOAUTH2 bob "$REVOKED_TOKEN" rejected "" yes
run_fail "$PY" "$SMTPLIB_CLIENT" bob "$REVOKED_TOKEN" "$T/client/p1.eml" carol@example.test
end_family

# Wait until Postfix has delivered everything, so the mailboxes are complete before
# the retrieval families read them.
step "waiting for Postfix to deliver the queued mail"
for i in $(seq 100); do
    [[ -z "$(find "$T/postfix/spool/incoming" "$T/postfix/spool/active" "$T/postfix/spool/deferred" -type f 2>/dev/null)" ]] && break
    sleep 0.1
done
[[ -z "$(find "$T/postfix/spool/deferred" -type f)" ]] || fail "Postfix deferred some mail, see $T/logs/postfix.log"
for u in alice carol; do
    ls "$T/mail/$u/Maildir/new/"* >/dev/null 2>&1 || fail "no mail was delivered to $u, see $T/logs/postfix.log"
done

# ---------------------------------------------------------------------------
# Family 4: curl as an IMAP client (143 and 993).
# curl 7.88 always authenticates with AUTHENTICATE when the server advertises SASL
# mechanisms (Dovecot does): the LOGIN command ("AUTH=+LOGIN") only came in curl 8.2.
# The IMAP LOGIN command is therefore recorded with Python's imaplib and fetchmail.
# imap://host/ lists mailboxes; imap://host/INBOX;UID=N fetches a whole message.
# ---------------------------------------------------------------------------
begin_family imap-curl "143 993" \
    "curl logs in to Dovecot IMAP with AUTHENTICATE PLAIN (with an authzid once), LOGIN, CRAM-MD5 and OAUTHBEARER in clear, fails twice (wrong password, revoked token), fetches messages in clear, then over STARTTLS and implicit TLS." \
    "curl $CURL_VERSION against Dovecot $DOVECOT_VERSION"

# Dovecot advertises SASL-IR, so curl sends an initial response with or without --sasl-ir.
scenario imap plaintext 143 "AUTHENTICATE PLAIN alice, FETCH UID 1"
cred PLAIN alice "$ALICE_PW" accepted "" yes; message "*"
run "${CURL[@]}" -u "alice:$ALICE_PW" --login-options AUTH=PLAIN 'imap://127.0.0.1/INBOX;UID=1'

scenario imap plaintext 143 "AUTHENTICATE PLAIN with an authzid, carol (UTF-8 password), FETCH UID 1"
cred PLAIN carol "$CAROL_PW" accepted carol; message "*"
run "${CURL[@]}" -u "carol:$CAROL_PW" --login-options AUTH=PLAIN --sasl-ir --sasl-authzid carol \
    'imap://127.0.0.1/INBOX;UID=1'

scenario imap plaintext 143 "AUTHENTICATE LOGIN alice (user name as initial response), LIST"
cred LOGIN alice "$ALICE_PW" accepted "" yes
run "${CURL[@]}" -u "alice:$ALICE_PW" --login-options AUTH=LOGIN imap://127.0.0.1/

scenario imap plaintext 143 "AUTHENTICATE LOGIN bob (quotes, backslash, spaces), LIST"
cred LOGIN bob "$BOB_PW" accepted
run "${CURL[@]}" -u "bob:$BOB_PW" --login-options AUTH=LOGIN --sasl-ir imap://127.0.0.1/

scenario imap plaintext 143 "AUTHENTICATE CRAM-MD5 carol, FETCH UID 2"
cred CRAM-MD5 carol "$CAROL_PW" accepted; message "*"
run "${CURL[@]}" -u "carol:$CAROL_PW" --login-options AUTH=CRAM-MD5 'imap://127.0.0.1/INBOX;UID=2'

scenario imap plaintext 143 "AUTHENTICATE PLAIN bob with a wrong password (NO)"
cred PLAIN bob "$WRONG_PW" rejected
run_fail "${CURL[@]}" -u "bob:$WRONG_PW" --login-options AUTH=PLAIN imap://127.0.0.1/

scenario imap plaintext 143 "AUTHENTICATE OAUTHBEARER, alice's bearer token, LIST"
cred OAUTHBEARER alice "$ALICE_TOKEN" accepted "" yes
run "${CURL[@]}" -u "alice:" --oauth2-bearer "$ALICE_TOKEN" --login-options AUTH=OAUTHBEARER imap://127.0.0.1/

scenario imap plaintext 143 "AUTHENTICATE OAUTHBEARER bob with a revoked token (error challenge, then NO)"
cred OAUTHBEARER bob "$REVOKED_TOKEN" rejected
run_fail "${CURL[@]}" -u "bob:" --oauth2-bearer "$REVOKED_TOKEN" --login-options AUTH=OAUTHBEARER imap://127.0.0.1/

scenario imap starttls 143 "STARTTLS required by the client, login and FETCH inside TLS"
run "${CURL[@]}" --ssl-reqd -u "alice:$ALICE_PW" 'imap://127.0.0.1/INBOX;UID=1'

scenario imap implicit-tls 993 "imaps:// to mail.example.test:993 with SNI, FETCH inside TLS" mail.example.test
run "${CURL[@]}" --resolve mail.example.test:993:127.0.0.1 -u "carol:$CAROL_PW" 'imaps://mail.example.test/INBOX;UID=1'
end_family

# ---------------------------------------------------------------------------
# Family 5: Python's imaplib (the standard library's IMAP client) with the LOGIN
# command: it quotes and escapes the password; for the UTF-8 password the client
# sends it as a literal ({N} then the bytes), as IMAP clients do for 8-bit data.
# ---------------------------------------------------------------------------
IMAPLIB_CLIENT="$T/client/imaplib_client.py"
cat >"$IMAPLIB_CLIENT" <<'EOF'
# imaplib_client.py MODE USER SECRET CAFILE FETCH
#   MODE: login     LOGIN with the password as a quoted string (imaplib quotes/escapes it)
#         literal   LOGIN with the password as a {N} literal (UTF-8 bytes)
#         starttls  STARTTLS first, then LOGIN
#         plain     AUTHENTICATE PLAIN (imaplib sends no initial response)
#         xoauth2   AUTHENTICATE XOAUTH2 with SECRET as the bearer token
#   FETCH: "" or an IMAP fetch item for message 1.
import imaplib, ssl, sys
mode, user, secret, cafile, fetch = sys.argv[1:6]
m = imaplib.IMAP4("127.0.0.1", 143, timeout=20)
if mode == "starttls":
    m.starttls(ssl.create_default_context(cafile=cafile))
if mode == "literal":
    # imaplib sends self.literal as a {N} literal after the other arguments.
    m.literal = secret.encode("utf-8")
    typ, data = m._simple_command("LOGIN", user)
    m.state = "AUTH"
elif mode == "plain":
    typ, data = m.authenticate("PLAIN", lambda _: f"\0{user}\0{secret}".encode())
elif mode == "xoauth2":
    answers = [f"user={user}\x01auth=Bearer {secret}\x01\x01".encode()]
    # After a refused token Dovecot sends an error challenge; the client answers empty.
    typ, data = m.authenticate("XOAUTH2", lambda _: answers.pop(0) if answers else b"")
else:
    typ, data = m.login(user, secret)         # raises imaplib.IMAP4.error on NO
if typ != "OK":
    sys.exit(f"login failed: {data}")
m.select("INBOX", readonly=True)
if fetch:
    typ, data = m.fetch("1", f"({fetch})")
    if typ != "OK" or not data or data[0] is None:
        sys.exit(f"FETCH failed: {data}")
m.logout()
EOF
begin_family imap-python "143" \
    "Python's imaplib logs in to Dovecot IMAP with the LOGIN command (a plain password, one quoted and escaped, one sent as a UTF-8 literal), AUTHENTICATE PLAIN and XOAUTH2 without initial response, fetches messages in clear, fails twice (wrong password, revoked token), then uses STARTTLS." \
    "Python $PYVER imaplib against Dovecot $DOVECOT_VERSION"

scenario imap plaintext 143 "LOGIN alice, FETCH 1 (BODY.PEEK[])"
cred IMAP-LOGIN alice "$ALICE_PW" accepted; message "*"
run "$PY" "$IMAPLIB_CLIENT" login alice "$ALICE_PW" "$CA" "BODY.PEEK[]"

scenario imap plaintext 143 "LOGIN bob, the password quoted and escaped, empty INBOX"
cred IMAP-LOGIN bob "$BOB_PW" accepted
run "$PY" "$IMAPLIB_CLIENT" login bob "$BOB_PW" "$CA" ""

scenario imap plaintext 143 "LOGIN carol, the UTF-8 password as a literal, FETCH 1 (RFC822)"
cred IMAP-LOGIN carol "$CAROL_PW" accepted; message "*"
run "$PY" "$IMAPLIB_CLIENT" literal carol "$CAROL_PW" "$CA" "RFC822"

scenario imap plaintext 143 "LOGIN alice with a wrong password (NO)"
cred IMAP-LOGIN alice "$WRONG_PW" rejected
run_fail "$PY" "$IMAPLIB_CLIENT" login alice "$WRONG_PW" "$CA" ""

scenario imap plaintext 143 "AUTHENTICATE PLAIN bob without initial response, empty INBOX"
cred PLAIN bob "$BOB_PW" accepted "" no
run "$PY" "$IMAPLIB_CLIENT" plain bob "$BOB_PW" "$CA" ""

scenario imap plaintext 143 "AUTHENTICATE XOAUTH2 carol without initial response, FETCH 1 (BODY.PEEK[])"
cred XOAUTH2 carol "$CAROL_TOKEN" accepted "" no; message "*"
run "$PY" "$IMAPLIB_CLIENT" xoauth2 carol "$CAROL_TOKEN" "$CA" "BODY.PEEK[]"

scenario imap plaintext 143 "AUTHENTICATE XOAUTH2 alice with a revoked token (error challenge, empty answer, NO)"
cred XOAUTH2 alice "$REVOKED_TOKEN" rejected "" no
run_fail "$PY" "$IMAPLIB_CLIENT" xoauth2 alice "$REVOKED_TOKEN" "$CA" ""

scenario imap starttls 143 "STARTTLS, then LOGIN alice and FETCH inside TLS"
run "$PY" "$IMAPLIB_CLIENT" starttls alice "$ALICE_PW" "$CA" "BODY.PEEK[]"
end_family

# ---------------------------------------------------------------------------
# Family 6: curl as a POP3 client (110 and 995).
# pop3://host/ lists messages; pop3://host/N retrieves message N (RETR).
# ---------------------------------------------------------------------------
begin_family pop3-curl "110 995" \
    "curl logs in to Dovecot POP3 with AUTH PLAIN, LOGIN, CRAM-MD5 and OAUTHBEARER (with and without initial response) and APOP, fails twice (wrong password, revoked token), retrieves messages in clear, then over STLS and implicit TLS 1.2." \
    "curl $CURL_VERSION against Dovecot $DOVECOT_VERSION"

scenario pop3 plaintext 110 "AUTH PLAIN alice (no initial response), RETR 1"
cred PLAIN alice "$ALICE_PW" accepted "" no; message "*"
run "${CURL[@]}" -u "alice:$ALICE_PW" --login-options AUTH=PLAIN pop3://127.0.0.1/1

scenario pop3 plaintext 110 "AUTH PLAIN with SASL-IR bob (quotes, backslash, spaces), LIST"
cred PLAIN bob "$BOB_PW" accepted "" yes
run "${CURL[@]}" -u "bob:$BOB_PW" --login-options AUTH=PLAIN --sasl-ir pop3://127.0.0.1/

scenario pop3 plaintext 110 "AUTH LOGIN carol (UTF-8 password), RETR 1"
cred LOGIN carol "$CAROL_PW" accepted; message "*"
run "${CURL[@]}" -u "carol:$CAROL_PW" --login-options AUTH=LOGIN pop3://127.0.0.1/1

scenario pop3 plaintext 110 "AUTH CRAM-MD5 alice, LIST"
cred CRAM-MD5 alice "$ALICE_PW" accepted
run "${CURL[@]}" -u "alice:$ALICE_PW" --login-options AUTH=CRAM-MD5 pop3://127.0.0.1/

scenario pop3 plaintext 110 "APOP carol, RETR 2"
cred APOP carol "$CAROL_PW" accepted; message "*"
run "${CURL[@]}" -u "carol:$CAROL_PW" --login-options 'AUTH=+APOP' pop3://127.0.0.1/2

scenario pop3 plaintext 110 "AUTH PLAIN alice with a wrong password (-ERR)"
cred PLAIN alice "$WRONG_PW" rejected
run_fail "${CURL[@]}" -u "alice:$WRONG_PW" --login-options AUTH=PLAIN pop3://127.0.0.1/

scenario pop3 plaintext 110 "AUTH OAUTHBEARER with SASL-IR, carol's bearer token, RETR 1"
cred OAUTHBEARER carol "$CAROL_TOKEN" accepted "" yes; message "*"
run "${CURL[@]}" -u "carol:" --oauth2-bearer "$CAROL_TOKEN" --login-options AUTH=OAUTHBEARER --sasl-ir pop3://127.0.0.1/1

scenario pop3 plaintext 110 "AUTH OAUTHBEARER bob (no initial response) with a revoked token (-ERR)"
cred OAUTHBEARER bob "$REVOKED_TOKEN" rejected "" no
run_fail "${CURL[@]}" -u "bob:" --oauth2-bearer "$REVOKED_TOKEN" --login-options AUTH=OAUTHBEARER pop3://127.0.0.1/

scenario pop3 starttls 110 "STLS required by the client, login and RETR inside TLS"
run "${CURL[@]}" --ssl-reqd -u "alice:$ALICE_PW" pop3://127.0.0.1/1

scenario pop3 implicit-tls 995 "pop3s:// to mail.example.test:995 with SNI, TLS 1.2 at most, RETR inside TLS" mail.example.test
run "${CURL[@]}" --tls-max 1.2 --resolve mail.example.test:995:127.0.0.1 -u "carol:$CAROL_PW" pop3s://mail.example.test/1
end_family

# ---------------------------------------------------------------------------
# Families 7 and 8: fetchmail (IMAP and POP3). One rc file per session; --keep so
# the mailboxes stay as they are; mail is written to a BSMTP file, not delivered.
# sslproto '' stops fetchmail from upgrading to TLS on its own (it does STARTTLS
# opportunistically since 6.4) for the sessions meant to stay in clear.
# ---------------------------------------------------------------------------
# fetchmailrc strings: double-quoted ones cannot hold a '"', single-quoted ones can;
# both turn "\\" into "\". (No single quote in our passwords.)
fm_quote() { local s=${1//\\/\\\\}; printf "'%s'" "$s"; }
# fetchmail_run EXPECT PROTO PORT AUTH USER PASSWORD [USER OPTIONS...]
#   EXPECT: ok (exit 0, or 1 for "no mail") or authfail (exit 3).
#   PROTO/PORT/AUTH are server options (protocol, service, auth); the rest are user
#   options such as ssl, sslproto, sslcertck.
fetchmail_run() {
    local expect=$1 proto=$2 port=$3 auth=$4 user=$5 pw=$6; shift 6
    local rc="$T/client/fetchmailrc.$FAMILY.$SCEN_N" code=0
    {
        echo "set no syslog"
        echo "set no bouncemail"
        echo "poll mail.example.test via 127.0.0.1 protocol $proto service $port auth $auth timeout 20"
        echo "  user $(fm_quote "$user") there with password $(fm_quote "$pw") is root here"
        echo "  keep fetchall bsmtp \"$T/client/fetchmail.bsmtp\" $*"
    } >"$rc"
    chmod 600 "$rc"
    HOME="$T/client" fetchmail --nodetach --nosyslog -f "$rc" \
        --idfile "$T/client/fetchids" --pidfile "$T/client/fetchmail.pid" >"$(LOG)" 2>&1 || code=$?
    case "$expect:$code" in
        ok:0|ok:1|authfail:3) ;;
        *) fail "$STEP: fetchmail exited $code (expected $expect), see $(LOG)" ;;
    esac
    sleep 0.3
}
NOTLS='sslproto ""'                                  # no opportunistic STARTTLS
VERIFY="sslcertck sslcertfile \"$CA\" sslcommonname mail.example.test"   # trust our certificate

begin_family imap-fetchmail "143 993" \
    "fetchmail logs in to Dovecot IMAP with LOGIN (quoted, escaped password) and CRAM-MD5 in clear, fails once, then uses implicit TLS and STARTTLS." \
    "fetchmail $FETCHMAIL_VERSION against Dovecot $DOVECOT_VERSION"

scenario imap plaintext 143 "LOGIN bob (password quoted and escaped by fetchmail), empty INBOX"
cred IMAP-LOGIN bob "$BOB_PW" accepted
fetchmail_run ok IMAP 143 password bob "$BOB_PW" "$NOTLS"

scenario imap plaintext 143 "AUTHENTICATE CRAM-MD5 bob, empty INBOX"
cred CRAM-MD5 bob "$BOB_PW" accepted
fetchmail_run ok IMAP 143 cram-md5 bob "$BOB_PW" "$NOTLS"

scenario imap plaintext 143 "LOGIN bob with a wrong password (NO)"
cred IMAP-LOGIN bob "$WRONG_PW" rejected
fetchmail_run authfail IMAP 143 password bob "$WRONG_PW" "$NOTLS"

scenario imap implicit-tls 993 "implicit TLS on 993, LOGIN alice and fetch inside TLS" mail.example.test
fetchmail_run ok IMAP 993 password alice "$ALICE_PW" ssl "$VERIFY"

scenario imap starttls 143 "opportunistic STARTTLS, LOGIN carol and fetch inside TLS" mail.example.test
fetchmail_run ok IMAP 143 password carol "$CAROL_PW" "$VERIFY"
end_family

begin_family pop3-fetchmail "110 995" \
    "fetchmail logs in to Dovecot POP3 with USER/PASS and APOP in clear and retrieves the messages, fails once, then uses implicit TLS and STLS." \
    "fetchmail $FETCHMAIL_VERSION against Dovecot $DOVECOT_VERSION"

scenario pop3 plaintext 110 "USER/PASS alice, RETR of every message"
cred USER-PASS alice "$ALICE_PW" accepted; message "*"
fetchmail_run ok POP3 110 password alice "$ALICE_PW" "$NOTLS"

scenario pop3 plaintext 110 "USER/PASS bob (quotes, backslash, spaces), empty mailbox"
cred USER-PASS bob "$BOB_PW" accepted
fetchmail_run ok POP3 110 password bob "$BOB_PW" "$NOTLS"

scenario pop3 plaintext 110 "APOP carol, RETR of every message"
cred APOP carol "$CAROL_PW" accepted; message "*"
fetchmail_run ok APOP 110 password carol "$CAROL_PW" "$NOTLS"

scenario pop3 plaintext 110 "USER/PASS alice with a wrong password (-ERR)"
cred USER-PASS alice "$WRONG_PW" rejected
fetchmail_run authfail POP3 110 password alice "$WRONG_PW" "$NOTLS"

scenario pop3 implicit-tls 995 "implicit TLS on 995, USER/PASS alice and RETR inside TLS" mail.example.test
fetchmail_run ok POP3 995 password alice "$ALICE_PW" ssl "$VERIFY"

scenario pop3 starttls 110 "opportunistic STLS, USER/PASS carol and RETR inside TLS" mail.example.test
fetchmail_run ok POP3 110 password carol "$CAROL_PW" "$VERIFY"
end_family

# ---------------------------------------------------------------------------
# Stop the servers, then derive and check the truth of every capture.
# ---------------------------------------------------------------------------
step "stopping Postfix and Dovecot"
stop_all

FAMILIES=(smtp-swaks smtp-curl smtp-python imap-curl imap-python pop3-curl imap-fetchmail pop3-fetchmail)
for f in "${FAMILIES[@]}"; do
    step "deriving and checking the truth of $f.pcap"
    "$PY" "$HERE/make_truth.py" --scenarios "$T/cap/$f.scenarios.jsonl" --pcap "$T/cap/$f.pcap" \
        --out "$T/cap/$f.expected.json" 2>"$T/logs/truth-$f.log" \
        || fail "$f.pcap does not match its scenarios: $(tail -n 1 "$T/logs/truth-$f.log")"
    sed 's/^/    /' "$T/logs/truth-$f.log"
done

step "copying the captures to $HERE"
for f in "${FAMILIES[@]}"; do
    cp "$T/cap/$f.pcap" "$T/cap/$f.expected.json" "$T/cap/$f.scenarios.jsonl" "$HERE/"
done
chmod 644 "$HERE"/*.pcap "$HERE"/*.expected.json "$HERE"/*.scenarios.jsonl

step "re-checking the copied files (make_truth.py --check)"
for f in "${FAMILIES[@]}"; do
    "$PY" "$HERE/make_truth.py" --check "$HERE/$f.expected.json" >"$T/logs/check-$f.log" 2>&1 \
        || fail "$f.expected.json: $(tail -n 1 "$T/logs/check-$f.log")"
done
OK=1
echo "==> done: ${#FAMILIES[@]} captures in $HERE"
