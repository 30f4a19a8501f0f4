"""Pure ASGI middleware: security headers on every response and a cap on request bodies."""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY_BYTES = 64 * 1024

_CSP_COMMON = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; "
)
PAGE_CSP = _CSP_COMMON + "frame-ancestors 'none'"
# No frame-ancestors at all for /embed: `frame-ancestors *` matches network schemes only, so a slide deck
# opened from a file (file:///…/slides.html, as reveal.js decks are) could not show the circuit.
EMBED_CSP = _CSP_COMMON.rstrip("; ")
# The API docs start the vendored Swagger UI with FastAPI's inline script; that page shows no user content,
# so it alone may run an inline script. Nothing is loaded from another host.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; worker-src 'self' blob:; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs",)
EMBED_PATHS = ("/embed",)


def _headers(csp: str, frame_deny: bool) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"content-security-policy", csp.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    ]
    if frame_deny:
        headers.append((b"x-frame-options", b"DENY"))
    return headers


PAGE_HEADERS = _headers(PAGE_CSP, frame_deny=True)
EMBED_HEADERS = _headers(EMBED_CSP, frame_deny=False)
DOCS_HEADERS = _headers(DOCS_CSP, frame_deny=True)


def headers_for(path: str) -> list[tuple[bytes, bytes]]:
    if path in EMBED_PATHS:
        return EMBED_HEADERS
    if path in DOCS_PATHS:
        return DOCS_HEADERS
    return PAGE_HEADERS


class SecurityHeaders:
    """Adds the security headers to every HTTP response; only /embed may be framed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = headers_for(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}  # a route's own policy wins
                message["headers"] = headers + [header for header in extra if header[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodySizeLimit:
    """Answers 413 in the usual error shape when a request body exceeds `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._reject(send)
            return
        chunks, size = [], 0
        while True:  # read the whole (bounded) body up front, then replay it to the app
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._reject(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _reject(self, send: Send) -> None:
        body = (
            b'{"error":{"message":"request body is larger than %d bytes","line":null,"column":null,'
            b'"code":null,"params":{}}}' % self.max_bytes
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
