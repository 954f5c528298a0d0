#!/usr/bin/env bash
# The mailscope lab: a real mail provider and a real mail client in two network
# namespaces, for watching with `mailscope capture` what an eavesdropper sees.
# See docs/live-capture.md.
#
#   sudo lab/lab.sh start              # build the network, start Postfix and Dovecot
#   sudo lab/lab.sh drive SCENARIO     # run real clients through a scenario (or: all)
#   sudo lab/lab.sh status             # what is running, and what to sniff
#   sudo lab/lab.sh stop               # remove everything start made, and nothing else
#   sudo lab/lab.sh install            # only install the Debian packages the lab needs
#   lab/lab.sh scenarios               # list the scenarios
#
# The network (nothing in it is routed to or from the real network):
#
#   namespace mslab-client                         namespace mslab-provider
#   10.213.0.1 eth0 ========== veth ========== eth0 10.213.0.2
#   swaks, curl, fetchmail,  |                      Postfix  25 relay, 587 submission, 465 TLS
#   Python imaplib           |                      Dovecot  143/993 IMAP, 110/995 POP3
#                            | tc copies every frame of the client's eth0 to tap0 ...
#                          tap0 ===== veth ===== mslab-tap (root namespace): sniff here,
#                                                as on a network tap or a switch's mirror port
#
# State (what start made, so that stop removes exactly that) lives in /run/mailscope-lab:
# `state` lists, one a line, "netns NAME", "link NAME" and "process NAME PID STARTTIME";
# the mail system's configuration, mailboxes and logs are beside it.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/mailsystem.sh
source "$HERE/mailsystem.sh"

LAB_DIR=/run/mailscope-lab
STATE="$LAB_DIR/state"
CLIENT_NS=mslab-client
PROVIDER_NS=mslab-provider
TAP=mslab-tap                 # the sniffing point, in the root namespace
CLIENT_IP=10.213.0.1
PROVIDER_IP=10.213.0.2
MAIL_PORTS=(25 587 465 143 993 110 995)
PY=/usr/bin/python3

die() { echo "lab.sh: $*" >&2; exit 1; }
say() { echo "lab.sh: $*"; }
need_root() { [[ $EUID -eq 0 ]] || die "must run as root (sudo $0 ${1:-})"; }

usage() {
    cat <<EOF
usage: $0 start | stop | status | drive SCENARIO|all [--truth FILE] | install | scenarios
  start      create namespaces $CLIENT_NS and $PROVIDER_NS, start Postfix and Dovecot
  drive      run real clients in $CLIENT_NS through a scenario (see: $0 scenarios);
             --truth FILE appends what each session must show, as JSON lines
  status     say what runs and where to sniff
  stop       stop what start started, delete the namespaces and $LAB_DIR
  install    install the Debian packages the lab needs (start does it too)
EOF
}

