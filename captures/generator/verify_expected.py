#!/usr/bin/env python3
"""Checks one NAME.expected.json against its capture, using tshark for everything on the wire.

tshark reads the file (format, link type, packet count, TCP streams, its TCP analysis flags and
its TLS handshake fields). This script then rebuilds each direction of each TCP stream from the
segments tshark printed and decodes SMTP, IMAP and POP3 on its own (a small, independent
decoder, not the generator's code), and compares what it finds with the expected analysis:
sessions, transports, TLS version/SNI/cipher, TCP warnings, messages, credentials (with packet
numbers) and findings.

Usage: verify_expected.py CAPTURE [EXPECTED_JSON]     exit 0 when everything matches.
"""

import base64
import email.header
import json
import re
import subprocess
import sys
from collections import defaultdict

CIPHERS = {
    0x1301: "TLS_AES_128_GCM_SHA256",
    0x1302: "TLS_AES_256_GCM_SHA384",
    0x1303: "TLS_CHACHA20_POLY1305_SHA256",
    0xC02B: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    0xC02C: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    0xCCA9: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
}
ENCAPSULATION = {
    "Ethernet": "EN10MB",
    "Linux cooked-mode capture v1": "LINUX_SLL",
    "Linux cooked-mode capture v2": "LINUX_SLL2",
    "NULL/Loopback": "NULL",
    "Raw IP": "RAW",
    "Per packet": "mixed",
}
SMTP_PORTS = {25, 465, 587}
IMAP_PORTS = {143, 993}
POP3_PORTS = {110, 995}

problems = []


def problem(text):
    problems.append(text)


def tshark(path, args):
    # nonstandard-ports.pcap: tell the dissectors where the mail is
    decode_as = ["-d", "tcp.port==2526,smtp", "-d", "tcp.port==1143,imap"]
    run = subprocess.run(["tshark", "-r", path] + decode_as + args, capture_output=True, text=True)
    return run.stdout, run.stderr


def fields(path, display_filter, names):
    args = ["-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,"]
    if display_filter:
        args += ["-Y", display_filter]
    for n in names:
        args += ["-e", n]
    out, _ = tshark(path, args)
    return [line.split("\t") for line in out.splitlines() if line.strip()]


def endpoint(ip, port):
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


# ---------------------------------------------------------------------------------------------
# Streams as tshark sees them


class Direction:
    """One direction of a TCP stream: bytes in sequence order and the frame of each byte."""

    def __init__(self):
        self.segments = []  # (frame, seq, payload)
        self.data = b""
        self.frame_of = []
        self.conflict = False

    def rebuild(self):
        chunks = {}
        for frame, seq, payload in self.segments:
            if not payload:
                continue
            if seq in chunks:
                if chunks[seq][1] != payload:
                    self.conflict = True
                continue  # first copy wins, as in the receiving stack
            chunks[seq] = (frame, payload)
        data = bytearray()
        frames = []
        for seq in sorted(chunks):
            frame, payload = chunks[seq]
            data += payload
            frames += [frame] * len(payload)
        self.data = bytes(data)
        self.frame_of = frames


class Stream:
    def __init__(self, number):
        self.number = number
        self.first_frame = None
        self.client = None
        self.server = None
        self.syn = False
        self.dirs = {"c": Direction(), "s": Direction()}
        self.flags = set()


