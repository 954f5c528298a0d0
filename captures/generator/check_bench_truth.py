#!/usr/bin/env python3
"""Generates a small benchmark capture and checks that mailscope finds what its truth says:
the sessions by protocol and transport, the credentials and the messages in clear.

    check_bench_truth.py CAPGEN MAILSCOPE WORK_DIR [--size-mib N] [--seed S]
"""
import argparse
import collections
import json
import pathlib
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("capgen")
    ap.add_argument("mailscope")
    ap.add_argument("work_dir")
    ap.add_argument("--size-mib", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    work = pathlib.Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    capture = work / "bench.pcap"
    truth_path = work / "bench.truth.json"
    subprocess.run([args.capgen, "bench", "--out", capture, "--size-mib", str(args.size_mib),
                    "--seed", str(args.seed), "--truth", truth_path], check=True)
    truth = json.loads(truth_path.read_text())
    report = json.loads(subprocess.run([args.mailscope, "analyze", "--json", capture],
                                       check=True, capture_output=True, text=True).stdout)

    found_by = collections.Counter((s["protocol"], s["transport"]) for s in report["sessions"])
    truth_by = collections.Counter({(p, t): n for p, ts in truth["sessions_by_protocol"].items()
                                    for t, n in ts.items()})
    mechanisms = collections.Counter(c["mechanism"] for c in report["credentials"])
    problems = []
    if report["capture"]["packets"] != truth["packets"]:
        problems.append(f"packets {report['capture']['packets']} != {truth['packets']}")
    if found_by != truth_by:
        problems.append(f"sessions {dict(found_by)} != {dict(truth_by)}")
    if len(report["credentials"]) != truth["credentials"]:
        problems.append(f"credentials {len(report['credentials'])} != {truth['credentials']}")
    if mechanisms != collections.Counter(truth["credentials_by_mechanism"]):
        problems.append(f"mechanisms {dict(mechanisms)} != {truth['credentials_by_mechanism']}")
    rejected = sum(1 for c in report["credentials"] if c["result"] == "rejected")
    if rejected != truth["credentials_rejected"]:
        problems.append(f"rejected {rejected} != {truth['credentials_rejected']}")
    messages = sum(len(s["messages"]) for s in report["sessions"])
    if messages != truth["messages_in_clear"]:
        problems.append(f"messages {messages} != {truth['messages_in_clear']}")
    warnings = [w for s in report["sessions"] for w in s["warnings"]] + report["capture"]["warnings"]
    if warnings:
        problems.append(f"warnings: {collections.Counter(warnings).most_common(5)}")
    for p in problems:
        print("MISMATCH:", p)
    print(f"{truth['sessions']} sessions, {truth['credentials']} credentials, "
          f"{truth['messages_in_clear']} messages: " + ("FAIL" if problems else "ok"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
