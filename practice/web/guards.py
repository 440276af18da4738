"""Protections every response gets: a request body limit, security headers (CSP without inline
script, even on a 500), no caching of private pages, and the client's address (forwarded headers
believed only from proxies named in PRACTICE_TRUSTED_PROXIES).

Pure ASGI middleware, so streamed replies pass through untouched.
"""

from __future__ import annotations

import ipaddress
import json
from functools import lru_cache

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 64 * 1024

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
CSP_BYTES = CSP.encode()
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
# A student's interviews and the studio are nobody else's: no shared or browser cache keeps them.
NO_STORE = ("/sessions", "/studio", "/api/sessions", "/api/studio")


class SecurityHeaders:
    """Adds the security headers to every response, a 500 included.

    Starlette renders an unexpected exception outside every middleware, where these headers would
    be missing; so an exception that reaches here before the response started is rendered here, by
    the one crash handler (practice.web.problems.crashed).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                if path.startswith(NO_STORE):
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                # Every response, /docs included: its Swagger UI is served from /static and started by a file.
                message["headers"] = [*headers, *HEADERS, (b"content-security-policy", CSP_BYTES)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            if started:
                raise
            from practice.web.problems import crashed  # problems imports the app's pieces; keep this module leaf

            await crashed(Request(scope), exc)(scope, receive, send_with_headers)


@lru_cache(maxsize=8)
def proxy_networks(trusted: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """PRACTICE_TRUSTED_PROXIES as networks; a bad entry fails loudly, naming it."""
    networks = []
    for part in trusted.split(","):
        if part.strip():
            try:
                networks.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError:
                raise ValueError(f"PRACTICE_TRUSTED_PROXIES: {part.strip()!r} is not an address or network") from None
    return tuple(networks)


def _trusted(address: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def forwarded_client(peer: str, forwarded_for: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> str:
    """The client's address: the peer, unless the peer is a trusted proxy; then the nearest address in
    X-Forwarded-For (read from the right) that is not itself a trusted proxy. Anything a client wrote
    further left is never believed."""
    if not _trusted(peer, networks):
        return peer
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # garbage where an address should be: believe only the proxy itself
    return hops[0] if hops else peer


class ClientAddress:
    """Sets the request's client address (and scheme) from forwarded headers, only when they come
    from a proxy named in PRACTICE_TRUSTED_PROXIES. Run the server without its own proxy-header
    handling (`practice serve` does), or it may already have believed the headers."""

    def __init__(self, app: ASGIApp, trusted: str = "") -> None:
        self.app = app
        self.networks = proxy_networks(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] == "http" and self.networks and client and _trusted(client[0], self.networks):
            # Several X-Forwarded-For lines read as one list, in order.
            hops = ",".join(v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"x-forwarded-for")
            protos = [v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"x-forwarded-proto"]
            scope["client"] = (forwarded_client(client[0], hops, self.networks), client[1])
            proto = protos[-1].split(",")[-1].strip().lower() if protos else ""
            if proto in ("http", "https"):
                scope["scheme"] = proto
        await self.app(scope, receive, send)


class BodyLimit:
    """Refuse bodies over `limit` bytes with a 413 in the JSON error shape, before any route runs."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await self._refuse(send)
                return
        # Read the (small) body up front so a lying or missing Content-Length cannot slip past.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([], message, receive), send)
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.limit:
                await self._refuse(send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(chunks, None, receive), send)

    async def _refuse(self, send: Send) -> None:
        kib = self.limit // 1024
        body = json.dumps(
            {"error": {"status": 413, "code": "body_too_large", "message": f"The request is larger than {kib} KiB; send less at once."}}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _replay(chunks: list[bytes], pending: Message | None, receive: Receive) -> Receive:
    """A receive() that hands over the buffered body once, then the real channel (for disconnects)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            if pending is not None:
                return pending
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        return await receive()

    return replayed
