#!/usr/bin/env python3
"""Benchmark: mailscope against tshark and a bare libpcap read loop, on two large captures of
the same size, in the same run. Writes the figures into docs/performance.md.

    tests/bench/run_benchmark.py [--size-mib 1024] [--seed 1] [--runs 1] [--keep]

The two captures:

  generated  `mailscope-capgen bench`: tens of thousands of interleaved mail sessions as a busy
             mail server's link shows them (SMTP 587/465/25, IMAP 143/993, POP3 110/995, in
             clear, STARTTLS and implicit TLS, about half the bytes inside real OpenSSL TLS),
             with a truth summary that mailscope's report must match.
  real       the captures in captures/real/ (real clients against Postfix and Dovecot),
             replayed with fresh addresses by `mailscope-multiply-capture` to the same size.

Each is read by the bare libpcap read loop, `mailscope analyze`, `mailscope analyze --json`
and `tshark -q -z credentials`, one after the other, in rounds (--runs of them); the best round
of each tool is kept, and each round's ratio to the read loop is shown too. Peak memory is the maximum resident set
size of the tool's own process, as GNU time (`/usr/bin/time -f %M`, Debian package `time`)
reports it; this script's own memory does not count, and the reports it checks are read only
after every measured run. Needs a release build (cmake --preset release && ninja -C
build/release mailscope mailscope-capgen mailscope-multiply-capture pcap-read-loop), tshark
and GNU time.
"""
import argparse
import collections
import datetime
import json
import os
import pathlib
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "release"
GNU_TIME = "/usr/bin/time"
# The read loop keeps one packet at a time: anything above this is a measurement error.
READ_LOOP_MAX_MIB = 16


def fail(message):
    sys.exit(f"benchmark: {message}")


def measure(argv, stdout_path=None):
    """Runs argv under GNU time; returns (seconds, peak RSS in MiB, stderr text, CPU seconds)."""
    with tempfile.NamedTemporaryFile(mode="r", suffix=".time") as report:
        out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
        try:
            start = time.monotonic()
            proc = subprocess.run([GNU_TIME, "-f", "%M %U %S", "-o", report.name,
                                   *map(str, argv)],
                                  stdout=out, stderr=subprocess.PIPE)
            elapsed = time.monotonic() - start
        finally:
            if stdout_path:
                out.close()
        err = proc.stderr.decode(errors="replace")
        if proc.returncode != 0:
            fail(f"{' '.join(map(str, argv))} failed ({proc.returncode}): {err.strip()[:400]}")
        lines = [l for l in pathlib.Path(report.name).read_text().splitlines() if l.strip()]
        try:
            rss_kib, user, system = lines[-1].split()
            rss_kib, cpu = int(rss_kib), float(user) + float(system)
        except (IndexError, ValueError):
            fail(f"cannot read GNU time's report for {argv[0]}: {lines}")
    return elapsed, rss_kib / 1024.0, err, cpu


def warm(path):
    """Reads the file once so that every tool finds it in the page cache."""
    with open(path, "rb") as f:
        while f.read(1 << 20):
            pass


def count_sessions(report):
    by = collections.Counter((s["protocol"], s["transport"]) for s in report["sessions"])
    return {
        "sessions": len(report["sessions"]),
        "by_protocol": {f"{p}/{t}": n for (p, t), n in sorted(by.items())},
        "credentials": len(report["credentials"]),
        "messages": sum(len(s["messages"]) for s in report["sessions"]),
        "packets": report["capture"]["packets"],
    }


def analyze_counts(mailscope, capture):
    """mailscope's own counts, from a run made after the measured ones."""
    with tempfile.NamedTemporaryFile(suffix=".json") as tf:
        with open(tf.name, "wb") as out:
            subprocess.run([mailscope, "analyze", "--json", capture], stdout=out, check=True)
        with open(tf.name) as f:
            return count_sessions(json.load(f))


def truth_of_generated(truth):
    return {
        "sessions": truth["sessions"],
        "by_protocol": {f"{p}/{t}": n for p, ts in sorted(truth["sessions_by_protocol"].items())
                        for t, n in sorted(ts.items())},
        "credentials": truth["credentials"],
        "messages": truth["messages_in_clear"],
    }


def truth_of_multiplied(inputs, copies):
    """The multiplier replays the inputs in order, copy after copy: sum their truth files."""
    per_file = []
    for path in inputs:
        e = json.loads(pathlib.Path(path).with_suffix(".expected.json").read_text())
        by = collections.Counter((s["protocol"], s["transport"]) for s in e["sessions"])
        per_file.append((by, len(e["credentials"]),
                         sum(len(s.get("messages", [])) for s in e["sessions"])))
    by = collections.Counter()
    credentials = messages = 0
    for k in range(copies):
        b, c, m = per_file[k % len(per_file)]
        by.update(b)
        credentials += c
        messages += m
    return {
        "sessions": sum(by.values()),
        "by_protocol": {f"{p}/{t}": n for (p, t), n in sorted(by.items())},
        "credentials": credentials,
        "messages": messages,
    }