# ---------------------------------------------------------------------------
# Installing
# ---------------------------------------------------------------------------
cmd_install() {
    need_root install
    local need
    mapfile -t need < <(mailsystem_missing_packages tc:iproute2 perl:perl)
    ((${#need[@]})) || return 0
    say "installing ${need[*]} (apt-get)"
    local had_dovecot=0
    command -v dovecot >/dev/null 2>&1 && had_dovecot=1
    mailsystem_install "${need[@]}" || die "could not install ${need[*]} (apt-get failed)"
    # On a systemd machine the dovecot-core package starts a system-wide Dovecot on the
    # real network. The lab runs its own; do not leave a mail server the user did not ask
    # for listening on the laptop.
    if [[ $had_dovecot -eq 0 && -d /run/systemd/system ]] && systemctl is-active -q dovecot.service; then
        systemctl disable --now -q dovecot.service
        say "stopped and disabled dovecot.service, which the package started (the lab runs its own)"
    fi
}

# ---------------------------------------------------------------------------
# State: what start made
# ---------------------------------------------------------------------------
record() { echo "$*" >>"$STATE"; }

start_time_of() {  # the kernel's start time of a pid (field 22 of /proc/PID/stat)
    local stat fields
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }"            # drop "pid (comm) ", comm may hold spaces
    read -r -a fields <<<"$stat"
    echo "${fields[19]}"
}

# A recorded process is still ours if its pid runs with the start time we recorded
# (a pid the kernel handed out again to someone else is left alone).
still_ours() { [[ "$(start_time_of "$1" || true)" == "$2" ]]; }

wait_gone() {  # wait up to 10 s for a pid to exit, then kill it hard
    local pid=$1
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
}

netns_exists() { ip netns list | grep -qE "^$1( |$)"; }

# ---------------------------------------------------------------------------
# stop: undo start, reading the state file. Idempotent; also cleans up a failed start.
# ---------------------------------------------------------------------------
cmd_stop() {
    need_root stop
    if [[ ! -f "$STATE" ]]; then
        say "the lab is not running (no $STATE)"
        [[ -d "$LAB_DIR" ]] && rm -rf "$LAB_DIR"
        return 0
    fi
    local kind name pid started ns left=()
    # 1. The servers, each by the pid and start time recorded when it was started.
    while read -r kind name pid started; do
        [[ "$kind" == process ]] || continue
        if still_ours "$pid" "$started"; then
            kill -TERM "$pid" 2>/dev/null || true
            wait_gone "$pid"
            say "stopped $name (pid $pid)"
        fi
    done < <(tac "$STATE")
    # 2. Whatever still runs inside our namespaces was started there by us or by our
    #    servers (a worker that outlived its master, a client interrupted mid-scenario).
    while read -r kind name _; do
        if [[ "$kind" != netns ]] || ! netns_exists "$name"; then continue; fi
        mapfile -t left < <(ip netns pids "$name" 2>/dev/null)
        if ((${#left[@]})); then
            kill -TERM "${left[@]}" 2>/dev/null || true
            for pid in "${left[@]}"; do wait_gone "$pid"; done
            say "stopped ${#left[@]} process(es) left in $name"
        fi
    done <"$STATE"
    # 3. The links and namespaces (deleting a namespace deletes the veth ends in it).
    while read -r kind name _; do
        case "$kind" in
            link) ip link show "$name" >/dev/null 2>&1 && ip link del "$name" ;;
            netns) netns_exists "$name" && ip netns del "$name" ;;
        esac
    done < <(tac "$STATE")
    rm -rf "$LAB_DIR"
    say "stopped: namespaces $CLIENT_NS and $PROVIDER_NS, $TAP and $LAB_DIR removed"
}

# ---------------------------------------------------------------------------
# start
# ---------------------------------------------------------------------------
START_DONE=0
on_start_exit() {
    local rc=$?
    ((START_DONE)) && return 0
    set +e
    # Keep the servers' logs for the one line that says what went wrong, then undo.
    local kept=""
    if [[ -d "$LAB_DIR/mail-system/logs" ]]; then
        kept="$(mktemp -d /tmp/mailscope-lab-logs.XXXXXX)"
        cp -r "$LAB_DIR/mail-system/logs/." "$kept/"
    fi
    cmd_stop >/dev/null 2>&1
    [[ -n "$kept" ]] && echo "lab.sh: start failed; the servers' logs are kept in $kept" >&2
    exit $((rc ? rc : 1))
}

wait_port() {  # wait_port PORT: until something listens on it in the provider namespace
    local port=$1
    for _ in $(seq 100); do
        ss -N "$PROVIDER_NS" -Hltn "sport = :$port" | grep -q . && return 0
        sleep 0.1
    done
    die "nothing listens on $PROVIDER_IP:$port after 10 s (see $LAB_DIR/mail-system/logs)"
}

# Every user starts with a message in the inbox, so that every fetch has one to show.
seed_mailboxes() {
    local user dir
    for user in alice bob carol; do
        dir="$MS_DIR/mail/$user/Maildir"
        mkdir -p "$dir/cur" "$dir/new" "$dir/tmp"
        printf '%s\r\n' \
            "From: Lab Admin <admin@example.test>" \
            "To: $user@example.test" \
            "Subject: Welcome to the mailscope lab, $user" \
            "Date: $(LC_ALL=C date -R)" \
            "Message-ID: <welcome-$user@example.test>" \
            "" \
            "Hello $user," \
            "" \
            "whoever sits on the path between your mail program and this server" \
            "reads this message, unless the connection is encrypted." \
            >"$dir/new/$(date +%s).welcome-$user.mail.example.test"
        chown -R 65534:65534 "$MS_DIR/mail/$user"
    done
}

# Start a daemon in the provider namespace and record its master by its pid file.
start_server() {  # start_server NAME PIDFILE COMMAND...
    local name=$1 pidfile=$2 pid started; shift 2
    ip netns exec "$PROVIDER_NS" "$@" >>"$MS_DIR/logs/$name-ctl.log" 2>&1 \
        || die "$name did not start: $(tail -n 1 "$MS_DIR/logs/$name-ctl.log")"
    for _ in $(seq 50); do [[ -s "$pidfile" ]] && break; sleep 0.1; done
    pid="$(tr -d ' \n' <"$pidfile" 2>/dev/null)" || true
    started="$(start_time_of "${pid:-none}")" || die "$name did not start (no pid in $pidfile)"
    record process "$name" "$pid" "$started"
}

cmd_start() {
    need_root start
    [[ -f "$STATE" ]] && die "the lab is already running ($0 status; $0 stop to end it)"
    local ns
    for ns in "$CLIENT_NS" "$PROVIDER_NS"; do
        netns_exists "$ns" && die "a network namespace $ns exists but the lab did not record it: remove it with 'ip netns del $ns'"
    done
    ip link show "$TAP" >/dev/null 2>&1 && die "an interface $TAP exists but the lab did not record it: remove it with 'ip link del $TAP'"
    cmd_install

    trap on_start_exit EXIT
    rm -rf "$LAB_DIR"
    mkdir -p "$LAB_DIR"
    : >"$STATE"

    say "creating namespaces $CLIENT_NS ($CLIENT_IP) and $PROVIDER_NS ($PROVIDER_IP)"
    local err
    for ns in "$CLIENT_NS" "$PROVIDER_NS"; do
        err="$(ip netns add "$ns" 2>&1)" || die "cannot create network namespace $ns: $err"
        record netns "$ns"
        ip -n "$ns" link set lo up
        # IPv4 only: no router solicitations or address autoconfiguration on the wire.
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 2>/dev/null || true
    done
    err="$(ip link add eth0 netns "$CLIENT_NS" type veth peer name eth0 netns "$PROVIDER_NS" 2>&1)" \
        || die "cannot create the veth pair between $CLIENT_NS and $PROVIDER_NS: $err"
    ip -n "$CLIENT_NS" addr add "$CLIENT_IP/24" dev eth0
    ip -n "$PROVIDER_NS" addr add "$PROVIDER_IP/24" dev eth0
    ip -n "$CLIENT_NS" link set eth0 up
    ip -n "$PROVIDER_NS" link set eth0 up

    say "creating $TAP: a copy of every frame on the client's link"
    err="$(ip link add "$TAP" type veth peer name tap0 netns "$CLIENT_NS" 2>&1)" \
        || die "cannot create the veth pair $TAP: $err"
    record link "$TAP"
    sysctl -qw "net.ipv6.conf.$TAP.disable_ipv6=1" 2>/dev/null || true
    ip link set "$TAP" up
    ip -n "$CLIENT_NS" link set tap0 up
    # tc mirrors what eth0 sends (egress) and receives (ingress) to tap0, whose other end
    # is $TAP. The copies are addressed to the client's and provider's MACs, so the root
    # namespace's IP stack drops them; only a capture sees them.
    err="$( { tc -n "$CLIENT_NS" qdisc add dev eth0 clsact &&
              for dir in ingress egress; do
                  tc -n "$CLIENT_NS" filter add dev eth0 "$dir" protocol all u32 match u32 0 0 \
                      action mirred egress mirror dev tap0 || exit 1
              done; } 2>&1)" \
        || die "cannot mirror the client's traffic to $TAP (tc clsact, u32, mirred): $err"

    say "configuring Postfix and Dovecot in $LAB_DIR/mail-system"
    MS_DIR="$LAB_DIR/mail-system" MS_ADDR=$PROVIDER_IP MS_NAME=mailscope-lab MS_OAUTH_PORT=""
    mkdir -p "$MS_DIR" "$LAB_DIR/client"
    mailsystem_make_dirs
    mailsystem_make_cert
    mailsystem_configure_dovecot
    mailsystem_configure_postfix
    seed_mailboxes

    say "starting Dovecot and Postfix in $PROVIDER_NS"
    start_server dovecot "$MS_DIR/dovecot/run/master.pid" dovecot -c "$MS_DIR/dovecot/dovecot.conf"
    start_server postfix "$MS_DIR/postfix/spool/pid/master.pid" postfix -c "$MS_DIR/postfix/etc" start
    local port
    for port in "${MAIL_PORTS[@]}"; do wait_port "$port"; done

    # The client reaches the provider: a connection to a port nobody listens on (9, not a
    # mail port, so that no capture shows it) is refused at once when the link works.
    err="$(ip netns exec "$CLIENT_NS" timeout 5 bash -c "exec 3<>/dev/tcp/$PROVIDER_IP/9" 2>&1 || true)"
    [[ "$err" == *"refused"* ]] || die "$CLIENT_NS cannot reach $PROVIDER_IP: ${err:-no answer}"

    START_DONE=1
    trap - EXIT
    cat <<EOF
lab.sh: the lab is running.
  provider  $PROVIDER_NS $PROVIDER_IP (mail.example.test): Postfix 25, 587, 465; Dovecot IMAP 143, 993, POP3 110, 995
  client    $CLIENT_NS $CLIENT_IP; users alice, bob, carol (passwords in lab/mailsystem.sh)
  sniff     sudo mailscope capture -i $TAP     (or: tcpdump -i $TAP, wireshark -i $TAP)
  drive     sudo $0 drive SCENARIO|all         ($0 scenarios lists them)
  stop      sudo $0 stop
EOF
}

# ---------------------------------------------------------------------------
# status
# ---------------------------------------------------------------------------
cmd_status() {
    need_root status
    if [[ ! -f "$STATE" ]]; then
        echo "the lab is not running ($0 start)"
        return 3
    fi
    local kind name pid started healthy=1 port listening=""
    while read -r kind name pid started; do
        case "$kind" in
            netns)
                if netns_exists "$name"; then echo "namespace $name: present"
                else echo "namespace $name: MISSING"; healthy=0; fi ;;
            link)
                if ip link show "$name" >/dev/null 2>&1; then echo "interface $name: present (sniff here)"
                else echo "interface $name: MISSING"; healthy=0; fi ;;
            process)
                if still_ours "$pid" "$started"; then echo "$name: running (pid $pid)"
                else echo "$name: NOT RUNNING (was pid $pid)"; healthy=0; fi ;;
        esac
    done <"$STATE"
    if netns_exists "$PROVIDER_NS"; then
        for port in "${MAIL_PORTS[@]}"; do
            ss -N "$PROVIDER_NS" -Hltn "sport = :$port" | grep -q . && listening+=" $port"
        done
    fi
    echo "listening on $PROVIDER_IP:${listening:- nothing}"
    ((healthy)) || { echo "the lab is broken: $0 stop, then $0 start"; return 1; }
    echo "sniff with: sudo mailscope capture -i $TAP"
}