def load_streams(path):
    rows = fields(path, "tcp", ["frame.number", "tcp.stream", "ip.src", "ipv6.src", "ip.dst",
                                "ipv6.dst", "tcp.srcport", "tcp.dstport", "tcp.flags.syn",
                                "tcp.flags.ack", "tcp.seq_raw", "tcp.payload"])
    streams = {}
    raw = []
    for r in rows:
        r += [""] * (12 - len(r))
        frame, stream = int(r[0]), int(r[1])
        src = r[2] or r[3]
        dst = r[4] or r[5]
        sport, dport = int(r[6]), int(r[7])
        syn = r[8] in ("1", "True")
        ack = r[9] in ("1", "True")
        seq = int(r[10])
        payload = bytes.fromhex(r[11].replace(":", "")) if r[11] else b""
        s = streams.setdefault(stream, Stream(stream))
        if s.first_frame is None:
            s.first_frame = frame
        if syn and not ack:
            s.syn = True
            s.client, s.server = endpoint(src, sport), endpoint(dst, dport)
        raw.append((s, frame, endpoint(src, sport), endpoint(dst, dport), sport, dport, seq, payload))
    for s in streams.values():
        if s.client is None:  # no SYN: the server is the side on the well-known (lower) port
            first = next(x for x in raw if x[0] is s)
            _, _, a, b, pa, pb, _, _ = first
            s.client, s.server = (a, b) if pa > pb else (b, a)
    for s, frame, src, dst, _, _, seq, payload in raw:
        s.dirs["c" if src == s.client else "s"].segments.append((frame, seq, payload))
    for s in streams.values():
        for d in s.dirs.values():
            d.rebuild()
    for flag, name in (("tcp.analysis.out_of_order", "out-of-order"),
                       ("tcp.analysis.retransmission", "retransmission"),
                       ("tcp.analysis.ack_lost_segment", "gap")):
        for r in fields(path, flag, ["tcp.stream"]):
            streams[int(r[0])].flags.add(name)
    for s in streams.values():
        if not s.syn:
            s.flags.add("no-handshake")
        if s.dirs["c"].conflict or s.dirs["s"].conflict:
            s.flags.add("conflicting-overlap")
    return [streams[k] for k in sorted(streams, key=lambda k: streams[k].first_frame)]


def load_tls(path):
    """stream -> {'sni', 'version', 'cipher'} from tshark's TLS dissector."""
    tls = defaultdict(dict)
    for r in fields(path, "tls.handshake.type==1", ["tcp.stream", "tls.handshake.extensions_server_name"]):
        tls[int(r[0])]["hello"] = True
        tls[int(r[0])]["sni"] = r[1] if len(r) > 1 and r[1] else None
    for r in fields(path, "tls.handshake.type==2", ["tcp.stream", "tls.handshake.ciphersuite",
                                                    "tls.handshake.extensions.supported_version",
                                                    "tls.handshake.version"]):
        r += [""] * (4 - len(r))
        entry = tls[int(r[0])]
        entry["cipher"] = CIPHERS.get(int(r[1], 16), r[1])
        version = r[2] or r[3]
        entry["version"] = {"0x0304": "TLS 1.3", "0x0303": "TLS 1.2"}.get(version, version)
    return tls


# ---------------------------------------------------------------------------------------------
# Independent mail decoding of the plaintext part of a stream


class Lines:
    """CRLF lines of one direction with the frame holding each line's final LF."""

    def __init__(self, direction, end):
        self.d = direction
        self.end = end
        self.pos = 0

    def line(self):
        data = self.d.data
        lf = data.find(b"\n", self.pos, self.end)
        if lf < 0:
            return None, None, None
        text = data[self.pos:lf + 1]
        start = self.pos
        self.pos = lf + 1
        return text.rstrip(b"\r\n").decode("utf-8", "replace"), self.d.frame_of[lf], start

    def raw(self, n):
        chunk = self.d.data[self.pos:self.pos + n]
        self.pos += n
        return chunk


def b64(text):
    try:
        return base64.b64decode(text.strip(), validate=True)
    except Exception:
        return None


def header_value(headers, name):
    m = re.search(rb"(?im)^" + name.encode() + rb":[ \t]*([^\r\n]*(?:\r\n[ \t][^\r\n]*)*)", headers)
    if not m:
        return ""
    value = re.sub(rb"\r\n[ \t]+", b" ", m.group(1)).decode("utf-8", "replace")
    parts = email.header.decode_header(value)
    return "".join(p.decode(c or "utf-8") if isinstance(p, bytes) else p for p, c in parts)


