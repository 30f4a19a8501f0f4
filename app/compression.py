"""gzip for text answers (pages, JSON, scripts, styles, SVG), large ones compressed off the event loop.

A class of 100 students loads half a megabyte each; gzip shrinks the page's text several times. Starlette's
GZipMiddleware compresses on the event loop at level 9, which for a 6 MB circuit stalls everyone for a good
part of a second; here answers over `INLINE_BYTES` are compressed in a thread at a faster level.
"""

import functools
import gzip
import re

from starlette.concurrency import run_in_threadpool

from .security import ASGIApp, Message, Receive, Scope, Send

MIN_BYTES = 500  # smaller answers fit in one packet anyway
INLINE_BYTES = 128 * 1024
STATIC_CACHE_FILES = 256  # more than the static folder holds
COMPRESSIBLE = re.compile(rb"^(text/|application/(json|javascript|xml)|image/svg\+xml)", re.IGNORECASE)
ACCEPTS_GZIP = re.compile(r"(^|,)\s*gzip\s*(;\s*q=(?!0(\.0*)?\s*(,|$))[0-9.]+)?\s*(,|$)", re.IGNORECASE)


def accepts_gzip(accept_encoding: str) -> bool:
    """True when the client takes gzip (and did not give it q=0)."""
    return bool(ACCEPTS_GZIP.search(accept_encoding))


def compress(body: bytes) -> bytes:
    level = 6 if len(body) <= INLINE_BYTES else 1  # big answers: most of the gain for a fraction of the CPU
    return gzip.compress(body, compresslevel=level, mtime=0)


@functools.lru_cache(maxsize=STATIC_CACHE_FILES)
def compress_static(body: bytes) -> bytes:
    """A versioned static file's gzip, made once: a page's first visit fetches some seventy of them."""
    return compress(body)


def is_immutable(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether an answer is a versioned static file (the same bytes for as long as the server runs)."""
    return any(name == b"cache-control" and b"immutable" in value for name, value in headers)


class Compression:
    """Compresses a whole response body with gzip when the client accepts it and the type is text."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        accept = dict(scope["headers"]).get(b"accept-encoding", b"").decode("latin-1")
        if not accepts_gzip(accept):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffered_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                await send_compressed(start, b"".join(chunks), send)

        await self.app(scope, receive, buffered_send)


def weak_etag(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The same headers with the ETag made weak.

    A client that takes gzip may get either representation, so its validator is weak on every answer (200 or
    304 alike); If-None-Match compares weak tags, so revalidation keeps working.
    """
    return [
        (name, value if name != b"etag" or value.startswith(b"W/") else b"W/" + value)
        for name, value in headers
    ]


async def send_compressed(start: Message, body: bytes, send: Send) -> None:
    headers = weak_etag([(name.lower(), value) for name, value in start.get("headers", ())])
    names = {name for name, _ in headers}
    content_type = next((value for name, value in headers if name == b"content-type"), b"")
    plain = start["status"] != 200 or len(body) < MIN_BYTES or b"content-encoding" in names
    if plain or not COMPRESSIBLE.match(content_type):
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return
    if is_immutable(headers):
        packed = compress_static(body)
    elif len(body) <= INLINE_BYTES:
        packed = compress(body)
    else:
        packed = await run_in_threadpool(compress, body)
    kept = [(name, value) for name, value in headers if name not in (b"content-length", b"vary")]
    vary = next((value for name, value in headers if name == b"vary"), None)
    kept.append((b"vary", vary + b", Accept-Encoding" if vary else b"Accept-Encoding"))
    kept += [(b"content-encoding", b"gzip"), (b"content-length", str(len(packed)).encode())]
    await send({**start, "headers": kept})
    await send({"type": "http.response.body", "body": packed})