# ---------------------------------------------------------------------------
# drive: real clients in the client namespace. Each scenario says what it does and what
# a sniffer on the link sees; with --truth FILE it also appends, as JSON lines, each
# session it makes ({"kind": "session", ...}) and the credentials that session must show
# in clear ({"kind": "credential", ...}); tests/lab checks mailscope's report against it.
# ---------------------------------------------------------------------------
TRUTH=""
SCENARIO=""
RUN_N=0
CA="$LAB_DIR/mail-system/tls/cert.pem"
C="$LAB_DIR/client"

truth() {  # truth key value [key value ...]
    [[ -n "$TRUTH" ]] || return 0
    "$PY" -c 'import json, sys; a = sys.argv[1:]; print(json.dumps(dict(zip(a[0::2], a[1::2])), ensure_ascii=False))' "$@" >>"$TRUTH"
}
# session PROTOCOL TRANSPORT PORT [SUBJECT]: the next client makes one TCP session;
# SUBJECT: the message whose subject it carries in clear.
session() { truth kind session scenario "$SCENARIO" protocol "$1" transport "$2" port "$3" subject "${4:-}"; }
# cred MECHANISM USER SECRET RESULT: a credential that session shows in clear.
cred() { truth kind credential mechanism "$1" username "$2" secret "$3" result "$4"; }