def addresses(value):
    return re.findall(r"<([^>]+)>", value) or [a.strip() for a in value.split(",") if a.strip()]


def message_of(raw):
    headers = raw.split(b"\r\n\r\n", 1)[0]
    return {"from": (addresses(header_value(headers, "From")) or [""])[0],
            "to": addresses(header_value(headers, "To")) if header_value(headers, "To") else [],
            "cc": addresses(header_value(headers, "Cc")) if header_value(headers, "Cc") else [],
            "subject": header_value(headers, "Subject"), "size": len(raw)}


def unstuff(lines):
    return b"".join((l[1:] if l.startswith(b".") else l) for l in lines)


def read_dot_terminated(d, pos, end):
    """Multi-line block from pos up to the '.' line; returns (raw bytes, next pos)."""
    out = []
    while pos < end:
        lf = d.data.find(b"\n", pos, end)
        if lf < 0:
            break
        line = d.data[pos:lf + 1]
        pos = lf + 1
        if line == b".\r\n":
            return unstuff(out), pos
        out.append(line)
    return None, pos


def first_status_after(server, frame, pattern):
    """The first server line matching `pattern` in a frame after `frame`."""
    data = server.data
    pos = 0
    while True:
        lf = data.find(b"\n", pos)
        if lf < 0:
            return None
        line = data[pos:lf + 1].decode("utf-8", "replace")
        if server.frame_of[lf] > frame and re.match(pattern, line):
            return line
        pos = lf + 1


class Found:
    def __init__(self):
        self.credentials = []
        self.messages = []
        self.offered_tls = None  # None: never saw a capability list
        self.tried_tls = False
        self.refused = False
        self.injection = False
        self.tls_offset = None  # client stream offset where TLS starts
        self.auth_seen = False


def tls_start(stream):
    """Offset in the client stream of a TLS ClientHello at a line start (or 0), else None."""
    data = stream.dirs["c"].data
    for m in re.finditer(rb"\x16\x03[\x00-\x04]..\x01", data, re.S):
        if m.start() == 0 or data[m.start() - 1:m.start()] == b"\n":
            return m.start()
    return None


def server_tls_start(stream):
    data = stream.dirs["s"].data
    for m in re.finditer(rb"\x16\x03[\x00-\x04]..\x02", data, re.S):
        if m.start() == 0 or data[m.start() - 1:m.start()] == b"\n":
            return m.start()
    return len(data)


def reply_block_after(server, frame):
    """The SMTP reply (all its lines) that starts in the first server frame after `frame`."""
    data, pos, block = server.data, 0, []
    while True:
        lf = data.find(b"\n", pos)
        if lf < 0:
            return block
        line = data[pos:lf + 1].decode("utf-8", "replace").rstrip("\r\n")
        pos = lf + 1
        if server.frame_of[lf] <= frame and not block:
            continue
        block.append(line[4:])
        if line[3:4] == " ":
            return block


def result(line, ok, bad):
    if line is None:
        return "unknown"
    if re.match(ok, line):
        return "accepted"
    if re.match(bad, line):
        return "rejected"
    return "unknown"


def credential(found, mech, user, secret, kind, frame, res, authzid=None):
    c = {"mechanism": mech, "username": user, "secret": secret, "secret_kind": kind,
         "result": res, "packet": frame}
    if authzid:
        c["authzid"] = authzid
    found.credentials.append(c)


