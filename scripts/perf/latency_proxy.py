"""A loopback HTTP/1.1 forwarding proxy that adds a fixed latency to every response.

Used by scripts/perf/bench.py to make the local emulator answer like a far-away AWS endpoint: each
request a client sends to `proxy.url` is forwarded to the upstream (the emulator) at once, the answer
is read whole, then the proxy sleeps `latency` seconds and writes the answer back. Requests on
different connections are served concurrently (one thread per client connection), so a client that
sends 20 requests at once waits about one latency, and one that sends them one after the other waits
20.

What it handles, kept small on purpose (standard library only):
- keep-alive: a client connection serves any number of requests until the client closes it or sends
  `Connection: close`; each request goes upstream on a new connection with `Connection: close`
  (loopback connects cost microseconds, and it needs no pooling);
- request bodies framed by `Content-Length` or `Transfer-Encoding: chunked` (forwarded as received,
  trailers included: the bytes forwarded are the bytes signed), or none;
- `Expect: 100-continue`: the proxy answers `100 Continue` itself, reads the body, and drops the
  header upstream unless it is signed (SigV4's SignedHeaders); interim 1xx answers from upstream are
  skipped;
- response bodies framed by `Content-Length`, chunked (forwarded as is), or end of file (then sent
  with a `Content-Length`); no body for HEAD, 204 and 304;
- an upstream that cannot be reached or answers garbage: the client gets `502` and the connection is
  closed.

The Host header is forwarded unchanged: it is signed, and the client signed the proxy's address.

With `propagation` seconds (0: off) it also plays AWS's propagation of a new access key: a key that a
`CreateAccessKey` answer through the proxy made is refused for that long after the answer was sent —
S3 with `403 InvalidAccessKeyId`, STS and IAM with `403 InvalidClientTokenId`, in AWS's XML — without
reaching the emulator. `key_usable` records when each new key starts working, `first_accepted` when
the first request with it was let through after that (how late the client noticed), `refused` counts
the requests turned away.

Standalone, for poking at it by hand:

    python scripts/perf/latency_proxy.py http://127.0.0.1:PORT --latency-ms 40
"""

import argparse
import re
import socket
import socketserver
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

# Longest a connection may sit idle, either side, before the proxy gives up on it.
IO_TIMEOUT = 60.0
# Largest start line or header line accepted, and most header lines.
MAX_LINE = 64 * 1024
MAX_HEADERS = 200
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "upgrade"}


class BadMessage(Exception):
    """A message the proxy cannot frame."""


def read_head(rfile) -> tuple[str, list[tuple[str, str]]] | None:
    """Start line and headers of one message; None on a clean end of file before any byte."""
    line = rfile.readline(MAX_LINE + 1)
    while line in (b"\r\n", b"\n"):  # tolerate stray blank lines between messages (RFC 9112 §2.2)
        line = rfile.readline(MAX_LINE + 1)
    if not line:
        return None
    if len(line) > MAX_LINE or not line.endswith(b"\n"):
        raise BadMessage("start line too long or cut off")
    headers = []
    while True:
        raw = rfile.readline(MAX_LINE + 1)
        if not raw.endswith(b"\n") or len(raw) > MAX_LINE:
            raise BadMessage("header line too long or cut off")
        if raw in (b"\r\n", b"\n"):
            break
        name, sep, value = raw.decode("latin-1").partition(":")
        if not sep:
            raise BadMessage(f"not a header: {raw[:80]!r}")
        headers.append((name.strip(), value.strip()))
        if len(headers) > MAX_HEADERS:
            raise BadMessage("too many headers")
    return line.decode("latin-1").rstrip("\r\n"), headers


def header(headers: list[tuple[str, str]], name: str) -> str | None:
    """The last value of a header (case-insensitive), or None."""
    found = None
    for key, value in headers:
        if key.lower() == name:
            found = value
    return found


def tokens(headers: list[tuple[str, str]], name: str) -> set[str]:
    """The comma-separated, lower-cased tokens of every instance of a header."""
    return {
        token.strip().lower() for key, value in headers if key.lower() == name for token in value.split(",")
    } - {""}


def read_exact(rfile, length: int) -> bytes:
    data = rfile.read(length)
    if len(data) != length:
        raise BadMessage(f"body cut off: {len(data)} of {length} bytes")
    return data


