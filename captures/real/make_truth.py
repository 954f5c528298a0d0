#!/usr/bin/env python3
"""Derive, check and write the truth of a capture made by record.sh.

    make_truth.py --scenarios NAME.scenarios.jsonl --pcap NAME.pcap --out NAME.expected.json
    make_truth.py --check NAME.expected.json      # recompute beside it and compare

The truth is *derived* from the capture, not copied from the script: this program reads
the pcap itself (Ethernet, IPv4/IPv6, TCP reassembly), decodes SMTP, IMAP and POP3 in the
clear parts, parses the TLS hellos, and builds sessions, credentials, messages and
findings. It then *checks* that result two ways, and refuses to write anything if a
check fails:

  1. against the scenarios record.sh wrote while it drove the clients (which protocol,
     transport and port each session used, which user and password it sent, whether the
     server accepted it, which messages crossed in clear); CRAM-MD5 and APOP digests are
     recomputed from the known password and the challenge seen on the wire;
  2. against tshark's own dissection of the same file: the TCP conversations, the
     packet count, the stream and request flag of each cited frame, the secret as it
     appears (raw, quoted or base64) in that frame's payload, tshark's decoded
     username/password fields where it has them, and the TLS version and SNI.

Only the Python standard library and the tshark command are used.
"""
from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import hmac
import json
import re
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.utils import getaddresses
from pathlib import Path


class Mismatch(Exception):
    """The capture does not say what the scenarios say (or tshark disagrees)."""


# --------------------------------------------------------------------------------------
# pcap reading and TCP reassembly
# --------------------------------------------------------------------------------------
LINK_TYPES = {0: "NULL", 1: "EN10MB", 113: "LINUX_SLL", 276: "LINUX_SLL2"}


@dataclass
class Packet:
    number: int          # 1-based, as in Wireshark
    data: bytes
    caplen: int
    origlen: int