about() { echo; echo "== $SCENARIO: $*"; }
sees() { echo "   a sniffer sees: $*"; }

# client CMD...: run a client in the client namespace; it must succeed.
# client_refused CMD...: it must be refused a login (exit status 3).
LOG() { echo "$LAB_DIR/client/$SCENARIO-$RUN_N.log"; }
# The full command line is the first line of its log.
client_name() {  # the program a command line runs, past env, VAR=value and the interpreter
    local a
    for a in "$@"; do
        case "$a" in env|*=*|*/python3) continue ;; *) echo "${a##*/}"; return ;; esac
    done
}
client() {
    RUN_N=$((RUN_N + 1))
    printf '%q ' "$@" >"$(LOG)"; echo >>"$(LOG)"
    local code=0
    ip netns exec "$CLIENT_NS" "$@" >>"$(LOG)" 2>&1 || code=$?
    [[ $code -eq 0 ]] || die "$SCENARIO: $(client_name "$@") failed (exit $code), see $(LOG)"
    echo "   done: $(client_name "$@") (log: $(LOG))"
    sleep 0.3   # let the session close before the next one starts
}
client_refused() {
    RUN_N=$((RUN_N + 1))
    printf '%q ' "$@" >"$(LOG)"; echo >>"$(LOG)"
    local code=0
    ip netns exec "$CLIENT_NS" "$@" >>"$(LOG)" 2>&1 || code=$?
    [[ $code -eq 3 ]] || die "$SCENARIO: $(client_name "$@") should have been refused the login (exit 3) but exited $code, see $(LOG)"
    echo "   done: $(client_name "$@"), login refused as expected (log: $(LOG))"
    sleep 0.3
}