def sasl_fields(mech, blob):
    """(user, secret, kind, authzid) from a decoded SASL client response."""
    if mech == "PLAIN":
        authzid, user, password = blob.split(b"\0")
        return user.decode(), password.decode(), "password", authzid.decode()
    if mech == "CRAM-MD5":
        user, digest = blob.decode().rsplit(" ", 1)
        assert re.fullmatch(r"[0-9a-f]{32}", digest), digest
        return user, None, "challenge-response", None
    if mech == "XOAUTH2":
        kv = dict(p.split("=", 1) for p in blob.decode().split("\x01") if p)
        return kv["user"], kv["auth"].removeprefix("Bearer "), "token", None
    if mech == "OAUTHBEARER":
        gs2, rest = blob.decode().split("\x01", 1)
        user = re.search(r"a=([^,]*)", gs2).group(1)
        kv = dict(p.split("=", 1) for p in rest.split("\x01") if p)
        return user, kv["auth"].removeprefix("Bearer "), "token", None
    raise ValueError(mech)


def decode_smtp(stream, found):
    c, s = stream.dirs["c"], stream.dirs["s"]
    end = found.tls_offset if found.tls_offset is not None else len(c.data)
    lines = Lines(c, end)
    envelope = {"from": "", "to": []}
    final = r"^[2345]\d\d "
    while True:
        text, frame, start = lines.line()
        if text is None:
            break
        word = text.split(" ")[0].upper()
        if word in ("EHLO", "HELO") and found.offered_tls is None:
            found.offered_tls = "STARTTLS" in reply_block_after(s, frame)
        elif word == "STARTTLS":
            found.tried_tls = True
            if lines.pos < end and c.frame_of[lines.pos] == frame:
                found.injection = True  # more client bytes in the STARTTLS segment
            reply = first_status_after(s, frame, r"^\d\d\d ")
            if reply and reply.startswith("454"):
                found.refused = True
            if reply and reply.startswith("220"):
                go = s.data.find(reply.encode())
                if server_tls_start(stream) > go + len(reply):
                    found.injection = True  # plaintext after the go-ahead
        elif word == "AUTH":
            found.auth_seen = True
            parts = text.split(" ")
            mech = parts[1].upper()
            ir = parts[2] if len(parts) > 2 else None
            if mech == "LOGIN":
                user = b64(ir).decode() if ir else None
                if user is None:
                    t, _, _ = lines.line()
                    if t == "*":
                        continue
                    user = b64(t).decode()
                t, f, _ = lines.line()
                if t == "*":
                    continue
                res = result(first_status_after(s, f, final), r"^235", r"^5")
                credential(found, "LOGIN", user, b64(t).decode(), "password", f, res)
                continue
            if ir is None or ir == "=":
                t, frame, _ = lines.line()
                if t == "*":
                    continue
                ir = t
            user, secret, kind, authzid = sasl_fields(mech, b64(ir))
            res = result(first_status_after(s, frame, final), r"^235", r"^5")
            credential(found, mech, user, secret, kind, frame, res, authzid)
        elif word == "MAIL":
            envelope = {"from": re.search(r"<([^>]*)>", text).group(1), "to": []}
        elif word == "RCPT":
            envelope["to"].append(re.search(r"<([^>]*)>", text).group(1))
        elif word == "DATA":
            raw, lines.pos = read_dot_terminated(c, lines.pos, end)
            if raw is not None:
                found.messages.append({**message_of(raw), **envelope})
        elif word == "BDAT":
            n = int(text.split(" ")[1])
            body = lines.raw(n)
            found.bdat = getattr(found, "bdat", b"") + body
            if text.upper().endswith(" LAST"):
                found.messages.append({**message_of(found.bdat), **envelope})
                found.bdat = b""


def imap_arguments(lines, first_line):
    """Splits an IMAP command into atoms/strings, following literals across lines."""
    args, text, frame = [], first_line, None
    while True:
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == " ":
                i += 1
            elif ch == '"':
                i += 1
                value = ""
                while text[i] != '"':
                    if text[i] == "\\":
                        i += 1
                    value += text[i]
                    i += 1
                args.append(value)
                i += 1
            elif ch == "{" and text.endswith("}") and re.fullmatch(r"\{\d+\+?\}", text[i:]):
                n = int(text[i + 1:].rstrip("+}"))
                args.append(lines.raw(n).decode())
                text, frame, _ = lines.line()
                i = 0
                break
            else:
                j = text.find(" ", i)
                j = len(text) if j < 0 else j
                args.append(text[i:j])
                i = j
        else:
            return args, frame