def read_pcap(path: Path) -> tuple[str, list[Packet], bool]:
    raw = path.read_bytes()
    if len(raw) < 24:
        raise Mismatch(f"{path}: too short for a pcap header")
    magic = raw[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise Mismatch(f"{path}: not a pcap file (magic {magic.hex()})")
    _, _, _, _, _, linktype = struct.unpack(endian + "HHiIII", raw[4:24])
    packets: list[Packet] = []
    truncated = False
    off = 24
    while off < len(raw):
        if off + 16 > len(raw):
            truncated = True
            break
        _, _, caplen, origlen = struct.unpack(endian + "IIII", raw[off:off + 16])
        off += 16
        if off + caplen > len(raw):
            truncated = True
            break
        packets.append(Packet(len(packets) + 1, raw[off:off + caplen], caplen, origlen))
        if caplen < origlen:
            truncated = True
        off += caplen
    return LINK_TYPES.get(linktype & 0xFFFF, str(linktype)), packets, truncated


@dataclass
class Segment:
    frame: int
    src: str
    sport: int
    dst: str
    dport: int
    seq: int
    flags: int
    payload: bytes


def parse_tcp(pkt: Packet, link: str) -> Segment | None:
    d = pkt.data
    if link != "EN10MB":
        raise Mismatch(f"link type {link} is not handled by this checker")
    if len(d) < 14:
        return None
    ethertype = struct.unpack("!H", d[12:14])[0]
    off = 14
    while ethertype in (0x8100, 0x88A8) and len(d) >= off + 4:
        ethertype = struct.unpack("!H", d[off + 2:off + 4])[0]
        off += 4
    if ethertype == 0x0800:
        ihl = (d[off] & 0x0F) * 4
        total = struct.unpack("!H", d[off + 2:off + 4])[0]
        if d[off + 9] != 6:
            return None
        src = ".".join(map(str, d[off + 12:off + 16]))
        dst = ".".join(map(str, d[off + 16:off + 20]))
        ip_end = off + total
        off += ihl
    elif ethertype == 0x86DD:
        plen = struct.unpack("!H", d[off + 4:off + 6])[0]
        if d[off + 6] != 6:
            return None  # extension headers are not produced on lo by our clients
        src = "[" + ":".join(d[off + 8 + i:off + 10 + i].hex() for i in range(0, 16, 2)) + "]"
        dst = "[" + ":".join(d[off + 24 + i:off + 26 + i].hex() for i in range(0, 16, 2)) + "]"
        ip_end = off + 40 + plen
        off += 40
    else:
        return None
    sport, dport, seq, _ack, offres, flags = struct.unpack("!HHIIBB", d[off:off + 14])
    data_off = off + (offres >> 4) * 4
    return Segment(pkt.number, src, sport, dst, dport, seq, flags, d[data_off:ip_end])


SYN, ACK, FIN, RST = 0x02, 0x10, 0x01, 0x04


class Direction:
    """One direction of a TCP connection: its bytes, and which frame carried each."""

    def __init__(self) -> None:
        self.isn: int | None = None
        self.data = bytearray()
        self.spans: list[tuple[int, int, int]] = []   # (start, end, frame), first carrier

    def add(self, seg: Segment) -> None:
        if seg.flags & SYN:
            self.isn = seg.seq
            return
        if not seg.payload:
            return
        if self.isn is None:
            raise Mismatch(f"frame {seg.frame}: data before the handshake")
        start = (seg.seq - self.isn - 1) & 0xFFFFFFFF
        end = start + len(seg.payload)
        if end <= len(self.data):
            return                                    # a retransmission of bytes we have
        if start > len(self.data):
            raise Mismatch(f"frame {seg.frame}: gap in the TCP stream (lost packet)")
        new = seg.payload[len(self.data) - start:]
        self.spans.append((len(self.data), len(self.data) + len(new), seg.frame))
        self.data += new

    def frame_at(self, offset: int) -> int:
        for start, end, frame in self.spans:
            if start <= offset < end:
                return frame
        raise Mismatch(f"no frame carries byte {offset}")


@dataclass
class Connection:
    index: int
    client: tuple[str, int]
    server: tuple[str, int]
    first_frame: int
    c2s: Direction = field(default_factory=Direction)
    s2c: Direction = field(default_factory=Direction)


def endpoint(addr: str, port: int) -> str:
    return f"{addr}:{port}"


def reassemble(link: str, packets: list[Packet]) -> list[Connection]:
    conns: list[Connection] = []
    live: dict[tuple, Connection] = {}
    for pkt in packets:
        seg = parse_tcp(pkt, link)
        if seg is None:
            continue
        key_c2s = (seg.src, seg.sport, seg.dst, seg.dport)
        key_s2c = (seg.dst, seg.dport, seg.src, seg.sport)
        if seg.flags & SYN and not seg.flags & ACK:
            conn = Connection(len(conns), (seg.src, seg.sport), (seg.dst, seg.dport), seg.frame)
            conns.append(conn)
            live[key_c2s] = conn
            conn.c2s.add(seg)
            continue
        if key_c2s in live:
            live[key_c2s].c2s.add(seg)
        elif key_s2c in live:
            live[key_s2c].s2c.add(seg)
        else:
            raise Mismatch(f"frame {seg.frame}: TCP segment of a connection whose SYN is not in the capture")
    return conns


# --------------------------------------------------------------------------------------
# Lines (with IMAP literals) and the point where TLS starts
# --------------------------------------------------------------------------------------
@dataclass
class Unit:
    """One protocol line (or IMAP command/response with its literals) in one direction."""
    side: str               # "c" client, "s" server
    data: bytes
    end_frame: int          # frame carrying its last byte
    start_frame: int        # frame carrying its first byte
    literals: list[tuple[int, int]] = field(default_factory=list)  # spans within data
    text_end_frame: int = 0  # frame carrying its last character before CR LF: a credential's
                             # packet, as the public corpus's expected.json counts it


LITERAL_AT_END = re.compile(rb"\{(\d+)\+?\}\r\n$")


def split_units(direction: Direction, side: str, imap: bool) -> tuple[list[Unit], int | None]:
    """Cut a direction into lines until the first TLS record; return (units, tls_offset)."""
    data = bytes(direction.data)
    units: list[Unit] = []
    pos = 0
    while pos < len(data):
        if data[pos] == 0x16 and data[pos + 1:pos + 2] == b"\x03":
            return units, pos
        start = pos
        literals: list[tuple[int, int]] = []
        while True:
            nl = data.find(b"\n", pos)
            if nl < 0:
                raise Mismatch(f"{side}: unterminated line at byte {pos}")
            pos = nl + 1
            m = LITERAL_AT_END.search(data, start, pos) if imap else None
            if m and m.end() == pos:
                n = int(m.group(1))
                literals.append((pos - start, pos - start + n))
                pos += n
                continue
            break
        text_end = pos - (2 if data[start:pos].endswith(b"\r\n") else 1)
        units.append(Unit(side, data[start:pos], direction.frame_at(pos - 1), direction.frame_at(start),
                          literals, direction.frame_at(max(text_end, start + 1) - 1)))
    return units, None


def merge(client: list[Unit], server: list[Unit]) -> list[Unit]:
    """Both directions in the order the capture saw their last bytes."""
    # A frame travels one way only, so (frame, position in its direction) is a total order.
    tagged = [(u.end_frame, 0, i, u) for i, u in enumerate(client)]
    tagged += [(u.end_frame, 1, i, u) for i, u in enumerate(server)]
    tagged.sort(key=lambda t: t[:3])
    return [t[3] for t in tagged]


# --------------------------------------------------------------------------------------
# TLS hellos
# --------------------------------------------------------------------------------------
TLS_VERSIONS = {0x0301: "TLS 1.0", 0x0302: "TLS 1.1", 0x0303: "TLS 1.2", 0x0304: "TLS 1.3"}


def first_handshake(data: bytes, want: int) -> bytes | None:
    """Body of the first handshake message of type `want` in a run of TLS records."""
    hs = bytearray()
    pos = 0
    while pos + 5 <= len(data):
        ctype, _ver, length = struct.unpack("!BHH", data[pos:pos + 5])
        if ctype == 22:
            hs += data[pos + 5:pos + 5 + length]
        pos += 5 + length
        while len(hs) >= 4:
            htype = hs[0]
            hlen = int.from_bytes(hs[1:4], "big")
            if len(hs) < 4 + hlen:
                break
            if htype == want:
                return bytes(hs[4:4 + hlen])
            del hs[:4 + hlen]
        if ctype != 22 and not hs:
            break
    return None


def hello_extensions(body: bytes, server: bool) -> tuple[int, dict[int, bytes]]:
    version = struct.unpack("!H", body[0:2])[0]
    p = 2 + 32
    p += 1 + body[p]                                   # session id
    if server:
        p += 2 + 1                                     # cipher suite, compression
    else:
        p += 2 + struct.unpack("!H", body[p:p + 2])[0]  # cipher suites
        p += 1 + body[p]                               # compression methods
    exts: dict[int, bytes] = {}
    if p + 2 <= len(body):
        end = p + 2 + struct.unpack("!H", body[p:p + 2])[0]
        p += 2
        while p + 4 <= end:
            etype, elen = struct.unpack("!HH", body[p:p + 4])
            exts[etype] = body[p + 4:p + 4 + elen]
            p += 4 + elen
    return version, exts


def tls_facts(client_tls: bytes, server_tls: bytes) -> tuple[str | None, str | None]:
    sni = None
    ch = first_handshake(client_tls, 1)
    if ch is None:
        raise Mismatch("TLS starts but no ClientHello was found")
    _, exts = hello_extensions(ch, server=False)
    if 0 in exts:
        lst = exts[0]
        p = 2
        while p + 3 <= len(lst):
            ntype, nlen = lst[p], struct.unpack("!H", lst[p + 1:p + 3])[0]
            if ntype == 0:
                sni = lst[p + 3:p + 3 + nlen].decode("ascii")
            p += 3 + nlen
    sh = first_handshake(server_tls, 2)
    if sh is None:
        raise Mismatch("TLS starts but no ServerHello was found")
    legacy, exts = hello_extensions(sh, server=True)
    version = struct.unpack("!H", exts[43][:2])[0] if 43 in exts else legacy
    return TLS_VERSIONS.get(version, hex(version)), sni


# --------------------------------------------------------------------------------------
# What the decoders produce
# --------------------------------------------------------------------------------------
@dataclass
class Credential:
    mechanism: str
    username: str
    secret: str | None
    result: str = "unknown"
    packet: int = 0
    authzid: str = ""
    first_frame: int = 0         # where the line holding the secret starts (may span frames)
    initial_response: bool | None = None   # SASL: did the AUTH command carry the first response?
    challenge: bytes = b""       # CRAM-MD5 challenge / APOP timestamp, for the digest check
    digest: str = ""             # CRAM-MD5 / APOP digest from the wire


@dataclass
class Message:
    sender: list[str]
    to: list[str]
    cc: list[str]
    subject: str
    size: int
    stuffed: int = 0             # SMTP: lines the client dot-stuffed (wire bytes = size + stuffed)


@dataclass
class Decoded:
    credentials: list[Credential] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    starttls_offered: bool = False
    starttls_done: bool = False
    auth_seen: bool = False


def b64(text: bytes) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except binascii.Error as e:
        raise Mismatch(f"bad base64 {text!r}: {e}") from e


def u8(b: bytes) -> str:
    return b.decode("utf-8")


def parse_message(content: bytes) -> Message:
    headers = BytesHeaderParser().parsebytes(content)

    def addrs(name: str) -> list[str]:
        return [a for _, a in getaddresses(headers.get_all(name, [])) if a]

    subject = headers.get("Subject", "")
    return Message(addrs("From"), addrs("To"), addrs("Cc"), str(subject), len(content))


class Sasl:
    """A SASL exchange in progress (same shape in SMTP, IMAP and POP3)."""

    def __init__(self, mech: str, initial: bytes | None, unit: Unit) -> None:
        self.mech = mech.upper()
        self.responses: list[tuple[bytes, Unit]] = []
        self.challenges: list[bytes] = []
        self.cancelled = False
        self.initial_response = initial is not None
        if initial is not None:
            self.responses.append((b"" if initial == b"=" else initial, unit))

    def credential(self) -> Credential | None:
        cred = self._credential()
        if cred is not None:
            cred.initial_response = self.initial_response
        return cred

    def _credential(self) -> Credential | None:
        r = self.responses
        if self.mech == "PLAIN" and r:
            parts = b64(r[0][0]).split(b"\0")
            if len(parts) != 3:
                raise Mismatch(f"PLAIN response with {len(parts)} fields")
            return Credential("PLAIN", u8(parts[1]), u8(parts[2]), packet=r[0][1].text_end_frame,
                              authzid=u8(parts[0]), first_frame=r[0][1].start_frame)
        if self.mech == "LOGIN" and len(r) >= 2:
            return Credential("LOGIN", u8(b64(r[0][0])), u8(b64(r[1][0])), packet=r[1][1].text_end_frame,
                              first_frame=r[1][1].start_frame)
        if self.mech in ("XOAUTH2", "OAUTHBEARER") and r:
            return bearer_credential(self.mech, b64(r[0][0]), r[0][1])
        if self.mech == "CRAM-MD5" and r and self.challenges:
            user, _, digest = u8(b64(r[0][0])).rpartition(" ")
            return Credential("CRAM-MD5", user, None, packet=r[0][1].text_end_frame, first_frame=r[0][1].start_frame,
                              challenge=b64(self.challenges[0]), digest=digest)
        return None


def bearer_credential(mech: str, raw: bytes, unit: Unit) -> Credential:
    """XOAUTH2: user=U ^A auth=Bearer T ^A^A.  OAUTHBEARER (RFC 7628): n,a=U, ^A ... auth=Bearer T ^A^A."""
    fields = raw.split(b"\x01")
    user = token = None
    if mech == "XOAUTH2":
        user = next((f[5:] for f in fields if f.startswith(b"user=")), None)
    else:
        for part in fields[0].split(b","):                     # the GS2 header
            if part.startswith(b"a="):
                user = part[2:].replace(b"=2C", b",").replace(b"=3D", b"=")
    for f in fields:
        if f.lower().startswith(b"auth="):
            value = f[5:]
            token = value[7:] if value.lower().startswith(b"bearer ") else value
    if user is None or token is None:
        raise Mismatch(f"{mech} response without a user or a bearer token: {raw!r}")
    return Credential(mech, u8(user), u8(token), packet=unit.text_end_frame, first_frame=unit.start_frame)


# --------------------------------------------------------------------------------------
# SMTP
# --------------------------------------------------------------------------------------
def decode_smtp(units: list[Unit]) -> Decoded:
    out = Decoded()
    last_cmd = ""
    sasl: Sasl | None = None
    in_data = False
    content = bytearray()
    stuffed = 0
    # The envelope is what the relay acts on (Bcc recipients included): mailscope reports an
    # SMTP message's sender and recipients from MAIL FROM and RCPT TO.
    envelope_from = ""
    envelope_to: list[str] = []
    for u in units:
        line = u.data
        if u.side == "c":
            if in_data:
                if line == b".\r\n":
                    in_data = False
                    out.messages.append(parse_message(bytes(content)))
                    out.messages[-1].stuffed = stuffed
                    if envelope_from:
                        out.messages[-1].sender = [envelope_from]
                    if envelope_to:
                        out.messages[-1].to = list(envelope_to)
                    last_cmd = "EOM"
                elif line.startswith(b"."):
                    content += line[1:]
                    stuffed += 1
                else:
                    content += line
                continue
            if sasl is not None:
                if line.strip() == b"*":
                    sasl.cancelled = True
                else:
                    sasl.responses.append((line.strip(), u))
                continue
            words = line.strip().split(b" ")
            last_cmd = words[0].decode("ascii", "replace").upper()
            path = re.search(rb"<([^>]*)>", line)
            if last_cmd == "MAIL" and path:
                envelope_from, envelope_to = path.group(1).decode(), []
            elif last_cmd == "RCPT" and path:
                envelope_to.append(path.group(1).decode())
            if last_cmd == "AUTH":
                out.auth_seen = True
                sasl = Sasl(words[1].decode(), words[2] if len(words) > 2 else None, u)
            continue
        # server reply line
        code, final = line[:3], line[3:4] != b"-"
        text = line[4:].strip()
        if last_cmd in ("EHLO", "") and text.upper().startswith(b"STARTTLS"):
            out.starttls_offered = True
        if not final:
            continue
        if last_cmd == "AUTH" and sasl is not None:
            if code == b"334":
                sasl.challenges.append(text)
                continue
            cred = sasl.credential()
            if cred is not None and not sasl.cancelled:
                cred.result = "accepted" if code == b"235" else "rejected"
                out.credentials.append(cred)
            sasl = None
        elif last_cmd == "DATA" and code == b"354":
            in_data = True
            content = bytearray()
            stuffed = 0
        elif last_cmd == "STARTTLS" and code == b"220":
            out.starttls_done = True
    return out


# --------------------------------------------------------------------------------------
# IMAP
# --------------------------------------------------------------------------------------
def imap_astrings(unit: Unit, pos: int, count: int) -> list[bytes]:
    """Read `count` astrings (atom, quoted string or literal) from a command unit."""
    d = unit.data
    values: list[bytes] = []
    for _ in range(count):
        while d[pos:pos + 1] == b" ":
            pos += 1
        if d[pos:pos + 1] == b'"':
            pos += 1
            v = bytearray()
            while d[pos:pos + 1] != b'"':
                if d[pos:pos + 1] == b"\\":
                    pos += 1
                v += d[pos:pos + 1]
                pos += 1
            pos += 1
            values.append(bytes(v))
        elif d[pos:pos + 1] == b"{":
            close = d.index(b"}", pos)
            start = d.index(b"\n", close) + 1
            span = next(s for s in unit.literals if s[0] == start)
            values.append(d[span[0]:span[1]])
            pos = span[1]
        else:
            m = re.compile(rb"[^ \r\n]+").match(d, pos)
            values.append(m.group(0))
            pos = m.end()
    return values


FETCH_BODY = re.compile(rb"(?:BODY\[\]|RFC822|BODY\.PEEK\[\])(?:<\d+>)? \{\d+\}\r\n$")


def decode_imap(units: list[Unit]) -> Decoded:
    out = Decoded()
    pending: dict[bytes, tuple[str, object]] = {}
    sasl: Sasl | None = None
    sasl_tag = b""
    for u in units:
        line = u.data
        if u.side == "c":
            if sasl is not None:
                if line.strip() == b"*":
                    sasl.cancelled = True
                else:
                    sasl.responses.append((line.strip(), u))
                continue
            m = re.match(rb"(\S+) (\S+)", line)
            if not m:
                continue
            tag, cmd = m.group(1), m.group(2).upper()
            if cmd == b"LOGIN":
                user, pw = imap_astrings(u, m.end(), 2)
                pending[tag] = ("cred", Credential("IMAP-LOGIN", u8(user), u8(pw), packet=u.text_end_frame,
                                                   first_frame=u.start_frame))
            elif cmd == b"AUTHENTICATE":
                args = line.strip().split(b" ")
                out.auth_seen = True
                sasl = Sasl(args[2].decode(), args[3] if len(args) > 3 else None, u)
                sasl_tag = tag
            elif cmd == b"STARTTLS":
                pending[tag] = ("starttls", None)
            continue
        # server
        if line.startswith(b"+"):
            if sasl is not None:
                sasl.challenges.append(line[1:].strip())
            continue                                  # else: literal continuation
        if line.startswith(b"* "):
            head = line.split(b"\r\n", 1)[0].upper()
            if b"CAPABILITY" in head and re.search(rb"\bSTARTTLS\b", head):
                out.starttls_offered = True
            for start, end in u.literals:
                if FETCH_BODY.search(line[:start]) and b" FETCH " in head:
                    out.messages.append(parse_message(line[start:end]))
            continue
        m = re.match(rb"(\S+) (OK|NO|BAD)\b", line, re.I)
        if not m:
            continue
        tag, status = m.group(1), m.group(2).upper()
        if sasl is not None and tag == sasl_tag:
            cred = sasl.credential()
            if cred is not None and not sasl.cancelled:
                cred.result = "accepted" if status == b"OK" else "rejected"
                out.credentials.append(cred)
            sasl = None
            if b"[CAPABILITY" in line.upper() and b"STARTTLS" in line.upper():
                out.starttls_offered = True
            continue
        if b"[CAPABILITY" in line.upper() and re.search(rb"\bSTARTTLS\b", line.upper()):
            out.starttls_offered = True
        kind, obj = pending.pop(tag, ("", None))
        if kind == "cred":
            obj.result = "accepted" if status == b"OK" else "rejected"
            out.credentials.append(obj)
        elif kind == "starttls" and status == b"OK":
            out.starttls_done = True
    return out


# --------------------------------------------------------------------------------------
# POP3
# --------------------------------------------------------------------------------------
def decode_pop3(units: list[Unit]) -> Decoded:
    out = Decoded()
    queue: list[tuple[str, list[bytes], Unit]] = []
    user = ""
    timestamp = b""
    greeted = False
    multiline: str | None = None
    content = bytearray()
    announced: int | None = None
    sasl: Sasl | None = None
    for u in units:
        line = u.data
        if u.side == "c":
            if sasl is not None and not queue:
                if line.strip() == b"*":
                    sasl.cancelled = True
                else:
                    sasl.responses.append((line.strip(), u))
                continue
            words = line.strip().split(b" ")
            cmd = words[0].decode("ascii", "replace").upper()
            queue.append((cmd, words[1:], u))
            if cmd == "AUTH" and len(words) > 1:
                out.auth_seen = True
                sasl = Sasl(words[1].decode(), words[2] if len(words) > 2 else None, u)
            continue
        # server
        if multiline is not None:
            if line == b".\r\n":
                if multiline == "RETR":
                    out.messages.append(parse_message(bytes(content)))
                    # Dovecot announces the size in its "+OK N octets" line: it must agree.
                    if announced is not None and announced != len(content):
                        raise Mismatch(f"frame {u.end_frame}: RETR announced {announced} octets, "
                                       f"{len(content)} un-stuffed bytes followed")
                multiline = None
            else:
                body = line[1:] if line.startswith(b".") else line
                if multiline == "RETR":
                    content += body
                elif multiline == "CAPA" and body.strip().upper() == b"STLS":
                    out.starttls_offered = True
            continue
        if not greeted:
            greeted = True
            m = re.search(rb"<[^>]*>", line)
            timestamp = m.group(0) if m else b""
            continue
        if sasl is not None and line.startswith(b"+") and not line.startswith(b"+OK"):
            # A SASL challenge: the AUTH command is answered, the client's next line is
            # its response, not a command.
            sasl.challenges.append(line[1:].strip())
            if queue and queue[0][0] == "AUTH":
                queue.pop(0)
            continue
        ok = line.startswith(b"+OK")
        if sasl is not None and (not queue or queue[0][0] == "AUTH"):
            if queue:
                queue.pop(0)
            cred = sasl.credential()
            if cred is not None and not sasl.cancelled:
                cred.result = "accepted" if ok else "rejected"
                out.credentials.append(cred)
            sasl = None
            continue
        if not queue:
            raise Mismatch(f"frame {u.end_frame}: POP3 reply without a command")
        cmd, args, cu = queue.pop(0)
        if cmd == "USER":
            user = u8(b" ".join(args)) if ok else ""
        elif cmd == "PASS":
            pw = cu.data[5:].rstrip(b"\r\n")           # everything after "PASS ", spaces too
            out.credentials.append(Credential("USER-PASS", user, u8(pw), "accepted" if ok else "rejected",
                                              cu.text_end_frame, first_frame=cu.start_frame))
        elif cmd == "APOP":
            out.credentials.append(Credential("APOP", u8(args[0]), None, "accepted" if ok else "rejected",
                                              cu.text_end_frame, first_frame=cu.start_frame,
                                              challenge=timestamp, digest=u8(args[1])))
        elif cmd == "STLS" and ok:
            out.starttls_done = True
        elif ok and (cmd in ("CAPA", "RETR", "TOP") or (cmd in ("LIST", "UIDL", "AUTH") and not args)):
            multiline = cmd
            content = bytearray()
            m = re.match(rb"\+OK (\d+) octets", line)
            announced = int(m.group(1)) if m else None
    return out


# --------------------------------------------------------------------------------------
# From connections to the expected.json sessions, credentials and findings
# --------------------------------------------------------------------------------------
PROTOCOL_BY_PORT = {25: "smtp", 465: "smtp", 587: "smtp", 143: "imap", 993: "imap", 110: "pop3", 995: "pop3"}
IMPLICIT_TLS_PORTS = {465, 993, 995}


@dataclass
class Session:
    conn: Connection
    protocol: str
    transport: str
    hop: str
    tls_version: str | None
    sni: str | None
    decoded: Decoded


def analyse(conn: Connection) -> Session:
    port = conn.server[1]
    protocol = PROTOCOL_BY_PORT.get(port)
    if protocol is None:
        raise Mismatch(f"session {conn.index}: server port {port} is not a mail port")
    cu, c_tls = split_units(conn.c2s, "c", protocol == "imap")
    su, s_tls = split_units(conn.s2c, "s", protocol == "imap")
    decoder = {"smtp": decode_smtp, "imap": decode_imap, "pop3": decode_pop3}[protocol]
    decoded = decoder(merge(cu, su))
    tls_version = sni = None
    if c_tls is not None or s_tls is not None:
        if c_tls is None or s_tls is None:
            raise Mismatch(f"session {conn.index}: TLS in one direction only")
        tls_version, sni = tls_facts(bytes(conn.c2s.data[c_tls:]), bytes(conn.s2c.data[s_tls:]))
        if c_tls == 0:
            transport = "implicit-tls"
        elif decoded.starttls_done:
            transport = "starttls"
        else:
            raise Mismatch(f"session {conn.index}: TLS without an accepted STARTTLS/STLS")
    else:
        transport = "plaintext"
        if decoded.starttls_done:
            raise Mismatch(f"session {conn.index}: STARTTLS accepted but no TLS follows")
    if (port in IMPLICIT_TLS_PORTS) != (transport == "implicit-tls"):
        raise Mismatch(f"session {conn.index}: transport {transport} on port {port}")
    if protocol == "smtp":
        hop = "submission" if port in (465, 587) or decoded.auth_seen else "relay"
    else:
        hop = "retrieval"
    return Session(conn, protocol, transport, hop, tls_version, sni, decoded)


def findings_of(index: int, s: Session) -> list[dict]:
    codes = []
    creds = s.decoded.credentials
    if any(c.secret is not None for c in creds):
        codes.append("plaintext-credentials")
    if any(c.mechanism in ("CRAM-MD5", "APOP") for c in creds):
        codes.append("crackable-digest")
    if s.decoded.messages:
        codes.append("message-exposed")
    if s.transport == "plaintext" and s.decoded.starttls_offered:
        codes.append("starttls-offered-not-used")
    if s.transport != "plaintext":
        codes.append("tls-protected")
    return [{"code": c, "session": index} for c in codes]


def truth(pcap: Path, family: dict, sessions: list[Session], link: str, packets: int, truncated: bool) -> dict:
    out_sessions, out_creds, out_findings = [], [], []
    for i, s in enumerate(sessions):
        out_sessions.append({
            "protocol": s.protocol, "transport": s.transport, "hop": s.hop,
            "client": endpoint(*s.conn.client), "server": endpoint(*s.conn.server),
            "tls_version": s.tls_version, "sni": s.sni,
            "messages": [{"from": m.sender[0] if m.sender else "", "to": m.to, "cc": m.cc,
                          "subject": m.subject, "size": m.size} for m in s.decoded.messages],
        })
        for c in s.decoded.credentials:
            entry = {"session": i, "protocol": s.protocol, "mechanism": c.mechanism,
                     "username": c.username, "secret": c.secret}
            if c.mechanism == "PLAIN" and c.authzid:
                entry["authzid"] = c.authzid
            kind = ("challenge-response" if c.secret is None
                    else "token" if c.mechanism in ("XOAUTH2", "OAUTHBEARER") else "password")
            entry.update({"secret_kind": kind,
                          "result": c.result, "packet": c.packet})
            out_creds.append(entry)
        out_findings += findings_of(i, s)
    return {
        "file": pcap.name, "description": family["description"], "made_by": family["made_by"],
        "format": "pcap", "link_type": link, "packets": packets, "truncated": truncated,
        "sessions": out_sessions, "credentials": out_creds, "findings": out_findings,
    }


# --------------------------------------------------------------------------------------
# Check 1: against the scenarios record.sh wrote
# --------------------------------------------------------------------------------------
def load_scenarios(path: Path) -> tuple[dict, list[dict]]:
    family, sessions = None, []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        obj = json.loads(line)
        kind = obj.pop("kind")
        if kind == "family":
            family = obj
        elif kind == "session":
            sessions.append({**obj, "credentials": [], "messages": []})
        elif kind in ("credential", "message"):
            sessions[-1][kind + "s"].append(obj)
        else:
            raise Mismatch(f"{path}:{n}: unknown kind {kind}")
    if family is None:
        raise Mismatch(f"{path}: no family line")
    return family, sessions


def check_against_scenarios(sessions: list[Session], scenarios: list[dict]) -> None:
    if len(sessions) != len(scenarios):
        raise Mismatch(f"{len(sessions)} TCP sessions in the capture, {len(scenarios)} scenarios ran")
    for i, (s, sc) in enumerate(zip(sessions, scenarios)):
        where = f"session {i} ({sc['what']})"
        for name, got, want in (("protocol", s.protocol, sc["protocol"]),
                                ("transport", s.transport, sc["transport"]),
                                ("server port", s.conn.server[1], int(sc["port"])),
                                ("SNI", s.sni, sc["sni"] or None)):
            if got != want:
                raise Mismatch(f"{where}: {name} is {got!r}, expected {want!r}")
        if s.transport != "plaintext" and s.tls_version is None:
            raise Mismatch(f"{where}: no TLS version")
        creds = s.decoded.credentials
        if len(creds) != len(sc["credentials"]):
            raise Mismatch(f"{where}: {len(creds)} credentials seen, {len(sc['credentials'])} expected")
        for c, want in zip(creds, sc["credentials"]):
            if (c.mechanism, c.username, c.result, c.authzid) != \
                    (want["mechanism"], want["username"], want["result"], want["authzid"]):
                raise Mismatch(f"{where}: credential {c.mechanism}/{c.username}/{c.result}/{c.authzid!r}, "
                               f"expected {want['mechanism']}/{want['username']}/{want['result']}/{want['authzid']!r}")
            if want.get("ir") and c.initial_response != (want["ir"] == "yes"):
                raise Mismatch(f"{where}: initial response {c.initial_response}, expected {want['ir']}")
            pw = want["secret"]
            if c.mechanism == "CRAM-MD5":
                digest = hmac.new(pw.encode(), c.challenge, hashlib.md5).hexdigest()
                if digest != c.digest:
                    raise Mismatch(f"{where}: CRAM-MD5 digest does not match HMAC-MD5(password, challenge)")
            elif c.mechanism == "APOP":
                if not c.challenge:
                    raise Mismatch(f"{where}: APOP without a timestamp in the greeting")
                if hashlib.md5(c.challenge + pw.encode()).hexdigest() != c.digest:
                    raise Mismatch(f"{where}: APOP digest does not match MD5(timestamp + password)")
            elif c.secret != pw:
                raise Mismatch(f"{where}: secret {c.secret!r}, expected {pw!r}")
        msgs = s.decoded.messages
        wanted = sc["messages"]
        if not wanted and msgs:
            raise Mismatch(f"{where}: {len(msgs)} messages in clear, none expected")
        if wanted and not msgs:
            raise Mismatch(f"{where}: no message in clear, expected {len(wanted)}")
        named = [w for w in wanted if w["subject"] != "*"]
        if named:
            if [m.subject for m in msgs] != [w["subject"] for w in named]:
                raise Mismatch(f"{where}: subjects {[m.subject for m in msgs]}, expected {[w['subject'] for w in named]}")
            for m, w in zip(msgs, named):
                if w["size"] and m.size != int(w["size"]):
                    raise Mismatch(f"{where}: message size {m.size}, expected {w['size']}")
        for m in msgs:
            if not m.sender or not m.to or not m.subject:
                raise Mismatch(f"{where}: message without From, To or Subject")


# --------------------------------------------------------------------------------------
# Check 2: against tshark's dissection of the same file
# --------------------------------------------------------------------------------------
def tshark(pcap: Path, *args: str) -> list[list[str]]:
    cmd = ["tshark", "-r", str(pcap), "-o", "tcp.check_checksum:FALSE", *args]
    res = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if res.returncode != 0:
        raise Mismatch(f"tshark failed: {res.stderr.strip().splitlines()[-1:]}")
    return [line.split("\t") for line in res.stdout.splitlines()]


def imap_quoted_forms(value: str) -> list[bytes]:
    raw = value.encode()
    esc = raw.replace(b"\\", b"\\\\").replace(b'"', b'\\"')
    return [raw, b'"' + esc + b'"']


def check_against_tshark(pcap: Path, t: dict, sessions: list[Session], scenarios: list[dict]) -> list[str]:
    notes: list[str] = []
    rows = tshark(pcap, "-T", "fields", "-e", "frame.number")
    if len(rows) != t["packets"]:
        raise Mismatch(f"tshark counts {len(rows)} packets, this reader {t['packets']}")
    notes.append(f"packet count {len(rows)} agrees with tshark")

    conv = set()
    for row in tshark(pcap, "-q", "-z", "conv,tcp"):
        m = re.match(r"\s*(\S+:\d+)\s+<->\s+(\S+:\d+)\s", row[0])
        if m:
            conv.add(frozenset(m.groups()))
    ours = {frozenset((s["client"], s["server"])) for s in t["sessions"]}
    if conv != ours:
        raise Mismatch(f"tshark conversations {sorted(map(sorted, conv))} differ from sessions {sorted(map(sorted, ours))}")
    notes.append(f"{len(ours)} TCP conversations agree with tshark -z conv,tcp")

    fields = ["frame.number", "tcp.stream", "tcp.dstport", "tcp.payload",
              "imap.request.username", "imap.request.password", "smtp.auth.username",
              "smtp.auth.password", "pop.request.command", "pop.request.parameter"]
    by_frame = {}
    for row in tshark(pcap, "-Y", "tcp.len > 0", "-T", "fields", "-E", "occurrence=f",
                      *[x for f in fields for x in ("-e", f)]):
        by_frame[int(row[0])] = dict(zip(fields, row))
    requests = {int(r[0]) for r in tshark(pcap, "-Y", "imap.request or pop.request or smtp.req",
                                          "-T", "fields", "-e", "frame.number")}
    mislabelled: set[int] = set()
    for c in t["credentials"]:
        fr = by_frame.get(c["packet"])
        where = f"credential {c['mechanism']}/{c['username']} in frame {c['packet']}"
        if fr is None:
            raise Mismatch(f"{where}: tshark sees no payload there")
        if int(fr["tcp.stream"]) != c["session"]:
            raise Mismatch(f"{where}: tshark puts the frame in stream {fr['tcp.stream']}, not session {c['session']}")
        if fr["tcp.dstport"] != t["sessions"][c["session"]]["server"].rsplit(":", 1)[1]:
            raise Mismatch(f"{where}: the frame does not travel from client to server")
        ours = next(x for x in sessions[c["session"]].decoded.credentials if x.packet == c["packet"])
        # The cited frame holds the secret's last character; a line sent in pieces (imaplib
        # sends an IMAP literal and the closing CRLF apart) is a request from its first frame.
        same_way = [n for n in sorted(by_frame) if by_frame[n]["tcp.stream"] == fr["tcp.stream"]
                    and by_frame[n]["tcp.dstport"] == fr["tcp.dstport"] and n >= ours.first_frame]
        line_frames = []
        for n in same_way:  # up to the frame that ends the line (its CRLF may come later)
            line_frames.append(n)
            if n >= c["packet"] and by_frame[n]["tcp.payload"].replace(":", "").endswith("0a"):
                break
        if not any(n in requests for n in line_frames):
            # Wireshark 4.0's SMTP dissector follows only PLAIN and LOGIN exchanges: it calls
            # a CRAM-MD5 or OAUTHBEARER answer sent after a 334 a "DATA fragment".
            # Everything else must be a request.
            if c["protocol"] != "smtp" or c["mechanism"] in ("PLAIN", "LOGIN"):
                raise Mismatch(f"{where}: tshark does not dissect it as a client request")
            mislabelled.add(c["session"])
        def payload_of(n: int) -> bytes:
            return bytes.fromhex(by_frame[n]["tcp.payload"].replace(":", ""))
        # The line that holds the secret ends in the cited frame; it usually starts there
        # too, but a client may send it in pieces (imaplib sends an IMAP literal and the
        # closing CRLF separately): take tshark's bytes of this stream and direction from
        # the frame where the line starts up to the cited one.
        payload = b"".join(payload_of(n) for n in sorted(by_frame)
                           if ours.first_frame <= n <= c["packet"]
                           and by_frame[n]["tcp.stream"] == fr["tcp.stream"]
                           and by_frame[n]["tcp.dstport"] == fr["tcp.dstport"])
        tokens = payload.rstrip(b"\r\n").split(b"\r\n")[-1].split(b" ")
        mech, pw = c["mechanism"], c["secret"]
        if mech == "PLAIN":
            decoded = [x for x in (try_b64(tok) for tok in tokens) if x is not None]
            want = f"{c.get('authzid', '')}\0{c['username']}\0{pw}".encode()
            if want not in decoded:
                raise Mismatch(f"{where}: no base64 token in the frame decodes to authzid\\0user\\0password")
        elif mech in ("XOAUTH2", "OAUTHBEARER"):
            if not any(d and re.search(rb"auth=Bearer " + re.escape(pw.encode()) + rb"\x01", d, re.I)
                       for d in (try_b64(tok) for tok in tokens)):
                raise Mismatch(f"{where}: no base64 token in the frame holds 'auth=Bearer <token>'")
        elif mech == "LOGIN":
            if pw.encode() not in [try_b64(tok) for tok in tokens]:
                raise Mismatch(f"{where}: no base64 token in the frame decodes to the password")
        elif mech == "IMAP-LOGIN":
            if not any(f in payload for f in imap_quoted_forms(pw)):
                raise Mismatch(f"{where}: the password (raw or quoted) is not in the frame")
        elif mech == "USER-PASS":
            if b"PASS " + pw.encode() + b"\r\n" not in payload:
                raise Mismatch(f"{where}: 'PASS <password>' is not in the frame")
        elif mech == "CRAM-MD5":
            if (c["username"] + " " + ours.digest).encode() not in [try_b64(tok) for tok in tokens]:
                raise Mismatch(f"{where}: the frame does not hold base64('user digest')")
        elif mech == "APOP":
            if not re.search(rb"APOP " + re.escape(c["username"].encode()) + rb" [0-9a-f]{32}\r\n", payload):
                raise Mismatch(f"{where}: the frame does not hold 'APOP user digest'")
        # tshark's own decoding of the secret, where it has one, must agree too. Wireshark
        # 4.0 shows SMTP AUTH LOGIN values still in base64, and IMAP LOGIN arguments as
        # they are on the wire: with their quotes, cut at an escaped quote, or as the
        # literal's length; so the IMAP value is compared only for plain atoms/strings.
        shown = fr["smtp.auth.password"]
        if shown and pw is not None and pw not in (shown, u8(try_b64(shown.encode()) or b"")):
            raise Mismatch(f"{where}: tshark shows the password as {shown!r}")
        shown = fr["imap.request.password"]
        if mech == "IMAP-LOGIN" and re.fullmatch(r"[A-Za-z0-9._-]+", pw) and shown.strip('"') != pw:
            raise Mismatch(f"{where}: tshark shows the password as {shown!r}")
        if mech == "USER-PASS" and (fr["pop.request.command"].upper(), fr["pop.request.parameter"]) != ("PASS", pw):
            raise Mismatch(f"{where}: tshark sees POP3 command {fr['pop.request.command']!r}, not PASS")
    notes.append(f"{len(t['credentials'])} credential frames: stream, direction, request and secret confirmed "
                 f"in tshark's dissection" + (f" (in {len(mislabelled)} SMTP sessions Wireshark calls the "
                 f"SASL answer a DATA fragment)" if mislabelled else ""))

    # Messages: every subject Wireshark's IMF dissector finds in a session must be one we
    # report there (it does not find all of them: POP3 and some IMAP literals it leaves
    # undecoded), and for SMTP it must find them all, with the same size: Wireshark counts
    # the DATA bytes as sent (dot-stuffed), and leaves out the CRLF before the final "."
    # when that "." travels in the same segment (swaks) but not when it comes alone (curl).
    imf: dict[int, list[tuple[str, str]]] = {}
    for row in tshark(pcap, "-Y", "imf", "-T", "fields", "-e", "tcp.stream", "-e", "imf.subject",
                      "-e", "smtp.data.reassembled.length"):
        imf.setdefault(int(row[0]), []).append((row[1], row[2]))
    checked = 0
    for i, s in enumerate(t["sessions"]):
        ours = [m["subject"] for m in s["messages"]]
        theirs = [subj for subj, _ in imf.get(i, []) if subj]
        if any(subj not in ours for subj in theirs):
            raise Mismatch(f"session {i}: tshark finds messages {theirs}, we report {ours}")
        if s["protocol"] == "smtp":
            if theirs != ours:
                raise Mismatch(f"session {i}: tshark finds SMTP messages {theirs}, we report {ours}")
            for m, (_, length) in zip(sessions[i].decoded.messages, imf.get(i, [])):
                # (Wireshark also counts a SASL answer it took for DATA: skip those sessions.)
                if i not in mislabelled and int(length) not in (m.size + m.stuffed, m.size + m.stuffed - 2):
                    raise Mismatch(f"session {i}: tshark's DATA length {length} does not fit size {m.size}")
        checked += len(theirs)
    total = sum(len(s["messages"]) for s in t["sessions"])
    notes.append(f"{checked} of the {total} messages are also found by tshark's IMF dissector, "
                 f"with the same subject (and, for SMTP, size)")

    hello = {}
    for row in tshark(pcap, "-Y", "tls.handshake.type == 1 or tls.handshake.type == 2", "-T", "fields",
                      "-E", "occurrence=a", "-E", "aggregator=,", "-e", "tcp.stream", "-e", "tls.handshake.type",
                      "-e", "tls.handshake.extensions_server_name",
                      "-e", "tls.handshake.extensions.supported_version", "-e", "tls.handshake.version"):
        stream, types = int(row[0]), row[1].split(",")
        h = hello.setdefault(stream, {"sni": None, "version": None})
        if "1" in types and row[2]:
            h["sni"] = row[2]
        if "2" in types:
            ver = row[3].split(",")[-1] if row[3] else row[4].split(",")[-1]
            h["version"] = TLS_VERSIONS.get(int(ver, 16))
    for i, s in enumerate(t["sessions"]):
        if s["transport"] == "plaintext":
            if i in hello:
                raise Mismatch(f"session {i}: tshark finds a TLS handshake in a plaintext session")
            continue
        h = hello.get(i)
        if h is None:
            raise Mismatch(f"session {i}: tshark finds no TLS handshake")
        if (h["version"], h["sni"]) != (s["tls_version"], s["sni"]):
            raise Mismatch(f"session {i}: tshark says TLS {h['version']}/SNI {h['sni']}, "
                           f"we say {s['tls_version']}/{s['sni']}")
    notes.append(f"{len(hello)} TLS sessions: version and SNI agree with tshark")
    return notes


def try_b64(tok: bytes) -> bytes | None:
    try:
        return base64.b64decode(tok, validate=True)
    except (binascii.Error, ValueError):
        return None


# --------------------------------------------------------------------------------------
def derive(pcap: Path, scenarios_path: Path) -> tuple[dict, list[str]]:
    family, scenarios = load_scenarios(scenarios_path)
    if family["file"] != pcap.name:
        raise Mismatch(f"{scenarios_path} describes {family['file']}, not {pcap.name}")
    link, packets, truncated = read_pcap(pcap)
    sessions = [analyse(c) for c in reassemble(link, packets)]
    check_against_scenarios(sessions, scenarios)
    t = truth(pcap, family, sessions, link, len(packets), truncated)
    notes = [f"{len(sessions)} sessions and {len(t['credentials'])} credentials match the scenarios record.sh ran"]
    notes += check_against_tshark(pcap, t, sessions, scenarios)
    return t, notes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenarios", type=Path)
    ap.add_argument("--pcap", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--check", type=Path, metavar="NAME.expected.json",
                    help="recompute from NAME.pcap and NAME.scenarios.jsonl beside it and compare")
    a = ap.parse_args()
    try:
        if a.check:
            base = str(a.check).removesuffix(".expected.json")
            t, notes = derive(Path(base + ".pcap"), Path(base + ".scenarios.jsonl"))
            old = json.loads(a.check.read_text(encoding="utf-8"))
            if old != t:
                raise Mismatch(f"{a.check} differs from what the capture says")
            for n in notes:
                print(f"{a.check.name}: {n}")
            print(f"{a.check.name}: up to date")
            return 0
        if not (a.scenarios and a.pcap and a.out):
            ap.error("--scenarios, --pcap and --out are needed (or --check)")
        t, notes = derive(a.pcap, a.scenarios)
        a.out.write_text(json.dumps(t, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        for n in notes:
            print(f"{a.pcap.name}: {n}", file=sys.stderr)
        return 0
    except Mismatch as e:
        print(f"make_truth: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
