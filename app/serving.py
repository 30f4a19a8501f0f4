"""uvicorn with Nagle's algorithm off on every connection, in single- and multi-worker mode alike."""

# With --workers > 1 uvicorn binds the shared socket without naming TCP as its protocol, so asyncio does not
# set TCP_NODELAY on accepted connections; a response written in two pieces (head, then body) then waits for
# the client's delayed ACK, ~40 ms per request. These protocol classes set the option themselves.

import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


def set_no_delay(transport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):  # a transport without a real socket keeps its default
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's pure-Python HTTP/1.1 protocol, with TCP_NODELAY."""

    def connection_made(self, transport) -> None:
        set_no_delay(transport)
        super().connection_made(transport)


try:  # uvicorn's faster parser, when installed (uvicorn[standard])
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:
    HTTP_PROTOCOL = f"{__name__}:NoDelayH11Protocol"
else:

    class NoDelayHttpToolsProtocol(HttpToolsProtocol):
        """uvicorn's httptools-based protocol, with TCP_NODELAY."""

        def connection_made(self, transport) -> None:
            set_no_delay(transport)
            super().connection_made(transport)

    HTTP_PROTOCOL = f"{__name__}:NoDelayHttpToolsProtocol"


def run(host: str, port: int, workers: int, log_level: str) -> int:
    """Serve the app until interrupted (several processes sharing one socket when workers > 1)."""
    import uvicorn

    uvicorn.run(
        "circuitgrad.app.main:app",
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        http=HTTP_PROTOCOL,
    )
    return 0
