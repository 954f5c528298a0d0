#!/usr/bin/env python3
"""Benchmark: mailscope-gui on a big capture, in a real window under Xvfb, driven by xdotool.

    tests/bench/gui_big_file.py [--build build/gui-release] [--size 1920x1080] CAPTURE...
    tests/bench/gui_big_file.py --make-captures DIR [--size-mib 1024]   # the two 1 GiB files

For each capture it runs the release mailscope-gui twice, on a private Xvfb display:

  load and scroll  opens the capture and records every frame (MAILSCOPE_GUI_FRAME_TIMES, one
                   line per frame: when it began, the analysis state and its progress) until the
                   analysis is done; then shows every packet of the capture in the packet list,
                   turns the mouse wheel over it and drags its scroll bar from top to bottom,
                   then the same in the sessions table, and quits (Ctrl+Q).
  cancel           opens the capture again, presses Cancel once a third of the file is read and
                   measures how long the window takes to say "cancelled".

It prints, per capture: the time to load (process start to the first frame that shows the
analysis done), the peak resident memory of the GUI process (GNU time's %M), the frame times
while loading (median, 95th percentile, worst; a frame time is the gap between two frames),
how often the progress bar moved, the frame times while scrolling each table, and the Cancel
latency. --report is on (the views say where the tables and buttons are), so each frame also
writes a small JSON file: the frame times include that.

Needs: Xvfb, xdotool, GNU time (/usr/bin/time), and a release build of mailscope-gui
(cmake --build build/gui-release --target mailscope-gui; for --make-captures also
mailscope-capgen and mailscope-multiply-capture).
"""
import argparse
import json
import os
import pathlib
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
GNU_TIME = "/usr/bin/time"


def fail(message):
    sys.exit(f"gui_big_file: {message}")