SWAKS=(swaks --server "$PROVIDER_IP" --helo client.example.test --timeout 20)
CURL=(curl -sS --max-time 20 --cacert "$CA" --resolve "mail.example.test:993:$PROVIDER_IP"
      --resolve "mail.example.test:995:$PROVIDER_IP")
IMAP=("$PY" "$HERE/imap_client.py" "$PROVIDER_IP")

# fetchmail_rc FILE PROTO PORT USER PASSWORD [OPTIONS...]: one poll of mail.example.test.
# --keep leaves the mailboxes as they are; mail goes to a BSMTP file, not delivered.
fm_quote() { local s=${1//\\/\\\\}; printf "'%s'" "$s"; }   # fetchmailrc string (no ' in our passwords)
fetchmail_rc() {
    local rc=$1 proto=$2 port=$3 user=$4 pw=$5; shift 5
    {
        echo "set no syslog"
        echo "set no bouncemail"
        echo "poll mail.example.test via $PROVIDER_IP protocol $proto service $port auth password timeout 20"
        echo "  user $(fm_quote "$user") there with password $(fm_quote "$pw") is root here"
        echo "  keep fetchall bsmtp \"$C/fetchmail.bsmtp\" $*"
    } >"$rc"
    chmod 600 "$rc"
}
# fetchmail exits 0 (mail), 1 (no mail) or 3 (login refused).
FETCHMAIL=(env HOME="$C" fetchmail --nodetach --nosyslog --idfile "$C/fetchids" --pidfile "$C/fetchmail.pid")
NOTLS='sslproto ""'                                          # no opportunistic STARTTLS
VERIFY="sslcertck sslcertfile \"$CA\" sslcommonname mail.example.test"

scenario_send_in_clear() {
    about "swaks submits two messages on 587 without TLS: AUTH PLAIN as alice, AUTH LOGIN as bob"
    local s="Quarterly figures (sent in clear)"
    session smtp plaintext 587 "$s"; cred PLAIN alice "$ALICE_PW" accepted
    client "${SWAKS[@]}" --port 587 --auth PLAIN --auth-user alice --auth-password "$ALICE_PW" \
        --from alice@example.test --to carol@example.test --header "Subject: $s" \
        --body "Hi Carol, the figures are attached. Please keep them confidential."
    s="Re: dinner on Friday"
    session smtp plaintext 587 "$s"; cred LOGIN bob "$BOB_PW" accepted
    client "${SWAKS[@]}" --port 587 --auth LOGIN --auth-user bob --auth-password "$BOB_PW" \
        --from bob@example.test --to alice@example.test --header "Subject: $s" \
        --body "Alice, Friday at eight works for me. Bob"
    sees "alice's password ($ALICE_PW) and bob's ($BOB_PW): AUTH PLAIN and LOGIN are base64, not" \
         "encryption; both messages whole (sender, recipients, subject, body)"
}

scenario_send_with_starttls() {
    about "swaks submits on 587, upgrades with STARTTLS, then AUTH LOGIN as alice"
    session smtp starttls 587
    client "${SWAKS[@]}" --port 587 --tls --tls-verify --tls-ca-path "$CA" \
        --auth LOGIN --auth-user alice --auth-password "$ALICE_PW" \
        --from alice@example.test --to bob@example.test --header "Subject: sealed by STARTTLS" \
        --body "Nobody on the path reads this."
    sees "the greeting, EHLO and STARTTLS in clear, then TLS records only: no password, no message"
}

scenario_send_smtps() {
    about "swaks submits on 465 with implicit TLS, AUTH PLAIN as carol"
    session smtp implicit-tls 465
    client "${SWAKS[@]}" --port 465 --tlsc --tls-verify --tls-ca-path "$CA" \
        --auth PLAIN --auth-user carol --auth-password "$CAROL_PW" \
        --from carol@example.test --to alice@example.test --header "Subject: sealed by implicit TLS" \
        --body "Nobody on the path reads this either."
    sees "TLS from the first byte: the server name and certificate, record sizes, nothing else"
}

scenario_relay_in_clear() {
    about "another provider's server delivers a message on 25 (relay hop), no TLS"
    local s="Your invoice 2026-0042"
    session smtp plaintext 25 "$s"
    client "${SWAKS[@]}" --port 25 --from billing@sender.test --to alice@example.test \
        --header "Subject: $s" --body "Dear Alice, your invoice is due on the 30th."
    sees "no password (servers do not log in to each other), but the whole message"
}

scenario_fetch_imap_clear() {
    about "alice reads her inbox over IMAP on 143 without TLS (imaplib: LOGIN, FETCH)"
    session imap plaintext 143; cred IMAP-LOGIN alice "$ALICE_PW" accepted
    client "${IMAP[@]}" clear alice "$ALICE_PW" "$CA"
    sees "LOGIN alice $ALICE_PW in clear, the mailbox and the fetched message"
}

scenario_fetch_imap_starttls() {
    about "carol reads her inbox over IMAP on 143 after STARTTLS"
    session imap starttls 143
    client "${IMAP[@]}" starttls carol "$CAROL_PW" "$CA"
    sees "the greeting, CAPABILITY and STARTTLS in clear, then TLS records only"
}

scenario_fetch_imaps() {
    about "bob reads his inbox over IMAP on 993 with implicit TLS (curl imaps://)"
    session imap implicit-tls 993
    client "${CURL[@]}" -u "bob:$BOB_PW" 'imaps://mail.example.test/INBOX;UID=1'
    sees "TLS from the first byte: server name mail.example.test, certificate, record sizes"
}

scenario_fetch_pop3_clear() {
    about "alice downloads her mail over POP3 on 110 without TLS (fetchmail: USER/PASS, RETR)"
    session pop3 plaintext 110; cred USER-PASS alice "$ALICE_PW" accepted
    fetchmail_rc "$C/fetchmailrc.pop3-clear" POP3 110 alice "$ALICE_PW" "$NOTLS"
    client "${FETCHMAIL[@]}" -f "$C/fetchmailrc.pop3-clear"
    sees "USER alice, PASS $ALICE_PW, and every message retrieved"
}

scenario_fetch_pop3_stls() {
    about "carol downloads her mail over POP3 on 110 after STLS (fetchmail)"
    session pop3 starttls 110
    fetchmail_rc "$C/fetchmailrc.pop3-stls" POP3 110 carol "$CAROL_PW" "$VERIFY"
    client "${FETCHMAIL[@]}" -f "$C/fetchmailrc.pop3-stls"
    sees "the greeting, CAPA and STLS in clear, then TLS records only"
}

scenario_fetch_pop3s() {
    about "bob downloads his mail over POP3 on 995 with implicit TLS (fetchmail)"
    session pop3 implicit-tls 995
    fetchmail_rc "$C/fetchmailrc.pop3s" POP3 995 bob "$BOB_PW" ssl "$VERIFY"
    client "${FETCHMAIL[@]}" -f "$C/fetchmailrc.pop3s"
    sees "TLS from the first byte: server name, certificate, record sizes"
}

scenario_failed_login() {
    about "bob mistypes his password over IMAP on 143 without TLS (refused)"
    session imap plaintext 143; cred IMAP-LOGIN bob "$WRONG_PW" rejected
    client_refused "${IMAP[@]}" clear bob "$WRONG_PW" "$CA"
    sees "LOGIN bob $WRONG_PW and the server's NO: a wrong guess still leaks, often a near miss"
}

SCENARIOS=(send-in-clear send-with-starttls send-smtps relay-in-clear
           fetch-imap-clear fetch-imap-starttls fetch-imaps
           fetch-pop3-clear fetch-pop3-stls fetch-pop3s failed-login)

cmd_scenarios() {
    cat <<'EOF'
send-in-clear        swaks on 587 without TLS: AUTH PLAIN (alice) and AUTH LOGIN (bob), two messages
send-with-starttls   swaks on 587 with STARTTLS, AUTH LOGIN inside TLS
send-smtps           swaks on 465 with implicit TLS, AUTH PLAIN inside TLS
relay-in-clear       swaks on 25 as another provider's server: no AUTH, the message in clear
fetch-imap-clear     Python imaplib on 143: LOGIN alice and FETCH in clear
fetch-imap-starttls  Python imaplib on 143: STARTTLS, then LOGIN and FETCH inside TLS
fetch-imaps          curl imaps:// on 993: implicit TLS
fetch-pop3-clear     fetchmail on 110: USER/PASS alice and RETR in clear
fetch-pop3-stls      fetchmail on 110: STLS, then USER/PASS and RETR inside TLS
fetch-pop3s          fetchmail on 995: implicit TLS
failed-login         Python imaplib on 143: LOGIN bob with a wrong password, refused
all                  every scenario above, in this order
EOF
}

cmd_drive() {
    need_root drive
    local which="" arg
    while (($#)); do
        case "$1" in
            --truth) [[ $# -ge 2 ]] || die "--truth needs a file"; TRUTH=$2; shift 2 ;;
            -*) die "unknown option $1" ;;
            *) [[ -z "$which" ]] || die "one scenario at a time (or: all)"; which=$1; shift ;;
        esac
    done
    [[ -n "$which" ]] || die "which scenario? ($0 scenarios lists them)"
    local list=("$which")
    if [[ "$which" == all ]]; then list=("${SCENARIOS[@]}")
    else [[ " ${SCENARIOS[*]} " == *" $which "* ]] || die "no scenario named $which ($0 scenarios lists them)"; fi
    [[ -f "$STATE" ]] || die "the lab is not running ($0 start)"
    cmd_status >/dev/null || die "the lab is not healthy ($0 status)"
    for arg in "${list[@]}"; do
        SCENARIO=$arg RUN_N=0
        "scenario_${arg//-/_}"
    done
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    drive) shift; cmd_drive "$@" ;;
    install) cmd_install ;;
    scenarios) cmd_scenarios ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
esac
