"""Check a `mailscope capture --json --reveal` report of the lab against the scenarios' truth.

    check_report.py REPORT.json TRUTH.jsonl

TRUTH.jsonl is what `lab/lab.sh drive ... --truth FILE` wrote: one {"kind": "session"} line
per TCP session the clients made, in order, each followed by the {"kind": "credential"}
lines that session must show in clear. The report's sessions, taken in the order of their
first packet, must match them one for one: protocol, transport, server port, the subject
of the message sent in clear, and exactly the credentials expected (mechanism, user,
secret, result). No credential may be reported for a session TLS protected. Prints what
it found; exits 1 with every mismatch listed.
"""
import json
import sys

report_path, truth_path = sys.argv[1:3]
with open(report_path, encoding="utf-8") as f:
    report = json.load(f)

truth = []
with open(truth_path, encoding="utf-8") as f:
    for line in f:
        item = json.loads(line)
        if item["kind"] == "session":
            truth.append({**item, "credentials": []})
        else:
            truth[-1]["credentials"].append(item)

errors = []
capture = report["capture"]
print(f"capture: {capture['source']} ({capture['format']}, {capture['link_type']}), "
      f"{capture['packets']} packets, {capture['bytes']} bytes")
if capture["format"] != "live":
    errors.append(f"capture format is {capture['format']}, not live")
for warning in capture["warnings"]:
    errors.append(f"capture warning: {warning}")   # kernel drops would make the check unfair

sessions = sorted(report["sessions"], key=lambda s: s["first_packet"])
creds_of = {}
for c in report["credentials"]:
    creds_of.setdefault(c["session"], []).append(c)
critical = {(f["session"], f["code"]) for f in report["findings"] if f["severity"] == "critical"}


def cred_key(c):
    return (c["mechanism"], c["username"], c["secret"], c["result"])


print(f"{'scenario':<20} {'session':<34} {'transport':<13} credentials")
for i in range(max(len(sessions), len(truth))):
    t = truth[i] if i < len(truth) else None
    s = sessions[i] if i < len(sessions) else None
    if s is None:
        errors.append(f"{t['scenario']}: no session in the report for {t['protocol']} on port {t['port']}")
        continue
    found = creds_of.get(s["id"], [])
    port = s["server"].rsplit(":", 1)[1]
    shown = ", ".join(f"{c['mechanism']} {c['username']}/{c['secret']} {c['result']}" for c in found) or "-"
    print(f"{(t or {}).get('scenario', '?'):<20} {s['protocol'] + ' ' + s['client'] + ' > :' + port:<34} "
          f"{s['transport']:<13} {shown}")
    if t is None:
        errors.append(f"session {s['id']} ({s['protocol']} {s['client']} -> {s['server']}) was not made by any scenario")
        continue
    where = f"{t['scenario']} (session {s['id']}, {s['client']} -> {s['server']})"
    for key, got in (("protocol", s["protocol"]), ("transport", s["transport"]), ("port", port)):
        if str(t[key]) != got:
            errors.append(f"{where}: {key} is {got}, expected {t[key]}")
    if t["subject"] and t["subject"] not in [m["subject"] for m in s["messages"]]:
        errors.append(f"{where}: no message with subject {t['subject']!r} "
                      f"(found {[m['subject'] for m in s['messages']]})")
    if s["transport"] != "plaintext" and found:
        errors.append(f"{where}: {len(found)} credential(s) reported inside TLS")
    expected = [cred_key(c) for c in t["credentials"]]
    got = [cred_key(c) for c in found]
    if got != expected:
        errors.append(f"{where}: credentials {got}, expected {expected}")
    if expected and (s["id"], "plaintext-credentials") not in critical:
        errors.append(f"{where}: no critical plaintext-credentials finding")

n_creds = sum(len(t["credentials"]) for t in truth)
if errors:
    print(f"\nFAILED: {len(errors)} mismatch(es) between the report and the scenarios:")
    for e in errors:
        print(f"  - {e}")
    sys.exit(1)
print(f"\nOK: {len(sessions)} sessions and {n_creds} credentials match the scenarios; "
      f"none reported inside TLS")