class Xvfb:
    """A private X server, on the first free display number from :90."""

    def __init__(self, size):
        for n in range(90, 200):
            if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"):
                break
        self.display = f":{n}"
        self.proc = subprocess.Popen(
            ["Xvfb", self.display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not os.path.exists(f"/tmp/.X11-unix/X{n}"):
            if time.monotonic() > deadline:
                fail("Xvfb did not start")
            time.sleep(0.05)

    def close(self):
        self.proc.terminate()
        self.proc.wait()


class Gui:
    """mailscope-gui on one capture, under GNU time, with its frame times and report."""

    def __init__(self, binary, capture, size, display, work, tag):
        self.work = work
        self.times = work / f"{tag}.frames"
        self.report = work / f"{tag}.report.json"
        self.rss = work / f"{tag}.time"
        self.env = dict(os.environ, DISPLAY=display, MAILSCOPE_GUI_FRAME_TIMES=str(self.times))
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [GNU_TIME, "-f", "%M", "-o", str(self.rss), str(binary), "--size", size,
             "--report", str(self.report), str(capture)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=open(work / f"{tag}.log", "w"))
        self.gui_pid = None

    def frames(self):
        """[(ms, views_ms, state, fraction, packets, sessions)] of every frame so far."""
        out = []
        if self.times.exists():
            for line in self.times.read_text().splitlines():
                f = line.split()
                if len(f) == 6:
                    out.append((float(f[0]), float(f[1]), f[2], float(f[3]), int(f[4]),
                                int(f[5])))
        return out

    def last_report(self):
        for _ in range(50):
            try:
                return json.loads(self.report.read_text())
            except (OSError, ValueError):
                time.sleep(0.05)
        fail("cannot read the app's report")

    def wait_for(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                fail(f"mailscope-gui ended while waiting for {what}: "
                     f"{(self.work / 'load.log').read_text()[-400:]}")
            frames = self.frames()
            if frames and predicate(frames):
                return frames
            time.sleep(0.05)
        fail(f"timed out waiting for {what}")

    def peak_rss_now(self):
        """VmHWM of the GUI process itself (GNU time's child)."""
        if self.gui_pid is None:
            kids = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True,
                                  text=True).stdout.split()
            self.gui_pid = int(kids[0]) if kids else None
        if self.gui_pid is None:
            return None
        for line in pathlib.Path(f"/proc/{self.gui_pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
        return None

    def xdo(self, *args):
        subprocess.run(["xdotool", *map(str, args)], env=self.env, check=True)

    def centre(self, item):
        r = self.last_report()["items"].get(item)
        if not r:
            fail(f"the window shows no item {item}")
        return (r[0] + r[2]) / 2, (r[1] + r[3]) / 2

    def click(self, item):
        x, y = self.centre(item)
        self.xdo("mousemove", int(x), int(y))
        time.sleep(0.2)
        self.xdo("click", 1)

    def quit(self):
        # ImGui 1.86 samples keys once a frame: hold them longer than a frame (platform notes §4).
        self.xdo("keydown", "ctrl")
        self.xdo("keydown", "q")
        time.sleep(0.3)
        self.xdo("keyup", "q")
        self.xdo("keyup", "ctrl")
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait()
        lines = [l for l in self.rss.read_text().splitlines() if l.strip()]
        return int(lines[-1]) / 1024.0 if lines else None


def spread(gaps):
    if not gaps:
        return {"frames": 0}
    s = sorted(gaps)
    return {"frames": len(s), "median_ms": statistics.median(s),
            "p95_ms": s[min(len(s) - 1, int(0.95 * len(s)))], "worst_ms": s[-1]}


def gaps_between(frames, start_ms, end_ms):
    times = [f[0] for f in frames if start_ms <= f[0] <= end_ms]
    return [b - a for a, b in zip(times, times[1:])]


def views_between(frames, start_ms, end_ms):
    return [f[1] for f in frames if start_ms <= f[0] <= end_ms]


def frame_times(frames, start_ms, end_ms):
    """Frame times (gaps) and the views' share of them, between two moments."""
    out = spread(gaps_between(frames, start_ms, end_ms))
    views = spread(views_between(frames, start_ms, end_ms))
    for key in ("median_ms", "p95_ms", "worst_ms"):
        if key in views:
            out["views_" + key] = views[key]
    return out


def scroll_table(gui, table, row_prefix, list_name, total):
    """Wheel over the table, then drag its scroll bar to the bottom; frame times of both."""
    r = gui.last_report()["items"].get(table)
    if not r:
        fail(f"the window shows no {table}")
    x0, y0, x1, y1 = r
    gui.xdo("mousemove", int((x0 + x1) / 2), int((y0 + y1) / 2))
    time.sleep(0.3)
    start = gui.frames()[-1][0]
    # 300 notches of the wheel, down, faster than frames come: every frame has input to
    # handle, so the gap between two frames is what a frame costs.
    gui.xdo("click", "--repeat", 300, "--delay", 4, 5)
    wheel_end = gui.frames()[-1][0]
    time.sleep(0.5)
    rows = gui.last_report()["lists"].get(list_name, [])
    after_wheel = max((row["number"] for row in rows), default=0)
    # The scroll bar: a few pixels in from the table's right edge, from just under the header
    # to the bottom, in small steps over about three seconds.
    bar_x = int(x1 - 6)
    gui.xdo("mousemove", bar_x, int(y0 + 40))
    time.sleep(0.2)
    gui.xdo("mousemove", bar_x, int(y0 + 30))
    time.sleep(0.2)
    drag_start = gui.frames()[-1][0]
    gui.xdo("mousedown", 1)
    steps = 150
    for i in range(steps + 1):  # each xdotool call takes a few ms: faster than the frames
        gui.xdo("mousemove", bar_x, int(y0 + 30 + (y1 + 40 - (y0 + 30)) * i / steps))
    drag_end = gui.frames()[-1][0]
    gui.xdo("mouseup", 1)
    time.sleep(0.8)
    rows = gui.last_report()["lists"].get(list_name, [])
    numbers = [row["number"] for row in rows]
    return {
        "wheel": frame_times(gui.frames(), start, wheel_end),
        "rows_after_wheel": after_wheel,
        "drag": frame_times(gui.frames(), drag_start, drag_end),
        "last_row_after_drag": max(numbers, default=0),
        "rows_drawn": len(numbers),
        "total": total,
        "bottom_reached": max(numbers, default=0) == total,
    }


def measure(binary, capture, size, work, timeout):
    result = {"capture": str(capture), "bytes": capture.stat().st_size}
    xvfb = Xvfb(size)
    try:
        # 1. Load, then scroll.
        gui = Gui(binary, capture, size, xvfb.display, work, "load")
        gui.wait_for(lambda f: True, 60, "the first frame")
        first_frame_s = time.monotonic() - gui.started
        frames = gui.wait_for(lambda f: f[-1][2] not in ("running", "idle"), timeout,
                              "the analysis")
        # From the process start to the first frame that shows the analysis over (polled every
        # 50 ms): what a user waits.
        result["load_s"] = time.monotonic() - gui.started
        done = next(f for f in frames if f[2] not in ("running", "idle"))
        running = [f for f in frames if f[2] == "running"]
        result["state"] = done[2]
        result["packets"] = done[4]
        result["sessions"] = done[5]
        result["first_frame_s"] = first_frame_s
        result["peak_rss_loaded_mib"] = gui.peak_rss_now()
        result["loading_frames"] = frame_times(frames, running[0][0], done[0])
        moves = [b[0] for a, b in zip(running, running[1:]) if b[3] != a[3]]
        result["progress_updates"] = len(moves)
        result["progress_worst_gap_ms"] = max((b - a for a, b in zip(moves, moves[1:])),
                                              default=None)
        time.sleep(1.0)
        # Every packet of the capture in the list (the Packets tab, its check box).
        gui.click("tab-packets")
        time.sleep(0.5)
        gui.click("all-packets")
        time.sleep(0.8)
        result["packets_table"] = scroll_table(gui, "packets-list", "packet-row-", "packets",
                                               result["packets"])
        result["sessions_table"] = scroll_table(gui, "sessions-list", "session-row-",
                                                "sessions", result["sessions"])
        result["peak_rss_mib"] = gui.quit()

        # 2. Cancel a third of the way in.
        gui = Gui(binary, capture, size, xvfb.display, work, "cancel")
        gui.wait_for(lambda f: f[-1][3] >= 0.33, timeout, "a third of the file")
        x, y = gui.centre("cancel")
        gui.xdo("mousemove", int(x), int(y))
        time.sleep(0.2)
        clicked_at = gui.frames()[-1][0]
        gui.xdo("click", 1)
        frames = gui.wait_for(lambda f: f[-1][2] == "cancelled", 60, "the cancellation")
        cancelled = next(f for f in frames if f[2] == "cancelled")
        result["cancel"] = {"at_fraction": next(f[3] for f in frames if f[0] >= clicked_at),
                            "latency_ms": cancelled[0] - clicked_at,
                            "packets_kept": cancelled[4]}
        gui.quit()
    finally:
        xvfb.close()
    return result


def make_captures(out, size_mib, build):
    out.mkdir(parents=True, exist_ok=True)
    gen = out / f"generated-{size_mib}MiB.pcap"
    real = out / f"real-x-{size_mib}MiB.pcap"
    subprocess.run([build / "captures" / "generator" / "mailscope-capgen", "bench", "--out", gen,
                    "--size-mib", str(size_mib), "--seed", "1"], check=True)
    inputs = sorted(str(p) for p in (ROOT / "captures" / "real").glob("*.pcap"))
    subprocess.run([build / "tests" / "bench" / "mailscope-multiply-capture", "--size-mib",
                    str(size_mib), "--out", real, *inputs], check=True)
    print(gen)
    print(real)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("captures", nargs="*", type=pathlib.Path)
    ap.add_argument("--build", type=pathlib.Path, default=ROOT / "build" / "gui-release")
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--timeout", type=float, default=900, help="seconds to wait for a load")
    ap.add_argument("--make-captures", type=pathlib.Path)
    ap.add_argument("--size-mib", type=int, default=1024)
    ap.add_argument("--json", type=pathlib.Path, help="also write the results here")
    args = ap.parse_args()
    if args.make_captures:
        make_captures(args.make_captures, args.size_mib, args.build)
        return
    if not args.captures:
        ap.error("name at least one capture (or --make-captures DIR)")
    binary = args.build / "ui" / "mailscope-gui"
    if not binary.exists():
        fail(f"no {binary}: cmake --build {args.build} --target mailscope-gui")
    results = []
    for capture in args.captures:
        load_before = os.getloadavg()
        with tempfile.TemporaryDirectory(prefix="mailscope-gui-bench-") as work:
            r = measure(binary, capture, args.size, pathlib.Path(work), args.timeout)
        r["load_average_before"] = load_before
        r["load_average_after"] = os.getloadavg()
        results.append(r)
        print(json.dumps(r, indent=1), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