def read_chunked(rfile) -> bytes:
    """A chunked body, as received: chunk sizes, extensions, data, last chunk and trailers."""
    parts = []
    while True:
        size_line = rfile.readline(MAX_LINE + 1)
        if not size_line.endswith(b"\n"):
            raise BadMessage("chunk size line cut off")
        parts.append(size_line)
        try:
            size = int(size_line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise BadMessage(f"bad chunk size line: {size_line[:80]!r}") from None
        if size == 0:
            break
        parts.append(read_exact(rfile, size))
        crlf = rfile.readline(MAX_LINE + 1)
        if crlf not in (b"\r\n", b"\n"):
            raise BadMessage("chunk not followed by CRLF")
        parts.append(crlf)
    while True:  # trailer section, up to and including the empty line
        trailer = rfile.readline(MAX_LINE + 1)
        if not trailer.endswith(b"\n"):
            raise BadMessage("chunked trailer cut off")
        parts.append(trailer)
        if trailer in (b"\r\n", b"\n"):
            return b"".join(parts)


def read_body(rfile, headers: list[tuple[str, str]], *, to_eof: bool) -> tuple[bytes, bool]:
    """A message body and whether it is chunked; `to_eof`: no framing means read to end of file."""
    if "chunked" in tokens(headers, "transfer-encoding"):
        return read_chunked(rfile), True
    length = header(headers, "content-length")
    if length is not None:
        try:
            count = int(length)
        except ValueError:
            raise BadMessage(f"bad Content-Length {length!r}") from None
        return read_exact(rfile, count), False
    return (rfile.read() if to_eof else b""), False


def signed_headers(headers: list[tuple[str, str]]) -> set[str]:
    """SigV4's SignedHeaders=a;b;c from the Authorization header, lower-cased."""
    authorization = header(headers, "authorization") or ""
    for part in authorization.replace(",", " ").split():
        if part.startswith("SignedHeaders="):
            return set(part[len("SignedHeaders=") :].lower().split(";"))
    return set()


def serialize(start: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    head = start + "\r\n" + "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
    return head.encode("latin-1") + body


class Handler(socketserver.StreamRequestHandler):
    """One client connection: any number of requests, one after the other."""

    timeout = IO_TIMEOUT
    disable_nagle_algorithm = True

    def handle(self) -> None:
        proxy: "LatencyProxy" = self.server.proxy  # type: ignore[attr-defined]
        served = 0
        while True:
            try:
                head = read_head(self.rfile)
            except (BadMessage, OSError):
                return
            if head is None:
                return
            start, headers = head
            method, _, rest = start.partition(" ")
            version = rest.rpartition(" ")[2].upper()
            connection = tokens(headers, "connection")
            close = "close" in connection or (version == "HTTP/1.0" and "keep-alive" not in connection)

            upstream_headers = [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP]
            seen = [method]
            try:
                if "100-continue" in tokens(headers, "expect"):
                    seen.append("expect-100-continue")
                    self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                    if "expect" not in signed_headers(headers):
                        upstream_headers = [(k, v) for k, v in upstream_headers if k.lower() != "expect"]
                body, chunked = read_body(self.rfile, headers, to_eof=False)
            except (BadMessage, OSError):
                return
            seen.append("chunked-body" if chunked else "sized-body" if body else "no-body")
            upstream_headers.append(("Connection", "close"))

            refusal = proxy.refusal(headers)
            try:
                if refusal is not None:
                    status_line, response_headers, response_body = refusal
                else:
                    status_line, response_headers, response_body = proxy.forward(
                        method, serialize(start, upstream_headers, body)
                    )
            except (BadMessage, OSError) as error:
                message = f"latency proxy: upstream failed: {error}\n".encode()
                status_line = "HTTP/1.1 502 Bad Gateway"
                response_headers = [("Content-Type", "text/plain"), ("Content-Length", str(len(message)))]
                response_body = message
                close = True
            with proxy.lock:
                proxy.seen.update(seen)
                proxy.seen["keep-alive-reuse"] += served > 0
            served += 1

            time.sleep(proxy.latency)
            if refusal is None:
                proxy.note_new_key(body, status_line, response_body)
            if close:
                response_headers.append(("Connection", "close"))
            try:
                self.wfile.write(serialize(status_line, response_headers, response_body))
            except OSError:
                return
            if close:
                return


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    # A client may open 20+ connections at once; a short backlog would drop SYNs (a 1 s retransmit).
    request_queue_size = 256


class LatencyProxy:
    """The proxy on 127.0.0.1, a free port, serving from a background thread until `stop()`."""

    def __init__(self, upstream: str, latency: float, propagation: float = 0.0) -> None:
        parts = urlsplit(upstream)
        if parts.scheme != "http" or parts.hostname != "127.0.0.1" or not parts.port:
            raise ValueError(f"upstream must be http://127.0.0.1:PORT, not {upstream}")
        self.upstream = (parts.hostname, parts.port)
        self.latency = latency
        self.propagation = propagation
        # New keys and when each starts working (time.monotonic()); requests refused meanwhile.
        self.key_usable: dict[str, float] = {}
        self.first_accepted: dict[str, float] = {}
        self.refused = 0
        # What the proxy saw, for a report: methods, request framings, Expect, reused connections.
        self.seen: Counter = Counter()
        self.lock = threading.Lock()
        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.proxy = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="latency-proxy", daemon=True)
        self._thread.start()

    def note_new_key(self, request_body: bytes, status_line: str, response_body: bytes) -> None:
        """After a CreateAccessKey answer went out: its key works `propagation` seconds from now."""
        if not self.propagation or b"Action=CreateAccessKey" not in request_body or " 200 " not in status_line + " ":
            return
        found = re.search(rb"<AccessKeyId>([A-Z0-9]+)</AccessKeyId>", response_body)
        if found:
            with self.lock:
                self.key_usable[found.group(1).decode()] = time.monotonic() + self.propagation

    def refusal(self, headers: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]], bytes] | None:
        """AWS's answer to a key still propagating, or None to forward the request."""
        found = re.search(r"Credential=([A-Z0-9]+)/[^/]+/[^/]+/([^/]+)/", header(headers, "authorization") or "")
        if not found:
            return None
        key, service = found.group(1), found.group(2)
        with self.lock:
            usable = self.key_usable.get(key)
            if usable is None:
                return None
            now = time.monotonic()
            if now >= usable:
                self.first_accepted.setdefault(key, now)
                return None
            self.refused += 1
        if service == "s3":
            body = (
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InvalidAccessKeyId</Code><Message>The AWS "
                "Access Key Id you provided does not exist in our records.</Message><RequestId>proxy</RequestId></Error>"
            )
        else:
            body = (
                "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security "
                "token included in the request is invalid.</Message></Error><RequestId>proxy</RequestId></ErrorResponse>"
            )
        data = body.encode()
        return "HTTP/1.1 403 Forbidden", [("Content-Type", "application/xml"), ("Content-Length", str(len(data)))], data

    def forward(self, method: str, request: bytes) -> tuple[str, list[tuple[str, str]], bytes]:
        """Send one request upstream; the final (non-1xx) answer, with its body framed for the client."""
        with socket.create_connection(self.upstream, timeout=IO_TIMEOUT) as upstream:
            upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            upstream.sendall(request)
            with upstream.makefile("rb") as rfile:
                while True:
                    head = read_head(rfile)
                    if head is None:
                        raise BadMessage("upstream closed without answering")
                    status_line, headers = head
                    try:
                        status = int(status_line.split(" ", 2)[1])
                    except (IndexError, ValueError):
                        raise BadMessage(f"bad status line {status_line[:80]!r}") from None
                    if not 100 <= status < 200:
                        break
                headers = [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP]
                if method == "HEAD" or status in (204, 304):
                    return status_line, headers, b""
                framed = "chunked" in tokens(headers, "transfer-encoding") or header(headers, "content-length")
                body, _ = read_body(rfile, headers, to_eof=True)
                if not framed:
                    headers.append(("Content-Length", str(len(body))))
                return status_line, headers, body

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("upstream", help="http://127.0.0.1:PORT")
    parser.add_argument("--latency-ms", type=float, default=40.0)
    args = parser.parse_args()
    proxy = LatencyProxy(args.upstream, args.latency_ms / 1000)
    print(proxy.url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        proxy.stop()


if __name__ == "__main__":
    main()
