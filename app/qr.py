"""Join by QR: an SVG code of the share link to this server, readable from the back of a lecture hall."""

from __future__ import annotations

import contextlib
import io
import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit

import segno
from fastapi import APIRouter, Request
from fastapi.responses import Response

from .errors import error_response

SHARE_KEYS = ("expr", "v", "step", "sig", "prec", "sel", "lang", "proj", "theme", "pal", "quiz", "hide")
SHARE_PATHS = ("/", "/embed")
MAX_LINK_CHARS = 2000
WILDCARD_HOSTS = {"0.0.0.0", "::"}

router = APIRouter()


def share_query(pairs: Iterable[tuple[str, str]]) -> str:
    """Keep only the page-state keys, in the contract's order, first value wins."""
    seen: dict[str, str] = {}
    for key, value in pairs:
        if key in SHARE_KEYS and key not in seen:
            seen[key] = value
    return urlencode([(key, seen[key]) for key in SHARE_KEYS if key in seen])


def share_link(base: str, pairs: Iterable[tuple[str, str]], path: str = "/") -> str:
    """The link a phone opens: this server's base, a known page and the filtered state."""
    query = share_query(pairs)
    path = path if path in SHARE_PATHS else "/"
    return f"{base.rstrip('/')}{path}" + (f"?{query}" if query else "")


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
    """Scheme, host and port for the share link; the LAN address when serving on every interface."""
    url = request.base_url
    if listening_host(request) in WILDCARD_HOSTS:
        lan = lan_address()
        if lan:
            port = url.port or request.url.port
            return f"{url.scheme}://{lan}" + (f":{port}" if port else "")
    return str(url).rstrip("/")


def qr_svg(link: str) -> str:
    """A large, black-on-white, scalable SVG of the link, its text in the title."""
    code = segno.make(link, error="m")
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


def requested_pairs(request: Request) -> tuple[list[tuple[str, str]], str]:
    """State pairs and page path from ?url=… (its query only) or from the request's own query."""
    params = request.query_params
    if "url" in params:
        # Only the path and query of a given URL are read; its host is replaced by this server's.
        parts = urlsplit(params["url"])  # ValueError for a malformed host such as `http://[::1`
        return parse_qsl(parts.query, keep_blank_values=False), parts.path or "/"
    return [(k, v) for k, v in params.multi_items() if k != "path"], params.get("path", "/")


@router.get("/api/qr", response_class=Response)
def qr_code(request: Request) -> Response:
    """SVG QR code of the share link for the given page state; the link itself in X-Share-Link."""
    try:
        pairs, path = requested_pairs(request)
    except ValueError:
        return error_response(422, "url must be a page address such as http://host/?expr=x*y")
    link = share_link(base_url(request), pairs, path)
    if len(link) > MAX_LINK_CHARS:
        message = f"The share link is {len(link)} characters; a QR code holds at most {MAX_LINK_CHARS}."
        return error_response(422, message)
    return Response(
        qr_svg(link),
        media_type="image/svg+xml",
        headers={"X-Share-Link": link, "Cache-Control": "no-store"},
    )
