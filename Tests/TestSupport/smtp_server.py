#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for the tests, on 127.0.0.1 and a free port.

Modes: plain (no TLS), starttls (offers STARTTLS with a certificate from a test CA), smtps (TLS from the
first byte). With --user/--password it requires AUTH with exactly those credentials. Each received
message is written to --maildir as NNNN.eml (the bytes after DATA, dot-unstuffed) and NNNN.json: the
envelope, whether TLS and AUTH were used, and what Python's email package makes of the message (the
decoding oracle for the Swift tests). Every AUTH attempt is appended to auth.jsonl.

Prints one JSON line {"port": N} when listening; exits when stdin closes (the test process ended).
"""
import argparse
import asyncio
import json
import os
import ssl
import subprocess
import sys
from email import policy
from email.parser import BytesParser, Parser

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def make_certificates(directory):
    """A CA and a server certificate for 127.0.0.1 and localhost, signed by it (EC keys: fast)."""
    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=30)
    ca_key, ca_cert = os.path.join(directory, "ca.key"), os.path.join(directory, "ca.pem")
    key, csr, cert = (os.path.join(directory, name) for name in ("server.key", "server.csr", "server.pem"))
    ext = os.path.join(directory, "server.ext")
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ca_key)
    openssl("req", "-x509", "-new", "-key", ca_key, "-sha256", "-days", "2", "-subj", "/CN=Rebound Test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-out", ca_cert)
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key)
    openssl("req", "-new", "-key", key, "-subj", "/CN=localhost", "-out", csr)
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key, "-CAcreateserial", "-days", "2",
            "-sha256", "-extfile", ext, "-out", cert)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def describe(raw):
    """What Python's email package reads in the message: decoded headers, the part tree, decoded bodies."""
    # Raw UTF-8 headers (SMTPUTF8, RFC 6532) parse right only from text; anything else from bytes.
    try:
        message = Parser(policy=policy.default).parsestr(raw.decode("utf-8"))
    except UnicodeDecodeError:
        message = BytesParser(policy=policy.default).parsebytes(raw)
    parts = []
    for part in message.walk():
        entry = {
            "content_type": part.get_content_type(),
            "params": {key: value for key, value in part.get_params() or [] if value},
            "disposition": part.get_content_disposition(),
            "filename": part.get_filename(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "defects": [type(defect).__name__ for defect in part.defects],
        }
        if not part.is_multipart():
            payload = part.get_payload(decode=True)
            entry["content"] = payload.decode("utf-8").replace("\r\n", "\n")
        parts.append(entry)

    def addresses(name):
        header = message[name]
        if header is None:
            return []
        return [{"display_name": a.display_name, "address": a.addr_spec} for a in header.addresses]

    lines = raw.split(b"\r\n")
    return {
        "subject": str(message["Subject"]) if message["Subject"] is not None else None,
        "from": addresses("From"),
        "to": addresses("To"),
        "date": str(message["Date"]),
        "message_id": str(message["Message-ID"]),
        "mime_version": message["MIME-Version"],
        "list_unsubscribe": message["List-Unsubscribe"],
        "list_unsubscribe_post": message["List-Unsubscribe-Post"],
        "header_defects": [type(d).__name__ for d in message.defects],
        "parts": parts,
        "longest_line": max(len(line) for line in lines),
        "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
        "size": len(raw),
    }


class Recorder:
    def __init__(self, maildir, rejected=()):
        self.maildir = maildir
        self.count = 0
        self.rejected = {address.lower() for address in rejected}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # A mailbox that does not exist: the permanent refusal a bounce is made of.
        if address.lower() in self.rejected:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def record_auth(self, entry):
        with open(os.path.join(self.maildir, "auth.jsonl"), "a") as f:
            f.write(json.dumps(entry) + "\n")

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.maildir, f"{self.count:04d}")
        raw = envelope.original_content
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        info = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(session.authenticated),
            "auth": getattr(session, "rebound_auth", None),
        }
        try:
            info["parsed"] = describe(raw)
        except Exception as error:  # the test reports it; the server keeps going
            info["parse_error"] = repr(error)
        with open(base + ".json.tmp", "w") as f:
            json.dump(info, f)
        os.rename(base + ".json.tmp", base + ".json")
        return f"250 2.0.0 OK queued as test{self.count:04d}"


def authenticator_for(recorder, user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == user.encode() and auth_data.password == password.encode()
        tls = server.transport.get_extra_info("ssl_object") is not None
        recorder.record_auth({"mechanism": mechanism, "ok": ok, "tls": tls})
        if ok:
            session.rebound_auth = {"mechanism": mechanism, "login": user}
        # handled=False: aiosmtpd itself answers a failure with 535.
        return AuthResult(success=ok, handled=False)
    return authenticate


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["plain", "starttls", "smtps"], required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--tls-dir")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--mechanisms", default="PLAIN,LOGIN")
    parser.add_argument("--smtputf8", action="store_true")
    parser.add_argument("--reject", action="append", default=[], help="refuse this recipient with 550")
    args = parser.parse_args()

    context = make_certificates(args.tls_dir) if args.mode != "plain" else None
    recorder = Recorder(args.maildir, args.reject)
    all_mechanisms = {"PLAIN", "LOGIN"}
    options = dict(hostname="rebound-test.local", enable_SMTPUTF8=args.smtputf8, decode_data=False, timeout=30,
                   data_size_limit=8 * 1024 * 1024)
    if args.user:
        options.update(auth_required=True, authenticator=authenticator_for(recorder, args.user, args.password),
                       auth_exclude_mechanism=all_mechanisms - set(args.mechanisms.split(",")),
                       # Plain mode tests the client's own refusal; smtps is TLS without STARTTLS.
                       auth_require_tls=args.mode == "starttls")
    if args.mode == "starttls":
        options.update(tls_context=context, require_starttls=True)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(recorder, **options), "127.0.0.1", 0,
                                      ssl=context if args.mode == "smtps" else None)
    port = server.sockets[0].getsockname()[1]
    print(json.dumps({"port": port}), flush=True)
    # Stop when the test process closes our stdin (or dies).
    await loop.run_in_executor(None, sys.stdin.buffer.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
