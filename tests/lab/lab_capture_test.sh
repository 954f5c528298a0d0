#!/usr/bin/env bash
# Integration test of the live lab (ctest: Lab.LiveCaptureMatchesScenarios).
#
#   lab_capture_test.sh MAILSCOPE_BINARY LAB_SCRIPT
#
# Starts the lab (lab/lab.sh: real Postfix and Dovecot in network namespaces), runs
# `mailscope capture -i mslab-tap --json --reveal`, drives every scenario with real
# clients, stops the capture with SIGINT and checks the report against what the scenarios
# did (check_report.py): sessions (protocol, transport, server port), credentials (user,
# secret, mechanism, result), none inside TLS. Then stops the lab and checks that nothing
# is left: namespaces, interface, state folder, server processes. The lab is stopped on
# failure too.
#
# Exit 77 (ctest: skipped) with the reason where the lab cannot run here: not root, network
# namespaces cannot be created, the mail servers cannot be installed, or a lab is already
# running.
set -euo pipefail

MAILSCOPE=$1
LAB=$2
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SKIP=77
TAP=mslab-tap
STARTED=$SECONDS

skip() { echo "SKIPPED: $*"; exit $SKIP; }
fail() { echo "FAILED: $*" >&2; exit 1; }
note() { printf '[%3ds] %s\n' $((SECONDS - STARTED)) "$*"; }

# ---------------------------------------------------------------------------
# Can the lab run here?
# ---------------------------------------------------------------------------
[[ $EUID -eq 0 ]] || skip "the lab needs root (network namespaces, live capture); run ctest as root"
command -v ip >/dev/null 2>&1 || skip "no 'ip' command (iproute2) to create network namespaces"
PROBE="mslab-probe-$$"
if ! err="$(ip netns add "$PROBE" 2>&1)"; then
    skip "network namespaces cannot be created here (ip netns add: $err)"
fi
ip netns del "$PROBE"
[[ -e /run/mailscope-lab/state ]] && skip "a lab is already running (lab/lab.sh stop ends it)"
note "installing the lab's packages if missing"
if ! err="$("$LAB" install 2>&1)"; then
    skip "the mail servers cannot be installed: $(echo "$err" | tail -n 1)"
fi

# ---------------------------------------------------------------------------
# From here on, every failure fails the test; the lab is stopped whatever happens.
# ---------------------------------------------------------------------------
WORK="$(mktemp -d /tmp/mailscope-labtest.XXXXXX)"
CAPTURE_PID=""
cleanup() {
    local rc=$?
    set +e
    if [[ -n "$CAPTURE_PID" ]] && kill -0 "$CAPTURE_PID" 2>/dev/null; then
        kill -KILL "$CAPTURE_PID"; wait "$CAPTURE_PID" 2>/dev/null
    fi
    "$LAB" stop >/dev/null 2>&1
    if [[ $rc -ne 0 && $rc -ne $SKIP ]]; then
        echo "--- mailscope stderr:"; cat "$WORK/capture.err" 2>/dev/null
    fi
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT

note "starting the lab"
"$LAB" start || fail "lab/lab.sh start failed"
SERVER_PIDS="$(awk '$1 == "process" {print $3}' /run/mailscope-lab/state)"

# Is the capture running yet? Once its packet socket exists, libpcap is capturing.
capturing() {
    local fd link inode
    for fd in "/proc/$1/fd/"*; do
        link="$(readlink "$fd" 2>/dev/null)" || continue
        [[ "$link" == socket:* ]] || continue
        inode="${link#socket:[}"; inode="${inode%]}"
        awk -v inode="$inode" 'NR > 1 && $NF == inode {found = 1} END {exit !found}' /proc/net/packet \
            && return 0
    done
    return 1
}

note "starting: $MAILSCOPE capture -i $TAP --json --reveal"
# --duration only as a safety net: the test ends the capture with SIGINT, as Ctrl-C does.
"$MAILSCOPE" capture -i "$TAP" --json --reveal --duration 600 >"$WORK/report.json" 2>"$WORK/capture.err" &
CAPTURE_PID=$!
for _ in $(seq 300); do
    capturing "$CAPTURE_PID" && break
    kill -0 "$CAPTURE_PID" 2>/dev/null || fail "mailscope capture exited at once: $(cat "$WORK/capture.err")"
    sleep 0.1
done
capturing "$CAPTURE_PID" || fail "mailscope capture did not open $TAP within 30 s"
sleep 0.5   # the filter is set just after the socket opens

note "driving every scenario"
"$LAB" drive all --truth "$WORK/truth.jsonl" || fail "lab/lab.sh drive all failed"
sleep 1     # the last FIN/ACKs

note "stopping the capture (SIGINT)"
kill -INT "$CAPTURE_PID"
for _ in $(seq 600); do kill -0 "$CAPTURE_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$CAPTURE_PID" 2>/dev/null && fail "mailscope capture did not end within 60 s of SIGINT"
rc=0; wait "$CAPTURE_PID" || rc=$?
CAPTURE_PID=""
[[ $rc -eq 0 ]] || fail "mailscope capture exited $rc after SIGINT: $(cat "$WORK/capture.err")"

note "checking the report against the scenarios"
/usr/bin/python3 "$HERE/check_report.py" "$WORK/report.json" "$WORK/truth.jsonl" \
    || fail "the report does not match the scenarios"

note "stopping the lab"
"$LAB" stop || fail "lab/lab.sh stop failed"
left="$(ip netns list | grep -E '^mslab-' || true)"
[[ -z "$left" ]] || fail "namespaces left after stop: $left"
ip link show "$TAP" >/dev/null 2>&1 && fail "interface $TAP left after stop"
[[ ! -e /run/mailscope-lab ]] || fail "/run/mailscope-lab left after stop"
for pid in $SERVER_PIDS; do
    kill -0 "$pid" 2>/dev/null && fail "server process $pid left after stop"
done
note "PASSED: the lab is gone (no namespace, no $TAP, no state, no server process)"