def compare(found, truth):
    """Lists the differences between mailscope's counts and the truth (empty: they agree)."""
    problems = []
    for key in ("sessions", "credentials", "messages"):
        if found[key] != truth[key]:
            problems.append(f"{key}: mailscope {found[key]:,}, truth {truth[key]:,}")
    if found["by_protocol"] != truth["by_protocol"]:
        problems.append(f"sessions by protocol/transport: mailscope {found['by_protocol']}, "
                        f"truth {truth['by_protocol']}")
    return problems


def tshark_credentials(path):
    """Rows of tshark's credentials table (one per credential it recognised)."""
    rows = 0
    for line in pathlib.Path(path).read_text(errors="replace").splitlines():
        if re.match(r"^\d+\s", line):
            rows += 1
    return rows


def bullet(text):
    """A Markdown list item wrapped at 96 columns."""
    return textwrap.wrap(text, width=96, initial_indent="- ", subsequent_indent="  ",
                         break_long_words=False, break_on_hyphens=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mib", type=int, default=1024)
    ap.add_argument("--seed", type=int, default=1, help="seed of the generated capture")
    ap.add_argument("--keep", action="store_true", help="keep the benchmark captures")
    ap.add_argument("--runs", type=int, default=1,
                    help="rounds, each tool once a round (its best round is kept)")
    ap.add_argument("--skip-tshark", action="store_true", help="for a quick check only")
    ap.add_argument("--out", default=str(ROOT / "docs" / "performance.md"))
    args = ap.parse_args()
    mailscope = BUILD / "src" / "mailscope"
    capgen = BUILD / "captures" / "generator" / "mailscope-capgen"
    multiply = BUILD / "tests" / "bench" / "mailscope-multiply-capture"
    read_loop = BUILD / "tests" / "bench" / "pcap-read-loop"
    for tool in (mailscope, capgen, multiply, read_loop):
        if not tool.exists():
            fail(f"{tool} missing: build the release preset first")
    if not os.access(GNU_TIME, os.X_OK):
        fail(f"{GNU_TIME} (GNU time) is missing: apt-get install time")
    if not args.skip_tshark and not shutil.which("tshark"):
        fail("tshark is not installed (apt-get install tshark)")

    work = BUILD / "bench"
    work.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]

    # 1. The captures, and their truth.
    generated = work / f"generated-{args.size_mib}MiB.pcap"
    generated_truth = work / f"generated-{args.size_mib}MiB.truth.json"
    gen_seconds, gen_rss, gen_err, _ = measure(
        [capgen, "bench", "--out", generated, "--size-mib", args.size_mib, "--seed", args.seed,
         "--truth", generated_truth])
    print(gen_err.strip())
    truth = json.loads(generated_truth.read_text())

    real_inputs = sorted(str(p) for p in (ROOT / "captures" / "real").glob("*.pcap"))
    if not real_inputs:
        fail("no captures in captures/real/")
    multiplied = work / f"real-x-{args.size_mib}MiB.pcap"
    r = subprocess.run([multiply, "--size-mib", str(args.size_mib), "--out", multiplied,
                        *real_inputs], capture_output=True, text=True, check=True)
    print(r.stderr.strip())
    m = re.search(r"(\d+) capture copies", r.stderr)
    if not m:
        fail(f"cannot read the multiplier's summary: {r.stderr.strip()}")
    copies = int(m.group(1))

    captures = [
        ("generated", generated, truth_of_generated(truth)),
        ("real", multiplied, truth_of_multiplied(real_inputs, copies)),
    ]

    # 2. The measured runs, before this process reads any large report.
    results = {}  # (capture, tool): the best round's (seconds, peak MiB, CPU seconds)
    rounds = collections.defaultdict(list)  # (capture, tool): each round's seconds, in order
    tshark_rows = {}
    for label, path, _ in captures:
        warm(path)
        tools = [
            ("bare libpcap read loop", [read_loop, path], None),
            ("mailscope analyze", [mailscope, "analyze", path], None),
            ("mailscope analyze --json", [mailscope, "analyze", "--json", path], None),
        ]
        if not args.skip_tshark:
            tools.append(("tshark -q -z credentials",
                          ["tshark", "-q", "-z", "credentials", "-r", path],
                          work / f"{label}.tshark.txt"))
        size = path.stat().st_size
        # Round by round, each tool once a round: the machine's slower and faster spells (it
        # is shared) then fall on every tool alike, and each round gives a ratio of its own.
        for round_number in range(args.runs):
            for name, argv, stdout_path in tools:
                seconds, rss, _, cpu = measure(argv, stdout_path)
                rounds[(label, name)].append(seconds)
                best = results.get((label, name))
                if best is None or seconds < best[0]:
                    results[(label, name)] = (seconds, rss, cpu)
                print(f"{label}: round {round_number + 1}: {name}: {seconds:.2f} s "
                      f"({cpu:.2f} s CPU), {size / seconds / 1e6:.0f} MB/s, peak {rss:.1f} MiB")
        for name, argv, stdout_path in tools:
            if stdout_path:
                tshark_rows[label] = tshark_credentials(stdout_path)
                if not args.keep:
                    stdout_path.unlink()
        loop_rss = results[(label, "bare libpcap read loop")][1]
        if loop_rss > READ_LOOP_MAX_MIB:
            fail(f"the read loop's peak RSS is {loop_rss:.1f} MiB: the measurement counts more "
                 "than the measured process")

    # 3. What mailscope found, against the truth.
    found = {}
    problems = {}
    for label, path, expected in captures:
        found[label] = analyze_counts(mailscope, path)
        problems[label] = compare(found[label], expected)
        verdict = "matches the truth" if not problems[label] else "; ".join(problems[label])
        print(f"{label}: mailscope found {found[label]['sessions']:,} sessions, "
              f"{found[label]['credentials']:,} credentials: {verdict}")

    # 4. The page.
    cpu = "unknown"
    try:
        cpu = re.search(r"model name\s*:\s*(.*)",
                        pathlib.Path("/proc/cpuinfo").read_text()).group(1)
    except (OSError, AttributeError):
        pass
    tshark_version = ""
    if not args.skip_tshark:
        v = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout
        tshark_version = v.splitlines()[0].rstrip(".") if v else ""

    def sizes(path):
        return path.stat().st_size

    gen_size = sizes(generated)
    tls_share = truth["tls_payload_bytes"] / max(1, truth["tcp_payload_bytes"])
    by_proto = ", ".join(f"{k} {v:,}" for k, v in found["generated"]["by_protocol"].items())
    machine = (f"Date: {datetime.date.today().isoformat()}; machine: {os.cpu_count()} cores "
               f"({cpu}), {platform.system()} {platform.release()}")
    if tshark_version:
        machine += f"; {tshark_version}"
    machine += (f"; load average {load_before:.1f} at the start and {os.getloadavg()[0]:.1f} at "
                "the end (other work shares the machine: the times are only as steady as it is)")
    lines = [
        "# Performance",
        "",
        "Measured by `tests/bench/run_benchmark.py` (rerun it to refresh this page): two captures",
        "of the same size, each read by four tools one after the other, in the same run, on the",
        f"same machine, from the page cache; {args.runs} rounds of the four, the best time of each",
        "tool kept.",
        "",
        *bullet(machine + "."),
        *bullet("Peak memory is the maximum resident set size of the tool's own process, as GNU "
                "time (`/usr/bin/time -f %M`) reports it. (Until this version the script read a "
                "large JSON report before starting the tools, and Linux carries a parent's "
                "resident pages into its forked child's `ru_maxrss`: every figure included the "
                "Python process.)"),
        "",
        "## The captures",
        "",
        *bullet(f"**generated**: {gen_size / 2**20:,.0f} MiB, {truth['packets']:,} packets, "
                f"{truth['sessions']:,} mail sessions ({gen_size / truth['sessions'] / 1024:.0f} "
                f"KiB each on average), {truth['credentials']:,} credentials and "
                f"{truth['messages_in_clear']:,} messages in clear, {100 * tls_share:.0f} % of "
                "the TCP payload inside TLS. Written by `mailscope-capgen bench --size-mib "
                f"{args.size_mib} --seed {args.seed}` in {gen_seconds:.1f} s "
                f"({gen_size / gen_seconds / 2**20:.0f} MiB/s, peak memory {gen_rss:.0f} MiB): "
                "8 to 32 conversations at a time interleaved packet by packet, thousands of "
                "clients (10.0.0.0/8 and 2001:db8::/32); SMTP submission on 587 (AUTH PLAIN and "
                "LOGIN in clear, or STARTTLS) and 465, relay on 25 in and out (in clear and "
                "STARTTLS), IMAP 143 (LOGIN and FETCH in clear, or STARTTLS) and 993, POP3 110 "
                "(USER/PASS and RETR in clear, or STLS) and 995; messages of 2-50 KB mostly, 1 % "
                "of 200 KB-3 MB with base64 attachments. The TLS sessions are real OpenSSL "
                "sessions, most of them replayed from a pool on new TCP connections. Sessions by "
                f"protocol/transport: {by_proto}."),
        *bullet(f"**real**: {sizes(multiplied) / 2**20:,.0f} MiB, "
                f"{found['real']['packets']:,} packets, {found['real']['sessions']:,} mail "
                f"sessions, {found['real']['credentials']:,} credentials: the "
                f"{len(real_inputs)} captures of `captures/real/` (curl, swaks, Python, "
                f"fetchmail against Postfix and Dovecot) replayed {copies:,} times, one after "
                "the other, with fresh addresses by `mailscope-multiply-capture`. Loopback "
                "captures of short test sessions: small packets, many sessions and credentials "
                "per MiB."),
        "",
    ]
    median_round = {}  # each capture's median of the rounds' ratios to the read loop
    for label, path, _ in captures:
        size = path.stat().st_size
        lines += [
            f"## {label}",
            "",
            "| tool | time | CPU time (user + system) | throughput | peak memory (max RSS) |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for (l, name), (seconds, rss, cpu) in results.items():
            if l == label:
                lines.append(f"| {name} | {seconds:.2f} s | {cpu:.2f} s | "
                             f"{size / seconds / 1e6:,.0f} MB/s | {rss:,.1f} MiB |")
        base = results[(label, "mailscope analyze")]
        loop = results[(label, "bare libpcap read loop")]
        lines.append("")
        if (label, "tshark -q -z credentials") in results:
            shark = results[(label, "tshark -q -z credentials")]
            lines += bullet(f"mailscope analyzes at **{shark[0] / base[0]:.1f}x** the throughput "
                            f"of `tshark -q -z credentials` ({shark[2] / base[2]:.1f}x by CPU "
                            f"time), with {base[1] / shark[1]:.3f}x its peak memory "
                            f"({base[1]:.0f} MiB against {shark[1]:,.0f} MiB).")
        per_round = sorted(l / m for l, m in zip(rounds[(label, "bare libpcap read loop")],
                                                 rounds[(label, "mailscope analyze")]))
        median_round[label] = statistics.median(per_round)
        lines += bullet(f"mailscope runs at **{loop[0] / base[0]:.2f}x** the throughput of the "
                        f"bare libpcap read loop ({base[0] / loop[0]:.1f}x its time, "
                        f"{base[2] / max(loop[2], 0.01):.1f}x its CPU time); round by round, "
                        f"{', '.join(f'{r:.2f}x' for r in per_round)} (median "
                        f"{statistics.median(per_round):.2f}x).")
        verdict = ("**match the truth**" if not problems[label]
                   else "**differ from the truth**: " + "; ".join(problems[label]))
        lines += bullet(f"mailscope's counts ({found[label]['sessions']:,} sessions by protocol "
                        f"and transport, {found[label]['credentials']:,} credentials, "
                        f"{found[label]['messages']:,} messages) {verdict}.")
        if label in tshark_rows:
            lines += bullet(f"tshark's credentials table lists {tshark_rows[label]:,} rows: it "
                            "reads IMAP LOGIN, POP3 USER/PASS and SMTP AUTH LOGIN, not SASL "
                            "PLAIN (unless a preference is set), CRAM-MD5, APOP or OAuth tokens.")
        lines.append("")
    lines += [
        "## Summary",
        "",
        "| capture | mailscope | tshark | read loop | mailscope / tshark | mailscope / read loop |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, path, _ in captures:
        size = path.stat().st_size
        base = results[(label, "mailscope analyze")]
        loop = results[(label, "bare libpcap read loop")]
        shark = results.get((label, "tshark -q -z credentials"))
        shark_cell = (f"{size / shark[0] / 1e6:,.0f} MB/s, {shark[1]:,.0f} MiB" if shark else "-")
        ratio = f"{shark[0] / base[0]:.1f}x faster" if shark else "-"
        lines.append(f"| {label} | {size / base[0] / 1e6:,.0f} MB/s, {base[1]:.0f} MiB | "
                     f"{shark_cell} | {size / loop[0] / 1e6:,.0f} MB/s, {loop[1]:.1f} MiB | "
                     f"{ratio} | {loop[0] / base[0]:.2f}x the throughput (median round "
                     f"{median_round[label]:.2f}x) |")
    lines += [
        "",
        "What bounds mailscope's memory: out-of-order bytes (1 MiB per direction), lines and",
        "literals (64 KiB), and the number of open connections; closed connections are retired",
        "after a 5 s linger. What the report keeps grows with the number of mail sessions (a few",
        "hundred bytes each), not with their size.",
    ]
    extra = pathlib.Path(args.out).with_suffix(".notes.md")
    if extra.exists():
        lines += ["", extra.read_text().rstrip()]
    pathlib.Path(args.out).write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out}")
    if not args.keep:
        for p in (generated, generated_truth, multiplied):
            p.unlink()
    if problems["generated"]:
        fail("mailscope's counts differ from the generated capture's truth")


if __name__ == "__main__":
    main()
