"""The server process: Nagle off, deadlines on slow or silent clients, and workers that die with it."""

import contextlib
import os
import signal
import socket
import time
from pathlib import Path

import pytest
from circuitgrad.app import connections, server
from circuitgrad.app.localserver import free_port, healthy, start_local_server, stop
from conftest import ROOT


class FakeTransport:
    def __init__(self, sock):
        self.sock = sock

    def get_extra_info(self, name):
        return self.sock if name == "socket" else None


def test_set_no_delay_turns_nagle_off_on_a_tcp_connection():
    with socket.create_server(("127.0.0.1", 0)) as listener, socket.create_connection(listener.getsockname()):
        accepted, _ = listener.accept()
        with accepted:
            accepted.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 0)
            connections.set_no_delay(FakeTransport(accepted))
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1


def test_set_no_delay_ignores_transports_without_a_tcp_socket():
    connections.set_no_delay(FakeTransport(None))
    left, right = socket.socketpair()
    with left, right:
        connections.set_no_delay(FakeTransport(left))
        assert left.family == socket.AF_UNIX


def test_the_server_uses_a_protocol_that_sets_no_delay():
    protocol = server.uvicorn_config("127.0.0.1", 8000, "warning").http
    assert protocol.connection_made.__module__ == connections.__name__


@pytest.fixture(scope="module")
def strict_server():
    """A real two-worker server that gives each request 2 seconds to arrive."""
    port = free_port()
    proc = start_local_server(port, workers=2, cwd=ROOT, options=["--request-timeout", "2"])
    yield port
    stop(proc)


def closed_by_server(sock: socket.socket, feed: bytes = b"", every: float = 0.0) -> bytes:
    """Feed bytes one at a time (if any), then read until the server closes; what it said, if anything."""
    sock.settimeout(30)  # far above the 2 s deadline: a hang fails the test, a close passes it
    for byte in feed:
        try:
            sock.sendall(bytes([byte]))
        except OSError:
            break
        time.sleep(every)
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


@pytest.mark.slow
def test_a_connection_that_sends_nothing_is_closed(strict_server):
    with socket.create_connection(("127.0.0.1", strict_server)) as sock:
        assert closed_by_server(sock) == b""


@pytest.mark.slow
def test_headers_sent_a_byte_at_a_time_are_cut_off(strict_server):
    head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200 + b"\r\n\r\n"
    with socket.create_connection(("127.0.0.1", strict_server)) as sock:
        assert not closed_by_server(sock, head, every=0.05).startswith(b"HTTP/1.1 200")


@pytest.mark.slow
def test_a_body_shorter_than_its_content_length_is_cut_off(strict_server):
    head = b"POST /api/graph HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    head += b"Content-Length: 100\r\n\r\n"
    with socket.create_connection(("127.0.0.1", strict_server)) as sock:
        sock.sendall(head + b'{"expr":')
        assert closed_by_server(sock) == b""


@pytest.mark.slow
def test_a_request_that_arrives_in_time_on_a_kept_alive_connection_is_answered(strict_server):
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    with socket.create_connection(("127.0.0.1", strict_server)) as sock:
        for _ in range(2):
            sock.sendall(request)
            assert read_response(sock).startswith(b"HTTP/1.1 200")
            time.sleep(1.5)  # under the deadline each time, over it in total


def read_response(sock: socket.socket) -> bytes:
    """One whole response (head and Content-Length body) from a kept-alive connection."""
    sock.settimeout(30)
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(
        next(
            line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
        )
    )
    while len(body) < length:
        body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


@pytest.mark.slow
def test_the_servers_own_400_carries_the_security_headers(strict_server):
    with socket.create_connection(("127.0.0.1", strict_server)) as sock:
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        answer = closed_by_server(sock).lower()
    assert answer.startswith(b"http/1.1 400")
    assert b"x-content-type-options: nosniff" in answer
    assert b"content-security-policy: default-src 'self'" in answer


def port_is_free(port: int) -> bool:
    """True when a restarted server could listen on the port (SO_REUSEADDR, as uvicorn binds)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
        except OSError:
            return False
        return True


@pytest.mark.slow
def test_killing_the_supervisor_takes_its_workers_and_the_port_with_it():
    port = free_port()
    proc = start_local_server(port, workers=2, cwd=ROOT)
    workers = [int(pid) for pid in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
    assert len(workers) >= 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for _ in range(300):  # up to 30 s, checked every 0.1 s
        if port_is_free(port) and not any(Path(f"/proc/{pid}").exists() for pid in workers):
            break
        time.sleep(0.1)
    assert port_is_free(port)
    assert not any(Path(f"/proc/{pid}/cmdline").exists() for pid in workers)


@pytest.mark.slow
def test_a_worker_that_dies_is_replaced_and_the_class_keeps_being_served():
    port = free_port()
    proc = start_local_server(port, workers=2, cwd=ROOT)
    try:
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        workers = [pid for pid in map(int, children.read_text().split()) if b"spawn_main" in cmdline(pid)]
        os.kill(workers[0], signal.SIGKILL)
        for _ in range(300):  # up to 30 s, checked every 0.1 s
            alive = [pid for pid in map(int, children.read_text().split()) if b"spawn_main" in cmdline(pid)]
            if len(alive) == 2 and workers[0] not in alive:
                break
            time.sleep(0.1)
        assert len(alive) == 2 and workers[0] not in alive
        assert healthy(port)
    finally:
        stop(proc)


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


@pytest.mark.slow
def test_connections_beyond_the_cap_are_closed_at_once_and_health_is_still_answered():
    port = free_port()
    proc = start_local_server(port, workers=1, cwd=ROOT, options=["--max-connections", "4"])
    try:
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(8)]
        time.sleep(0.5)
        closed = 0
        for sock in idle:
            sock.settimeout(0.2)
            with contextlib.suppress(TimeoutError):  # still open: one of the four allowed
                closed += sock.recv(1) == b""
        assert closed >= 4
        for sock in idle:
            sock.close()
        time.sleep(0.5)
        assert healthy(port)
    finally:
        stop(proc)


def test_the_connection_cap_leaves_room_under_the_open_files_limit():
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    cap = connections.default_max_connections()
    assert 16 <= cap <= 1000
    assert soft == resource.RLIM_INFINITY or cap <= soft - 128 or cap == 16
