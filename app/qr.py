"""Join by QR: an SVG code of the share link to this server, readable from the back of a lecture hall."""

from __future__ import annotations

import contextlib
import io
import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

import segno
from fastapi import APIRouter, Request
from fastapi.responses import Response

from .errors import error_response
from .sharelink import PublicUrlError, public_url, student_query

MAX_LINK_CHARS = 2000
WILDCARD_HOSTS = {"0.0.0.0", "::"}

router = APIRouter()


def share_link(base: str, pairs: Iterable[tuple[str, str]]) -> str:
    """The link a phone opens: this server's base, a known page and the student's state."""
    query = student_query(pairs)
    # A phone gets the full page whatever page showed the code (an embed's hidden panels are the slide's).
    return f"{base.rstrip('/')}/" + (f"?{query}" if query else "")


def is_private_lan(address: str) -> bool:
    """True for an address other machines in the room can reach (not loopback, not link-local)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.version == 4 and ip.is_private and not ip.is_loopback and not ip.is_link_local


def lan_address() -> str | None:
    """This machine's LAN address, found without sending a packet."""
    candidates = []
    # Connecting a UDP socket only picks a route and a source address; no datagram leaves the machine.
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 1))
                candidates.append(sock.getsockname()[0])
        except OSError:
            continue
    with contextlib.suppress(OSError):
        candidates.append(socket.gethostbyname(socket.gethostname()))
    return next((address for address in candidates if is_private_lan(address)), None)


def listening_host(request: Request) -> str:
    """The --host the server was started with (create_app's `host`), or "" when unknown."""
    return str(getattr(request.app.state, "host", None) or "")


def base_url(request: Request) -> str:
    """The public URL if one is set; else scheme, host and port, the LAN address when serving everywhere."""
    # `circuitgrad serve` refuses a malformed public URL at start; one set some other way is ignored here.
    with contextlib.suppress(PublicUrlError):
        public = public_url()
        if public:
            return public
    url = request.base_url
    if listening_host(request) in WILDCARD_HOSTS:
        lan = lan_address()
        if lan:
            port = url.port or request.url.port
            return f"{url.scheme}://{lan}" + (f":{port}" if port else "")
    return str(url).rstrip("/")


def qr_svg(link: str) -> str:
    """A large, black-on-white, scalable SVG of the link, its text in the title."""
    # Level L, boosted when the same size allows more: a projected code is clean, fewer modules are larger.
    code = segno.make(link, error="l")
    out = io.BytesIO()
    code.save(out, **svg_options(link))
    return out.getvalue().decode("utf-8")


def svg_options(link: str) -> dict:
    """The exact segno options, shared with tests so they can rebuild the same SVG."""
    return {
        "kind": "svg",
        "scale": 10,
        "border": 4,
        "dark": "#000",
        "light": "#fff",
        "xmldecl": False,
        "omitsize": True,
        "svgclass": "qr-code",
        "lineclass": "qr-line",
        "title": link,
    }


def requested_pairs(request: Request) -> list[tuple[str, str]]:
    """State pairs from ?url=… (its query only) or from the request's own query."""
    params = request.query_params
    if "url" in params:
        # Only the query of a given URL is read; its host is replaced by this server's.
        parts = urlsplit(params["url"])  # ValueError for a malformed host such as `http://[::1`
        return parse_qsl(parts.query, keep_blank_values=False)
    return [(k, v) for k, v in params.multi_items() if k != "path"]


@router.get("/api/qr", response_class=Response)
def qr_code(request: Request) -> Response:
    """SVG QR code of the share link for the given page state; the link itself in X-Share-Link."""
    try:
        pairs = requested_pairs(request)
    except ValueError:
        return error_response(422, "url must be a page address such as http://host/?expr=x*y")
    link = share_link(base_url(request), pairs)
    if len(link) > MAX_LINK_CHARS:
        message = f"The share link is {len(link)} characters; a QR code holds at most {MAX_LINK_CHARS}."
        return error_response(422, message)
    return Response(
        qr_svg(link),
        media_type="image/svg+xml",
        headers={"X-Share-Link": link, "Cache-Control": "no-store"},
    )
