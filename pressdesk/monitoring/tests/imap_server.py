"""A small IMAP4rev1 server on 127.0.0.1 for the mailbox collector's tests.

It speaks the part of RFC 3501 that ``imaplib`` uses here: CAPABILITY,
STARTTLS, LOGIN, SELECT, UID SEARCH UNSEEN, UID FETCH (BODY.PEEK[]), UID
STORE +FLAGS (\\Seen), NOOP, LOGOUT; over implicit TLS or STARTTLS with a
self-signed certificate made for 127.0.0.1 (``tls_files``).
"""

from __future__ import annotations

import datetime
import re
import socketserver
import ssl
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

TOKEN = re.compile(rb'"((?:[^"\\]|\\.)*)"|(\S+)')


def tls_files(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate and key for 127.0.0.1 (and localhost)."""
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "imap-cert.pem", directory / "imap-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@dataclass
class Message:
    raw: bytes
    seen: bool = False


@dataclass
class Mailbox:
    username: str = "basin@saglik.example"
    password: str = 'gizli "sifre" \\ 2026'
    folder: str = "INBOX"
    messages: dict[int, Message] = field(default_factory=dict)
    commands: list[str] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    bodies_sent: list[int] = field(default_factory=list)  # uids whose whole message went out

    def add(self, raw: bytes) -> int:
        uid = max(self.messages, default=100) + 1
        self.messages[uid] = Message(raw)
        return uid


def _tokens(line: bytes) -> list[bytes]:
    return [m.group(1).replace(b'\\"', b'"').replace(b"\\\\", b"\\") if m.group(1) is not None else m.group(2)
            for m in TOKEN.finditer(line)]  # fmt: skip


class FakeIMAPServer:
    def __init__(self, mailbox: Mailbox, *, cert: Path, key: Path, starttls: bool = False) -> None:
        self.mailbox = mailbox
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = 10

            def setup(self) -> None:
                if not starttls:
                    self.request = context.wrap_socket(self.request, server_side=True)
                super().setup()

            def send(self, line: bytes) -> None:
                self.wfile.write(line + b"\r\n")
                self.wfile.flush()

            def handle(self) -> None:
                caps = b"IMAP4rev1 STARTTLS" if starttls else b"IMAP4rev1 AUTH=PLAIN"
                self.send(b"* OK Sahte IMAP hazir")
                authed = False
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    parts = _tokens(line.rstrip(b"\r\n"))
                    if len(parts) < 2:
                        continue
                    tag, command, args = parts[0], parts[1].upper(), parts[2:]
                    fake.mailbox.commands.append(
                        command.decode() + (" " + args[0].decode() if args and command == b"UID" else "")
                    )
                    if command == b"CAPABILITY":
                        self.send(b"* CAPABILITY " + caps)
                        self.send(tag + b" OK CAPABILITY completed")
                    elif command == b"STARTTLS" and starttls:
                        self.send(tag + b" OK Begin TLS negotiation now")
                        self.request = context.wrap_socket(self.request, server_side=True)
                        self.rfile = self.request.makefile("rb")
                        self.wfile = self.request.makefile("wb")
                        caps = b"IMAP4rev1 AUTH=PLAIN"
                    elif command == b"LOGIN":
                        user, password = (arg.decode() for arg in args[:2])
                        fake.mailbox.logins.append((user, password))
                        if (user, password) == (fake.mailbox.username, fake.mailbox.password):
                            authed = True
                            self.send(tag + b" OK LOGIN completed")
                        else:
                            self.send(tag + b" NO [AUTHENTICATIONFAILED] Invalid credentials")
                    elif command in (b"SELECT", b"EXAMINE") and authed:
                        if args[0].decode() != fake.mailbox.folder:
                            self.send(tag + b" NO Mailbox does not exist")
                            continue
                        self.send(b"* %d EXISTS" % len(fake.mailbox.messages))
                        self.send(b"* OK [UIDVALIDITY 1] UIDs valid")
                        self.send(b"* FLAGS (\\Seen)")
                        self.send(tag + b" OK [READ-WRITE] SELECT completed")
                    elif command == b"UID" and authed:
                        self.uid(tag, args)
                    elif command == b"NOOP":
                        self.send(tag + b" OK NOOP completed")
                    elif command == b"LOGOUT":
                        self.send(b"* BYE")
                        self.send(tag + b" OK LOGOUT completed")
                        return
                    else:
                        self.send(tag + b" BAD Unknown or not allowed")

            def uid(self, tag: bytes, args: list[bytes]) -> None:
                sub = args[0].upper()
                messages = fake.mailbox.messages
                if sub == b"SEARCH":
                    unseen = [str(uid).encode() for uid, message in sorted(messages.items()) if not message.seen]
                    self.send(b"* SEARCH" + b"".join(b" " + uid for uid in unseen))
                    self.send(tag + b" OK SEARCH completed")
                elif sub == b"FETCH":
                    sizes_only = b"RFC822.SIZE" in b" ".join(args[2:]).upper()
                    for number, uid in enumerate(sorted(messages), start=1):
                        if str(uid).encode() == args[1]:
                            raw = messages[uid].raw
                            if sizes_only:
                                self.send(b"* %d FETCH (UID %d RFC822.SIZE %d)" % (number, uid, len(raw)))
                                continue
                            fake.mailbox.bodies_sent.append(uid)
                            self.wfile.write(
                                b"* %d FETCH (UID %d BODY[] {%d}\r\n" % (number, uid, len(raw)) + raw + b")\r\n"
                            )
                    self.send(tag + b" OK FETCH completed")
                elif sub == b"STORE":
                    for uid in args[1].split(b","):
                        if int(uid) in messages and b"\\Seen" in b" ".join(args[2:]):
                            messages[int(uid)].seen = True
                    self.send(tag + b" OK STORE completed")
                else:
                    self.send(tag + b" BAD Unknown UID command")

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text (ASCII, Helvetica) pdftotext can read."""
    text = "".join(f"({line}) Tj T* " for line in lines)
    stream = f"BT /F1 12 Tf 14 TL 50 750 Td {text}ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def client_context(cert: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(cert))


__all__: list[Any] = ["FakeIMAPServer", "Mailbox", "client_context", "minimal_pdf", "tls_files"]


def poll_mailbox(source: Any, cert: Path, now: datetime.datetime) -> Any:
    """Poll an IMAP source as the worker does, trusting the fake server's certificate ``cert``."""
    import time

    from pressdesk.monitoring import fetching, sources
    from pressdesk.monitoring.tests.engines import STUB_ENGINES

    source.refresh_from_db()
    client = sources.Client(fetch=fetching.fetch, ssl_context=client_context(cert))
    return sources.poll(
        source, now=now, started=time.monotonic(), fetch=fetching.fetch, engines=STUB_ENGINES, client=client
    )
