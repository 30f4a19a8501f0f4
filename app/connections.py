"""uvicorn's HTTP/1.1 protocol made hostile-proof: deadlines, a connection cap, headers on its own errors.

uvicorn (without `uvicorn[standard]`) closes a connection only when it has been idle after a response for
`--timeout-keep-alive`; a client that connects and sends nothing, sends its headers at 2 bytes a second, or
sends a body shorter than its Content-Length is kept forever. Here every request must arrive, headers and
body, within `request_timeout` of the connection opening or of the previous response; the time the app takes
to answer is not counted.
"""

import contextlib
import socket
from typing import NamedTuple

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .security import PAGE_HEADERS

MAX_HEADER_BYTES = 64 * 1024  # a request head larger than this gets 400; a 20,000-character share link fits


def default_max_connections() -> int:
    """1,000, or fewer when the process may open fewer files (a laptop's `ulimit -n` is often 1,024)."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return 1000
    # Leave room for the files every worker holds (the listening socket, pipes to its helper, libraries).
    return 1000 if soft == resource.RLIM_INFINITY else max(16, min(1000, soft - 128))


class ConnectionLimits(NamedTuple):
    """What `circuitgrad serve` allows a connection (--request-timeout, --keep-alive, --max-connections)."""

    request_timeout: float = 15.0  # seconds for a request's headers and body to arrive
    keep_alive: float = 5.0  # seconds an idle connection stays open after a response
    max_connections: int = default_max_connections()  # per worker; more are closed at once


def set_no_delay(transport) -> None:
    """Turn Nagle's algorithm off on a TCP connection.

    With --workers > 1 uvicorn binds the shared socket without naming TCP as its protocol, so asyncio does not
    set TCP_NODELAY on accepted connections; a response written in two pieces (head, then body) then waits
    for the client's delayed ACK, ~40 ms per request.
    """
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):  # a transport without a real socket keeps its default
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class GuardedH11Protocol(H11Protocol):
    """uvicorn's pure-Python HTTP/1.1 protocol with TCP_NODELAY, a read deadline and a connection cap."""

    limits = ConnectionLimits()
    read_deadline = None

    def connection_made(self, transport) -> None:
        set_no_delay(transport)
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            transport.close()  # refused before any work; the client may retry
            return
        self._arm_read_deadline()

    def connection_lost(self, exc) -> None:
        self._cancel_read_deadline()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_read_deadline()  # the next request on this connection gets its own deadline

    def _arm_read_deadline(self) -> None:
        self._cancel_read_deadline()
        if not self.transport.is_closing():
            self.read_deadline = self.loop.call_later(self.limits.request_timeout, self._read_deadline_passed)

    def _cancel_read_deadline(self) -> None:
        if self.read_deadline is not None:
            self.read_deadline.cancel()
            self.read_deadline = None

    def _read_deadline_passed(self) -> None:
        self.read_deadline = None
        cycle = self.cycle
        waiting_for_headers = cycle is None or cycle.response_complete
        if waiting_for_headers or cycle.more_body:
            self.transport.close()  # too slow (or silent): nothing of the answer has been started
        # else the whole request has arrived and the app is answering; on_response_complete re-arms.

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to a malformed request, with the same security headers as every other answer."""
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close"), *PAGE_HEADERS]
        self.transport.write(
            self.conn.send(h11.Response(status_code=400, headers=headers, reason=b"Bad Request"))
        )
        self.transport.write(self.conn.send(h11.Data(data=msg.encode("ascii"))))
        self.transport.write(self.conn.send(h11.EndOfMessage()))
        self.transport.close()


def guarded_protocol(limits: ConnectionLimits) -> type[GuardedH11Protocol]:
    """The protocol class uvicorn instantiates per connection, with these limits."""
    return type("GuardedH11Protocol", (GuardedH11Protocol,), {"limits": limits, "__module__": __name__})