def decode_imap(stream, found):
    c, s = stream.dirs["c"], stream.dirs["s"]
    end = found.tls_offset if found.tls_offset is not None else len(c.data)
    server_plain = s.data[:server_tls_start(stream)].decode("utf-8", "replace")
    caps = re.findall(r"(?m)^\* (?:OK \[)?CAPABILITY ([^\]\r\n]*)", server_plain)
    if caps:
        found.offered_tls = "STARTTLS" in caps[0].split()
    lines = Lines(c, end)
    while True:
        text, frame, _ = lines.line()
        if text is None:
            break
        parts = text.split(" ", 2)
        if len(parts) < 2:
            continue
        tag, cmd = parts[0], parts[1].upper()
        tagged = r"^" + re.escape(tag) + r" "
        if cmd == "STARTTLS":
            found.tried_tls = True
        elif cmd == "LOGIN":
            args, last = imap_arguments(lines, parts[2])
            frame = last or frame
            res = result(first_status_after(s, frame, tagged), tagged + "OK", tagged + "(NO|BAD)")
            credential(found, "IMAP-LOGIN", args[0], args[1], "password", frame, res)
        elif cmd == "AUTHENTICATE":
            rest = parts[2].split(" ")
            mech = rest[0].upper()
            if mech == "LOGIN":
                user = b64(lines.line()[0]).decode()
                t, frame, _ = lines.line()
                res = result(first_status_after(s, frame, tagged), tagged + "OK", tagged + "NO")
                credential(found, "LOGIN", user, b64(t).decode(), "password", frame, res)
                continue
            ir = rest[1] if len(rest) > 1 else None
            if ir is None:
                ir, frame, _ = lines.line()
            user, secret, kind, authzid = sasl_fields(mech, b64(ir))
            res = result(first_status_after(s, frame, tagged), tagged + "OK", tagged + "NO")
            credential(found, mech, user, secret, kind, frame, res, authzid)
    for m in re.finditer(rb"BODY\[\] \{(\d+)\}\r\n", s.data[:server_tls_start(stream)]):
        n = int(m.group(1))
        found.messages.append(message_of(s.data[m.end():m.end() + n]))


def decode_pop3(stream, found):
    c, s = stream.dirs["c"], stream.dirs["s"]
    end = found.tls_offset if found.tls_offset is not None else len(c.data)
    send = server_tls_start(stream)
    lines = Lines(c, end)
    user = None
    status = r"^[+-](OK|ERR)"
    while True:
        text, frame, _ = lines.line()
        if text is None:
            break
        word = text.split(" ")[0].upper()
        if word == "CAPA":
            reply = s.data.find(b"+OK\r\nCAPA", 0, send)
            if reply >= 0 and s.frame_of[reply] > frame:
                block, _ = read_dot_terminated(s, reply, send)
                found.offered_tls = b"\r\nSTLS\r\n" in block
        elif word == "STLS":
            found.tried_tls = True
        elif word == "USER":
            user = text[5:]
        elif word == "PASS":
            res = result(first_status_after(s, frame, status), r"^\+OK", r"^-ERR")
            credential(found, "USER-PASS", user, text[5:], "password", frame, res)
        elif word == "APOP":
            _, name, digest = text.split(" ")
            assert re.fullmatch(r"[0-9a-f]{32}", digest)
            res = result(first_status_after(s, frame, status), r"^\+OK", r"^-ERR")
            credential(found, "APOP", name, None, "challenge-response", frame, res)
        elif word == "AUTH":
            parts = text.split(" ")
            mech = parts[1].upper()
            ir = parts[2] if len(parts) > 2 else None
            if ir is None:
                ir, frame, _ = lines.line()
            u, secret, kind, authzid = sasl_fields(mech, b64(ir))
            res = result(first_status_after(s, frame, status), r"^\+OK", r"^-ERR")
            credential(found, mech, u, secret, kind, frame, res, authzid)
        elif word in ("RETR", "TOP"):
            # the reply to this command: first "+OK" line after the command's frame
            pos = 0
            while True:
                lf = s.data.find(b"\n", pos, send)
                if lf < 0:
                    break
                if s.frame_of[lf] > frame and s.data[pos:pos + 3] == b"+OK":
                    raw, _ = read_dot_terminated(s, lf + 1, send)
                    if raw is not None:
                        found.messages.append(message_of(raw))
                    break
                pos = lf + 1


