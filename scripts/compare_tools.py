#!/usr/bin/env python3
"""Runs mailscope, `tshark -q -z credentials` and `dsniff -n -p` on the same captures and writes
docs/comparison.md: per mechanism, how many of the credentials that really crossed in clear each
tool finds, what it misses and what it reports that is not there.

Truth comes from ../shared/corpus/expected.json and captures/**/*.expected.json.
Needs tshark and dsniff (Debian packages `tshark` and `dsniff`).

    scripts/compare_tools.py [--mailscope build/release/src/mailscope] [--out docs/comparison.md]
"""
import argparse
import base64
import collections
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
MAIL_PROTOCOLS = {"smtp", "imap", "pop3"}


def truth_sets():
    """Yields (set name, capture path, expected credentials, expected sessions)."""
    expected = CORPUS / "expected.json"
    if expected.exists():
        for name, entry in sorted(json.loads(expected.read_text())["files"].items()):
            if entry["readable"] is False:
                continue
            creds = [dict(c, packet=c["frame"]) for c in entry["expected"]["credentials"]]
            yield "public corpus", CORPUS / name, creds
    for truth in sorted((ROOT / "captures").rglob("*.expected.json")):
        data = json.loads(truth.read_text())
        label = "real servers and clients" if truth.parent.name == "real" else "generated samples"
        yield label, truth.parent / data["file"], data.get("credentials", [])


def run(argv):
    return subprocess.run(argv, capture_output=True, text=True, errors="replace", timeout=300)


def mailscope_credentials(binary, path):
    r = run([binary, "analyze", "--json", "--reveal", str(path)])
    if r.returncode != 0:
        return []
    report = json.loads(r.stdout)
    return [(c["protocol"], c["mechanism"], c["username"], c["secret"], c["packet"])
            for c in report["credentials"]]


def tshark_rows(path):
    """(protocol, username) rows of `tshark -z credentials` for mail protocols."""
    r = run(["tshark", "-r", str(path), "-q", "-z", "credentials"])
    rows = []
    for line in r.stdout.splitlines():
        m = re.match(r"^(\d+)\s+(SMTP|IMAP|POP3?)\s+(\S+)", line)
        if not m:
            continue
        protocol = {"SMTP": "smtp", "IMAP": "imap", "POP": "pop3", "POP3": "pop3"}[m.group(2)]
        user = m.group(3).strip('"')
        if protocol == "smtp":  # tshark shows the base64 user name of AUTH LOGIN
            try:
                user = base64.b64decode(user, validate=True).decode("utf-8", "replace")
            except ValueError:
                pass
        rows.append((protocol, user))
    return rows


def dsniff_blocks(path):
    """The text dsniff prints per mail flow."""
    r = run(["dsniff", "-n", "-p", str(path)])
    blocks, current = [], None
    for line in r.stdout.splitlines():
        m = re.match(r".* tcp \S+ -> \S+ \((\w+)\)$", line)
        if m:
            current = [m.group(1), ""]
            blocks.append(current)
        elif current is not None and not line.startswith("-----"):
            current[1] += line + "\n"
    return [(p, text) for p, text in blocks if p in ("smtp", "imap", "pop", "pop3")]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mailscope", default=str(ROOT / "build/release/src/mailscope"))
    ap.add_argument("--out", default=str(ROOT / "docs/comparison.md"))
    args = ap.parse_args()
    for tool in ("tshark", "dsniff"):
        if run(["sh", "-c", f"command -v {tool}"]).returncode != 0:
            sys.exit(f"compare_tools: {tool} is not installed (apt-get install tshark dsniff)")

    found = collections.defaultdict(lambda: collections.Counter())
    extra = collections.Counter()
    missed_examples = collections.defaultdict(list)
    files = collections.Counter()
    for label, path, creds in truth_sets():
        files[label] += 1
        ms = mailscope_credentials(args.mailscope, path)
        ts = tshark_rows(path)
        ds = dsniff_blocks(path)
        ms_left = list(ms)
        ts_left = list(ts)
        for c in creds:
            key = (c["protocol"], c["mechanism"])
            found[key]["truth"] += 1
            users = {c["username"], *c.get("alt_usernames", [])}
            hit = next((m for m in ms_left if m[0] == c["protocol"] and m[1] == c["mechanism"]
                        and m[2] in users and m[3] == c["secret"] and m[4] == c["packet"]), None)
            if hit:
                ms_left.remove(hit)
                found[key]["mailscope"] += 1
            else:
                missed_examples["mailscope"].append(f"{path.name}: {c['mechanism']} {c['username']}")
            t = next((r for r in ts_left if r[0] == c["protocol"] and r[1] in users), None)
            if t:
                ts_left.remove(t)
                found[key]["tshark"] += 1
            needle = c["secret"] if c["secret"] else c["username"]
            if any(needle and needle in text for _, text in ds):
                found[key]["dsniff"] += 1
        extra["mailscope"] += len(ms_left)
        extra["tshark"] += len(ts_left)
        secrets = {c["secret"] or c["username"] for c in creds}
        for _, text in ds:
            if not any(s and s in text for s in secrets):
                extra["dsniff"] += 1

    tools = ["mailscope", "tshark", "dsniff"]
    lines = [
        "# mailscope next to tshark and dsniff",
        "",
        "What each tool finds of the credentials that really crossed in clear, on the same files,",
        "measured by `scripts/compare_tools.py` (rerun it to refresh this page). The truth is the",
        "public corpus's `expected.json` and the truth files beside our own captures.",
        "",
        "Files: " + ", ".join(f"{n} {label}" for label, n in sorted(files.items())) + ".",
        "",
        "| protocol | mechanism | in clear | " + " | ".join(tools) + " |",
        "| --- | --- | ---: | " + " | ".join("---:" for _ in tools) + " |",
    ]
    totals = collections.Counter()
    for (protocol, mechanism), counts in sorted(found.items()):
        totals.update(counts)
        lines.append(f"| {protocol} | {mechanism} | {counts['truth']} | " +
                     " | ".join(str(counts[t]) for t in tools) + " |")
    lines.append(f"| **all** | | **{totals['truth']}** | " +
                 " | ".join(f"**{totals[t]}**" for t in tools) + " |")
    lines.append("| false positives | | | " + " | ".join(str(extra[t]) for t in tools) + " |")
    lines += [
        "",
        "How a tool is scored: mailscope must report the protocol, mechanism, user, secret and the",
        "packet carrying it; tshark (which prints no secret) is counted when it names the user in",
        "the right protocol; dsniff when the secret (or, for digests, the user) appears in its",
        "output for a mail flow. A false positive is a reported mail credential that is not in",
        "the truth (for dsniff: a mail flow block holding none of the file's secrets).",
        "",
        "Why the others miss: `tshark -z credentials` knows only SMTP AUTH LOGIN (showing the",
        "base64 user), IMAP LOGIN and POP3 USER/PASS, and needs to see the 334 prompts; it has no",
        "AUTH PLAIN, CRAM-MD5, XOAUTH2 or APOP, and does not look at mail on non-standard ports.",
        "dsniff decodes little of SMTP and no SASL beyond POP3 AUTH, and libnids drops sessions whose TCP checksums are wrong,",
        "which is common in captures taken on the sending host (checksum offload).",
    ]
    if missed_examples["mailscope"]:
        lines += ["", "mailscope misses:", ""] + [f"- {m}" for m in missed_examples["mailscope"]]
    pathlib.Path(args.out).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