def protocol_of(stream):
    port = int(stream.server.rsplit(":", 1)[1])
    if port in SMTP_PORTS:
        return "smtp"
    if port in IMAP_PORTS:
        return "imap"
    if port in POP3_PORTS:
        return "pop3"
    greeting = stream.dirs["s"].data[:16]
    if re.match(rb"220[ -]", greeting):
        return "smtp"
    if greeting.startswith(b"* OK"):
        return "imap"
    if greeting.startswith(b"+OK"):
        return "pop3"
    if stream.dirs["c"].data.startswith(b"AUTH ") or b"\r\nMAIL FROM:" in stream.dirs["c"].data:
        return "smtp"
    return "unknown"


def dissector_cross_check(path, expected):
    """tshark's own SMTP/IMAP/POP dissectors must point at the same credential packets."""
    retransmitted = {int(r[0]) for r in fields(path, "tcp.analysis.retransmission", ["frame.number"])}
    packets = lambda protocol, mechanisms: {
        c["packet"] for c in expected["credentials"]
        if c["protocol"] == protocol and c["mechanism"] in mechanisms}
    smtp = {int(r[0]) for r in fields(path, "smtp.auth.password or smtp.auth.username_password",
                                      ["frame.number", "smtp.auth.password"])
            if not (len(r) > 1 and r[1] == "*")}  # "*" cancels, it is no password
    pop = {int(r[0]) for r in fields(path, 'pop.request.command == "PASS" or pop.request.command == "APOP"', ["frame.number"])}
    imap = {int(r[0]) for r in fields(path, "imap.request.password", ["frame.number"])}
    if smtp - retransmitted != packets("smtp", {"PLAIN", "LOGIN"}):
        problem(f"tshark's SMTP dissector sees passwords in {sorted(smtp)}")
    if pop - retransmitted != packets("pop3", {"USER-PASS", "APOP"}):
        problem(f"tshark's POP dissector sees PASS/APOP in {sorted(pop)}")
    # tshark cannot follow IMAP literals, so its LOGIN packets are a subset.
    if not imap <= packets("imap", {"IMAP-LOGIN"}):
        problem(f"tshark's IMAP dissector sees LOGIN passwords in {sorted(imap)}")


# ---------------------------------------------------------------------------------------------


def main():
    path = sys.argv[1]
    expected_path = sys.argv[2] if len(sys.argv) > 2 else re.sub(r"\.pcap(ng)?$", ".expected.json", path)
    expected = json.load(open(expected_path, encoding="utf-8"))

    info, _ = subprocess.run(["capinfos", "-t", "-E", path], capture_output=True, text=True).stdout, None
    file_type = re.search(r"File type:\s*(.*)", info).group(1)
    encap = re.search(r"File encapsulation:\s*(.*)", info).group(1).strip()
    fmt = "pcapng" if "pcapng" in file_type else "pcap"
    frames_out, err = tshark(path, ["-T", "fields", "-e", "frame.number"])
    packets = len(frames_out.split())
    truncated = "cut short" in err

    def check(what, got, want):
        if got != want:
            problem(f"{what}: capture has {got!r}, expected.json says {want!r}")

    check("file", path.rsplit("/", 1)[-1], expected["file"])
    check("format", fmt, expected["format"])
    check("link_type", ENCAPSULATION.get(encap, encap), expected["link_type"])
    check("packets", packets, expected["packets"])
    check("truncated", truncated, expected["truncated"])

    all_streams = load_streams(path)
    tls = load_tls(path)
    # Traffic that is not mail (HTTPS on 443, ...) must not be reported as a session.
    streams = [st for st in all_streams if protocol_of(st) != "unknown"]
    check("number of sessions", len(streams), len(expected["sessions"]))

    derived_credentials, derived_findings = [], set()
    for index, (stream, want) in enumerate(zip(streams, expected["sessions"])):
        where = f"session {index}"
        check(f"{where} client", stream.client, want["client"])
        check(f"{where} server", stream.server, want["server"])
        proto = protocol_of(stream)
        check(f"{where} protocol", proto, want["protocol"])
        found = Found()
        found.tls_offset = tls_start(stream)
        t = tls.get(stream.number, {})
        if bool(t.get("hello")) != (found.tls_offset is not None):
            problem(f"{where}: tshark and the stream disagree about a ClientHello")
        transport = ("plaintext" if found.tls_offset is None
                     else "implicit-tls" if found.tls_offset == 0 else "starttls")
        check(f"{where} transport", transport, want["transport"])
        check(f"{where} tls_version", t.get("version"), want["tls_version"])
        check(f"{where} sni", t.get("sni"), want["sni"])
        check(f"{where} cipher", t.get("cipher"), want["cipher"])
        check(f"{where} tcp_warnings", sorted(stream.flags), sorted(want["tcp_warnings"]))

        {"smtp": decode_smtp, "imap": decode_imap, "pop3": decode_pop3}.get(
            proto, lambda *_: None)(stream, found)
        if proto == "smtp":
            hop = "submission" if found.auth_seen or int(stream.server.rsplit(":", 1)[1]) in (465, 587, 2526) else "relay"
        else:
            hop = "retrieval" if proto in ("imap", "pop3") else "unknown"
        check(f"{where} hop", hop, want["hop"])
        check(f"{where} messages", found.messages, want["messages"])

        for c in found.credentials:
            derived_credentials.append({"session": index, "protocol": proto, **c})
        kinds = {c["secret_kind"] for c in found.credentials}
        codes = set()
        if "password" in kinds or "token" in kinds:
            codes.add("plaintext-credentials")
        if "challenge-response" in kinds:
            codes.add("crackable-digest")
        if "token" in kinds:
            codes.add("token-exposed")
        if found.messages:
            codes.add("message-exposed")
        if transport == "plaintext" and found.offered_tls is False:
            codes.add("no-starttls-offered")
        if found.offered_tls and not found.tried_tls:
            codes.add("starttls-offered-not-used")
        if found.refused:
            codes.add("starttls-refused")
        if found.credentials and found.offered_tls:
            codes.add("login-before-starttls")
        if found.injection:
            codes.add("starttls-command-injection")
        if "version" in t:
            codes.add("tls-protected")
        derived_findings |= {(code, index) for code in codes}

    want_credentials = [{k: v for k, v in c.items()} for c in expected["credentials"]]
    for c in want_credentials:
        c.setdefault("authzid", None)
    for c in derived_credentials:
        c.setdefault("authzid", None)
        if not c["authzid"]:
            c["authzid"] = None
    key = lambda c: (c["packet"], c["session"])
    check("credentials", sorted(derived_credentials, key=key), sorted(want_credentials, key=key))
    want_findings = {(f["code"], f["session"]) for f in expected["findings"]}
    check("findings", sorted(derived_findings), sorted(want_findings))

    dissector_cross_check(path, expected)

    name = expected["file"]
    if problems:
        print(f"FAIL {name}")
        for p in problems:
            print(f"  - {p}")
        return 1
    print(f"ok   {name}: {packets} packets, {len(streams)} sessions, "
          f"{len(derived_credentials)} credentials, {len(derived_findings)} findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
